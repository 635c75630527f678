from django.apps import AppConfig


class SellerCentreConfig(AppConfig):
    name = "gembazaar.sellercentre"
    verbose_name = "Seller centre"

    def ready(self):
        from . import signup_hints  # noqa: F401 — sign-up from an invitation suggests the invited address
