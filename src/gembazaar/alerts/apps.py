from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "gembazaar.alerts"
    verbose_name = "Saved searches and alerts"
