from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gaoxin.demo"
    label = "demo"
