from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gembazaar.accounts"
    verbose_name = "Accounts"
