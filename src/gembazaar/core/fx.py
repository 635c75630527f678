"""Conversion between currencies through the reference currency (USD).

Rates come from the pricing app's FXRate history (the latest row per currency), plugged in at
start-up with `set_rate_source` so that core imports no app. Rates are cached per process for
FX_CACHE_SECONDS and the cache is dropped whenever a rate is recorded (`invalidate`).

INDICATIVE_PER_USD is the table the FX history was seeded from (pricing migration 0002, source
"indicative seed"); it is also the fallback for a currency with no FXRate row and when the history
cannot be read (no source plugged in, no database access yet).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
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

logger = logging.getLogger(__name__)
FX_CACHE_SECONDS = 30.0

_source: Callable[[], dict[str, Decimal]] | None = None
_cache: dict[str, Decimal] | None = None
_cached_at = 0.0
_lock = threading.Lock()


def set_rate_source(source: Callable[[], dict[str, Decimal]] | None) -> None:
    """Plug in the function that returns {currency: units per USD} (the pricing app does)."""
    global _source
    _source = source
    invalidate()


def invalidate() -> None:
    """Forget the cached rates (called when an FX rate is recorded)."""
    global _cache
    with _lock:
        _cache = None


def rates() -> dict[str, Decimal]:
    """{currency: units per USD}, from the cache or the source."""
    global _cache, _cached_at
    cache = _cache
    if cache is not None and time.monotonic() - _cached_at < FX_CACHE_SECONDS:
        return cache
    fresh = dict(INDICATIVE_PER_USD)
    if _source is not None:
        try:
            fresh.update(_source())
        except Exception:  # no database access (before migrate, a DB-less test): the seed table
            logger.debug("FX history unavailable; using the indicative table", exc_info=True)
            return fresh
    fresh["USD"] = Decimal(1)
    with _lock:
        _cache, _cached_at = fresh, time.monotonic()
    return fresh


def rate_per_usd(currency: str) -> Decimal:
    """Units of `currency` per 1 USD, or DomainError(code="no_fx_rate", field="currency")."""
    try:
        return rates()[currency]
    except KeyError:
        raise DomainError(f"No exchange rate for {currency} yet.", code="no_fx_rate", field="currency") from None


MIN_REFERENCE = Decimal("0.01")


def to_reference(amount: Decimal, currency: str) -> Decimal:
    """The amount in USD, rounded to cents, and never below one cent: a reference price is a sort
    and filter key, and a 1-rupee price must sort as the cheapest, not fail the positive check."""
    usd = (amount / rate_per_usd(currency)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return max(usd, MIN_REFERENCE) if amount > 0 else usd


def from_reference(amount_usd: Decimal, currency: str) -> Decimal:
    """A USD amount in `currency`, not rounded (callers round for display)."""
    return amount_usd * rate_per_usd(currency)


def convert(amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
    """`amount` of one currency in another, through USD, not rounded (callers round with
    core.money.quantize for display or settlement)."""
    if from_currency == to_currency:
        return amount
    return amount * rate_per_usd(to_currency) / rate_per_usd(from_currency)


def rate_text(source: str, rate: Decimal, target: str) -> str:
    """A conversion rate as a person reads it: the larger side per one unit of the smaller, to four
    decimals ("1 USD = 281.6901 PKR" rather than "1 PKR = 0.0035500 USD")."""
    if 0 < rate < 1:
        source, target, rate = target, source, 1 / rate
    return f"1 {source} = {rate.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP).normalize():f} {target}"
