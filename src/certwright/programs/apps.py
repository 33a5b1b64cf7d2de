from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "certwright.programs"
    label = "programs"
    verbose_name = "Programme policy (catalog versions)"
