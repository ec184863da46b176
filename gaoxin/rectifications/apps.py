from django.apps import AppConfig


class RectificationsConfig(AppConfig):
    name = "gaoxin.rectifications"
    label = "rectifications"
