from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gembazaar.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # Connects the receivers (Django's documented way): the payment opened with its checkout,
        # the invoice issued when an order is paid, the seller payout ledger following orders and refunds.
        from . import invoice_receivers, payout_receivers, receivers  # noqa: F401
