"""A reprice keeps search right (sort and filter by price, in the buyer's currency), and on
PostgreSQL it rewrites only the narrow price rows, as HOT updates, without touching the listing
rows or logging row by row (catalogue migrations 0004 and 0006, docs/PERFORMANCE.md "Repricing")."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection

from gembazaar.catalogue.models import Listing
from gembazaar.pricing import services
from gembazaar.search import freshness, text
from gembazaar.search.engine import run_search
from gembazaar.search.freshness import search_index
from gembazaar.search.models import SearchChange
from gembazaar.search.params import parse_search_params
from gembazaar.testing import make_jewelry_listing

from .conftest import LAHORE_24K_TOLA, record_gold

pytestmark = pytest.mark.django_db
REPRICED_COLUMNS = {"price", "reference_price"}


def found(query: dict) -> list[int]:
    return run_search(parse_search_params({"page_size": "100", **query})).listing_ids


def linked(net_g: str, making_mode: str, making_value: str) -> Listing:
    return make_jewelry_listing(price_mode="metal_linked", jewelry={
        "karat": 22, "fineness": 916, "net_metal_weight_g": Decimal(net_g), "gross_weight_g": Decimal(net_g),
        "making_charge_mode": making_mode, "making_charge_value": Decimal(making_value)})


@pytest.fixture
def pair():
    """Two 22K pieces whose price order flips when gold halves: a light one with a large fixed
    making charge, a heavy one with a plain 0 % making charge."""
    record_gold()
    light = linked("10", "fixed", "500000")  # ≈ Rs 855,000 at Rs 452,300/tola (24K) → ≈ Rs 677,000
    heavy = linked("30", "percent", "0")  # ≈ Rs 1,066,000 → ≈ Rs 533,000
    assert light.price < heavy.price
    assert found({"sort": "price_asc"}) == [light.pk, heavy.pk]  # the index is loaded now
    return light, heavy


def _halve_gold():
    return record_gold(price=LAHORE_24K_TOLA / 2)


def test_after_a_reprice_search_sorts_and_filters_by_the_new_prices(pair):
    light, heavy = pair
    assert found({"currency": "PKR", "price_min": "500000", "price_max": "600000"}) == []
    log_before = SearchChange.objects.count()

    _halve_gold()

    light.refresh_from_db()
    heavy.refresh_from_db()
    assert Decimal("500000") < heavy.price < Decimal("600000") < Decimal("650000") < light.price < Decimal("700000")
    assert found({"sort": "price_asc"}) == [heavy.pk, light.pk]
    assert found({"sort": "price_desc"}) == [light.pk, heavy.pk]
    assert found({"currency": "PKR", "price_min": "500000", "price_max": "600000"}) == [heavy.pk]
    assert found({"currency": "PKR", "price_min": "650000", "price_max": "700000"}) == [light.pk]
    assert found({"currency": "PKR", "price_min": "800000"}) == []
    # One change-log row per repriced listing (a small reprice is patched into the index).
    logged = list(SearchChange.objects.order_by("id")[log_before:].values_list("listing_id", flat=True))
    assert sorted(logged) == sorted([light.pk, heavy.pk])


def test_an_fx_change_moves_listings_in_a_usd_price_filter(pair):
    light, _heavy = pair
    light_usd = light.reference_price
    assert found({"price_min": str(light_usd - 1), "price_max": str(light_usd + 1)}) == [light.pk]
    services.record_fx_rate(currency="PKR", per_usd="560", source="State Bank of Pakistan", confirm=True)
    light.refresh_from_db()
    assert light.reference_price == (light.price / 560).quantize(Decimal("0.01")) < light_usd - 1
    assert found({"price_min": str(light_usd - 1), "price_max": str(light_usd + 1)}) == []
    assert found({"price_min": str(light.reference_price - 1), "price_max": str(light.reference_price + 1)}) == [
        light.pk]


def test_a_reprice_of_more_listings_than_a_batch_reloads_the_index(pair, monkeypatch):
    light, heavy = pair
    monkeypatch.setattr(freshness, "MAX_BATCH", 1)
    log_before = SearchChange.objects.count()
    generation = search_index.current().generation

    _halve_gold()

    if connection.vendor == "postgresql":  # the reprice logged one "reload everything" row
        assert list(SearchChange.objects.order_by("id")[log_before:].values_list("listing_id", "seller_id")) == [
            (None, None)]
    assert found({"sort": "price_asc"}) == [heavy.pk, light.pk]
    assert found({"currency": "PKR", "price_min": "500000", "price_max": "600000"}) == [heavy.pk]
    assert search_index.current().generation != generation


# --- PostgreSQL: HOT-capable, no vector recompute, the row trigger switched off only for the reprice ---


def _indexes(table: str) -> list[tuple[str, list[str], str, str]]:
    """(name, key columns, expressions, predicate) of every index on `table`."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname,
                   ARRAY(SELECT a.attname FROM unnest(i.indkey) AS k(attnum)
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),
                   coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = %s::regclass
        """, [table])
        return cursor.fetchall()


def _xact_updates(table: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = %s", [table])
        return cursor.fetchone() or (0, 0)


@pytest.mark.postgres
def test_no_index_on_prices_covers_a_column_that_repricing_changes():
    indexes = _indexes("catalogue_listingprice")
    assert [columns for _name, columns, _e, _p in indexes] == [["listing_id"]]  # the key only
    for name, columns, expressions, predicate in indexes:
        words = set(re.findall(r"[a-z_]+", f"{expressions} {predicate}"))
        assert not REPRICED_COLUMNS & (set(columns) | words), name
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = 'catalogue_listingprice'::regclass")
        assert "fillfactor=50" in cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_attribute WHERE attrelid = 'catalogue_listing'::regclass "
                       "AND attname IN ('price', 'reference_price') AND NOT attisdropped")
        assert cursor.fetchone()[0] == 0


@pytest.mark.postgres
def test_a_reprice_is_heap_only(pair):
    light, heavy = pair
    others = [linked(str(5 + n), "per_gram", "850") for n in range(8)]
    ids = [light.pk, heavy.pk, *[x.pk for x in others]]
    updated, hot = _xact_updates("catalogue_listingprice")
    listing_updates = _xact_updates("catalogue_listing")

    _halve_gold()

    updated_after, hot_after = _xact_updates("catalogue_listingprice")
    assert updated_after - updated == len(ids)
    assert hot_after - hot == len(ids)  # every repriced row updated in place of its index entries
    assert _xact_updates("catalogue_listing") == listing_updates  # the listings themselves untouched


@pytest.mark.postgres
def test_full_text_matching_uses_an_expression_index_not_a_stored_vector():
    listing = make_jewelry_listing()
    Listing.objects.filter(pk=listing.pk).update(search_text="tourmaline pendant from gilgit")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_attribute WHERE attrelid = 'catalogue_listing'::regclass "
                       "AND attname = 'search_vector' AND NOT attisdropped")
        assert cursor.fetchone()[0] == 0  # the rows stay narrow: the vector lives in the index only
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'catalogue_listing' "
                       "AND indexdef LIKE '%%gin%%to_tsvector%%'")
        assert cursor.fetchone() is not None
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM catalogue_listing "  # noqa: S608 - a constant expression
                       f"WHERE {text.VECTOR} @@ to_tsquery('english', %s)", ["gilgit"])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "catalogue_listing_search_text_fts_idx" in plan
    assert listing.pk in text.matching_ids("gilgit").tolist() or listing.status != "active"
    assert text.recheck(["tourmalin:*"], [listing.pk]) == [{listing.pk}]


@pytest.mark.postgres
def test_writes_after_a_reprice_in_the_same_transaction_are_logged_again(pair):
    light, _heavy = pair
    _halve_gold()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('gembazaar.search_log', true)")
        assert cursor.fetchone()[0] == "on"
    log_before = SearchChange.objects.count()
    Listing.objects.filter(pk=light.pk).update(quantity=3)
    assert list(SearchChange.objects.order_by("id")[log_before:].values_list("listing_id", flat=True)) == [light.pk]
