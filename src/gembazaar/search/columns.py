"""Listing rows read from the database as columns of small integers, ready for the index.

One SQL statement reads what the index needs (listing, gem spec, jewelry spec) for all listings
on sale or for a given set of ids. Decimals arrive already scaled to exact integers by the
database (carat × 1000, mm × 100, USD × 100, g × 1000), and times as microseconds since the
epoch, so no Decimal or datetime object is made per row; strings become codes here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .facets import DYNAMIC, FACETS, FIXED_FACETS, NO_VALUE, RANGES, TREATMENT_BITS, codes_of

PUBLIC_STATUSES = ("active", "reserved")
FETCH_SIZE = 20_000
# Columns of the SELECT, in order; the string ones are turned into codes.
COLUMNS = (
    "id", "kind", "status", "seller_id", "origin_country", "locality", "price", "published",
    "species", "variety", "shape", "cutting_style", "colour", "clarity", "nature", "treatments", "lab",
    "imitates", "certified", "carat", "length_mm", "width_mm", "depth_mm", "jewelry_type", "metal", "karat",
    "metal_weight_g", "stones", "trade_colour",
)
SHORT_TEXT = "shorttext"  # a dynamic code column: the (set stones, trade colour) pair of a row


def _scaled(expression: str, scale: int) -> str:
    return f"COALESCE(CAST(ROUND({expression} * {scale}) AS BIGINT), {NO_VALUE})"


def _published_micros() -> str:
    if connection.vendor == "postgresql":
        return "COALESCE(CAST(EXTRACT(EPOCH FROM l.published_at) * 1000000 AS BIGINT), 0)"
    # SQLite keeps UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]": whole seconds, then the digits after the dot
    # ("%%s" is strftime's seconds: the statement has parameters, so a literal % is doubled).
    return ("COALESCE(CAST(strftime('%%s', l.published_at) AS INTEGER) * 1000000 + CASE WHEN "
            "length(l.published_at) > 20 THEN CAST(substr(l.published_at, 21) AS INTEGER) ELSE 0 END, 0)")


def select_sql(where: str) -> str:
    return f"""
        SELECT l.id, l.kind, l.status, l.seller_id, l.origin_country, l.origin_locality,
               {_scaled("p.reference_price", 100)}, {_published_micros()},
               COALESCE(g.species, ''), COALESCE(g.variety, ''), COALESCE(g.shape, ''),
               COALESCE(g.cutting_style, ''), COALESCE(g.colour, ''), COALESCE(g.clarity, ''),
               COALESCE(g.nature, ''), COALESCE(g.treatments, ''), COALESCE(g.lab, ''), COALESCE(g.imitates, ''),
               CASE WHEN COALESCE(g.certificate_number, '') <> '' THEN 1 ELSE 0 END,
               {_scaled("g.carat", 1000)}, {_scaled("g.length_mm", 100)}, {_scaled("g.width_mm", 100)},
               {_scaled("g.depth_mm", 100)},
               COALESCE(j.jewelry_type, ''), COALESCE(j.metal, ''), COALESCE(j.karat, 0),
               {_scaled("j.net_metal_weight_g", 1000)}, COALESCE(j.stones, ''), COALESCE(g.trade_colour, '')
        FROM catalogue_listing l
        JOIN catalogue_listingprice p ON p.listing_id = l.id
        LEFT JOIN catalogue_gemspec g ON g.listing_id = l.id
        LEFT JOIN catalogue_jewelryspec j ON j.listing_id = l.id
        WHERE {where}
        ORDER BY l.id"""  # noqa: S608 - fixed SQL; values are parameters


@dataclass
class Dictionaries:
    """Value ↔ code of the DYNAMIC facets (sellers by id, countries by code); codes only grow."""

    codes: dict[str, dict[object, int]] = field(default_factory=lambda: {
        **{s.name: {} for s in FACETS if s.kind == DYNAMIC}, SHORT_TEXT: {("", ""): 0}})
    values: dict[str, list[object]] = field(default_factory=lambda: {
        **{s.name: [None] for s in FACETS if s.kind == DYNAMIC}, SHORT_TEXT: [("", "")]})

    def copy(self) -> Dictionaries:
        return Dictionaries({k: dict(v) for k, v in self.codes.items()}, {k: list(v) for k, v in self.values.items()})

    def code(self, name: str, value: object) -> int:
        codes = self.codes[name]
        found = codes.get(value)
        if found is None:
            found = codes[value] = len(self.values[name])
            self.values[name].append(value)
        return found


@dataclass
class RowBatch:
    """Rows as columns, sorted by id; `ok` is True where the listing's own status is public."""

    ids: np.ndarray
    ok: np.ndarray
    codes: dict[str, np.ndarray]
    treatments: np.ndarray
    certified: np.ndarray
    values: dict[str, np.ndarray]  # range name → scaled integers (NO_VALUE where none)
    published: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def _string_codes(column: Sequence[str], codes: dict[str, int]) -> np.ndarray:
    return np.fromiter(map(codes.get, column, [0] * len(column)), dtype=np.int32, count=len(column))


def _treatment_bits(column: Sequence[str]) -> np.ndarray:
    cache: dict[str, int] = {}
    out = np.zeros(len(column), dtype=np.uint32)
    for i, text in enumerate(column):
        bits = cache.get(text)
        if bits is None:
            bits = cache[text] = sum(TREATMENT_BITS.get(code, 0) for code in text.split(",") if code)
        out[i] = bits
    return out


def to_batch(rows: list[tuple], dictionaries: Dictionaries) -> RowBatch:
    """Encode fetched rows; new sellers and countries get codes in `dictionaries`."""
    cols = dict(zip(COLUMNS, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(COLUMNS, ())
    codes = {spec.name: _string_codes(cols[spec.name], codes_of(spec.name)) for spec in FIXED_FACETS
             if spec.name not in ("treatment", "karat")}
    codes["karat"] = _string_codes([str(k) for k in cols["karat"]], codes_of("karat"))
    codes["origin_country"] = np.fromiter((dictionaries.code("origin_country", c) if c else 0
                                           for c in cols["origin_country"]), dtype=np.int32)
    codes["seller"] = np.fromiter((dictionaries.code("seller", s) for s in cols["seller_id"]), dtype=np.int32)
    codes[SHORT_TEXT] = np.fromiter((dictionaries.code(SHORT_TEXT, pair) for pair in zip(
        cols["stones"], cols["trade_colour"], strict=True)), dtype=np.int32)
    return RowBatch(
        ids=np.array(cols["id"], dtype=np.int64),
        ok=np.isin(np.array(cols["status"], dtype=object), PUBLIC_STATUSES).astype(bool),
        codes=codes,
        treatments=_treatment_bits(cols["treatments"]),
        certified=np.array(cols["certified"], dtype=bool),
        values={spec.name: np.array(cols[spec.name], dtype=np.int64) for spec in RANGES},
        published=np.array(cols["published"], dtype=np.int64),
    )


def _fetch(sql: str, params: Sequence) -> list[tuple]:
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(FETCH_SIZE):
            rows.extend(chunk)
    return rows


def fetch_public(dictionaries: Dictionaries) -> RowBatch:
    """Every listing whose own status is public (the seller's standing is applied in memory)."""
    placeholders = ", ".join(["%s"] * len(PUBLIC_STATUSES))
    return to_batch(_fetch(select_sql(f"l.status IN ({placeholders})"), PUBLIC_STATUSES), dictionaries)


def fetch_ids(ids: Iterable[int], dictionaries: Dictionaries) -> RowBatch:
    """The given listings whatever their status; ids that no longer exist are simply absent."""
    ids = sorted(set(ids))
    rows: list[tuple] = []
    for start in range(0, len(ids), 500):  # SQLite allows a limited number of parameters
        chunk = ids[start:start + 500]
        rows += _fetch(select_sql(f"l.id IN ({', '.join(['%s'] * len(chunk))})"), chunk)
    rows.sort(key=lambda row: row[0])
    return to_batch(rows, dictionaries)


def fetch_sellers() -> list[tuple[int, str, str, bool, str]]:
    """(id, slug, trade name, verified, words a buyer may search them by) of every seller."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, slug, trade_name, status, city, market FROM sellers_seller ORDER BY id")
        return [(pk, slug, name, status == "verified", f"{name} {city} {market}")
                for pk, slug, name, status, city, market in cursor.fetchall()]
