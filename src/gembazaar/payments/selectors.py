"""Reads of payments and their ledgers (council staff see every payment)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db.models import Q, QuerySet

from gembazaar.orders.models import Order, OrderLine

from .ledger import received_total
from .models import EntryKind, Payment, PaymentEntry, Refund

# A checkout reference as orders.services.checkout writes it, GBC-<yymm>-<8 characters>, with or
# without its hyphens (a bank's reference field often drops them with the spaces).
REFERENCE_PATTERN = re.compile(r"GBC-?(\d{4})-?([A-Z0-9]{8})")


def normalise_reference(text: str) -> str:
    """A reference as a buyer or a bank may write it ("gbc 2612-ab12 cd34", "Payment GBC-…
    thanks"): spaces dropped, upper case, and the reference found inside longer text."""
    folded = re.sub(r"\s+", "", text or "").upper()
    found = REFERENCE_PATTERN.search(folded)
    return f"GBC-{found.group(1)}-{found.group(2)}" if found else folded


def payment_received(*, payment: Payment) -> Decimal:
    """What the payment has received so far: Σ captures − Σ refunds in its currency."""
    rows = PaymentEntry.objects.filter(payment=payment, currency=payment.currency).values_list("kind", "amount")
    return received_total(rows)


def payments_for_staff(*, status: str = "", query: str = "") -> QuerySet[Payment]:
    """Every payment, the newest first; filtered by status and searched by reference (any case,
    spaces ignored) or the buyer's email."""
    queryset = Payment.objects.select_related("checkout__buyer").order_by("-created_at", "-id")
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(Q(reference__icontains=normalise_reference(query))
                                   | Q(checkout__buyer__email__iexact=query.strip()))
    return queryset


def payment_get_for_staff(*, reference: str) -> Payment:
    """One payment by its reference (any case, spaces ignored); Payment.DoesNotExist → 404."""
    return Payment.objects.select_related("checkout__buyer").get(reference=normalise_reference(reference))


def payment_entries(*, payment: Payment) -> list[PaymentEntry]:
    return list(PaymentEntry.objects.filter(payment=payment).order_by("created_at", "id"))


def payments_by_reference(*, references: set[str]) -> dict[str, Payment]:
    return {payment.reference: payment for payment in Payment.objects.filter(reference__in=references)}


def provider_events_recorded(*, provider: str, event_ids: set[str]) -> set[str]:
    """Which of these provider event ids the ledger already holds."""
    return set(PaymentEntry.objects.filter(provider=provider, provider_event_id__in=event_ids)
               .values_list("provider_event_id", flat=True))


def payment_get_for_buyer(*, user, reference: str) -> Payment:
    """The buyer's own payment by its reference; another buyer's (or none) → Payment.DoesNotExist."""
    return Payment.objects.select_related("checkout").get(reference=normalise_reference(reference),
                                                          checkout__buyer=user)


def checkout_exchange_rates(*, payment: Payment) -> list[tuple[str, str]]:
    """(a seller's currency, how many of the charge currency one unit bought, "281.5") for every
    price converted when the checkout was placed: the rates the buyer is charged at."""
    rows = OrderLine.objects.filter(order__checkout_id=payment.checkout_id).exclude(
        listing_currency=payment.currency).values_list("listing_currency", "fx_rate")
    return sorted({currency: f"{rate.normalize():f}" for currency, rate in rows}.items())


def payment_orders(*, payment: Payment) -> list[Order]:
    return list(Order.objects.filter(checkout_id=payment.checkout_id).select_related("seller").order_by("pk"))


def payment_refunds(*, payment: Payment) -> list[Refund]:
    """The payment's refunds, the newest first, with their orders."""
    return list(Refund.objects.filter(payment=payment).select_related("order").order_by("-created_at", "-id"))


def payment_started(*, payment: Payment) -> bool:
    """True once the buyer was shown how to pay or sent to the provider (an `attempt` in the ledger)."""
    return payment.entries.filter(kind=EntryKind.ATTEMPT).exists()
