from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "gembazaar.imports"
    verbose_name = "Bulk imports"
