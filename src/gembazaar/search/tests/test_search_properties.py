"""Search properties over random filter combinations (hypothesis) on a small seeded catalogue.

1. The results are exactly those of a plain reference filter over the ORM rows.
2. Each facet value's count is the total of the same search with that facet set to that value.
3. Keyset pages, walked forwards or backwards, concatenate to the whole sorted result, also
   while listings are added between two pages.
Each property runs with both counting methods and both paging methods of the engine.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gembazaar.core import fx
from gembazaar.demo.run import seed_demo
from gembazaar.search import counting, paging
from gembazaar.search.engine import run_search
from gembazaar.search.params import parse_search_params
from gembazaar.search.types import MULTI_FILTERS, RANGE_FILTERS, SORTS
from gembazaar.testing import make_gem_listing, make_jewelry_listing

from .search_reference import matches, order_key, public_rows

pytestmark = pytest.mark.django_db
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
CURRENCIES = ("USD", "PKR", "EUR")


@pytest.fixture
def catalogue():
    seed_demo(listings=160, seed=11, pictures=False)
    return public_rows()


@pytest.fixture(params=["complement-and-walk", "direct-and-sort"])
def engine_mode(request, monkeypatch):
    """Force one of the two counting methods and one of the two paging methods."""
    if request.param == "complement-and-walk":
        monkeypatch.setattr(counting, "COMPLEMENT_SHARE", 0.0)
        monkeypatch.setattr(paging, "SMALL_LIMIT", 0)
    else:
        monkeypatch.setattr(counting, "COMPLEMENT_SHARE", 2.0)
        monkeypatch.setattr(paging, "SMALL_LIMIT", 10**9)
    return request.param


def query_strategy(rows):
    present = {name: sorted({r.values[name] for r in rows if r.values.get(name)}) for name in MULTI_FILTERS
               if name != "treatment"}
    present["treatment"] = sorted({code for r in rows for code in r.treatments})
    present = {name: values for name, values in present.items() if values}  # a small catalogue may lack some
    measures = {name: sorted({r.measures[name] for r in rows if r.measures[name] is not None})
                for name in RANGE_FILTERS}

    @st.composite
    def build(draw):
        query = {}
        for name in draw(st.lists(st.sampled_from(sorted(present)), max_size=3, unique=True)):
            query[name] = draw(st.lists(st.sampled_from(present[name]), min_size=1, max_size=3, unique=True))
        query["currency"] = currency = draw(st.sampled_from(CURRENCIES))
        rate = fx.from_reference(Decimal(1), currency)
        for name in draw(st.lists(st.sampled_from(RANGE_FILTERS), max_size=2, unique=True)):
            low, high = sorted(draw(st.lists(st.sampled_from(measures[name]), min_size=2, max_size=2)))
            if name == "price":  # exact boundaries in the buyer's currency
                low, high = low * rate, high * rate
            if draw(st.booleans()):
                query[f"{name}_min"] = str(low)
            if draw(st.booleans()):
                query[f"{name}_max"] = str(high)
        for flag in ("untreated", "certified", "verified"):
            if draw(st.integers(0, 3)) == 0:
                query[flag] = "1"
        query["sort"] = draw(st.sampled_from([s for s in SORTS]))
        return query

    return build()


def search(query: dict, **changes):
    params = dataclasses.replace(parse_search_params(query), **changes)
    return params, run_search(params)


def test_results_and_facet_counts_match_the_reference(catalogue, engine_mode):
    rows = catalogue

    @FAST
    @given(query_strategy(rows))
    def check(query):
        params, result = search(query, page_size=100)
        expected = sorted((r for r in rows if matches(r, params)), key=lambda r: order_key(r, params.sort))
        assert result.total == len(expected)
        assert result.listing_ids == [r.id for r in expected][:100]

        for facet in result.facets:
            if facet.name in ("untreated", "certified", "verified"):
                flagged = dataclasses.replace(params, flags=params.flags | {facet.name}, page_size=1)
                assert facet.values[0].count == run_search(flagged).total, facet.name
                continue
            for value in facet.values[:2] + facet.values[2:][-2:]:  # first, second and last two: keeps it quick
                narrowed = dataclasses.replace(params, filters={**params.filters, facet.name: (value.value,)},
                                               page_size=1)
                reference = sum(1 for r in rows if matches(r, narrowed))
                assert value.count == reference == run_search(narrowed).total, (facet.name, value.value)
            shown = {value.value for value in facet.values}
            others = {r.values.get(facet.name) for r in rows if matches(r, params, skip=facet.name)} - {"", None}
            if facet.name != "treatment":
                assert others <= shown, facet.name  # no value with listings is left out

        for facet in result.ranges:
            within = [r.measures[facet.name] for r in rows if matches(r, params, skip=facet.name)
                      and r.measures[facet.name] is not None]
            if facet.name == "price" or not within:
                assert (facet.minimum is None) == (not within)
                continue
            assert (facet.minimum, facet.maximum) == (min(within), max(within))
            assert sum(b.count for b in facet.bins) == len(within)

    check()


def walk(params, *, direction: str = "next", between=None) -> list[int]:
    """Every page's ids, following next_cursor (or previous_cursor from the last page)."""
    ids, result = [], run_search(params)
    pages = [result]
    while (cursor := result.next_cursor) is not None:
        if between:
            between()
        result = run_search(dataclasses.replace(params, cursor=cursor))
        pages.append(result)
    if direction == "next":
        return [pk for page in pages for pk in page.listing_ids]
    result = pages[-1]
    ids = list(result.listing_ids)
    while (cursor := result.previous_cursor) is not None:
        result = run_search(dataclasses.replace(params, cursor=cursor))
        ids = result.listing_ids + ids
    return ids


def test_keyset_pages_concatenate_to_the_sorted_result(catalogue, engine_mode):
    rows = catalogue

    @FAST
    @given(query_strategy(rows), st.integers(3, 30), st.sampled_from(["next", "previous"]))
    def check(query, page_size, direction):
        params = dataclasses.replace(parse_search_params(query), page_size=page_size)
        expected = [r.id for r in sorted((r for r in rows if matches(r, params)),
                                         key=lambda r: order_key(r, params.sort))]
        assert walk(params, direction=direction) == expected

    check()


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "carat_asc", "carat_desc"])
def test_pages_stay_stable_while_listings_are_added(catalogue, engine_mode, sort):
    params = parse_search_params({"sort": sort, "page_size": "7"})
    before = {r.id for r in catalogue}
    prices = iter([Decimal(p) for p in ("1", "99999", "1250", "3", "500", "7000", "20", "45000")] * 10)

    def add_listings():
        make_gem_listing(price=next(prices), gem={"carat": Decimal("2.500")})
        make_jewelry_listing()

    seen = walk(params, between=add_listings)
    assert len(seen) == len(set(seen)), "a listing appeared on two pages"
    assert before <= set(seen), "a listing that was there all along was skipped"
    by_id = {r.id: r for r in public_rows()}
    keys = [order_key(by_id[pk], sort) for pk in seen]
    assert keys == sorted(keys), "pages are not in the sort order"
