from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "certwright.credentials"
    label = "credentials"
    verbose_name = "Credentials and verification"
