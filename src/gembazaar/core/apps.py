from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gembazaar.core"
    verbose_name = "Core"
