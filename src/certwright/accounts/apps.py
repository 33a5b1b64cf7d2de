from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certwright.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
