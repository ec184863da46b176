from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "gaoxin.matching"
    label = "matching"
