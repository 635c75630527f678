"""The ledger's arithmetic, in one place: what a payment has received, and what that makes its status.

Received = Σ captures − Σ refunds, in the payment's currency, summed in Python from the ledger's
Decimals (exact on SQLite too, which sums decimals in floating point).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .models import EntryKind, PaymentStatus

SIGN = {EntryKind.CAPTURE: 1, EntryKind.REFUND: -1}


def received_total(entries: Iterable[tuple[str, Decimal]]) -> Decimal:
    """Σ captures − Σ refunds over (kind, amount) pairs; attempts and provider events count nothing."""
    return sum((SIGN.get(kind, 0) * amount for kind, amount in entries), Decimal(0))


def status_for(*, received: Decimal, due: Decimal) -> str:
    """pending (nothing yet), part_paid, paid (exactly due) or overpaid."""
    if received <= 0:
        return PaymentStatus.PENDING
    if received < due:
        return PaymentStatus.PART_PAID
    return PaymentStatus.PAID if received == due else PaymentStatus.OVERPAID
