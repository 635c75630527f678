"""The council console's payouts (pages) and the council payout API: staff only; payouts at most
what is available, sent with the bank's reference, cancelled; commission and corrections; bad
input named by field; Idempotency-Key on writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from gembazaar.core.money import quantize
from gembazaar.orders.tests.conftest import (  # noqa: F401  (autouse: shipping zones, email backend)
    _email_backend_and_fx_cache,
    _shipping_zones,
    make_buyer,
    make_member,
)
from gembazaar.payments import payout_selectors, payouts
from gembazaar.payments.models import Payout, PayoutEntry
from gembazaar.payments.tests.payout_factories import complete, paid_order
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db
API = "/api/v1/council/payouts"


@pytest.fixture
def seller(db):
    return make_seller(trade_name="Hunza Ruby Co")


@pytest.fixture
def released(seller, council_user):
    """A completed order (available money) and a paid one (held)."""
    shopper = make_buyer("zara")
    complete(paid_order(buyer=shopper, seller=seller, staff=council_user), buyer=shopper)
    paid_order(buyer=shopper, seller=seller, staff=council_user, price="200.00")
    return seller


@pytest.fixture
def staff_client(council_user):
    client = Client()
    client.force_login(council_user)
    return client


def available(seller) -> Decimal:
    return quantize(payout_selectors.seller_available(seller=seller), "PKR")


# --- Pages -----------------------------------------------------------------------------------


def test_the_list_shows_sellers_with_balances_and_the_tab(staff_client, released):
    response = staff_client.get("/council/payouts/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hunza Ruby Co" in page and 'href="/council/payouts/"' in page and 'aria-current="page"' in page
    [(seller, balance)] = response.context["rows"]
    assert seller == released and balance.held > 0 and balance.available > 0


def test_staff_request_a_payout_then_mark_it_sent(staff_client, released, django_capture_on_commit_callbacks):
    make_member(released, "owner1")
    page = staff_client.get(f"/council/payouts/sellers/{released.pk}/")
    key = page.context["request_form"]["idempotency_key"].value()
    form = {"amount": "1000.00", "note": "December", "idempotency_key": key}
    assert staff_client.post(f"/council/payouts/sellers/{released.pk}/request/", form).status_code == 302
    assert staff_client.post(f"/council/payouts/sellers/{released.pk}/request/", form).status_code == 302  # again
    payout = Payout.objects.get()

    missing = staff_client.post(f"/council/payouts/{payout.pk}/sent/", {"bank_reference": " "})
    assert missing.status_code == 400 and "bank" in missing.content.decode().lower()
    with django_capture_on_commit_callbacks(execute=True):
        sent = staff_client.post(f"/council/payouts/{payout.pk}/sent/", {"bank_reference": "UBL-1"})
    assert sent.status_code == 302
    payout.refresh_from_db()
    assert (payout.status, payout.bank_reference) == ("sent", "UBL-1")
    assert len(mail.outbox) == 1


def test_a_payout_beyond_available_or_with_bad_decimals_is_a_400_on_the_form(staff_client, released):
    url = f"/council/payouts/sellers/{released.pk}/request/"
    too_much = staff_client.post(url, {"amount": str(available(released) + 1), "idempotency_key": "a"})
    assert too_much.status_code == 400 and too_much.context["request_form"].errors["amount"]
    decimals = staff_client.post(url, {"amount": "10.001", "idempotency_key": "b"})
    assert decimals.status_code == 400 and "2 decimal" in decimals.context["request_form"].errors["amount"][0]
    assert not Payout.objects.exists()


def test_cancel_commission_and_correction_from_the_page(staff_client, released, council_user):
    payout = payouts.payout_request(seller=released, amount="500.00", actor=council_user)
    assert staff_client.post(f"/council/payouts/{payout.pk}/cancel/").status_code == 302
    assert Payout.objects.get().status == "cancelled"

    assert staff_client.post(f"/council/payouts/sellers/{released.pk}/commission/",
                             {"commission_percent": "3.5"}).status_code == 302
    assert payout_selectors.commission_percent_for(seller=released) == Decimal("3.5")
    bad = staff_client.post(f"/council/payouts/sellers/{released.pk}/commission/", {"commission_percent": "150"})
    assert bad.status_code == 400 and bad.context["commission_form"].errors["commission_percent"]

    url = f"/council/payouts/sellers/{released.pk}/correction/"
    assert staff_client.post(url, {"correction_amount": "-25.00", "correction_note": "Courier",
                                   "correction_key": "k"}).status_code == 302
    assert PayoutEntry.objects.get(kind="correction").amount == Decimal("-25")
    assert staff_client.post(url, {"correction_amount": "5", "correction_note": "",
                                   "correction_key": "k2"}).status_code == 400


@pytest.mark.parametrize("path", ["/council/payouts/", "/council/payouts/sellers/1/"])
def test_pages_are_for_council_staff_only(path, buyer, released):
    assert Client().get(path).status_code == 302  # to sign in
    for user in (buyer, make_member(released, "sellerowner")):
        client = Client()
        client.force_login(user)
        assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/council/payouts/sellers/999999/", "/council/payouts/sellers/" + "9" * 30 + "/"])
def test_unknown_and_hostile_seller_ids_are_404(staff_client, path):
    assert staff_client.get(path).status_code == 404


def test_posting_to_an_unknown_payout_is_404(staff_client):
    assert staff_client.post("/council/payouts/999999/sent/", {"bank_reference": "X"}).status_code == 404
    assert staff_client.post(f"/council/payouts/{'9' * 30}/cancel/").status_code == 404


# --- API -------------------------------------------------------------------------------------


def post(client, path, body=None, key="key-1"):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(path, body or {}, content_type="application/json", headers=headers)


def test_the_api_lists_sellers_and_a_ledger(staff_client, released):
    body = staff_client.get(f"{API}/sellers").json()
    assert body["count"] == 1 and body["items"][0]["trade_name"] == "Hunza Ruby Co"
    assert Decimal(body["items"][0]["balance"]["held"]) > 0
    ledger = staff_client.get(f"{API}/sellers/{released.pk}/ledger").json()
    assert [item["kind"] for item in ledger["items"]] == ["sale", "commission", "sale", "commission"]
    assert staff_client.get(f"{API}/sellers/{released.pk}").json()["available"] == str(available(released))


def test_the_api_requests_a_payout_once_per_key_and_sends_it(staff_client, released):
    first = post(staff_client, f"{API}/sellers/{released.pk}/payouts", {"amount": "700.00"})
    again = post(staff_client, f"{API}/sellers/{released.pk}/payouts", {"amount": "700.00"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true" and first.json()["id"] == again.json()["id"]
    conflict = post(staff_client, f"{API}/sellers/{released.pk}/payouts", {"amount": "800.00"})
    assert (conflict.status_code, conflict.json()["code"]) == (409, "idempotency_key_reused")

    payout_id = first.json()["id"]
    missing = post(staff_client, f"{API}/{payout_id}/sent", {"bank_reference": ""}, key="s1")
    assert (missing.status_code, missing.json()["field"]) == (400, "bank_reference")
    sent = post(staff_client, f"{API}/{payout_id}/sent", {"bank_reference": "HBL-9"}, key="s2")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert staff_client.get(API, {"status": "sent"}).json()["count"] == 1


@pytest.mark.parametrize(("amount", "status"), [("10.001", 400), ("0", 400), ("-5", 400), ("99999999999999", 400),
                                                ("1e3", 422), ("abc", 422), (10.5, 422)])
def test_bad_payout_amounts_name_the_amount(staff_client, released, amount, status):
    response = post(staff_client, f"{API}/sellers/{released.pk}/payouts", {"amount": amount})
    assert response.status_code == status
    assert response.json()["field"] == "amount"
    assert not Payout.objects.exists()


def test_more_than_available_is_refused(staff_client, released):
    response = post(staff_client, f"{API}/sellers/{released.pk}/payouts", {"amount": str(available(released) + 1)})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == \
        (400, "payout_exceeds_available", "amount")


def test_writes_need_an_idempotency_key(staff_client, released):
    response = post(staff_client, f"{API}/sellers/{released.pk}/payouts", {"amount": "1.00"}, key=None)
    assert response.status_code == 422 and response.json()["field"] == "Idempotency-Key"
    blank = post(staff_client, f"{API}/sellers/{released.pk}/payouts", {"amount": "1.00"}, key="  ")
    assert blank.status_code == 400


def test_commission_and_corrections_through_the_api(staff_client, released):
    url = f"{API}/sellers/{released.pk}/commission"
    ok = staff_client.put(url, {"commission_percent": "2.25"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["commission_percent"] == "2.25"
    bad = staff_client.put(url, {"commission_percent": "2.255"}, content_type="application/json")
    assert (bad.status_code, bad.json()["field"]) == (400, "commission_percent")
    reset = staff_client.put(url, {"commission_percent": None}, content_type="application/json")
    assert reset.json()["commission_percent"] == "5"

    correction = post(staff_client, f"{API}/sellers/{released.pk}/corrections",
                      {"amount": "-10.00", "note": "Bank fee"}, key="c1")
    assert correction.status_code == 201 and correction.json()["amount"] == "-10.00"
    assert post(staff_client, f"{API}/sellers/{released.pk}/corrections",
                {"amount": "-10.00", "note": "Bank fee"}, key="c1").json()["id"] == correction.json()["id"]


def test_cancel_through_the_api(staff_client, released, council_user):
    payout = payouts.payout_request(seller=released, amount="50.00", actor=council_user)
    response = post(staff_client, f"{API}/{payout.pk}/cancel", key="x1")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_the_api_is_for_council_staff_only(released, buyer):
    paths = [("get", f"{API}/sellers"), ("get", f"{API}/sellers/{released.pk}/ledger"),
             ("post", f"{API}/sellers/{released.pk}/payouts"), ("post", f"{API}/1/sent")]
    for method, path in paths:
        assert getattr(Client(), method)(path, content_type="application/json").status_code == 401
    for user in (buyer, make_member(released, "sellerowner")):
        client = Client()
        client.force_login(user)
        for method, path in paths:
            response = getattr(client, method)(path, {"amount": "1.00", "bank_reference": "x"},
                                               content_type="application/json", headers={"Idempotency-Key": "k"})
            assert response.status_code == 403, path
    assert not Payout.objects.exists()


def test_unknown_and_hostile_ids_are_404_or_422(staff_client):
    assert staff_client.get(f"{API}/sellers/999999").status_code == 404
    assert post(staff_client, f"{API}/999999/sent", {"bank_reference": "X"}).status_code == 404
    assert staff_client.get(f"{API}/sellers/{'9' * 30}").status_code == 422


def test_every_council_payout_endpoint_is_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/council/payouts", "/api/v1/council/payouts/sellers",
                 "/api/v1/council/payouts/sellers/{seller_id}", "/api/v1/council/payouts/sellers/{seller_id}/ledger",
                 "/api/v1/council/payouts/sellers/{seller_id}/payouts", "/api/v1/council/payouts/{payout_id}/sent",
                 "/api/v1/council/payouts/{payout_id}/cancel", "/api/v1/council/payouts/sellers/{seller_id}/commission",
                 "/api/v1/council/payouts/sellers/{seller_id}/corrections"):
        assert path in paths, path


def test_the_seller_list_costs_the_same_queries_for_more_sellers(staff_client, released, council_user,
                                                                django_assert_max_num_queries):
    payouts.payout_correction_record(seller=make_seller(), amount="5.00", actor=council_user, note="Opening")
    with django_assert_max_num_queries(12):
        assert staff_client.get(f"{API}/sellers").json()["count"] == 2
    for _ in range(3):
        payouts.payout_correction_record(seller=make_seller(), amount="5.00", actor=council_user, note="Opening")
    with django_assert_max_num_queries(12):
        assert staff_client.get(f"{API}/sellers").json()["count"] == 5
    with django_assert_max_num_queries(14):
        assert staff_client.get("/council/payouts/").status_code == 200
