from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "certwright.demo"
    label = "demo"
    verbose_name = "Demo data"
