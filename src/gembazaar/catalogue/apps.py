from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gembazaar.catalogue"
    verbose_name = "Catalogue"
