"""The HTTP API: cart, idempotent checkout, buyer/seller/staff orders and their transitions,
and tenancy: another party's order answers 404, never data."""

import uuid
from decimal import Decimal

import pytest

from gembazaar.catalogue.models import Listing
from gembazaar.orders.models import Checkout, Order
from gembazaar.sellers.api_keys import api_key_create
from gembazaar.testing import make_gem_listing

from .conftest import ADDRESS, add, make_buyer, make_member, place

pytestmark = pytest.mark.django_db

BODY = {"currency": "USD", "shipping_address": ADDRESS, "notes": "Please call before delivery"}


def post(client, path, body=None, **headers):
    return client.post(path, body if body is not None else {}, content_type="application/json", headers=headers)


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


@pytest.fixture
def order(buyer, stone):
    add(buyer, stone)
    return place(buyer).orders[0]


@pytest.fixture
def seller_key(seller):
    owner = make_member(seller, "owner")
    return api_key_create(seller=seller, name="ERP", created_by=owner)[1]


def test_cart_endpoints(buyer_client, buyer, lot):
    response = post(buyer_client, "/api/v1/cart/lines", {"listing_id": lot.pk, "quantity": 2})
    assert response.status_code == 201
    body = response.json()
    [group] = body["groups"]
    [line] = group["lines"]
    assert (line["quantity"], line["unit_price"], body["subtotal"]) == (2, "40.00", "80.00")
    response = buyer_client.patch(f"/api/v1/cart/lines/{line['id']}", {"quantity": 30},
                                  content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"code": "insufficient_stock", "message": "Only 10 in stock.", "field": "quantity"}
    response = buyer_client.patch(f"/api/v1/cart/lines/{line['id']}", {"quantity": 5},
                                  content_type="application/json")
    assert response.json()["count"] == 5
    assert buyer_client.get("/api/v1/cart?currency=PKR").json()["subtotal"] == "56300.00"
    # Every amount in the currency's minor units, never the 3 places stored (JPY has none).
    yen = buyer_client.get("/api/v1/cart?currency=JPY").json()
    [yen_group] = yen["groups"]
    amounts = [yen["subtotal"], yen_group["subtotal"], yen_group["lines"][0]["unit_price"],
               yen_group["lines"][0]["line_total"]]
    assert all("." not in amount for amount in amounts), amounts
    assert yen_group["lines"][0]["listing_price"] == "40.00"
    response = buyer_client.delete(f"/api/v1/cart/lines/{line['id']}")
    assert response.status_code == 200 and response.json()["groups"] == []


def test_cart_writes_check_csrf(buyer, lot):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    response = post(client, "/api/v1/cart/lines", {"listing_id": lot.pk, "quantity": 2})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_cart_line_of_another_cart_is_404(buyer_client, other_buyer, lot):
    line = add(other_buyer, lot, 2)
    assert buyer_client.delete(f"/api/v1/cart/lines/{line.pk}").status_code == 404
    assert buyer_client.patch(f"/api/v1/cart/lines/{line.pk}", {"quantity": 3},
                              content_type="application/json").status_code == 404


def test_checkout_is_idempotent(buyer_client, buyer, stone):
    add(buyer, stone)
    key = uuid.uuid4().hex
    first = post(buyer_client, "/api/v1/checkout", BODY, **{"Idempotency-Key": key})
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["grand_total"] == "1253.00" and body["payment_method"] == "bank_transfer"
    [order] = body["orders"]
    assert order["status"] == "awaiting_payment" and order["notes"] == "Please call before delivery"
    assert order["shipping_address"]["phone"] == "+923001234567"

    replay = post(buyer_client, "/api/v1/checkout", BODY, **{"Idempotency-Key": key})
    assert replay.status_code == 201 and replay.json() == body
    assert replay["Idempotent-Replayed"] == "true"
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1

    other = post(buyer_client, "/api/v1/checkout", {**BODY, "notes": "x"}, **{"Idempotency-Key": key})
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_checkout_needs_the_key_and_names_bad_fields(buyer_client, buyer, stone):
    add(buyer, stone)
    response = post(buyer_client, "/api/v1/checkout", BODY)
    assert response.status_code == 422 and response.json()["field"] == "Idempotency-Key"
    bad = {**BODY, "shipping_address": {**ADDRESS, "phone": "123"}}
    response = post(buyer_client, "/api/v1/checkout", bad, **{"Idempotency-Key": "a"})
    assert response.status_code == 400 and response.json()["field"] == "shipping_address.phone"
    assert not Order.objects.exists()


def test_checkout_of_a_sold_stone_is_no_longer_available(buyer_client, buyer, other_buyer, stone):
    add(buyer, stone)
    add(other_buyer, stone)
    place(other_buyer)
    response = post(buyer_client, "/api/v1/checkout", BODY, **{"Idempotency-Key": "k"})
    assert response.status_code == 400 and response.json()["code"] == "unavailable"
    assert "no longer available" in response.json()["message"]


def test_anonymous_cannot_check_out(client):
    assert post(client, "/api/v1/checkout", BODY, **{"Idempotency-Key": "k"}).status_code == 401
    assert client.get("/api/v1/orders").status_code == 401


def test_quote_and_shipping_options(buyer_client, buyer, stone, other_seller):
    add(buyer, stone)
    add(buyer, make_gem_listing(seller=other_seller, price=Decimal("10.00")))
    body = buyer_client.get("/api/v1/checkout/shipping-options?country=us").json()
    assert (body["country"], body["zone"]) == ("US", "north-america")
    options = body["sellers"]
    assert {o["seller_id"] for o in options} == {stone.seller_id, other_seller.pk}
    assert [opt["method"] for opt in options[0]["options"]] == ["standard", "express"]
    quote = post(buyer_client, "/api/v1/checkout/quote", {
        "currency": "USD", "shipping_country": "US", "shipping_methods": {str(other_seller.pk): "express"}}).json()
    assert quote["shipping_total"] == "100.00" and quote["grand_total"] == "1360.00"


def test_buyer_orders_and_transitions(buyer_client, order):
    listing = buyer_client.get("/api/v1/orders").json()
    assert [o["number"] for o in listing["items"]] == [order.number]
    detail = buyer_client.get(f"/api/v1/orders/{order.number}").json()
    assert [e["to_status"] for e in detail["events"]] == ["placed", "awaiting_payment"]
    assert detail["lines"][0]["spec"]["variety"] == "emerald"
    response = post(buyer_client, f"/api/v1/orders/{order.number}/confirm-delivered")
    assert response.status_code == 400 and response.json()["code"] == "transition_not_allowed"
    response = post(buyer_client, f"/api/v1/orders/{order.number}/cancel", {"reason": ""})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Listing.objects.get(pk=order.lines.get().listing_id).quantity == 1


def test_seller_flow_with_api_key_and_session(client, order, seller, seller_key):
    auth = {"Authorization": f"Bearer {seller_key}"}
    listing = client.get("/api/v1/seller/orders", headers=auth).json()
    assert [o["number"] for o in listing["items"]] == [order.number]
    assert client.get("/api/v1/seller/orders?status=paid", headers=auth).json()["count"] == 0
    response = post(client, f"/api/v1/seller/orders/{order.number}/accept", **auth)
    assert response.status_code == 400  # not paid yet

    staff = make_buyer("council")
    staff.is_superuser = staff.is_staff = True
    staff.save()
    client.force_login(staff)
    response = post(client, f"/api/v1/council/orders/{order.number}/transition", {"to_status": "paid",
                                                                                  "note": "Transfer seen"})
    assert response.status_code == 200 and response.json()["status"] == "paid"
    client.logout()

    accepted = post(client, f"/api/v1/seller/orders/{order.number}/accept", **auth).json()
    assert accepted["status"] == "processing"
    assert accepted["events"][-1]["by"].startswith("API key “ERP”")
    member = make_member(seller, "packer", role="staff")
    client.force_login(member)
    response = post(client, f"/api/v1/seller/orders/{order.number}/ship", {"tracking_number": "", "carrier": "TCS"})
    assert response.status_code == 400 and response.json()["field"] == "tracking_number"
    response = post(client, f"/api/v1/seller/orders/{order.number}/ship",
                    {"tracking_number": "TCS-99", "carrier": "TCS"})
    assert response.status_code == 200 and response.json()["tracking_number"] == "TCS-99"
    roles = [(e["role"], e["to_status"]) for e in response.json()["events"]]
    assert roles[-3:] == [("staff", "paid"), ("seller", "processing"), ("seller", "shipped")]


COUNCIL_CALLS = [("get", "/api/v1/council/orders/{n}", None),
                 ("post", "/api/v1/council/orders/{n}/transition", {"to_status": "paid"})]
SELLER_SESSION_CALLS = [("get", "/api/v1/seller/orders", None), ("get", "/api/v1/seller/orders/{n}", None),
                        ("post", "/api/v1/seller/orders/{n}/accept", {}),
                        ("post", "/api/v1/seller/orders/{n}/ship", {"tracking_number": "T-1", "carrier": "TCS"}),
                        ("post", "/api/v1/seller/orders/{n}/cancel", {"reason": "x"})]


def call(client, method, path, body, order):
    path = path.format(n=order.number)
    if method == "get":
        return client.get(path)
    return post(client, path, body)


@pytest.mark.parametrize(("method", "path", "body"), COUNCIL_CALLS + SELLER_SESSION_CALLS)
def test_without_a_session_the_role_endpoints_answer_401(client, order, method, path, body):
    response = call(client, method, path, body, order)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(("method", "path", "body"), COUNCIL_CALLS)
@pytest.mark.parametrize("who", ["buyer", "seller member"])
def test_signed_in_without_the_council_role_answers_403(client, order, seller, method, path, body, who):
    client.force_login(make_buyer("shopper") if who == "buyer" else make_member(seller, "owner2"))
    response = call(client, method, path, body, order)
    assert response.status_code == 403 and response.json()["code"] == "not_council_staff"
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"


@pytest.mark.parametrize(("method", "path", "body"), SELLER_SESSION_CALLS)
def test_signed_in_without_a_seller_account_answers_403(buyer_client, order, method, path, body):
    response = call(buyer_client, method, path, body, order)
    assert response.status_code == 403 and response.json()["code"] == "not_a_seller_member"
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"


# --- Tenancy ------------------------------------------------------------------------------------


HOSTILE = ["{number}", "{number}%20", "GB-0000-00000", "1", "../{number}", "{number_lower}"]


@pytest.mark.parametrize("path", ["/api/v1/orders/{n}", "/api/v1/orders/{n}/cancel", "/api/v1/orders/{n}/complete",
                                  "/api/v1/orders/{n}/confirm-delivered"])
@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_buyer_never_sees_another_buyers_order(client, order, other_buyer, path, hostile):
    client.force_login(other_buyer)
    n = hostile.format(number=order.number, number_lower=order.number.lower())
    url = path.format(n=n)
    response = client.get(url) if path.endswith("{n}") else post(client, url)
    assert response.status_code == 404
    assert order.number not in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"


@pytest.mark.parametrize("path", ["/api/v1/seller/orders/{n}", "/api/v1/seller/orders/{n}/accept",
                                  "/api/v1/seller/orders/{n}/cancel", "/api/v1/seller/orders/{n}/ship"])
@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("door", ["key", "session"])
def test_a_seller_never_sees_another_sellers_order(client, order, other_seller, path, hostile, door):
    headers = {}
    if door == "key":
        headers["Authorization"] = "Bearer " + api_key_create(seller=other_seller, name="x", created_by=None)[1]
    else:
        client.force_login(make_member(other_seller))
    n = hostile.format(number=order.number, number_lower=order.number.lower())
    url = path.format(n=n)
    body = {"reason": "mine now", "tracking_number": "T", "carrier": "C"}
    response = client.get(url, headers=headers) if path.endswith("{n}") else post(client, url, body, **headers)
    assert response.status_code == 404
    assert order.number not in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"
    listing = client.get("/api/v1/seller/orders", headers=headers).json()
    assert listing["count"] == 0


def test_an_unknown_seller_api_key_answers_401(client, order):
    assert client.get("/api/v1/seller/orders", headers={"Authorization": "Bearer gbz_nope"}).status_code == 401


def test_order_list_query_count_is_flat(buyer_client, buyer, seller, django_assert_max_num_queries):
    for _ in range(5):
        add(buyer, make_gem_listing(seller=seller))
        place(buyer)
    with django_assert_max_num_queries(6):
        body = buyer_client.get("/api/v1/orders").json()
    assert body["count"] == 5


def test_seller_order_list_query_count_is_flat(client, buyer, seller, seller_key):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/seller/orders", headers={"Authorization": f"Bearer {seller_key}"})
        assert response.status_code == 200
        return len(captured)

    add(buyer, make_gem_listing(seller=seller))
    place(buyer)
    one = queries()
    for _ in range(4):
        add(buyer, make_gem_listing(seller=seller))
        place(buyer)
    assert queries() == one <= 10  # key lookup and rate limit, count, one page: no query per order
