"""Every write to payments: opening one for a checkout, recording money received and paid back,
applying a bank statement.

Rules enforced here (the database's constraints are the backstop):
- the ledger is append-only; what a payment has received is Σ captures − Σ refunds, read from it;
- every write locks the Payment row (select_for_update), so two staff recording the last part of
  a payment at the same moment are serialised: the second sees the first's capture;
- a capture is in the payment's currency, positive, with at most the currency's minor-unit
  decimals; a refund never takes more than was received;
- a provider event id (a bank transaction id) is recorded once per provider and an idempotency
  key once: a replay returns the first entry and records nothing;
- when the received total reaches the amount due, each order of the checkout still awaiting
  payment moves to paid through orders' own service (one order event each, once); part and
  over-payments stay in the ledger and the status says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize, validate_amount
from gembazaar.orders.event_notes import NoteCode
from gembazaar.orders.models import Checkout, Order
from gembazaar.orders.services.transitions import order_mark_paid

from .ledger import status_for
from .models import EntryKind, Payment, PaymentEntry, PaymentStatus, Provider
from .selectors import payment_received, payment_started

MAX_KEY_LENGTH = 255
MAX_NOTE_LENGTH = 1000
SETTLED = (PaymentStatus.PAID, PaymentStatus.OVERPAID)
# What the order's history says when a payment settles it, by provider.
PAID_NOTE = {Provider.SAFEPAY: NoteCode.CARD_PAYMENT_RECEIVED, Provider.STRIPE: NoteCode.CARD_PAYMENT_RECEIVED}


class IdempotencyConflict(DomainError):
    status = 409


@dataclass(frozen=True)
class Recorded:
    entry: PaymentEntry
    payment: Payment
    created: bool  # False: a replay, the entry recorded before is returned


# --- Input -----------------------------------------------------------------------------------


def clean_amount(amount: object, *, currency: str, field: str = "amount") -> Decimal:
    """A positive Decimal with at most the currency's minor-unit decimals, or DomainError naming `field`."""
    try:
        value = validate_amount(amount.strip() if isinstance(amount, str) else amount, currency, field=field)
        try:  # fits the ledger's column (15 digits, 3 decimals): else the database refuses it, a 500
            PaymentEntry._meta.get_field("amount").run_validators(value)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
        return value
    except ValidationError as exc:
        [(name, messages)] = exc.message_dict.items()
        raise DomainError(messages[0], code="invalid_amount", field=name) from None


def clean_key(key: str | None, *, field: str = "idempotency_key", required: bool = False) -> str:
    key = (key or "").strip()
    if required and not key:  # a blank key would turn the replay protection off
        raise DomainError(_("Send an Idempotency-Key: the same one again if you retry."),
                          code="idempotency_key_required", field=field)
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise DomainError(_("The Idempotency-Key must be at most 255 printable characters."),
                          code="idempotency_key_invalid", field=field)
    return key


def actor_name(actor) -> str:
    if actor is None:
        return "GemBazaar"
    return (actor.get_full_name() or actor.get_username() or actor.email)[:254]


# --- Opening ---------------------------------------------------------------------------------


def payment_open(*, checkout: Checkout, provider: str = Provider.BANK_TRANSFER) -> Payment:
    """The checkout's payment, opened when the checkout is placed (receivers.py): due its grand
    total in its currency, under its reference. Idempotent (a race meets at the unique checkout)."""
    payment = Payment.objects.filter(checkout=checkout).first()
    if payment is not None:
        return payment
    try:
        with transaction.atomic():
            return Payment.objects.create(checkout=checkout, provider=provider, reference=checkout.reference,
                                          amount_due=checkout.grand_total, currency=checkout.currency)
    except IntegrityError:
        return Payment.objects.get(checkout=checkout)


def payment_attempt_record(*, payment: Payment, note: str = "") -> Recorded:
    """The buyer was shown how to pay (once per payment: a second start records nothing)."""
    return _append(payment=payment, kind=EntryKind.ATTEMPT, amount=payment.amount_due, currency=payment.currency,
                   actor=None, idempotency_key=f"start:{payment.provider}:{payment.reference}", note=note)


# --- Money in and out ------------------------------------------------------------------------


def payment_capture_record(*, payment: Payment, amount: object, currency: str, actor,
                           provider_event_id: str = "", idempotency_key: str = "", value_date: date | None = None,
                           note: str = "", fx_rate: Decimal | None = None) -> Recorded:
    """Record money received for `payment` (a capture) and settle the payment.

    Refused: a currency other than the payment's (field "currency"), an amount that is not
    positive or has too many decimals (field "amount"). A provider event id or idempotency key
    already recorded returns the first entry (created=False); the same key with another payment
    or amount raises IdempotencyConflict (409).
    """
    if currency != payment.currency:
        raise DomainError(_("This payment is due in %(due)s, not %(given)s.") % {"due": payment.currency,
                                                                               "given": currency},
                          code="currency_mismatch", field="currency")
    amount = clean_amount(amount, currency=currency)
    return _append(payment=payment, kind=EntryKind.CAPTURE, amount=amount, currency=currency, actor=actor,
                   provider_event_id=provider_event_id, idempotency_key=clean_key(idempotency_key),
                   value_date=value_date, note=note, fx_rate=fx_rate)


def payment_refund_record(*, payment: Payment, amount: object, actor, note: str = "", idempotency_key: str = "",
                          provider_event_id: str = "", order: Order | None = None) -> Recorded:
    """Record money paid back to the buyer. Never more than the payment has received
    (code "refund_exceeds_received", field "amount"), checked under the payment's lock."""
    amount = clean_amount(amount, currency=payment.currency)
    return _append(payment=payment, kind=EntryKind.REFUND, amount=amount, currency=payment.currency, actor=actor,
                   provider_event_id=provider_event_id, idempotency_key=clean_key(idempotency_key),
                   note=note, order=order)


def _append(*, payment: Payment, kind: str, amount: Decimal, currency: str, actor, provider_event_id: str = "",
            idempotency_key: str = "", value_date: date | None = None, note: str = "",
            fx_rate: Decimal | None = None, order: Order | None = None) -> Recorded:
    note = (note or "").strip()[:MAX_NOTE_LENGTH]
    provider_event_id = (provider_event_id or "").strip()[:255]
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        earlier = _earlier(payment=locked, kind=kind, amount=amount, provider_event_id=provider_event_id,
                           idempotency_key=idempotency_key)
        if earlier is not None:
            return Recorded(entry=earlier, payment=locked, created=False)
        if kind == EntryKind.REFUND and amount > (received := payment_received(payment=locked)):
            raise DomainError(_("A refund cannot be more than the payment has received (%(received)s %(currency)s).")
                              % {"received": quantize(received, locked.currency), "currency": locked.currency},
                              code="refund_exceeds_received", field="amount")
        try:
            with transaction.atomic():
                entry = PaymentEntry.objects.create(
                    payment=locked, order=order, kind=kind, amount=amount, currency=currency, fx_rate=fx_rate,
                    provider=locked.provider, provider_event_id=provider_event_id, idempotency_key=idempotency_key,
                    value_date=value_date, recorded_by=actor, recorded_by_name=actor_name(actor), note=note)
        except IntegrityError:
            # The same event id or key recorded for another payment at this very moment.
            raise IdempotencyConflict(_("This event was just recorded for another payment."),
                                      code="already_recorded", field="provider_event_id") from None
        _running_totals_add(payment=locked, kind=kind, amount=amount)
        _settle(payment=locked, actor=actor)
    return Recorded(entry=entry, payment=locked, created=True)


def _running_totals_add(*, payment: Payment, kind: str, amount: Decimal) -> None:
    """Keep the payment's captured and refunded sums with the entry (payment locked): the
    database's payment_refunds_within_captures then refuses a refund beyond the captures."""
    field = {EntryKind.CAPTURE: "captured_total", EntryKind.REFUND: "refunded_total"}.get(kind)
    if field is not None:
        setattr(payment, field, getattr(payment, field) + amount)
        payment.save(update_fields=[field])


def _earlier(*, payment: Payment, kind: str, amount: Decimal, provider_event_id: str,
             idempotency_key: str) -> PaymentEntry | None:
    """The entry an earlier request with this key or provider event recorded, or None; the same
    key or event with another payment, kind or amount is a conflict."""
    found = None
    if idempotency_key:
        found = PaymentEntry.objects.filter(idempotency_key=idempotency_key).first()
        field = "idempotency_key"
    if found is None and provider_event_id:
        found = PaymentEntry.objects.filter(provider=payment.provider, provider_event_id=provider_event_id).first()
        field = "provider_event_id"
    if found is None:
        return None
    if (found.payment_id, found.kind, found.amount) != (payment.pk, kind, amount):
        raise IdempotencyConflict(
            _("This key or bank transaction was already recorded with a different payment or amount."),
            code="idempotency_key_reused", field=field)
    return found


def _settle(*, payment: Payment, actor) -> None:
    """Refresh the status from the ledger (payment locked); once settled, move the checkout's
    orders still awaiting payment to paid."""
    status = status_for(received=payment_received(payment=payment), due=payment.amount_due)
    if status != payment.status:
        payment.status, payment.updated_at = status, timezone.now()
        payment.save(update_fields=["status", "updated_at"])
    if status not in SETTLED:
        return
    waiting = Order.objects.filter(checkout_id=payment.checkout_id, status=Order.Status.AWAITING_PAYMENT)
    for order in waiting.order_by("pk"):
        try:
            order_mark_paid(order=order, actor=actor, note_code=PAID_NOTE.get(payment.provider,
                                                                              NoteCode.BANK_TRANSFER_RECEIVED))
        except DomainError:
            # Cancelled meanwhile (its hold expired): the money stays in the ledger for a refund.
            continue


# --- Bank statements -------------------------------------------------------------------------


def statement_apply(*, lines, actor) -> tuple[int, int]:
    """Record a capture for each matched statement line (statements.StatementMatch.matched), all
    in one transaction, payments in id order; the bank transaction id is the provider event id, so
    applying the same statement again records nothing. Returns (recorded, already recorded)."""
    recorded = skipped = 0
    with transaction.atomic():
        for line, payment in sorted(lines, key=lambda pair: (pair[1].pk, pair[0].row)):
            result = payment_capture_record(
                payment=payment, amount=line.amount, currency=line.currency, actor=actor,
                provider_event_id=line.transaction_id, value_date=line.date,
                note=line.reference_text)  # the bank's words, stored as they came
            recorded += result.created
            skipped += not result.created
    return recorded, skipped



# --- Choosing how to pay ---------------------------------------------------------------------


def payment_provider_set(*, payment: Payment, provider: str) -> Payment:
    """The buyer chose how to pay: the provider that takes this payment from now on.

    Refused (field "method") once the payment is settled, once money arrived through another
    provider (a part-paid bank transfer is finished by bank transfer), and once cash on delivery
    was confirmed (the orders are already with the sellers)."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.provider == provider:
            return locked
        if locked.status in SETTLED:
            raise DomainError(_("This checkout is already paid."), code="already_paid", field="method")
        if locked.captured_total > 0:
            raise DomainError(_("Part of this payment arrived by %(method)s; please pay the rest the same way.")
                              % {"method": locked.get_provider_display()}, code="method_locked", field="method")
        if locked.provider == Provider.CASH_ON_DELIVERY and payment_started(payment=locked):
            raise DomainError(_("You chose cash on delivery; the sellers are already preparing your order."),
                              code="method_locked", field="method")
        locked.provider, locked.provider_session_id, locked.updated_at = provider, "", timezone.now()
        locked.save(update_fields=["provider", "provider_session_id", "updated_at"])
    return locked
