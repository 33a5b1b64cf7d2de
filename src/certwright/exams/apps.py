from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "certwright.exams"
    label = "exams"
    verbose_name = "Exam delivery"
