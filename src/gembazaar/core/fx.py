"""Conversion to the reference currency (USD) used for cross-currency sorting and filtering.

Until the pricing engine's FX history exists, these indicative rates (units of currency per
1 USD) keep reference prices plausible. They are data, not logic: the pricing issue replaces
this table with council-published FXRate rows and reprices set-based.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from gembazaar.core.errors import DomainError

INDICATIVE_PER_USD: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "PKR": Decimal("281.50"),
    "EUR": Decimal("0.92"),
    "GBP": Decimal("0.79"),
    "AED": Decimal("3.6725"),
    "SAR": Decimal("3.75"),
    "CNY": Decimal("7.24"),
    "JPY": Decimal("151.0"),
    "HKD": Decimal("7.82"),
    "THB": Decimal("35.9"),
    "INR": Decimal("84.1"),
    "CHF": Decimal("0.88"),
    "SGD": Decimal("1.34"),
    "AFN": Decimal("70.5"),
    "KWD": Decimal("0.307"),
}


def to_reference(amount: Decimal, currency: str) -> Decimal:
    """The amount in USD, rounded to cents."""
    try:
        rate = INDICATIVE_PER_USD[currency]
    except KeyError:
        raise DomainError(f"No exchange rate for {currency} yet.", code="no_fx_rate", field="currency") from None
    return (amount / rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def from_reference(amount_usd: Decimal, currency: str) -> Decimal:
    try:
        rate = INDICATIVE_PER_USD[currency]
    except KeyError:
        raise DomainError(f"No exchange rate for {currency} yet.", code="no_fx_rate", field="currency") from None
    return amount_usd * rate
