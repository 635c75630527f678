"""Loading the whole index from PostgreSQL fast: every column as one block of integers.

Reading a million listings row by row makes about thirty million Python objects (50 s and
1.6 GB here), and COPY hands rows to Python one at a time (30 s). Instead the database turns
every column into integers — vocabulary codes with array_position over the same vocabularies,
treatments as the index's bitmask, the country's two letters as a number, set stones and trade
colours as 64-bit hashes looked up in two small DISTINCT queries — and sends each column as one
bytea (string_agg of int4send/int8send), which numpy reads without a Python object per value.
The result is the same RowBatch as columns.fetch_public (the tests compare them).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.db import connection
from psycopg import sql

from .columns import PUBLIC_STATUSES, SHORT_TEXT, Dictionaries, RowBatch
from .facets import FIXED_FACETS, NO_VALUE, RANGES, TREATMENT_BITS, codes_of, values_of

PARTS = 2  # id ranges read in parallel, one connection each
WIDE = {"id", "seller_id", "price", "published"}  # 64-bit columns; the others fit in 32 bits
GEM_CODES = ("species", "variety", "shape", "cutting_style", "colour", "clarity", "nature", "lab", "imitates")
HASHED = {  # column → (text expression, DISTINCT query giving (hash, text) of every value it can take)
    "stones": ("COALESCE(j.stones, '')", "SELECT hashtextextended(stones, 0), stones FROM (SELECT DISTINCT "
               "stones FROM catalogue_jewelryspec UNION SELECT '') s"),
    "trade_colour": ("COALESCE(g.trade_colour, '')", "SELECT hashtextextended(trade_colour, 0), trade_colour FROM "
                     "(SELECT DISTINCT trade_colour FROM catalogue_gemspec UNION SELECT '') s"),
}


def _code(name: str, column: str) -> sql.Composable:
    vocabulary = sql.Literal(list(values_of(name)[1:]))
    return sql.SQL("COALESCE(array_position({}::text[], {}), 0)").format(vocabulary, sql.SQL(column))


def _scaled(column: str, scale: int) -> sql.Composable:
    return sql.SQL(f"COALESCE(CAST(ROUND({column} * {scale}) AS BIGINT), {NO_VALUE})")


def _treatment_mask() -> sql.Composable:
    """The AGTA codes of "H,F" as the index's bitmask, computed by the database."""
    terms = [sql.SQL("CASE WHEN position({} in ',' || COALESCE(g.treatments, '') || ',') > 0 THEN {} ELSE 0 END")
             .format(sql.Literal(f",{code},"), sql.Literal(bit)) for code, bit in TREATMENT_BITS.items()]
    return sql.SQL(" + ").join(terms)


def _columns() -> list[tuple[str, sql.Composable, str]]:
    """(name, expression, "int4" or "int8") of every column read, in order."""
    columns = [("id", sql.SQL("l.id"), "int8"), ("seller_id", sql.SQL("l.seller_id"), "int8"),
               ("kind", _code("kind", "l.kind"), "int4"), ("locality", _code("locality", "l.origin_locality"), "int4"),
               ("price", _scaled("p.reference_price", 100), "int8"),
               ("published", sql.SQL("COALESCE(CAST(EXTRACT(EPOCH FROM l.published_at) * 1000000 AS BIGINT), 0)"),
                "int8"),
               ("certified", sql.SQL("CASE WHEN COALESCE(g.certificate_number, '') <> '' THEN 1 ELSE 0 END"), "int4"),
               ("karat", sql.SQL("COALESCE(j.karat, 0)"), "int4"), ("treatments", _treatment_mask(), "int4"),
               # Two-letter ISO code as a number: 256 × first letter + second.
               ("origin_country", sql.SQL("COALESCE(ascii(substr(l.origin_country, 1, 1)) * 256 "
                                          "+ ascii(substr(l.origin_country, 2, 1)), 0)"), "int4"),
               ("jewelry_type", _code("jewelry_type", "j.jewelry_type"), "int4"),
               ("metal", _code("metal", "j.metal"), "int4")]
    columns += [(name, _code(name, f"g.{name}"), "int4") for name in GEM_CODES]
    for spec in RANGES:
        if spec.name != "price":
            column = {"metal_weight_g": "j.net_metal_weight_g"}.get(spec.name, f"g.{spec.name}")
            columns.append((spec.name, _scaled(column, spec.scale), "int8"))
    columns += [(name, sql.SQL(f"hashtextextended({expression}, 0)"), "int8")
                for name, (expression, _query) in HASHED.items()]
    return columns


def _read_part(low: int, high: int) -> dict[str, np.ndarray]:
    """The columns of the listings with low <= id < high, each as one bytea of big-endian integers."""
    columns = _columns()
    statement = sql.SQL(
        "SELECT {} FROM (SELECT {} FROM catalogue_listing l JOIN catalogue_listingprice p ON p.listing_id = l.id "
        "LEFT JOIN catalogue_gemspec g ON g.listing_id = l.id "
        "LEFT JOIN catalogue_jewelryspec j ON j.listing_id = l.id WHERE l.status = ANY({}) AND l.id >= {} "
        "AND l.id < {} ORDER BY l.id) x"
    ).format(
        sql.SQL(", ").join(sql.SQL(f"string_agg({kind}send(x.{name}), ''::bytea)") for name, _e, kind in columns),
        sql.SQL(", ").join(sql.SQL("{} AS {}").format(expression, sql.Identifier(name))
                           for name, expression, _k in columns),
        sql.Literal(list(PUBLIC_STATUSES)), sql.Literal(low), sql.Literal(high),
    )
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:  # psycopg's own cursor: the SQL is composed, not %-formatted
        cursor.execute(statement)
        row = cursor.fetchone()
    result = {}
    for (name, _expression, kind), data in zip(columns, row, strict=True):
        wide = name in WIDE or name in HASHED
        result[name] = np.frombuffer(data or b"", dtype=">i8" if kind == "int8" else ">i4").astype(
            np.int64 if wide else np.int32)  # narrow where it fits: a million rows × 30 columns adds up
    return result


def _read_part_in_thread(low: int, high: int) -> dict[str, np.ndarray]:
    try:
        return _read_part(low, high)
    finally:
        connection.close()  # this thread's own connection


def _read_columns() -> dict[str, np.ndarray]:
    """All columns, read in PARTS id ranges at once: the database evaluates them on several cores."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(min(id), 0), COALESCE(max(id), 0) FROM catalogue_listing")
        low, high = cursor.fetchone()
    step = (high - low) // PARTS + 1
    bounds = [(low + i * step, low + (i + 1) * step) for i in range(PARTS)]
    if connection.in_atomic_block or PARTS == 1:  # other connections would not see this transaction's rows
        parts = [_read_part(a, b) for a, b in bounds]
    else:
        with ThreadPoolExecutor(PARTS) as pool:
            parts = list(pool.map(lambda bound: _read_part_in_thread(*bound), bounds))
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def _hashes(query: str) -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(query)
        found = cursor.fetchall()
    mapping = dict(found)
    if len(mapping) != len(found):
        raise ValueError("two texts share a 64-bit hash")
    return mapping


def fetch_public_fast(dictionaries: Dictionaries) -> RowBatch:
    """Every listing whose own status is public, as columns (PostgreSQL only)."""
    table = _read_columns()
    codes = {spec.name: table[spec.name].astype(np.int32) for spec in FIXED_FACETS
             if spec.name not in ("treatment", "karat")}
    karat_codes = np.zeros(25, dtype=np.int32)
    for karat, code in codes_of("karat").items():
        karat_codes[int(karat)] = code
    codes["karat"] = karat_codes[np.clip(table["karat"], 0, len(karat_codes) - 1)]
    codes["seller"] = _dictionary_codes(dictionaries, "seller", table["seller_id"], int)
    codes["origin_country"] = _dictionary_codes(dictionaries, "origin_country", table["origin_country"],
                                                lambda v: chr(v >> 8) + chr(v & 255) if v else None)
    texts = {name: _hashes(query) for name, (_expression, query) in HASHED.items()}
    stones, stone_of = np.unique(table["stones"], return_inverse=True)
    colours, colour_of = np.unique(table["trade_colour"], return_inverse=True)
    pairs, pair_of = np.unique(stone_of.ravel() * max(len(colours), 1) + colour_of.ravel(), return_inverse=True)
    short = np.array([dictionaries.code(SHORT_TEXT, (texts["stones"][int(stones[pair // max(len(colours), 1)])],
                                                     texts["trade_colour"][int(colours[pair % max(len(colours), 1)])]))
                      for pair in pairs.tolist()], dtype=np.int32)
    codes[SHORT_TEXT] = short[pair_of.ravel()] if len(pairs) else np.zeros(0, dtype=np.int32)
    return RowBatch(
        ids=table["id"], ok=np.ones(len(table["id"]), dtype=bool), codes=codes,
        treatments=table["treatments"].astype(np.uint32), certified=table["certified"].astype(bool),
        values={spec.name: table[spec.name].astype(np.int64, copy=False) for spec in RANGES},
        published=table["published"],
    )


def _dictionary_codes(dictionaries: Dictionaries, name: str, raw: np.ndarray, value_of) -> np.ndarray:
    """Dictionary codes for a column given as raw numbers, looking each distinct number up once."""
    unique, inverse = np.unique(raw, return_inverse=True)
    codes = np.array([0 if (value := value_of(item)) in (None, ("", "")) else dictionaries.code(name, value)
                      for item in unique.tolist()], dtype=np.int32)
    return codes[inverse] if len(unique) else np.zeros(0, dtype=np.int32)
