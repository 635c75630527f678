"""Bank transfer into the council's escrow account (settings.BANK_TRANSFER).

The buyer is shown the account and the checkout reference to quote. Banks do not call back:
receipt is recorded by council staff, by hand or from a bank statement (payments.statements),
as a capture whose provider event id is the bank's transaction id. A refund is an instruction
for staff to carry out; it is recorded when they confirm the money went back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.conf import settings

from gembazaar.core.errors import DomainError

from .. import selectors, services
from ..models import Payment, PaymentEntry, Provider, Refund
from .base import ProviderStatus, StartResult


class BankTransfer:
    code = Provider.BANK_TRANSFER

    def start(self, *, payment: Payment) -> StartResult:
        services.payment_attempt_record(payment=payment)
        account = settings.BANK_TRANSFER
        return StartResult(reference=payment.reference, amount=payment.amount_due, currency=payment.currency,
                           instructions={key: account.get(key) or "" for key in ("account_name", "bank", "iban",
                                                                                  "swift")})

    def handle_return(self, *, payment: Payment, params: Mapping[str, str]) -> ProviderStatus:
        return self.fetch_status(payment=payment)  # no page to come back from; nothing to verify

    def handle_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> PaymentEntry | None:
        return None  # banks send none; statements are uploaded instead

    sends_refunds = False  # staff send the transfer back and confirm it (payments.refunds)

    def refund(self, *, refund: Refund) -> str:
        raise NotImplementedError("bank transfers are refunded by council staff, then confirmed")

    def fetch_status(self, *, payment: Payment) -> ProviderStatus:
        payment.refresh_from_db(fields=["status"])
        return ProviderStatus(status=payment.status, received=selectors.payment_received(payment=payment))

    def receipt_record(self, *, payment: Payment, amount: object, actor, bank_transaction_id: str = "",
                       value_date: date | None = None, note: str = "",
                       idempotency_key: str = "") -> services.Recorded:
        """Staff saw the money arrive: a capture in the payment's currency (see services). A
        conflict on the bank's id names the field as staff know it, `bank_transaction_id`."""
        try:
            return services.payment_capture_record(payment=payment, amount=amount, currency=payment.currency,
                                                   actor=actor, provider_event_id=bank_transaction_id,
                                                   value_date=value_date, note=note, idempotency_key=idempotency_key)
        except DomainError as exc:
            if exc.field == "provider_event_id":
                exc.field = "bank_transaction_id"
            raise


BANK_TRANSFER = BankTransfer()
