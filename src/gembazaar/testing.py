"""Factories for tests and benchmarks: small functions that make valid objects with overrides."""

from __future__ import annotations

import itertools
import threading
from decimal import Decimal

from django.db import connections
from django.utils import timezone

from gembazaar.catalogue import services as catalogue_services
from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError
from gembazaar.sellers.models import Seller

_counter = itertools.count(1)


def make_seller(**overrides) -> Seller:
    n = next(_counter)
    values = {
        "legal_name": f"Test Gems {n} (Pvt) Ltd",
        "trade_name": f"Test Gems {n}",
        "slug": f"test-gems-{n}",
        "city": "Peshawar",
        "status": Seller.Status.VERIFIED,
        "verified_at": timezone.now(),
    }
    values.update(overrides)
    if values["status"] != Seller.Status.VERIFIED and "verified_at" not in overrides:
        values["verified_at"] = None
    return Seller.objects.create(**values)


def gem_data(**overrides) -> dict:
    values = {
        "species": "beryl", "variety": "emerald", "nature": "natural", "carat": Decimal("1.250"),
        "shape": "oval", "cutting_style": "step", "colour": "green", "clarity": "MI",
        "treatments": "O", "length_mm": Decimal("7.80"), "width_mm": Decimal("5.90"), "depth_mm": Decimal("4.10"),
    }
    if overrides.get("nature") == "imitation" and "imitates" not in overrides:
        # An imitation is its own material imitating a variety: green glass imitating emerald.
        values.update(species="glass", variety="", imitates="emerald")
    if "carat" in overrides and not {"length_mm", "width_mm", "depth_mm"} & set(overrides):
        # The default measurements are of the default 1.25 ct stone: another weight is unmeasured.
        values.update(length_mm=None, width_mm=None, depth_mm=None)
    values.update(overrides)
    if int(values.get("pieces") or 1) > 1 and "carat" not in overrides:
        values["carat"] = Decimal("1.250") * int(values["pieces"])  # a parcel of stones this size
    return values


def jewelry_data(**overrides) -> dict:
    values = {
        "jewelry_type": "ring", "metal": "gold", "karat": 22, "fineness": 916,
        "gross_weight_g": Decimal("5.200"), "net_metal_weight_g": Decimal("4.800"),
        "making_charge_mode": "percent", "making_charge_value": Decimal("10"),
    }
    values.update(overrides)
    return values


def make_gem_listing(*, seller: Seller | None = None, publish: bool = True, gem: dict | None = None,
                     **overrides) -> Listing:
    seller = seller or make_seller()
    n = next(_counter)
    values = {
        "kind": Listing.Kind.GEMSTONE, "sku": f"GEM-{n}", "title": f"Swat emerald {n}",
        "price": Decimal("1250.00"), "currency": "USD", "origin_locality": "swat_mingora",
        "description": "A fine oiled emerald from Swat.",
    }
    spec = gem_data(**(gem or {}))
    if spec["nature"] == "synthetic" or spec["species"] in {"glass", "plastic", "cubic_zirconia"}:
        values["origin_locality"] = ""  # a man-made stone has no place of origin (validation.origin_errors)
    values.update(overrides)
    listing = catalogue_services.listing_create(seller=seller, gem=spec, **values)
    if publish:
        catalogue_services.listing_publish(listing=listing)
    return listing


def make_jewelry_listing(*, seller: Seller | None = None, publish: bool = True, jewelry: dict | None = None,
                         **overrides) -> Listing:
    seller = seller or make_seller()
    n = next(_counter)
    values = {
        "kind": Listing.Kind.JEWELRY, "sku": f"JWL-{n}", "title": f"22K gold ring {n}",
        "price": Decimal("185000.00"), "currency": "PKR",
    }
    values.update(overrides)
    listing = catalogue_services.listing_create(seller=seller, jewelry=jewelry_data(**(jewelry or {})), **values)
    if publish:
        catalogue_services.listing_publish(listing=listing)
    return listing


def seed_shipping_zones() -> None:
    """Put back the shipping zones and platform rates migration orders/0002 seeds (idempotent).

    Transactional tests (live_server, PostgreSQL races) empty every table when they end, seeded
    rows included; tests after them in the same process call this first."""
    import importlib

    from gembazaar.shipping.models import ShippingRate, ShippingZone

    importlib.import_module("gembazaar.orders.migrations.0002_shipping_zones").seed_into(ShippingZone, ShippingRate)


def race(work, inputs):
    """Run work(input) in one thread per input, all released at once (the PostgreSQL race tests);
    returns ("ok", result), (DomainError code, message) or ("crash", repr) per input."""
    barrier = threading.Barrier(len(inputs))
    results = [None] * len(inputs)

    def run(index, item):
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", work(item))
        except DomainError as exc:
            results[index] = (exc.code, exc.message)
        except Exception as exc:  # a crash must show up as a failed assertion
            results[index] = ("crash", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, item)) for i, item in enumerate(inputs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
