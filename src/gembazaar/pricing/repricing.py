"""Set-based repricing: a handful of SQL statements however many listings, in the caller's
transaction.

1. Python resolves one per-gram rate for each (metal, fineness, currency) that metal-linked
   listings use (a few dozen rows at most: derivation by purity and FX conversion happen here,
   exactly, once) and drops the combinations whose rate is stale.
2. PostgreSQL: one statement computes every new price with the engine's formula in numeric
   arithmetic into a temporary table (a parallel plan); one more updates the changed rows of the
   narrow price table catalogue_listingprice (HOT updates; the listing rows are not touched) and,
   from the same rows, writes their ListingPriceChange history and the search change log.
   SQLite: the per-row formula is the engine itself, registered as an SQL function; a temporary
   table holds old and new prices, then one INSERT (history) and one UPDATE … FROM.
Listings that are sold or archived keep their price. Only rows whose price or reference price
actually changes are touched and get a history row.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from gembazaar.catalogue.models import JewelrySpec
from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.core.money import minor_units
from gembazaar.search import freshness

from . import engine, units
from .models import FXRate, ListingPriceChange, MetalRate
from .selectors import resolve_rate

logger = logging.getLogger(__name__)
_REPRICED_SQL = "price_mode = 'metal_linked' AND status IN ('draft', 'active', 'reserved')"  # models.REPRICED
_CURRENCIES_SQL = f"""
WITH RECURSIVE c(currency) AS (
    SELECT min(currency) FROM catalogue_listing WHERE {_REPRICED_SQL}
    UNION ALL
    SELECT (SELECT min(currency) FROM catalogue_listing WHERE {_REPRICED_SQL} AND currency > c.currency)
    FROM c WHERE c.currency IS NOT NULL
)
SELECT currency FROM c WHERE currency IS NOT NULL
"""  # noqa: S608 (constants)


def rate_table(*, metal: str | None, fx_currency: str | None = None) -> list[tuple[str, int, str, Decimal, int,
                                                                                 Decimal]]:
    """(metal, fineness, currency, fresh per-gram rate, minor units, units per USD) for every
    combination metal-linked listings use. With `fx_currency` (an FX rate of that currency changed),
    only the combinations whose rate is converted to or from it: the others' prices cannot move."""
    # Not one DISTINCT over the listings ⋈ specs join (it read the whole listings table: seconds at
    # a million): the (metal, fineness) pairs of the (narrow) specs table, and the currencies of
    # metal-linked listings by a skip scan of listing_linked_currency_idx (one index probe per
    # currency). Their product may hold combinations no listing uses; the repricing join simply
    # matches nothing for them.
    pairs = JewelrySpec.objects.values_list("metal", "fineness").distinct().order_by()
    if metal:
        pairs = pairs.filter(metal=metal)
    with connection.cursor() as cursor:
        cursor.execute(_CURRENCIES_SQL)
        currencies = sorted(row[0] for row in cursor.fetchall())
    rows = []
    for combo_metal, fineness, currency in sorted((m, f, c) for m, f in set(pairs) for c in currencies):
        try:
            rate = resolve_rate(metal=combo_metal, fineness=fineness, currency=currency)
            per_usd = fx.rate_per_usd(currency)
        except DomainError:
            logger.warning("No FX rate for %s: its metal-linked listings keep their price.", currency)
            continue
        if rate is None or not rate.is_fresh:
            continue
        if fx_currency and not (rate.converted and fx_currency in (currency, rate.source_rate.currency)):
            continue
        rows.append((combo_metal, fineness, currency, rate.per_gram, minor_units(currency), per_usd))
    return rows


def reprice_metal_linked(*, metal: str | None, cause: str, metal_rate: MetalRate | None = None,
                         fx_rate: FXRate | None = None) -> int:
    """Reprice the metal-linked listings of `metal` (all metals when None; after an FX rate, only
    those priced through a conversion involving its currency). Returns the number of listings whose
    price or reference price changed (= history rows written)."""
    with transaction.atomic():
        _serialise_repricing()
        rows = rate_table(metal=metal, fx_currency=fx_rate.currency if fx_rate else None)
        if not rows:
            return 0
        history = {"cause": cause, "metal_rate_id": metal_rate.pk if metal_rate else None,
                   "fx_rate_id": fx_rate.pk if fx_rate else None, "at": timezone.now()}
        if connection.vendor == "postgresql":
            return _reprice_postgresql(rows, history)
        return _reprice_sqlite(rows, history)


REPRICE_LOCK_KEY = 5_031_995  # any constant: one PostgreSQL advisory lock for every repricing


def _serialise_repricing() -> None:
    """One repricing at a time (PostgreSQL: a transaction-level advisory lock; SQLite serialises
    writers anyway). Two rates recorded at once then reprice one after the other, the second
    reading its rates after the first committed; without it the slower one could overwrite prices
    computed from the newest rate with prices from the rate it had read before
    (test_concurrent_rates.py fails without the lock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REPRICE_LOCK_KEY])


def _values_sql(rows, *, postgres: bool) -> tuple[str, list]:
    if postgres:
        one = "(%s::varchar, %s::int, %s::varchar, %s::numeric, %s::int, %s::numeric)"
    else:
        one = "(%s, %s, %s, %s, %s, %s)"
    params: list = []
    for metal, fineness, currency, per_gram, minor, per_usd in rows:
        params += [metal, fineness, currency, str(per_gram), minor, str(per_usd)]
    return ", ".join([one] * len(rows)), params


# The engine's formula (engine.py) in SQL, each part rounded to the currency's minor unit. Every
# sub-expression is written once: PostgreSQL does not share common sub-expressions, and the
# straightforward nesting (subtotal twice in the total, the metal value twice in a percent making
# charge, the total again in the reference price) evaluated the metal value sixteen times a row.
# Two rewrites keep it exact: for a non-negative x and an amount k already in minor units,
# round(k + x) = k + round(x) (half-up rounding commutes with adding whole minor units), so
#   metal + round(metal × making% / 100)   = round(metal × (100 + making%) / 100)
#   subtotal + round(subtotal × margin% / 100) = round(subtotal × (100 + margin%) / 100)
# (the check constraints keep making value and margin non-negative; bench/reprice.py compares a
# sample with the Python engine after every run).
_PG_SUBTOTAL = """
    CASE j.making_charge_mode
        WHEN 'percent' THEN ROUND(ROUND(j.net_metal_weight_g * r.rate_g, r.minor) * (100 + j.making_charge_value) / 100,
                                  r.minor)
        ELSE ROUND(j.net_metal_weight_g * r.rate_g, r.minor) + CASE j.making_charge_mode
            WHEN 'per_gram' THEN ROUND(j.making_charge_value * j.net_metal_weight_g, r.minor)
            WHEN 'per_tola' THEN ROUND(j.making_charge_value * j.net_metal_weight_g / {tola}, r.minor)
            ELSE ROUND(j.making_charge_value, r.minor) END
    END
    + ROUND(j.net_metal_weight_g * j.wastage_percent / 100 * r.rate_g, r.minor)
    + ROUND(j.stone_value, r.minor)"""

# Step 1: every repriced listing's new price, into a temporary table. A SELECT into a table can run
# as a parallel plan (a data-modifying statement cannot): the numeric arithmetic, most of the work
# besides writing, is shared by every core. The listings are read index-only (listing_repriced_idx).
_PG_COMPUTE_SQL = """
CREATE TEMPORARY TABLE gbz_reprice ON COMMIT DROP AS
WITH r(metal, fineness, currency, rate_g, minor, per_usd) AS (VALUES {values})
SELECT l.id, l.currency, p.price AS old_price, p.reference_price AS old_ref, r.per_usd,
       ROUND(({subtotal}) * (100 + j.margin_percent) / 100, r.minor) AS new_price
FROM catalogue_listing l
JOIN catalogue_listingprice p ON p.listing_id = l.id
JOIN catalogue_jewelryspec j ON j.listing_id = l.id
JOIN r ON r.metal = j.metal AND r.fineness = j.fineness AND r.currency = l.currency
WHERE l.price_mode = 'metal_linked' AND l.status IN ('draft', 'active', 'reserved')
"""

# Step 2, one statement: write the prices that change (narrow rows, HOT updates), their history
# and the search change log. `p.price = t.old_price …`: a listing its seller re-priced since step 1
# keeps the price of that edit instead of one computed from its old specification.
_PG_NEW_REFERENCE = "GREATEST(ROUND(t.new_price / t.per_usd, 2), 0.01)"
_PG_WRITE_SQL = f"""
WITH changed AS (
    UPDATE catalogue_listingprice p SET price = t.new_price, reference_price = {_PG_NEW_REFERENCE}
    FROM gbz_reprice t
    WHERE p.listing_id = t.id AND p.price = t.old_price AND p.reference_price = t.old_ref
      AND (t.new_price <> t.old_price OR {_PG_NEW_REFERENCE} <> t.old_ref)
    RETURNING p.listing_id AS id, t.currency, t.old_price, p.price AS new_price, t.old_ref,
              p.reference_price AS new_ref
),
history AS (
    INSERT INTO pricing_listingpricechange
        (listing_id, currency, old_price, new_price, old_reference, new_reference, cause, metal_rate_id, fx_rate_id,
         at)
    SELECT id, currency, old_price, new_price, old_ref, new_ref, %s, %s, %s, %s FROM changed
),
logged AS ({freshness.LOG_CHANGED_SQL})
SELECT count(*) FROM changed
"""  # noqa: S608 (constants)


def _reprice_postgresql(rows, history) -> int:
    values, params = _values_sql(rows, postgres=True)
    subtotal = _PG_SUBTOTAL.format(tola=f"{units.GRAMS_PER_TOLA}::numeric")
    with connection.cursor() as cursor, _statement_settings(cursor):
        cursor.execute("DROP TABLE IF EXISTS gbz_reprice")  # a failed run earlier in this session
        cursor.execute(_PG_COMPUTE_SQL.format(values=values, subtotal=subtotal), params)
        cursor.execute(_PG_WRITE_SQL, [history["cause"], history["metal_rate_id"], history["fx_rate_id"],
                                       history["at"], freshness.MAX_BATCH, freshness.MAX_BATCH])
        changed = cursor.fetchone()[0]
        cursor.execute("DROP TABLE gbz_reprice")
    return changed


# Settings for the repricing statements (PostgreSQL, transaction-local, put back after them):
# - gembazaar.search_log = off: the listings' row trigger does not log these UPDATEs to the search
#   change log (migration 0004); repricing logs them itself, set-based
#   (search.freshness.LOG_CHANGED_SQL). Later writes in the same transaction are logged as usual.
# - work_mem: the hash of a million specs fits in memory instead of 16 batches spilled to
#   temporary files. A few statements of one session: bounded, safe.
# - jit off: compiling the price expressions took seconds and bought nothing measurable.
# On an error the savepoint's (or transaction's) rollback undoes the settings.
STATEMENT_SETTINGS = {"gembazaar.search_log": "off", "work_mem": "256MB", "jit": "off"}


@contextmanager
def _statement_settings(cursor):
    before = {}
    for name, value in STATEMENT_SETTINGS.items():
        cursor.execute("SELECT current_setting(%s, true), set_config(%s, %s, true)", [name, name, value])
        before[name] = cursor.fetchone()[0] or "on"  # gembazaar.search_log: unset means on
    yield
    for name, value in before.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _dec(value) -> Decimal:
    """A number read from SQLite (REAL, INTEGER or TEXT) as the Decimal it was written as."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


def _sqlite_price(net, mode, mval, wp, sv, mp, rate_g, currency) -> str:
    breakdown = engine.price(engine.PriceInputs(
        metal="", fineness=units.PURE, net_weight_g=_dec(net), making_mode=mode, making_value=_dec(mval),
        currency=currency, rate_per_gram=_dec(rate_g), rate_fineness=units.PURE, wastage_percent=_dec(wp),
        stone_value=_dec(sv), margin_percent=_dec(mp)))
    return str(breakdown.total)


def _sqlite_reference(price, per_usd) -> str:
    # Never below one cent, as core.fx.to_reference: the reference price stays positive.
    return str(max((_dec(price) / _dec(per_usd)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                   Decimal("0.01")))


_SQLITE_FILL = """
CREATE TEMP TABLE gbz_reprice AS
WITH r(metal, fineness, currency, rate_g, minor, per_usd) AS (VALUES {values})
SELECT l.id AS id, l.currency AS currency, p.price AS old_price, p.reference_price AS old_ref, r.per_usd AS per_usd,
       gbz_price(j.net_metal_weight_g, j.making_charge_mode, j.making_charge_value, j.wastage_percent,
                 j.stone_value, j.margin_percent, r.rate_g, l.currency) AS new_price
FROM catalogue_listing l
JOIN catalogue_listingprice p ON p.listing_id = l.id
JOIN catalogue_jewelryspec j ON j.listing_id = l.id
JOIN r ON r.metal = j.metal AND r.fineness = j.fineness AND r.currency = l.currency
WHERE l.price_mode = 'metal_linked' AND l.status IN ('draft', 'active', 'reserved')
"""


def _reprice_sqlite(rows, history) -> int:
    values, params = _values_sql(rows, postgres=False)
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("gbz_price", 8, _sqlite_price, deterministic=True)
    raw.create_function("gbz_reference", 2, _sqlite_reference, deterministic=True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS temp.gbz_reprice")
        cursor.execute(_SQLITE_FILL.format(values=values), params)
        cursor.execute("ALTER TABLE temp.gbz_reprice ADD COLUMN new_ref TEXT")
        cursor.execute("UPDATE temp.gbz_reprice SET new_ref = gbz_reference(new_price, per_usd)")
        cursor.execute("DELETE FROM temp.gbz_reprice WHERE CAST(new_price AS NUMERIC) = old_price "
                       "AND CAST(new_ref AS NUMERIC) = old_ref")
        cursor.execute(
            "INSERT INTO pricing_listingpricechange (listing_id, currency, old_price, new_price, old_reference, "
            "new_reference, cause, metal_rate_id, fx_rate_id, at) "
            "SELECT id, currency, old_price, CAST(new_price AS NUMERIC), old_ref, CAST(new_ref AS NUMERIC), "
            "%s, %s, %s, %s FROM temp.gbz_reprice",
            [history["cause"], history["metal_rate_id"], history["fx_rate_id"], history["at"]])
        count = cursor.rowcount
        cursor.execute(
            "UPDATE catalogue_listingprice SET price = CAST(t.new_price AS NUMERIC), "
            "reference_price = CAST(t.new_ref AS NUMERIC) "
            "FROM temp.gbz_reprice AS t WHERE catalogue_listingprice.listing_id = t.id")
        cursor.execute("DROP TABLE temp.gbz_reprice")
    return count


_PG_REREF_SQL = """
WITH n AS (
    SELECT p.listing_id AS id, p.price, p.reference_price AS old_ref,
           GREATEST(ROUND(p.price / %s::numeric, 2), 0.01) AS new_ref
    FROM catalogue_listing l JOIN catalogue_listingprice p ON p.listing_id = l.id
    WHERE l.currency = %s AND l.status IN ('draft', 'active', 'reserved')
),
changed AS (
    UPDATE catalogue_listingprice p SET reference_price = n.new_ref
    FROM n WHERE p.listing_id = n.id AND p.reference_price <> n.new_ref
    RETURNING p.listing_id AS id, n.price, n.old_ref, n.new_ref
),
logged AS ({log})
INSERT INTO pricing_listingpricechange
    (listing_id, currency, old_price, new_price, old_reference, new_reference, cause, metal_rate_id, fx_rate_id, at)
SELECT id, %s, price, price, old_ref, new_ref, %s, NULL, %s, %s FROM changed
"""


def reprice_references(*, currency: str, fx_rate: FXRate | None = None) -> int:
    """Recompute the USD reference price of every listing priced in `currency` (all statuses
    except sold and archived), set-based, with history rows for the ones that change."""
    per_usd = fx.rate_per_usd(currency)
    at = timezone.now()
    fx_id = fx_rate.pk if fx_rate else None
    with transaction.atomic(), connection.cursor() as cursor:
        _serialise_repricing()
        if connection.vendor == "postgresql":
            with _statement_settings(cursor):
                cursor.execute(_PG_REREF_SQL.format(log=freshness.LOG_CHANGED_SQL), [
                    str(per_usd), currency, freshness.MAX_BATCH, freshness.MAX_BATCH, currency,
                    ListingPriceChange.Cause.FX_RATE, fx_id, at])
                return cursor.rowcount
        connection.connection.create_function("gbz_reference", 2, _sqlite_reference, deterministic=True)
        cursor.execute("DROP TABLE IF EXISTS temp.gbz_reref")
        cursor.execute("""
            CREATE TEMP TABLE gbz_reref AS
            SELECT l.id AS id, p.price AS price, p.reference_price AS old_ref, gbz_reference(p.price, %s) AS new_ref
            FROM catalogue_listing l JOIN catalogue_listingprice p ON p.listing_id = l.id
            WHERE l.currency = %s AND l.status IN ('draft', 'active', 'reserved')
        """, [str(per_usd), currency])
        cursor.execute("DELETE FROM temp.gbz_reref WHERE CAST(new_ref AS NUMERIC) = old_ref")
        cursor.execute("""
            INSERT INTO pricing_listingpricechange
                (listing_id, currency, old_price, new_price, old_reference, new_reference, cause, metal_rate_id,
                 fx_rate_id, at)
            SELECT id, %s, price, price, old_ref, CAST(new_ref AS NUMERIC), %s, NULL, %s, %s FROM temp.gbz_reref
        """, [currency, ListingPriceChange.Cause.FX_RATE, fx_id, at])
        count = cursor.rowcount
        cursor.execute("""
            UPDATE catalogue_listingprice SET reference_price = CAST(t.new_ref AS NUMERIC)
            FROM temp.gbz_reref AS t WHERE catalogue_listingprice.listing_id = t.id
        """)
        cursor.execute("DROP TABLE temp.gbz_reref")
        return count
