"""Cash on delivery, for deliveries in Pakistan paid in rupees up to a limit (payments.methods).

Choosing it confirms the orders at once: each moves from awaiting payment to processing (the
seller prepares and ships; the stock hold no longer expires). The courier collects the cash and
remits it to the council's account; staff record that as a capture (as for a bank transfer), and
refunds are paid back by bank transfer by staff.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order
from gembazaar.orders.services.transitions import order_confirm_cash_on_delivery

from .. import selectors, services
from ..models import Payment, PaymentEntry, Provider, Refund
from .base import ProviderStatus, StartResult


class CashOnDelivery:
    code = Provider.CASH_ON_DELIVERY
    sends_refunds = False  # cash comes back by bank transfer, sent and confirmed by staff

    def start(self, *, payment: Payment) -> StartResult:
        with transaction.atomic():
            services.payment_attempt_record(payment=payment)
            waiting = Order.objects.filter(checkout_id=payment.checkout_id, status=Order.Status.AWAITING_PAYMENT)
            for order in waiting.order_by("pk"):
                try:
                    order_confirm_cash_on_delivery(order=order)
                except DomainError:
                    continue  # cancelled meanwhile (its hold expired): nothing to ship
        return StartResult(reference=payment.reference, amount=payment.amount_due, currency=payment.currency)

    def handle_return(self, *, payment: Payment, params: Mapping[str, str]) -> ProviderStatus:
        return self.fetch_status(payment=payment)

    def handle_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> PaymentEntry | None:
        return None

    def refund(self, *, refund: Refund) -> str:
        raise NotImplementedError("cash is paid back by bank transfer, sent and confirmed by staff")

    def fetch_status(self, *, payment: Payment) -> ProviderStatus:
        payment.refresh_from_db(fields=["status"])
        return ProviderStatus(status=payment.status, received=selectors.payment_received(payment=payment))


CASH_ON_DELIVERY = CashOnDelivery()
