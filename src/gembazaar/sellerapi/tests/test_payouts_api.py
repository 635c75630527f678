"""The seller API's payouts: balance, ledger by month, payouts, statement CSV; the key names the
seller, so another seller's payout is a 404; bad months are a 400 naming `month`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from gembazaar.orders.tests.conftest import (  # noqa: F401  (autouse: shipping zones, email backend)
    _email_backend_and_fx_cache,
    _shipping_zones,
    make_buyer,
)
from gembazaar.payments import payouts
from gembazaar.payments.tests.payout_factories import complete, paid_order
from gembazaar.sellers import api_keys
from gembazaar.sellers.tests.conftest import make_council_user

pytestmark = pytest.mark.django_db
BASE = "/api/v1/seller/payouts"


def api_client(seller) -> Client:
    _, plaintext = api_keys.api_key_create(seller=seller, name="ERP", created_by=None)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


@pytest.fixture
def earned(seller):
    staff = make_council_user("treasurer")
    buyer = make_buyer("zara")
    complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)
    payout = payouts.payout_request(seller=seller, amount="10000.00", actor=staff)
    payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="MCB-445566")
    paid_order(buyer=buyer, seller=seller, staff=staff, price="200.00")
    return payout


def test_the_balance_says_held_available_and_paid_out(seller, earned):
    body = api_client(seller).get(f"{BASE}/balance").json()

    assert body["currency"] == "PKR" and body["paid_out"] == "10000.00" and body["requested"] == "0.00"
    assert Decimal(body["held"]) > 0 and Decimal(body["available"]) > 0
    assert Decimal(body["balance"]) == Decimal(body["held"]) + Decimal(body["available"])
    assert body["commission_percent"] == "5"


def test_the_ledger_lists_entries_oldest_first_and_filters_by_month(seller, earned):
    client = api_client(seller)
    body = client.get(f"{BASE}/ledger").json()

    assert [item["kind"] for item in body["items"]] == ["sale", "commission", "payout", "sale", "commission"]
    sale = body["items"][0]
    assert sale["held"] is False and sale["order_number"] and Decimal(sale["amount"]) > 0
    assert sale["kind_label"] == "Sale" and sale["currency"] == "PKR"
    assert body["items"][2]["payout_id"] == earned.pk and "MCB-445566" in body["items"][2]["note"]
    assert body["items"][3]["held"] is True
    month = timezone.localdate().strftime("%Y-%m")
    assert client.get(f"{BASE}/ledger", {"month": month}).json()["count"] == 5
    assert client.get(f"{BASE}/ledger", {"month": "2001-01"}).json()["count"] == 0


@pytest.mark.parametrize("month", ["2026-13", "December", "2026-1", "2026-01-01"])
def test_a_bad_month_is_refused_naming_it(seller, month):
    response = api_client(seller).get(f"{BASE}/ledger", {"month": month})
    assert response.status_code in (400, 422)
    assert response.json()["field"] == "month"


def test_payouts_list_and_one_payout(seller, earned):
    client = api_client(seller)
    listed = client.get(BASE).json()
    assert listed["count"] == 1
    assert listed["items"][0] == client.get(f"{BASE}/{earned.pk}").json()
    assert listed["items"][0]["status"] == "sent" and listed["items"][0]["bank_reference"] == "MCB-445566"
    assert listed["items"][0]["amount"] == "10000.00"


def test_another_sellers_key_sees_nothing_of_it(other_seller, earned):
    client = api_client(other_seller)
    assert client.get(f"{BASE}/{earned.pk}").status_code == 404
    assert client.get(BASE).json()["count"] == 0
    assert client.get(f"{BASE}/ledger").json()["count"] == 0
    assert client.get(f"{BASE}/balance").json()["balance"] == "0.00"


@pytest.mark.parametrize("hostile", ["0", "-1", "9" * 30, "abc"])
def test_hostile_payout_ids_are_refused_not_crashed(seller, hostile):
    response = api_client(seller).get(f"{BASE}/{hostile}")
    assert response.status_code in (404, 422)


def test_the_statement_csv(seller, earned):
    month = timezone.localdate().strftime("%Y-%m")
    response = api_client(seller).get(f"{BASE}/statements/{month}.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Date,Kind,Kind code,Order,Note,Amount,Balance,Currency"
    assert "MCB-445566" in text
    bad = api_client(seller).get(f"{BASE}/statements/2026-13.csv")
    assert bad.status_code == 400 and bad.json()["field"] == "month"


def test_without_a_key_it_is_401(db):
    for path in (BASE, f"{BASE}/balance", f"{BASE}/ledger", f"{BASE}/1", f"{BASE}/statements/2026-01.csv"):
        assert Client().get(path).status_code == 401


def test_every_payout_endpoint_is_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/seller/payouts", "/api/v1/seller/payouts/balance", "/api/v1/seller/payouts/ledger",
                 "/api/v1/seller/payouts/{payout_id}", "/api/v1/seller/payouts/statements/{month}.csv"):
        assert path in paths, path
    assert "text/csv" in paths["/api/v1/seller/payouts/statements/{month}.csv"]["get"]["responses"]["200"]["content"]


def test_the_ledger_page_costs_a_fixed_number_of_queries(seller, earned, django_assert_max_num_queries):
    client = api_client(seller)
    with django_assert_max_num_queries(8):
        assert client.get(f"{BASE}/ledger").json()["count"] == 5
