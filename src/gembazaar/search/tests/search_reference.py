"""A plain, independent reference for the search: Python over ORM rows, written for clarity not speed.

The engine answers from packed bits and integer columns; this answers from Decimals and strings,
so a test that compares the two checks the encoding, the masks, the counts and the order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from gembazaar.catalogue.models import Listing
from gembazaar.core import fx

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
GEM_FIELDS = ("species", "variety", "imitates", "shape", "cutting_style", "colour", "clarity", "nature", "lab")
JEWELRY_FIELDS = ("jewelry_type", "metal")


@dataclass
class Row:
    """One public listing as plain values."""

    id: int
    values: dict[str, str]  # facet → value ("" when blank)
    treatments: tuple[str, ...]
    measures: dict[str, Decimal | None]  # range → value in its unit (price in USD)
    published: object
    certified: bool


def public_rows() -> list[Row]:
    rows = []
    for listing in Listing.objects.public().select_related("seller", "gem", "jewelry"):
        gem = getattr(listing, "gem", None) if listing.kind != "jewelry" else None
        jewelry = getattr(listing, "jewelry", None) if listing.kind == "jewelry" else None
        values = {"kind": listing.kind, "origin_country": str(listing.origin_country or ""),
                  "locality": listing.origin_locality, "seller": listing.seller.slug}
        values |= {f: (getattr(gem, f) if gem else "") for f in GEM_FIELDS}
        values |= {f: (getattr(jewelry, f) if jewelry else "") for f in JEWELRY_FIELDS}
        values["karat"] = str(jewelry.karat) if jewelry and jewelry.karat else ""
        rows.append(Row(
            id=listing.pk, values=values,
            treatments=tuple(gem.treatment_codes) if gem else (),
            measures={"carat": gem.carat if gem else None, "length_mm": gem.length_mm if gem else None,
                      "width_mm": gem.width_mm if gem else None, "depth_mm": gem.depth_mm if gem else None,
                      "price": listing.reference_price,
                      "metal_weight_g": jewelry.net_metal_weight_g if jewelry else None},
            published=listing.published_at, certified=bool(gem and gem.certificate_number),
        ))
    return rows


def _in_range(row: Row, name: str, bounds, currency: str) -> bool:
    value = row.measures[name]
    if value is None:
        return False
    low, high = bounds
    value = Fraction(value)
    if name == "price":  # compare in the buyer's currency, exactly
        value *= Fraction(fx.from_reference(Decimal(1), currency))
    return (low is None or value >= Fraction(low)) and (high is None or value <= Fraction(high))


def matches(row: Row, params, *, skip: str | None = None) -> bool:
    """Whether the row passes every filter of params (except the one named `skip`)."""
    for name, chosen in params.filters.items():
        if name == skip:
            continue
        if name == "treatment":
            if not set(row.treatments) & set(chosen):
                return False
        elif row.values[name] not in chosen:
            return False
    for name, bounds in params.ranges.items():
        if name != skip and not _in_range(row, name, bounds, params.currency):
            return False
    if "untreated" in params.flags and skip != "untreated" and row.treatments != ("N",):
        return False
    return not ("certified" in params.flags and skip != "certified" and not row.certified)


def order_key(row: Row, sort: str):
    """The engine's documented order: (has no key, key, id), descending sorts negate key and id."""
    if sort.startswith(("price", "carat")):
        key = row.measures[sort.split("_")[0]]
    else:  # newest; relevance without words is newest too. No publication time counts as the oldest.
        key = 0 if row.published is None else (row.published - EPOCH) // dt.timedelta(microseconds=1)
    descending = sort in ("price_desc", "carat_desc", "newest", "relevance")
    sign = -1 if descending else 1
    if key is None:
        return (1, 0, row.id * sign)
    return (0, key * sign, row.id * sign)
