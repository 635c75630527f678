"""Plugs pricing into the layers below it at start-up (see apps.py).

- core.fx reads the FXRate history through `selectors.fx_rates_per_usd`.
- catalogue.services asks `catalogue.pricing_hook.metal_linked_price` for the engine's price of
  a metal-linked listing; pricing registers `metal_pricer` there.
Registries rather than imports, because pricing imports catalogue (and core), never the reverse.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone


def metal_pricer(listing_data: dict, spec_data: dict) -> Decimal | None:
    from . import selectors

    priced = selectors.engine_price(spec=spec_data, currency=listing_data["currency"])
    return priced[0].total if priced else None


HISTORY_DAYS = 30


def seed_demo_rates() -> int:
    """The demo's metal rates (catalogue/demo/constants.py) as today's Lahore Sarafa rates: 24K
    gold and silver per tola (22K, 21K … are derived), platinum 950 per gram. Reprices."""
    from gembazaar.catalogue.demo.constants import (
        GOLD_24K_PKR_PER_TOLA,
        PLATINUM_PKR_PER_GRAM,
        SILVER_999_PKR_PER_TOLA,
    )

    from . import services

    rates = [("gold", 999, "tola", GOLD_24K_PKR_PER_TOLA), ("silver", 999, "tola", SILVER_999_PKR_PER_TOLA),
             ("platinum", 950, "gram", (PLATINUM_PKR_PER_GRAM * Decimal("0.95")).quantize(Decimal("0.01")))]
    now = timezone.now()
    walk = random.Random(2026)  # the same month of history on every machine
    for metal, fineness, unit, price in rates:
        # A month of daily rates drifting towards today's, so the rates page has a history to chart.
        history, level = [], price
        for _day in range(HISTORY_DAYS):
            level = (level * Decimal(1 + walk.uniform(-0.009, 0.009))).quantize(Decimal("0.01"))
            history.append(level)
        # history[0] is a day away from today's rate, history[-1] a month: record oldest first.
        for days_ago, past_price in reversed(list(zip(range(1, HISTORY_DAYS + 1), history, strict=True))):
            services.record_metal_rate(metal=metal, fineness=fineness, unit=unit, price=past_price, currency="PKR",
                                       source="Lahore Sarafa (demo)", confirm=True, reprice=False,
                                       effective_at=now - timedelta(days=days_ago))
        services.record_metal_rate(metal=metal, fineness=fineness, unit=unit, price=price, currency="PKR",
                                   source="Lahore Sarafa (demo)", confirm=True, effective_at=now)
    # Today's exchange rates too (the indicative figures the FX history was seeded with), so the
    # demo's rates page shows them as current rather than months old.
    from gembazaar.core import fx

    for currency, per_usd in fx.INDICATIVE_PER_USD.items():
        if currency != "USD":
            services.record_fx_rate(currency=currency, per_usd=per_usd, source="Demo exchange rates", confirm=True,
                                    effective_at=now)
    return len(rates)


def price_change_recorder(*, listing, old_price: Decimal, old_reference: Decimal, actor) -> None:
    """A seller's edit changed the price: keep it in the same history as repricings."""
    from .models import ListingPriceChange

    ListingPriceChange.objects.create(
        listing=listing, currency=listing.currency, old_price=old_price, new_price=listing.price,
        old_reference=old_reference, new_reference=listing.reference_price,
        cause=ListingPriceChange.Cause.LISTING_EDIT,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None)


def install() -> None:
    from gembazaar.catalogue import pricing_hook
    from gembazaar.core import fx

    from . import selectors

    fx.set_rate_source(selectors.fx_rates_per_usd)
    pricing_hook.register_metal_pricer(metal_pricer)
    pricing_hook.register_demo_rates_seeder(seed_demo_rates)
    pricing_hook.register_price_change_recorder(price_change_recorder)
