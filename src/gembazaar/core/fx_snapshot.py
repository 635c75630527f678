"""The FX snapshot an order line records: the rate from a listing's currency to the buyer's.

Rates come from gembazaar.core.fx (the pricing app's latest FXRate rows, cached per process).
They are read before the stock transaction: no outside call happens inside it.
"""

from __future__ import annotations

from decimal import Decimal

from gembazaar.core import fx
from gembazaar.core.money import quantize

RATE_PLACES = Decimal("0.0000000001")
FX_SOURCE = "core.fx"


def fx_rate(source: str, target: str) -> Decimal:
    """How many `target` units one `source` unit buys, to 10 places (1 when equal).
    Unknown currency: DomainError(code="no_fx_rate", field="currency")."""
    if source == target:
        fx.rate_per_usd(target)  # still refuse a currency without a rate
        return Decimal(1)
    return (fx.rate_per_usd(target) / fx.rate_per_usd(source)).quantize(RATE_PLACES)


def convert(amount: Decimal, source: str, target: str, *, rate: Decimal | None = None) -> Decimal:
    """`amount` in `target`, rounded to the target's minor unit."""
    if rate is None:
        rate = fx_rate(source, target)
    return quantize(amount * rate, target)
