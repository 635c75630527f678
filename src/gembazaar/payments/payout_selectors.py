"""Reads of the seller payout ledger: balances, entries, payouts. Seller-scoped reads take the seller
(the doors pass request.seller, never an id from the request); another seller's payout is
Payout.DoesNotExist → 404.

Sums are taken in Python from the ledger's Decimals (exact on SQLite too, which sums decimals in
floating point), as payments/ledger.py does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from gembazaar.sellers.models import Seller

from .models import Payout, PayoutAccount, PayoutEntry, PayoutStatus


def payout_currency() -> str:
    return settings.PAYOUTS_CURRENCY


def default_commission_percent() -> Decimal:
    """settings.PAYMENTS_COMMISSION_PERCENT as a Decimal (a broken value is a deploy error, not 0)."""
    try:
        value = Decimal(str(settings.PAYMENTS_COMMISSION_PERCENT).strip())
    except InvalidOperation:
        raise ValueError("PAYMENTS_COMMISSION_PERCENT must be a number from 0 to 100") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValueError("PAYMENTS_COMMISSION_PERCENT must be a number from 0 to 100")
    return value


def commission_override(*, seller: Seller) -> Decimal | None:
    return PayoutAccount.objects.filter(seller=seller).values_list("commission_percent", flat=True).first()


def commission_percent_for(*, seller: Seller) -> Decimal:
    """The seller's override when council staff set one, else the marketplace's default."""
    override = commission_override(seller=seller)
    return default_commission_percent() if override is None else override


def commission_percents_for(sellers) -> dict[int, Decimal]:
    """Each seller's commission, for a page of sellers, in one query."""
    ids = [seller.pk for seller in sellers]
    overrides = dict(PayoutAccount.objects.filter(seller_id__in=ids, commission_percent__isnull=False)
                     .values_list("seller_id", "commission_percent"))
    default = default_commission_percent()
    return {pk: overrides.get(pk, default) for pk in ids}


@dataclass(frozen=True)
class Balance:
    currency: str
    balance: Decimal  # Σ entries
    held: Decimal  # Σ entries of orders not yet released (completed)
    available: Decimal  # balance − held: what a payout may take
    paid_out: Decimal  # Σ payouts sent
    requested: Decimal  # Σ payouts requested, not yet sent (already out of `available`)


def _is_held(order_id, released_at, until: datetime | None) -> bool:
    if order_id is None:
        return False
    return released_at is None or (until is not None and released_at >= until)


def seller_balance(*, seller: Seller, until: datetime | None = None) -> Balance:
    """Where the seller stands (now, or just before `until`, for a statement's month end)."""
    entries = PayoutEntry.objects.filter(seller=seller)
    payouts = Payout.objects.filter(seller=seller)
    if until is not None:
        entries = entries.filter(created_at__lt=until)
    rows = entries.values_list("amount", "order_id", "order__payout_release__released_at")
    balance = held = Decimal(0)
    for amount, order_id, released_at in rows:
        balance += amount
        if _is_held(order_id, released_at, until):
            held += amount
    sent = payouts.filter(status=PayoutStatus.SENT)
    if until is not None:
        sent = sent.filter(sent_at__lt=until)
    paid_out = sum(sent.values_list("amount", flat=True), Decimal(0))
    requested = sum(payouts.filter(status=PayoutStatus.REQUESTED).values_list("amount", flat=True), Decimal(0))
    return Balance(currency=payout_currency(), balance=balance, held=held, available=balance - held,
                   paid_out=paid_out, requested=requested)


def seller_available(*, seller: Seller) -> Decimal:
    return seller_balance(seller=seller).available


def seller_entries(*, seller: Seller, start: datetime | None = None, end: datetime | None = None,
                   ) -> QuerySet[PayoutEntry]:
    """The seller's ledger, oldest first, within [start, end) when given."""
    queryset = PayoutEntry.objects.filter(seller=seller).select_related("order", "payout", "order__payout_release")
    if start is not None:
        queryset = queryset.filter(created_at__gte=start)
    if end is not None:
        queryset = queryset.filter(created_at__lt=end)
    return queryset.order_by("created_at", "id")


def seller_ledger_months(*, seller: Seller) -> list[date]:
    """The months (first days) that have entries, and the current month, newest first."""
    zone = timezone.get_default_timezone()
    months = {moment.date().replace(day=1) for moment in PayoutEntry.objects.filter(seller=seller)
              .datetimes("created_at", "month", tzinfo=zone)}
    months.add(timezone.localdate().replace(day=1))
    return sorted(months, reverse=True)


def entry_is_held(entry: PayoutEntry) -> bool:
    """True while the entry's order has not completed (its money may not be paid out yet)."""
    if entry.order_id is None:
        return False
    return not hasattr(entry.order, "payout_release")


def payouts_for_seller(*, seller: Seller) -> QuerySet[Payout]:
    return Payout.objects.filter(seller=seller).order_by("-requested_at", "-id")


def payout_get_for_seller(*, seller: Seller, payout_id: int) -> Payout:
    """One of the seller's payouts; another seller's (or none) → Payout.DoesNotExist."""
    return Payout.objects.get(seller=seller, pk=payout_id)


def payout_get_for_staff(*, payout_id: int) -> Payout:
    return Payout.objects.select_related("seller").get(pk=payout_id)


def payout_with_key_exists(*, idempotency_key: str) -> bool:
    return bool(idempotency_key) and Payout.objects.filter(idempotency_key=idempotency_key).exists()


def payouts_for_staff(*, status: str = "") -> QuerySet[Payout]:
    queryset = Payout.objects.select_related("seller").order_by("-requested_at", "-id")
    return queryset.filter(status=status) if status in PayoutStatus.values else queryset


def sellers_with_ledgers() -> QuerySet[Seller]:
    """Sellers that have a payout ledger (any entry), by trade name."""
    return Seller.objects.filter(payout_entries__isnull=False).distinct().order_by("trade_name", "pk")


def balances_for(sellers) -> dict[int, Balance]:
    """Each seller's balance, for a page of the council's list (one query per figure, not per seller)."""
    ids = [seller.pk for seller in sellers]
    sums: dict[int, dict[str, Decimal]] = {pk: {"balance": Decimal(0), "held": Decimal(0), "paid_out": Decimal(0),
                                                "requested": Decimal(0)} for pk in ids}
    rows = PayoutEntry.objects.filter(seller_id__in=ids).values_list(
        "seller_id", "amount", "order_id", "order__payout_release__released_at")
    for seller_id, amount, order_id, released_at in rows:
        sums[seller_id]["balance"] += amount
        if _is_held(order_id, released_at, None):
            sums[seller_id]["held"] += amount
    for seller_id, status, amount in Payout.objects.filter(seller_id__in=ids).values_list("seller_id", "status",
                                                                                           "amount"):
        if status == PayoutStatus.SENT:
            sums[seller_id]["paid_out"] += amount
        elif status == PayoutStatus.REQUESTED:
            sums[seller_id]["requested"] += amount
    return {pk: Balance(currency=payout_currency(), available=s["balance"] - s["held"], **s)
            for pk, s in sums.items()}
