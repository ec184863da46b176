from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "gaoxin.dashboards"
    label = "dashboards"
