from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "certwright.candidates"
    label = "candidates"
    verbose_name = "People, results and experience"
