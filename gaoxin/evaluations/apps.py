from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "gaoxin.evaluations"
    label = "evaluations"
