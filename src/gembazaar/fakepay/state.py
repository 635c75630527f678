"""The fake's memory: checkouts, payments and refunds of one process, behind one lock (it serves
one development server or one test run; nothing is kept across restarts)."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from decimal import Decimal

LOCK = threading.RLock()


@dataclass
class Checkout:
    """A Stripe Checkout Session or a Safepay tracker: what the buyer is asked to pay."""

    kind: str  # "stripe" or "safepay"
    id: str
    amount: Decimal  # in major units
    currency: str
    reference: str = ""
    success_url: str = ""
    cancel_url: str = ""
    metadata: dict = field(default_factory=dict)
    paid: bool = False
    payment_id: str = ""  # the PaymentIntent (Stripe); the tracker itself (Safepay)
    refunded: Decimal = Decimal(0)


CHECKOUTS: dict[str, Checkout] = {}
# Idempotency keys: key → (what was asked, what was answered), replayed as Stripe does.
ANSWERS: dict[str, tuple[object, object]] = {}


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def add(checkout: Checkout) -> Checkout:
    with LOCK:
        CHECKOUTS[checkout.id] = checkout
    return checkout


def get(kind: str, checkout_id: str) -> Checkout | None:
    with LOCK:
        found = CHECKOUTS.get(checkout_id)
    return found if found is not None and found.kind == kind else None


def by_payment(kind: str, payment_id: str) -> Checkout | None:
    with LOCK:
        return next((c for c in CHECKOUTS.values() if c.kind == kind and c.paid and c.payment_id == payment_id), None)


def reset() -> None:
    with LOCK:
        CHECKOUTS.clear()
        ANSWERS.clear()
