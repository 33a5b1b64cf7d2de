from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "certwright.employers"
    label = "employers"
    verbose_name = "Employers and shops"
