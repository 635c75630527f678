"""The rates API: today's table, history, council-only recording, quotes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gembazaar.pricing.models import FXRate, MetalRate
from gembazaar.testing import make_jewelry_listing

from .conftest import LAHORE_24K_TOLA, make_council_user, make_user, record_gold

pytestmark = pytest.mark.django_db

BODY = {"kind": "metal", "metal": "gold", "fineness": 999, "unit": "tola", "price": "452300", "currency": "PKR",
        "source": "Lahore Sarafa"}


def test_todays_rates_list_gold_karats_per_tola_and_10g_in_pkr_and_per_gram_in_usd(client):
    record_gold()
    record_gold(metal="silver", price="5450")
    body = client.get("/api/v1/rates").json()
    rows = {(r["metal"], r["fineness"], r["currency"]): r for r in body["rates"]}
    assert rows[("gold", 999, "PKR")]["per_tola"] == "452300.00"
    assert rows[("gold", 916, "PKR")]["per_tola"] == "414608.33"  # 452,300 × 22/24
    assert rows[("gold", 916, "PKR")]["karat"] == 22 and rows[("gold", 916, "PKR")]["derived"] is True
    assert {("gold", f, "PKR") for f in (999, 916, 875, 750)} <= set(rows)
    assert rows[("gold", 999, "USD")]["per_gram"] == "137.76"  # 452,300 / 11.6638038 / 281.5 = 137.755…
    assert rows[("silver", 999, "PKR")]["per_tola"] == "5450.00"
    assert body["stale_after_hours"] == 36


def test_history_for_a_chart(client):
    record_gold(price="440000", effective_at=timezone.now() - timedelta(days=3))
    record_gold()
    body = client.get("/api/v1/rates/history?metal=gold&fineness=999&days=30").json()
    assert [p["price"] for p in body["points"]] == ["440000.00", "452300.00"]
    assert body["unit"] == "tola" and body["currency"] == "PKR"


@pytest.mark.parametrize(("query", "field"), [("metal=copper", "metal"), ("metal=gold&fineness=990", "fineness"),
                                              ("days=0", "days"), ("days=1000", "days"), ("unit=seer", "unit")])
def test_bad_history_queries_name_the_parameter(client, query, field):
    response = client.get(f"/api/v1/rates/history?{query}")
    assert response.status_code in (400, 422)
    body = response.json()
    assert body.get("field") == field or field in [e.get("field") for e in body.get("errors", [])]


def test_council_staff_record_a_rate_and_listings_are_repriced(client):
    record_gold()
    listing = make_jewelry_listing(price_mode="metal_linked")
    client.force_login(make_council_user())
    response = client.post("/api/v1/rates", {**BODY, "price": "460000"}, content_type="application/json")
    assert response.status_code == 201, response.content
    rate = MetalRate.objects.get(pk=response.json()["id"])
    assert rate.recorded_by.username == "council" and rate.price == Decimal("460000")
    old = listing.price
    listing.refresh_from_db()
    assert listing.price > old


def test_council_staff_record_an_fx_rate(client):
    client.force_login(make_council_user())
    response = client.post("/api/v1/rates", {"kind": "fx", "currency": "PKR", "price": "282.10", "source": "SBP"},
                           content_type="application/json")
    assert response.status_code == 201
    assert FXRate.objects.filter(currency="PKR").latest("effective_at").per_usd == Decimal("282.10")


def test_a_buyer_cannot_record_rates_and_anonymous_must_sign_in(client):
    assert client.post("/api/v1/rates", BODY, content_type="application/json").status_code == 401
    client.force_login(make_user("buyer"))
    assert client.post("/api/v1/rates", BODY, content_type="application/json").status_code == 403
    assert MetalRate.objects.count() == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"price": "0"}, "price"), ({"price": "-1"}, "price"), ({"currency": "ZZZ"}, "currency"),
    ({"fineness": 990}, "fineness"), ({"metal": "tin"}, "metal"), ({"unit": "seer"}, "unit"),
    ({"price": "999999"}, "confirm"),
])
def test_bad_rates_are_422_naming_the_field_and_nothing_is_applied(client, change, field):
    record_gold()
    client.force_login(make_council_user())
    response = client.post("/api/v1/rates", {**BODY, **change}, content_type="application/json")
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert MetalRate.objects.count() == 1


def test_a_confirmed_jump_is_recorded(client):
    record_gold()
    client.force_login(make_council_user())
    response = client.post("/api/v1/rates", {**BODY, "price": "999999", "confirm": True},
                           content_type="application/json")
    assert response.status_code == 201


def test_a_quote_with_breakdown_in_the_buyers_currency(client):
    record_gold()
    listing = make_jewelry_listing(price_mode="metal_linked", jewelry={"stone_value": "5000"})
    body = client.get(f"/api/v1/listings/{listing.pk}/quote?currency=USD").json()
    assert body["on_request"] is False and body["amount"] == str(listing.price.quantize(Decimal("0.01")))
    assert body["breakdown"]["stones"] == "5000.00"
    assert body["display_currency"] == "USD"
    assert Decimal(body["display_amount"]) == (listing.price / Decimal("281.5")).quantize(Decimal("0.01"))


def test_a_quote_on_request_when_rates_are_stale(client):
    record_gold(effective_at=timezone.now() - timedelta(days=3))
    listing = make_jewelry_listing(price_mode="metal_linked")
    body = client.get(f"/api/v1/listings/{listing.pk}/quote").json()
    assert body["on_request"] is True and body["amount"] is None and body["breakdown"] is None


def test_a_quote_for_a_draft_is_404(client):
    listing = make_jewelry_listing(publish=False)
    assert client.get(f"/api/v1/listings/{listing.pk}/quote").status_code == 404


def test_the_rate_value_in_the_api_is_exact():
    assert Decimal("414608.3333333333333333333333") == LAHORE_24K_TOLA * 22 / 24
