from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "certwright.common"
    label = "common"
    verbose_name = "Common: audit log"
