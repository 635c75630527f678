"""GET /api/v1/search: the response shape, 422s naming the parameter, keyset pages, query count."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gembazaar.search.freshness import search_index
from gembazaar.testing import make_gem_listing, make_jewelry_listing

pytestmark = pytest.mark.django_db
URL = "/api/v1/search"


@pytest.fixture
def listings():
    gems = [make_gem_listing(price=Decimal(1000 + i), gem={"carat": Decimal(f"1.{i:03d}")}) for i in range(5)]
    rings = [make_jewelry_listing() for _ in range(2)]
    return gems + rings


def test_the_answer_has_cards_facets_ranges_and_cursors(client, listings):
    body = client.get(URL, {"kind": "gemstone", "sort": "price_asc", "page_size": 2, "carat_min": "1"}).json()
    assert set(body) == {"items", "total", "facets", "ranges", "chips", "relaxations", "next_cursor",
                         "previous_cursor", "took_ms"}
    assert body["total"] == 5
    assert [item["id"] for item in body["items"]] == [listings[0].pk, listings[1].pk]
    card = client.get(f"/api/v1/listings/{listings[0].pk}").json()
    assert body["items"][0]["price"] == card["price"] == "1000.00"
    assert body["items"][0]["gem"]["carat"] == "1.000"
    kind = next(f for f in body["facets"] if f["name"] == "kind")
    # Counted with the other filters: rings have no carat weight, so none would be added.
    assert {v["value"]: (v["count"], v["selected"]) for v in kind["values"]} == {"gemstone": (5, True)}
    carat = next(r for r in body["ranges"] if r["name"] == "carat")
    assert (carat["minimum"], carat["maximum"], carat["selected_min"]) == ("1", "1.004", "1")
    assert all(isinstance(b["lower"], str) for b in carat["bins"])
    assert [chip["param"] for chip in body["chips"]] == ["kind", "carat"]
    assert body["previous_cursor"] is None
    following = client.get(URL, {"kind": "gemstone", "sort": "price_asc", "page_size": 2, "carat_min": "1",
                                 "cursor": body["next_cursor"]}).json()
    assert [item["id"] for item in following["items"]] == [listings[2].pk, listings[3].pk]
    assert following["previous_cursor"]


def test_nothing_found_comes_with_help(client, listings):
    body = client.get(URL, {"kind": "jewelry", "untreated": "1"}).json()
    assert body["total"] == 0
    assert [(r["chip"]["param"], r["count"]) for r in body["relaxations"]] == [("untreated", 2)]
    assert body["relaxations"][0]["chip"]["remove_query"] == "kind=jewelry"


@pytest.mark.parametrize(("query", "field"), [
    ({"species": "unobtainium"}, "species"),
    ({"carat_min": "3", "carat_max": "1"}, "carat_min"),
    ({"page_size": "1000"}, "page_size"),
    ({"sort": "random"}, "sort"),
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"currency": "XXX"}, "currency"),
])
def test_a_bad_parameter_is_a_422_naming_it(client, query, field):
    response = client.get(URL, query)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["field"] == field
    assert field in [error["field"] for error in body["errors"]]


def test_the_number_of_queries_does_not_grow_with_the_page(client, listings, django_assert_max_num_queries):
    search_index.current()  # the first search of a process loads the index
    for size in (2, 7):
        # the change-log check, the page's listings (with seller and spec), their pictures
        with django_assert_max_num_queries(3):
            assert client.get(URL, {"page_size": size}).status_code == 200


def test_the_endpoint_and_its_parameters_are_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "species", "carat_min", "price_max", "untreated", "sort", "page_size", "cursor"} <= names
    assert "422" in operation["responses"]
