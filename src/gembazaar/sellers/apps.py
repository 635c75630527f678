from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "gembazaar.sellers"
    verbose_name = "Sellers"
