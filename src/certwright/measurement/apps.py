from django.apps import AppConfig


class MeasurementConfig(AppConfig):
    name = "certwright.measurement"
    label = "measurement"
    verbose_name = "Psychometrics: analysis, calibration, standard setting"
