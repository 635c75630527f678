from django.apps import AppConfig


class SellerCentreConfig(AppConfig):
    name = "gembazaar.sellercentre"
    verbose_name = "Seller centre"
