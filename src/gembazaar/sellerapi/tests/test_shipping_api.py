"""The seller API's shipping rates: list, set, remove; bad input; another seller's key."""

from decimal import Decimal

import pytest
from django.test import Client

from gembazaar.sellers import api_keys as services
from gembazaar.sellers.models import Seller
from gembazaar.shipping.models import ShippingRate
from gembazaar.shipping.selectors import options_for_sellers
from gembazaar.testing import seed_shipping_zones

pytestmark = pytest.mark.django_db

BASE = "/api/v1/seller/shipping-rates"
GOOD = {"price": "9000", "currency": "PKR", "days_min": 2, "days_max": 4}


@pytest.fixture(autouse=True)
def _zones(db):
    seed_shipping_zones()


def api_client(seller) -> Client:
    _, plaintext = services.api_key_create(seller=seller, name="ERP", created_by=None)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def put(client, path, body):
    return client.put(path, body, content_type="application/json")


def own_rates(seller):
    return list(ShippingRate.objects.filter(seller=seller).values_list(
        "zone__code", "method", "price", "currency", "days_min", "days_max"))


def express_to_france(seller, currency="USD"):
    return options_for_sellers(seller_ids=[seller.pk], country="FR", currency=currency)[seller.pk][1]


def test_list_shows_every_zone_and_method_with_the_default(seller):
    response = api_client(seller).get(BASE)
    assert response.status_code == 200
    rows = response.json()["rates"]
    assert len(rows) == 12
    europe_express = next(r for r in rows if (r["zone"], r["method"]) == ("europe", "express"))
    assert europe_express == {
        "zone": "europe", "zone_name": "Europe", "countries": europe_express["countries"], "method": "express",
        "default": {"price": "65.00", "currency": "USD", "days_min": 3, "days_max": 5}, "own": None}
    assert "FR" in europe_express["countries"]


def test_put_sets_and_changes_delete_removes_and_checkout_follows(seller):
    client = api_client(seller)
    response = put(client, f"{BASE}/europe/express", GOOD)
    assert response.status_code == 200
    assert response.json()["own"] == {"price": "9000.00", "currency": "PKR", "days_min": 2, "days_max": 4}
    assert express_to_france(seller, "PKR").price == Decimal("9000.00")

    response = put(client, f"{BASE}/europe/express", {"price": "0", "currency": "USD", "days_min": 1,
                                                      "days_max": 2})
    assert response.status_code == 200 and response.json()["own"]["price"] == "0.00"
    assert express_to_france(seller).price == 0
    own = next(r for r in client.get(BASE).json()["rates"] if r["zone"] == "europe" and r["method"] == "express")["own"]
    assert own["currency"] == "USD"

    response = client.delete(f"{BASE}/europe/express")
    assert response.status_code == 200 and response.json()["own"] is None
    assert own_rates(seller) == []
    assert express_to_france(seller).price == Decimal("65.00")
    assert client.delete(f"{BASE}/europe/express").status_code == 200  # nothing left to remove: still fine


@pytest.mark.parametrize(("change", "status", "field"), [
    ({"price": "-1"}, 400, "price"),
    ({"price": "12.345"}, 400, "price"),
    ({"currency": "XYZ"}, 400, "currency"),
    ({"days_min": 5, "days_max": 2}, 400, "days_min"),
    ({"days_max": 120}, 400, "days_max"),
    ({"price": 12.5}, 422, "price"),          # a JSON number: money travels as a string
    ({"price": "abc"}, 422, "price"),
    ({"days_min": "two"}, 422, "days_min"),
    ({"currency": "RUPEE"}, 422, "currency"),
])
def test_bad_input_names_the_field_and_writes_nothing(seller, change, status, field):
    client = api_client(seller)
    put(client, f"{BASE}/europe/express", {"price": "50", "currency": "USD", "days_min": 3, "days_max": 5})
    before = own_rates(seller)
    response = put(client, f"{BASE}/europe/express", {**GOOD, **change})
    assert response.status_code == status, response.json()
    assert response.json()["field"] == field
    assert own_rates(seller) == before


@pytest.mark.parametrize("path", ["mars/express", "europe/overnight", "1/standard"])
def test_an_unknown_zone_or_method_is_404(seller, path):
    client = api_client(seller)
    assert put(client, f"{BASE}/{path}", GOOD).status_code == 404
    response = client.delete(f"{BASE}/{path}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert own_rates(seller) == []


def test_another_sellers_key_neither_sees_nor_touches_our_rates(seller, other_seller):
    put(api_client(seller), f"{BASE}/europe/express", GOOD)
    mine = own_rates(seller)
    theirs = api_client(other_seller)
    assert all(row["own"] is None for row in theirs.get(BASE).json()["rates"])
    assert theirs.delete(f"{BASE}/europe/express").status_code == 200  # removes their own (none)
    assert put(theirs, f"{BASE}/europe/express", {**GOOD, "price": "1"}).status_code == 200
    assert own_rates(seller) == mine
    assert own_rates(other_seller) == [("europe", "express", Decimal("1"), "PKR", 2, 4)]


def test_a_suspended_sellers_key_is_403_and_changes_nothing(seller):
    client = api_client(seller)
    put(client, f"{BASE}/europe/express", GOOD)
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.SUSPENDED)
    assert put(client, f"{BASE}/europe/express", {**GOOD, "price": "1"}).status_code == 403
    assert client.delete(f"{BASE}/europe/express").status_code == 403
    assert own_rates(seller) == [("europe", "express", Decimal("9000"), "PKR", 2, 4)]


def test_no_key_is_401(seller):
    assert Client().get(BASE).status_code == 401
    assert put(Client(), f"{BASE}/europe/express", GOOD).status_code == 401
    assert own_rates(seller) == []


def test_the_endpoints_and_their_errors_are_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths[BASE]) == {"get"}
    one = paths[BASE + "/{zone}/{method}"]
    assert set(one) == {"put", "delete"}
    assert {"200", "401", "403", "429", "400", "404", "422"} <= set(one["put"]["responses"])
    assert {"200", "401", "403", "429", "404"} <= set(one["delete"]["responses"])
    assert {"200", "401", "403", "429"} <= set(paths[BASE]["get"]["responses"])
    assert one["put"]["security"] == [{"SellerApiKeyAuth": []}]
