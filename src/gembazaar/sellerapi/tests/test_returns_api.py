"""The seller API's returns policy: read, set, remove; bad input named by field; another seller's key,
ids and fields get nowhere; the public listing API carries the policy."""

import pytest
from django.test import Client

from gembazaar.sellers import api_keys
from gembazaar.sellers.models import ReturnsPolicy, Seller
from gembazaar.sellers.tests.returns_helpers import set_policy, translated
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db

URL = "/api/v1/seller/returns-policy"
BODY = {"accepts_returns": True, "window_days": 21, "conditions": ["original_packaging", "report_match"],
        "return_shipping_paid_by": "seller", "refund_method": "bank_transfer", "refund_days": 5,
        "note": "Loose stones only after a video call."}


def api_client(seller) -> Client:
    _, plaintext = api_keys.api_key_create(seller=seller, name="ERP", created_by=None)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def put(client, body, path=URL):
    return client.put(path, body, content_type="application/json")


def test_without_a_policy_the_key_reads_the_marketplace_minimum(seller):
    response = api_client(seller).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["marketplace_minimum"] is True and body["window_days"] == 30
    assert body["conditions"][0]["code"] == "not_as_described"
    assert body["return_shipping_paid_by"] == {"code": "seller", "label": "Paid by the seller"}


def test_put_sets_the_policy_and_get_reads_it_back(seller):
    client = api_client(seller)
    response = put(client, BODY)

    assert response.status_code == 200
    body = response.json()
    assert body["marketplace_minimum"] is False
    assert (body["window_days"], body["refund_days"], body["note"]) == (21, 5, "Loose stones only after a video call.")
    assert [c["code"] for c in body["conditions"]] == ["original_packaging", "report_match"]
    assert body["refund_method"] == {"code": "bank_transfer", "label": "By bank transfer"}
    assert client.get(URL).json() == body
    assert ReturnsPolicy.objects.get(seller=seller).updated_by is None


def test_labels_follow_the_requests_language(seller):
    client = api_client(seller)
    put(client, BODY)
    with translated("ur", "In its original packaging, with the lab report or certificate", "اصل پیکنگ میں"):
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="ur")
    assert response.status_code == 200
    assert response.json()["conditions"][0] == {"code": "original_packaging", "label": "اصل پیکنگ میں"}


def test_not_accepting_returns_answers_a_zero_window(seller):
    body = put(api_client(seller), {**BODY, "accepts_returns": False, "window_days": 21}).json()
    assert (body["accepts_returns"], body["window_days"], body["conditions"]) == (False, 0, [])


@pytest.mark.parametrize(("changes", "field"), [
    ({"window_days": 0}, "window_days"),
    ({"window_days": 91}, "window_days"),
    ({"window_days": "two weeks"}, "window_days"),
    ({"refund_days": 31}, "refund_days"),
    ({"conditions": ["unworn", "as_new"]}, "conditions.1"),
    ({"conditions": ["not_as_described"]}, "conditions.0"),
    ({"return_shipping_paid_by": "courier"}, "return_shipping_paid_by"),
    ({"refund_method": "cash"}, "refund_method"),
    ({"note": "x" * 501}, "note"),
])
def test_a_broken_rule_is_a_422_naming_the_field_and_nothing_is_written(seller, changes, field):
    response = put(api_client(seller), {**BODY, **changes})

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert not ReturnsPolicy.objects.filter(seller=seller).exists()


def test_a_missing_field_is_a_422_naming_it(seller):
    body = {key: value for key, value in BODY.items() if key != "accepts_returns"}
    response = put(api_client(seller), body)
    assert response.status_code == 422 and response.json()["field"] == "accepts_returns"


def test_delete_brings_back_the_minimum_and_is_harmless_twice(seller):
    client = api_client(seller)
    put(client, BODY)
    first, second = client.delete(URL), client.delete(URL)
    assert first.status_code == second.status_code == 200
    assert first.json()["marketplace_minimum"] is True and not ReturnsPolicy.objects.exists()


def test_the_conditions_list_names_every_code_a_seller_may_set(seller):
    codes = [c["code"] for c in api_client(seller).get(f"{URL}/conditions").json()["conditions"]]
    assert "unworn" in codes and "no_sized_rings" in codes and "not_as_described" not in codes


# --- Another seller ------------------------------------------------------------------------------


def test_a_key_reads_only_its_own_sellers_policy(seller, other_seller):
    set_policy(other_seller, window_days=60)
    client = api_client(seller)

    assert client.get(URL).json()["marketplace_minimum"] is True
    assert client.get(URL, {"seller": other_seller.slug, "seller_id": other_seller.pk}).json()[
        "marketplace_minimum"] is True
    assert client.get(f"{URL}/{other_seller.pk}").status_code == 404
    assert client.get(f"/api/v1/seller/sellers/{other_seller.pk}/returns-policy").status_code == 404


@pytest.mark.parametrize("smuggled", [{"seller": "OTHER_SLUG"}, {"seller_id": "OTHER_ID"}, {"id": "OTHER_ID"}])
def test_a_seller_in_the_body_is_refused_and_changes_nobody(seller, other_seller, smuggled):
    set_policy(other_seller, window_days=60)
    values = {"OTHER_SLUG": other_seller.slug, "OTHER_ID": other_seller.pk}
    body = {**BODY, **{key: values[value] for key, value in smuggled.items()}}

    response = put(api_client(seller), body)

    assert response.status_code == 422 and response.json()["field"] == next(iter(smuggled))
    assert ReturnsPolicy.objects.get(seller=other_seller).window_days == 60
    assert not ReturnsPolicy.objects.filter(seller=seller).exists()


def test_one_sellers_delete_leaves_the_other_alone(seller, other_seller):
    set_policy(other_seller)
    assert api_client(seller).delete(f"{URL}?seller={other_seller.slug}").status_code == 200
    assert ReturnsPolicy.objects.filter(seller=other_seller).exists()


def test_no_key_no_policy(seller):
    client = Client()
    assert client.get(URL).status_code == 401
    assert put(client, BODY).status_code == 401
    assert client.delete(URL).status_code == 401


def test_a_suspended_sellers_key_cannot_change_it(seller):
    client = api_client(seller)
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.SUSPENDED)
    assert put(client, BODY).status_code == 403
    assert not ReturnsPolicy.objects.exists()


# --- The schema and the listing API ---------------------------------------------------------------


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"seller_returns_policy_get", "seller_returns_policy_set", "seller_returns_policy_delete"} <= operations
    body = schema["components"]["schemas"]["ReturnsPolicyIn"]
    assert body["additionalProperties"] is False
    assert body["properties"]["window_days"]["maximum"] == 90
    assert "returns_policy" in schema["components"]["schemas"]["ListingDetailOut"]["properties"]


def test_the_public_listing_api_carries_the_sellers_policy(client, seller):
    set_policy(seller, window_days=10)
    listing = make_gem_listing(seller=seller)

    policy = client.get(f"/api/v1/listings/{listing.pk}").json()["returns_policy"]

    assert policy["marketplace_minimum"] is False and policy["window_days"] == 10
    assert policy["buyer_protection_days"] == 30


def test_the_sellers_listing_pages_read_the_policy_without_a_query_per_listing(seller, django_assert_max_num_queries):
    set_policy(seller)
    client = api_client(seller)
    make_gem_listing(seller=seller)
    with django_assert_max_num_queries(50) as one:
        client.get("/api/v1/seller/listings")
    for _ in range(4):
        make_gem_listing(seller=seller)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/api/v1/seller/listings")
    assert all(item["returns_policy"]["window_days"] == 14 for item in response.json()["items"])
