"""Plugs pricing into the layers below it at start-up (see apps.py).

- core.fx reads the FXRate history through `selectors.fx_rates_per_usd`.
- catalogue.services asks `catalogue.pricing_hook.metal_linked_price` for the engine's price of
  a metal-linked listing; pricing registers `metal_pricer` there.
Registries rather than imports, because pricing imports catalogue (and core), never the reverse.
"""

from __future__ import annotations

from decimal import Decimal

from gembazaar.catalogue import pricing_hook
from gembazaar.core import fx

from . import selectors, services


def metal_pricer(listing_data: dict, spec_data: dict) -> Decimal | None:
    priced = selectors.engine_price(spec=spec_data, currency=listing_data["currency"])
    return priced[0].total if priced else None


def install() -> None:
    fx.set_rate_source(selectors.fx_rates_per_usd)
    pricing_hook.register_metal_pricer(metal_pricer)
    pricing_hook.register_price_change_recorder(services.record_listing_edit)
