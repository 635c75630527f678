"""Refunds: money going back to a buyer, for one order or for an over-payment of a checkout.

One path for every door (a seller refunding an order, a dispute's decision, council staff):

1. `refund_request` checks the amount and saves a `Refund` (status `requested`) under the
   payment's row lock: positive, at most the currency's decimals, never more than what is left of
   the order's total after its earlier refunds, and never more than the payment has captured and
   not already refunded or promised back. Two requests racing for the last of the money are
   serialised by the lock; the database's `payment_refunds_within_captures` is the backstop.
2. A card refund is sent through the provider that took the money, after the request commits
   (a task: the provider's API is never called inside a transaction); the ledger's `refund` entry
   is written when the provider says the money went back, and the refund `succeeded` (or `failed`,
   with the provider's reason, and may be requested again).
3. A bank-transfer or cash refund is an instruction: council staff send the transfer from the
   escrow account and confirm it with the bank's transaction id (`refund_confirm_sent`).

Refunds move money only; an order's status is moved by its own flow (orders' refund step, a
dispute's decision), and stock goes back only when the seller confirms the pieces came back.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.orders.models import Order

from .models import Payment, Refund, RefundStatus
from .providers import provider_for
from .refund_sending import refund_complete, send_refund
from .services import IdempotencyConflict, actor_name, clean_amount, clean_key

OPEN = (RefundStatus.REQUESTED, RefundStatus.SUCCEEDED)  # money gone back, or promised back


def _sum(refunds) -> Decimal:
    return sum((amount for amount in refunds.values_list("amount", flat=True)), Decimal(0))


def refundable(*, payment: Payment, order: Order | None = None) -> Decimal:
    """What can still be refunded: of the payment, captured minus refunded minus promised; for an
    order, also at most its total minus its own refunds (requested or sent)."""
    promised = _sum(payment.refunds.filter(status=RefundStatus.REQUESTED))
    left = payment.captured_total - payment.refunded_total - promised
    if order is not None:
        left = min(left, order.total - _sum(Refund.objects.filter(order=order, status__in=OPEN)))
    return max(left, Decimal(0))


def refund_request(*, payment: Payment, amount: object, actor, order: Order | None = None, reason: str = "",
                   idempotency_key: str = "") -> Refund:
    """Ask for `amount` to go back to the buyer (see the module's rules). A replay with the same
    idempotency key returns the first refund; the same key with another amount is a 409."""
    if order is not None and order.checkout_id != payment.checkout_id:
        raise DomainError(_("This order was not paid with this payment."), code="order_not_in_payment", field="order")
    amount = clean_amount(amount, currency=payment.currency)
    key = clean_key(idempotency_key)
    reason = (reason or "").strip()[:1000]
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if key and (earlier := Refund.objects.filter(idempotency_key=key).first()) is not None:
            if (earlier.payment_id, earlier.order_id, earlier.amount) != (locked.pk, order and order.pk, amount):
                raise IdempotencyConflict(_("This key was already used for a different refund."),
                                          code="idempotency_key_reused", field="idempotency_key")
            return earlier
        left = refundable(payment=locked, order=order)
        if amount > left:
            raise DomainError(_("At most %(left)s %(currency)s can be refunded.")
                              % {"left": quantize(left, locked.currency), "currency": locked.currency},
                              code="refund_exceeds_received", field="amount")
        try:
            with transaction.atomic():
                refund = Refund.objects.create(
                    payment=locked, order=order, amount=amount, currency=locked.currency, reason=reason,
                    provider=locked.provider, idempotency_key=key, requested_by=actor,
                    requested_by_name=actor_name(actor))
        except IntegrityError:  # the same key at this very moment
            raise IdempotencyConflict(_("This refund was just requested."), code="idempotency_key_reused",
                                      field="idempotency_key") from None
        if provider_for(locked.provider).sends_refunds:
            refund_id = refund.pk
            transaction.on_commit(lambda: send_refund.delay(refund_id), robust=True)
    return refund


def refund_confirm_sent(*, refund: Refund, actor, bank_transaction_id: str, note: str = "") -> Refund:
    """Council staff sent a bank refund from the escrow account: record it with the bank's id."""
    bank_transaction_id = (bank_transaction_id or "").strip()
    if not bank_transaction_id:
        raise DomainError(_("Enter the bank's transaction id of the refund."), code="required",
                          field="bank_transaction_id")
    if provider_for(refund.provider).sends_refunds:
        raise DomainError(_("Card refunds are sent through the card provider, not confirmed by hand."),
                          code="refund_sent_by_provider", field="refund")
    return refund_complete(refund=refund, actor=actor, provider_event_id=bank_transaction_id, note=note)
