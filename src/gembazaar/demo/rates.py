"""The demo's metal and exchange rates: a month of daily Lahore Sarafa rates drifting to today's,
today's indicative exchange rates, and the month of prices the demo's metal-linked pieces would
have had (so their pages chart a real month). Recorded through the pricing services, which
reprice as they would for council staff."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from gembazaar.catalogue.models import REPRICED, Listing, ListingPrice
from gembazaar.core import fx
from gembazaar.pricing import engine, selectors, services, units
from gembazaar.pricing.models import ListingPriceChange

from .constants import GOLD_24K_PKR_PER_TOLA, PLATINUM_PKR_PER_GRAM, SILVER_999_PKR_PER_TOLA

HISTORY_DAYS = 30


def seed_demo_rates() -> int:
    """The demo's metal rates (demo/constants.py) as today's Lahore Sarafa rates: 24K
    gold and silver per tola (22K, 21K … are derived), platinum 950 per gram. Reprices."""
    rates = [("gold", 999, "tola", GOLD_24K_PKR_PER_TOLA), ("silver", 999, "tola", SILVER_999_PKR_PER_TOLA),
             ("platinum", 950, "gram", (PLATINUM_PKR_PER_GRAM * Decimal("0.95")).quantize(Decimal("0.01")))]
    now = timezone.now()
    walk = random.Random(2026)  # the same month of history on every machine
    past_rates = []
    for metal, fineness, unit, price in rates:
        # A month of daily rates drifting towards today's, so the rates page has a history to chart.
        history, level = [], price
        for _day in range(HISTORY_DAYS):
            level = (level * Decimal(1 + walk.uniform(-0.009, 0.009))).quantize(Decimal("0.01"))
            history.append(level)
        # history[0] is a day away from today's rate, history[-1] a month: record oldest first.
        for days_ago, past_price in reversed(list(zip(range(1, HISTORY_DAYS + 1), history, strict=True))):
            past_rates.append(services.record_metal_rate(
                metal=metal, fineness=fineness, unit=unit, price=past_price, currency="PKR",
                source="Lahore Sarafa (demo)", confirm=True, reprice=False,
                effective_at=now - timedelta(days=days_ago)))
    _demo_price_history(past_rates)
    for metal, fineness, unit, price in rates:  # today's rates reprice from the month's last prices
        services.record_metal_rate(metal=metal, fineness=fineness, unit=unit, price=price, currency="PKR",
                                   source="Lahore Sarafa (demo)", confirm=True, effective_at=now)
    # Today's exchange rates too (the indicative figures the FX history was seeded with), so the
    # demo's rates page shows them as current rather than months old.
    for currency, per_usd in fx.INDICATIVE_PER_USD.items():
        if currency != "USD":
            services.record_fx_rate(currency=currency, per_usd=per_usd, source="Demo exchange rates", confirm=True,
                                    effective_at=now)
    return len(rates)


DEMO_HISTORY_MAX_LISTINGS = 5_000  # beyond (bench seeds), the demo's pieces get no past prices


def _demo_price_history(past_rates) -> int:
    """Give the demo's metal-linked pieces the month of prices they would have had: the engine's
    price at each past daily rate, written to the price history on that rate's day (so a piece's
    page charts a real month), and the last of them as the price today's rate reprices from.
    Demo data only: real history is written by repricing as rates arrive. Returns rows written."""
    listings = list(Listing.objects.filter(REPRICED).select_related("jewelry")[:DEMO_HISTORY_MAX_LISTINGS + 1])
    if not listings or len(listings) > DEMO_HISTORY_MAX_LISTINGS:
        return 0
    by_metal: dict[str, list] = {}
    for rate in sorted(past_rates, key=lambda r: r.effective_at):
        by_metal.setdefault(rate.metal, []).append(rate)
    changes, last_prices = [], []
    for listing in listings:
        spec = getattr(listing, "jewelry", None)
        if spec is None or not by_metal.get(spec.metal):
            continue
        previous = None
        for rate in by_metal[spec.metal]:
            per_gram = units.derive_per_gram(rate.price_per_gram, metal=spec.metal, from_fineness=rate.fineness,
                                             to_fineness=spec.fineness)
            if listing.currency != rate.currency:
                per_gram = units.fraction_to_decimal(
                    Fraction(per_gram) * Fraction(fx.rate_per_usd(listing.currency))
                    / Fraction(fx.rate_per_usd(rate.currency)), units.RATE_PLACES)
            resolved = selectors.ResolvedRate(
                metal=spec.metal, fineness=spec.fineness, currency=listing.currency, per_gram=per_gram,
                source_rate=rate, derived=rate.fineness != spec.fineness, converted=listing.currency != rate.currency,
                effective_at=rate.effective_at)
            price = engine.price(selectors.inputs_for(spec=spec, currency=listing.currency, rate=resolved)).total
            reference = fx.to_reference(price, listing.currency)
            if previous is not None and (price, reference) != previous:
                changes.append(ListingPriceChange(
                    listing_id=listing.pk, currency=listing.currency, old_price=previous[0], new_price=price,
                    old_reference=previous[1], new_reference=reference, cause=ListingPriceChange.Cause.METAL_RATE,
                    metal_rate=rate, at=rate.effective_at))
            previous = (price, reference)
        last_prices.append(ListingPrice(listing_id=listing.pk, price=previous[0], reference_price=previous[1]))
    ListingPriceChange.objects.bulk_create(changes, batch_size=2_000)
    ListingPrice.objects.bulk_update(last_prices, ["price", "reference_price"], batch_size=2_000)
    return len(changes)
