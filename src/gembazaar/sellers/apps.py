from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "gembazaar.sellers"
    verbose_name = "Sellers"

    def ready(self):
        from . import checks  # noqa: F401 — registers the private-folder check
