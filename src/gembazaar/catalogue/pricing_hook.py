"""Where the pricing app plugs in the price of metal-linked jewelry.

catalogue sits below pricing (pricing imports catalogue's models), so catalogue's services
cannot import pricing. The pricing app registers a function here when Django starts
(pricing/apps.py → pricing/hooks.py); catalogue's services call `metal_linked_price`. Without a
registered pricer (pricing not installed) the seller's own price stands.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

# (listing data after clean_listing, jewelry spec after clean_jewelry) → price in the listing's
# currency, or None when no fresh rate exists (the seller's price stands; buyers see "price on request").
MetalPricer = Callable[[dict, dict], Decimal | None]

_pricer: MetalPricer | None = None


def register_metal_pricer(pricer: MetalPricer | None) -> None:
    global _pricer
    _pricer = pricer


def metal_linked_price(listing_data: dict, spec_data: dict) -> Decimal | None:
    """The engine's price for a metal-linked listing, or None (fixed price, no pricer, stale rates)."""
    if _pricer is None or listing_data.get("price_mode") != "metal_linked":
        return None
    return _pricer(listing_data, spec_data)


# Audit of a seller's own price changes: pricing records them in its price history
# (listing, old price, old reference price, acting user) → None. Called inside the edit's transaction.
_price_change_recorder: Callable[..., None] | None = None


def register_price_change_recorder(recorder: Callable[..., None] | None) -> None:
    global _price_change_recorder
    _price_change_recorder = recorder


def record_price_change(*, listing, old_price: Decimal, old_reference: Decimal, actor) -> None:
    """Keep a seller's price edit in the price history (nothing without the pricing app)."""
    if _price_change_recorder is not None:
        _price_change_recorder(listing=listing, old_price=old_price, old_reference=old_reference, actor=actor)
