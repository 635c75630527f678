from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gembazaar.orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (cart merge at login)
