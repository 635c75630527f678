"""parse_search_params: every bad parameter is refused by its own name; good URLs round-trip."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from gembazaar.search import cursor as cursors
from gembazaar.search.params import parse_search_params


def errors_of(query: str) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        parse_search_params(QueryDict(query))
    return caught.value.message_dict


@pytest.mark.parametrize(("query", "parameter"), [
    ("species=unobtainium", "species"),
    ("variety=emerald,kryptonite", "variety"),
    ("treatment=XX", "treatment"),
    ("karat=23", "karat"),
    ("origin_country=ZZ", "origin_country"),
    ("seller=not%20a%20slug!", "seller"),
    ("carat_min=3&carat_max=1", "carat_min"),
    ("price_min=abc", "price_min"),
    ("length_mm_max=-2", "length_mm_max"),
    ("metal_weight_g_min=NaN", "metal_weight_g_min"),
    ("carat_max=1e400", "carat_max"),
    ("page_size=0", "page_size"),
    ("page_size=101", "page_size"),
    ("page_size=ten", "page_size"),
    ("sort=cheapest", "sort"),
    ("currency=XYZ", "currency"),
    ("currency=CHF", "currency"),  # has a rate, but is not a currency buyers can pick
    ("untreated=maybe", "untreated"),
    ("cursor=garbage", "cursor"),
    ("q=" + "a" * 201, "q"),
])
def test_a_bad_parameter_is_named_in_the_error(query, parameter):
    assert parameter in errors_of(query)


def test_every_bad_parameter_is_reported_at_once():
    assert set(errors_of("species=x&carat_min=5&carat_max=1&page_size=500&sort=x")) == {
        "species", "carat_min", "page_size", "sort"}


def test_unknown_parameters_are_ignored():
    params = parse_search_params(QueryDict("utm_source=newsletter&page=3&species=beryl"))
    assert params.filters == {"species": ("beryl",)}


def test_values_may_repeat_or_be_comma_separated_and_come_back_sorted():
    params = parse_search_params(QueryDict("species=corundum&species=beryl,spinel&species=beryl"))
    assert params.filters["species"] == ("beryl", "corundum", "spinel")


def test_a_plain_mapping_works_as_well_as_a_querydict():
    params = parse_search_params({"kind": ["gemstone", "lot"], "carat_min": "1.5", "untreated": "on"})
    assert params.filters["kind"] == ("gemstone", "lot")
    assert params.ranges["carat"] == (Decimal("1.5"), None)
    assert params.flags == {"untreated"}


def test_the_query_string_is_canonical_and_parses_back_to_the_same_search():
    query = "untreated=1&species=beryl,corundum&q=%20swat%20%20emerald&carat_max=3.500&currency=PKR&price_min=1000"
    params = parse_search_params(QueryDict(query))
    text = params.to_query_string()
    assert text == ("q=swat%20emerald&species=beryl,corundum&carat_max=3.5&price_min=1000&untreated=1"
                    "&currency=PKR")
    assert parse_search_params(QueryDict(text)) == params


def test_to_query_string_can_drop_one_value_a_range_a_flag_or_the_words():
    params = parse_search_params(QueryDict("q=ruby&species=beryl,corundum&carat_min=1&certified=1"))
    assert params.to_query_string(without=("species", "beryl")) == "q=ruby&species=corundum&carat_min=1&certified=1"
    assert params.to_query_string(without=("carat", None)) == "q=ruby&species=beryl,corundum&certified=1"
    assert params.to_query_string(without=("certified", None)) == "q=ruby&species=beryl,corundum&carat_min=1"
    assert params.to_query_string(without=("q", None)) == "species=beryl,corundum&carat_min=1&certified=1"


def test_a_cursor_is_kept_only_when_given():
    params = parse_search_params(QueryDict("sort=newest"))
    token = cursors.encode(cursors.Cursor("newest", "key", 5, 7))
    assert "cursor" not in params.to_query_string()
    assert params.to_query_string(cursor=token).endswith(f"cursor={token}")


def test_a_tampered_cursor_is_refused():
    token = cursors.encode(cursors.Cursor("newest", "key", 5, 7))
    signature = token.rsplit(":", 1)[1]
    forged = cursors.encode(cursors.Cursor("newest", "key", 5, 8)).rsplit(":", 1)[0] + ":" + signature
    assert "cursor" in errors_of(f"sort=newest&cursor={forged}")
    assert parse_search_params(QueryDict(f"sort=newest&cursor={token}")).cursor == token


def test_a_cursor_from_another_sort_is_refused():
    token = cursors.encode(cursors.Cursor("price_asc", "key", 125000, 7))
    assert "cursor" in errors_of(f"sort=newest&cursor={token}")
    relevance = cursors.encode(cursors.Cursor("relevance", "key", 5, 7))
    assert "cursor" in errors_of(f"q=ruby&cursor={relevance}")  # with words, relevance cursors hold a score


def test_params_are_plain_data_that_can_be_changed():
    params = parse_search_params(QueryDict("species=beryl"))
    assert dataclasses.replace(params, sort="newest").sort == "newest"


def test_a_price_range_link_carries_its_currency_even_in_usd():
    from gembazaar.search.params import parse_search_params

    params = parse_search_params({"price_min": "100", "price_max": "500", "currency": "USD"})
    assert "currency=USD" in params.to_query_string()
    assert "currency" not in params.to_query_string(without=("price", None))
    assert "currency" not in parse_search_params({"species": "beryl"}).to_query_string()
