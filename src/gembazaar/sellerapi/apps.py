from django.apps import AppConfig


class SellerApiConfig(AppConfig):
    name = "gembazaar.sellerapi"
    verbose_name = "Seller API"
