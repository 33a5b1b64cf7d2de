from django.apps import AppConfig


class PreparationConfig(AppConfig):
    name = "certwright.preparation"
    label = "preparation"
    verbose_name = "Preparation: study plans, reviews, readiness, classes"
