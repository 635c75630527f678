"""Every write to the seller payout ledger: sales, commissions, refunds, releases, payouts, corrections.

Rules enforced here (the database's constraints are the backstop):
- the ledger is append-only and each entry is signed in the payout currency (models/payouts.py);
  balance = Σ entries, held = Σ entries of orders not completed, available = balance − held;
- every write locks the seller's PayoutAccount row first, so two staff requesting a payout at the
  same moment are serialised: the second sees the first's payout entry and may take only what is
  left (PostgreSQL race test);
- a paid order books its sale (the seller's share in the payout currency) and the commission,
  once per order; both are held until the order completes. An order that ships before it is paid
  (cash on delivery) books its sale when the courier's remittance settles the payment;
- money back to a buyer (a payments ledger refund entry naming the order) books the refund,
  converted at the sale's rate, and gives back the commission in proportion to the share of the
  order's total refunded; the refunds of an order telescope, so a full refund cancels the sale
  and its commission to the paisa;
- a payout takes at most what is available (never held money); it is entered when requested,
  sent with the bank's reference, or cancelled (the money comes back to available).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.orders.models import Order
from gembazaar.sellers.models import Seller

from .models import (
    EntryKind,
    Payment,
    PaymentEntry,
    PaymentStatus,
    Payout,
    PayoutAccount,
    PayoutEntry,
    PayoutEntryKind,
    PayoutRelease,
    PayoutStatus,
)
from .payout_emails import send_payout_sent_email
from .payout_selectors import commission_percent_for, payout_currency, seller_available
from .services import IdempotencyConflict, actor_name, clean_amount, clean_key

K = PayoutEntryKind
MAX_NOTE_LENGTH = 1000
RATE_PLACES = Decimal("1e-10")


def _lock_account(seller: Seller) -> PayoutAccount:
    """The seller's account row, created on first use and locked for this transaction."""
    PayoutAccount.objects.get_or_create(seller=seller)
    return PayoutAccount.objects.select_for_update().get(seller=seller)


def _entry(**values) -> PayoutEntry:
    values.setdefault("currency", payout_currency())
    values.setdefault("recorded_by_name", "GemBazaar")
    return PayoutEntry.objects.create(**values)


# --- What the receivers book -----------------------------------------------------------------


def _sale_terms(order: Order) -> tuple[Decimal, Decimal]:
    """(what the seller is owed, the rate) in the payout currency: the order's own figures, or, for
    an order that recorded another currency (placed before payouts), converted at today's rate."""
    currency = payout_currency()
    if order.payout_currency == currency and order.payout_amount is not None and order.payout_fx_rate:
        return quantize(order.payout_amount, currency), order.payout_fx_rate
    rate = fx.convert(Decimal(1), order.currency, currency).quantize(RATE_PLACES)
    return quantize(order.total * rate, currency), rate


def payout_sale_record(*, order: Order) -> PayoutEntry | None:
    """A paid order: its sale (+) and the marketplace's commission (−), held until it completes.
    Once per order (a second call returns the first sale)."""
    with transaction.atomic():
        _lock_account(order.seller)
        earlier = PayoutEntry.objects.filter(order=order, kind=K.SALE).first()
        if earlier is not None:
            return earlier
        amount, rate = _sale_terms(order)
        percent = commission_percent_for(seller=order.seller)
        commission = quantize(amount * percent / 100, payout_currency())
        try:
            with transaction.atomic():
                sale = _entry(seller=order.seller, kind=K.SALE, amount=amount, order=order, fx_rate=rate)
                if commission > 0:
                    _entry(seller=order.seller, kind=K.COMMISSION, amount=-commission, order=order, percent=percent)
        except IntegrityError:  # booked by a parallel receiver at this very moment
            return PayoutEntry.objects.get(order=order, kind=K.SALE)
    return sale


# Orders whose money is the seller's once the payment is settled, though they were never moved to
# "paid" (cash on delivery: the order ships first and the courier's remittance settles the payment).
BEYOND_PAYMENT = (Order.Status.PROCESSING, Order.Status.SHIPPED, Order.Status.DELIVERED, Order.Status.COMPLETED,
                  Order.Status.DISPUTED, Order.Status.REFUND_REQUESTED, Order.Status.REFUNDED)


def payout_sales_of_settled_payment(*, payment: Payment) -> list[PayoutEntry]:
    """A settled payment (paid or overpaid): the sale of each of its orders already past payment
    that has none yet (orders moved to paid book theirs from the order event; see module)."""
    if payment.status not in (PaymentStatus.PAID, PaymentStatus.OVERPAID):
        return []
    orders = Order.objects.filter(checkout_id=payment.checkout_id, status__in=BEYOND_PAYMENT) \
        .exclude(payout_entries__kind=K.SALE).select_related("seller").order_by("pk")
    return [payout_sale_record(order=order) for order in orders]


def payout_order_release(*, order: Order) -> PayoutRelease:
    """A completed order: its entries stop being held (once)."""
    release, _created = PayoutRelease.objects.get_or_create(order=order, defaults={"seller_id": order.seller_id})
    return release


def _abs_sum(queryset) -> Decimal:
    return sum((abs(amount) for amount in queryset.values_list("amount", flat=True)), Decimal(0))


def payout_refund_record(*, payment_entry: PaymentEntry) -> PayoutEntry | None:
    """Money went back to the buyer for an order: the seller's refund (−) and the commission given
    back (+), in proportion to the share of the order's total refunded so far (at most all of it).

    Nothing is booked for a refund without an order, or for an order the seller was never credited
    (no sale: it was never paid), nor twice for one ledger entry."""
    if payment_entry.kind != EntryKind.REFUND or payment_entry.order_id is None:
        return None
    order = Order.objects.select_related("seller").get(pk=payment_entry.order_id)
    with transaction.atomic():
        _lock_account(order.seller)
        earlier = PayoutEntry.objects.filter(payment_entry=payment_entry, kind=K.REFUND).first()
        sale = PayoutEntry.objects.filter(order=order, kind=K.SALE).first()
        if earlier is not None or sale is None:
            return earlier
        booked = PayoutEntry.objects.filter(order=order, kind=K.REFUND)
        before = sum(booked.values_list("payment_entry__amount", flat=True), Decimal(0))
        refunded = min(before + payment_entry.amount, order.total)
        if refunded <= before:
            return None  # beyond the order's total: not the seller's money
        target = sale.amount if refunded == order.total else min(quantize(refunded * sale.fx_rate, sale.currency),
                                                                  sale.amount)
        amount = target - _abs_sum(booked)
        if amount <= 0:
            return None  # too small to show in the payout currency
        refund = _entry(seller=order.seller, kind=K.REFUND, amount=-amount, order=order, payment_entry=payment_entry,
                        fx_rate=sale.fx_rate)
        commission = PayoutEntry.objects.filter(order=order, kind=K.COMMISSION).first()
        if commission is not None:
            taken = abs(commission.amount)
            back_total = taken if refunded == order.total else quantize(taken * refunded / order.total,
                                                                         commission.currency)
            back = back_total - _abs_sum(PayoutEntry.objects.filter(order=order, kind=K.COMMISSION_REFUND))
            if back > 0:
                _entry(seller=order.seller, kind=K.COMMISSION_REFUND, amount=back, order=order,
                       payment_entry=payment_entry, percent=commission.percent)
    return refund


# --- Payouts ---------------------------------------------------------------------------------


def _clean_note(note: str) -> str:
    return (note or "").replace("\x00", "").strip()[:MAX_NOTE_LENGTH]


def payout_request(*, seller: Seller, amount: object, actor, note: str = "", idempotency_key: str = "") -> Payout:
    """Council staff ask for `amount` to be sent to the seller: at most what is available now
    (code "payout_exceeds_available", field "amount"), checked under the seller's account lock.
    The payout's ledger entry is written now, so the same money is never requested twice.
    A replay with the same key returns the first payout; another seller or amount is a 409."""
    currency = payout_currency()
    amount = clean_amount(amount, currency=currency)
    key = clean_key(idempotency_key)
    note = _clean_note(note)
    with transaction.atomic():
        _lock_account(seller)
        if key and (earlier := Payout.objects.filter(idempotency_key=key).first()) is not None:
            if (earlier.seller_id, earlier.amount) != (seller.pk, amount):
                raise IdempotencyConflict(_("This key was already used for a different payout."),
                                          code="idempotency_key_reused", field="idempotency_key")
            return earlier
        available = seller_available(seller=seller)
        if amount > available:
            raise DomainError(_("At most %(available)s %(currency)s is available to pay out.")
                              % {"available": quantize(max(available, Decimal(0)), currency), "currency": currency},
                              code="payout_exceeds_available", field="amount")
        payout = Payout.objects.create(seller=seller, amount=amount, currency=currency, note=note,
                                       idempotency_key=key, requested_by=actor, requested_by_name=actor_name(actor))
        _entry(seller=seller, kind=K.PAYOUT, amount=-amount, payout=payout, recorded_by=actor,
               recorded_by_name=actor_name(actor))
    return payout


def _locked_payout(payout: Payout) -> Payout:
    _lock_account(payout.seller)
    return Payout.objects.select_for_update().select_related("seller").get(pk=payout.pk)


def payout_mark_sent(*, payout: Payout, actor, bank_reference: str) -> Payout:
    """Council staff sent the transfer: record the bank's reference (required) and email the seller.
    Sending again with the same reference changes nothing; a cancelled payout cannot be sent."""
    reference = (bank_reference or "").strip()
    if not reference:
        raise DomainError(_("Enter the bank's reference of the transfer."), code="required", field="bank_reference")
    if len(reference) > 255 or not reference.isprintable():
        raise DomainError(_("The bank reference must be at most 255 printable characters."), code="invalid",
                          field="bank_reference")
    with transaction.atomic():
        locked = _locked_payout(payout)
        if locked.status == PayoutStatus.SENT:
            if locked.bank_reference == reference:
                return locked
            raise IdempotencyConflict(_("This payout was already sent with another bank reference."),
                                      code="already_sent", field="bank_reference")
        if locked.status != PayoutStatus.REQUESTED:
            raise DomainError(_("A cancelled payout cannot be sent."), code="payout_cancelled", field="status")
        locked.status, locked.bank_reference, locked.sent_at = PayoutStatus.SENT, reference, timezone.now()
        locked.done_by_name = actor_name(actor)
        locked.save(update_fields=["status", "bank_reference", "sent_at", "done_by_name"])
        payout_id = locked.pk
        transaction.on_commit(lambda: send_payout_sent_email.delay(payout_id), robust=True)
    return locked


def payout_cancel(*, payout: Payout, actor) -> Payout:
    """A requested payout will not be sent: its money is available again (a ledger entry, +)."""
    with transaction.atomic():
        locked = _locked_payout(payout)
        if locked.status == PayoutStatus.CANCELLED:
            return locked
        if locked.status != PayoutStatus.REQUESTED:
            raise DomainError(_("A payout already sent cannot be cancelled."), code="payout_sent", field="status")
        locked.status, locked.cancelled_at, locked.done_by_name = PayoutStatus.CANCELLED, timezone.now(), \
            actor_name(actor)
        locked.save(update_fields=["status", "cancelled_at", "done_by_name"])
        _entry(seller=locked.seller, kind=K.PAYOUT_CANCELLED, amount=locked.amount, payout=locked,
               recorded_by=actor, recorded_by_name=actor_name(actor))
    return locked


# --- Staff settings and corrections ----------------------------------------------------------


def clean_percent(value: object, *, field: str = "commission_percent") -> Decimal | None:
    """A percentage from 0 to 100 with at most 2 decimals, or None (blank: the default)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        raise DomainError(_("Percentages must be decimals, not floating point numbers."), code="invalid", field=field)
    text = str(value).strip()
    try:
        percent = Decimal(text) if text and "e" not in text.lower() else None
    except ArithmeticError:
        percent = None
    if percent is None or not percent.is_finite():
        raise DomainError(_("Enter a number."), code="invalid", field=field)
    if not 0 <= percent <= 100:
        raise DomainError(_("Enter a percentage from 0 to 100."), code="invalid", field=field)
    if -percent.as_tuple().exponent > 2:
        raise DomainError(_("At most 2 decimal places."), code="invalid", field=field)
    return percent


def payout_commission_set(*, seller: Seller, percent: object, actor) -> PayoutAccount:
    """Council staff set the seller's commission (blank: back to the marketplace default). It
    applies to orders paid from now on; sales already booked keep theirs."""
    value = clean_percent(percent)
    with transaction.atomic():
        account = _lock_account(seller)
        account.commission_percent, account.commission_set_at = value, timezone.now()
        account.commission_set_by_name = actor_name(actor)
        account.save(update_fields=["commission_percent", "commission_set_at", "commission_set_by_name"])
    return account


def payout_correction_record(*, seller: Seller, amount: object, actor, note: str,
                             idempotency_key: str = "") -> PayoutEntry:
    """Council staff correct the ledger by a signed amount ("-150.00" takes back), with the reason
    (required). Available at once (it belongs to no order). A replayed key records once."""
    text = amount.strip() if isinstance(amount, str) else amount
    negative = isinstance(text, str) and text.startswith("-")
    value = clean_amount(text[1:] if negative else text, currency=payout_currency())
    signed = -value if negative else value
    note = _clean_note(note)
    if not note:
        raise DomainError(_("Say why the ledger is corrected."), code="required", field="note")
    key = clean_key(idempotency_key)
    with transaction.atomic():
        _lock_account(seller)
        if key and (earlier := PayoutEntry.objects.filter(idempotency_key=key).first()) is not None:
            if (earlier.seller_id, earlier.amount) != (seller.pk, signed):
                raise IdempotencyConflict(_("This key was already used for a different correction."),
                                          code="idempotency_key_reused", field="idempotency_key")
            return earlier
        return _entry(seller=seller, kind=K.CORRECTION, amount=signed, note=note, idempotency_key=key,
                      recorded_by=actor, recorded_by_name=actor_name(actor))
