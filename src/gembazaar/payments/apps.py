from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gembazaar.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the receivers: Django's documented way)
