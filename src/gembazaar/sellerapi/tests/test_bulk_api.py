"""POST /api/v1/seller/bulk-actions: the seller centre's bulk actions for a seller's own system."""

from decimal import Decimal

import pytest
from django.test import Client

from gembazaar.catalogue.models import BulkJob, Listing
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing

from .test_api import api_client

pytestmark = pytest.mark.django_db

BULK = "/api/v1/seller/bulk-actions"


def post(client: Client, body: dict):
    return client.post(BULK, body, content_type="application/json")


def statuses(listings) -> list[str]:
    return [Listing.objects.values_list("status", flat=True).get(pk=listing.pk) for listing in listings]


@pytest.fixture
def drafts(seller):
    return [make_gem_listing(seller=seller, publish=False, sku=f"EM-{n}") for n in range(3)]


def test_the_operations_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    create = paths[BULK]["post"]
    assert create["operationId"] == "seller_bulk_action_create"
    assert {"200", "202", "400", "401", "403", "422", "429"} <= set(create["responses"])
    assert "get" in paths[BULK + "/{job_id}"]


def test_publishing_by_sku_answers_the_finished_job(seller, drafts):
    response = post(api_client(seller), {"action": "publish", "skus": ["EM-0", "EM-1"]})
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("action", "status", "total", "processed", "progress_percent", "done_count",
                                 "skipped_count", "ignored_count", "problems", "price")} == {
        "action": "publish", "status": "done", "total": 2, "processed": 2, "progress_percent": 100,
        "done_count": 2, "skipped_count": 0, "ignored_count": 0, "problems": [], "price": None}
    assert body["urls"]["detail"].endswith(f"{BULK}/{body['id']}")
    assert statuses(drafts) == ["active", "active", "draft"]


def test_by_ids_and_by_filter(seller, drafts):
    client = api_client(seller)
    assert post(client, {"action": "publish", "listing_ids": [drafts[0].pk]}).json()["done_count"] == 1
    assert post(client, {"action": "publish", "filters": {"status": "draft"}}).json()["done_count"] == 2
    assert post(client, {"action": "archive", "filters": {}}).json()["done_count"] == 3
    assert statuses(drafts) == ["archived"] * 3


def test_a_price_change_by_percent_and_to_a_fixed_amount(seller):
    dollars = make_gem_listing(seller=seller, sku="USD-1", price=Decimal("1250.00"), currency="USD")
    rupees = make_gem_listing(seller=seller, sku="PKR-1", price=Decimal("350000"), currency="PKR")
    client = api_client(seller)
    body = post(client, {"action": "change_price", "skus": ["USD-1", "PKR-1"],
                         "price": {"mode": "percent", "percent": "-10"}}).json()
    assert (body["done_count"], body["price"]) == (2, {"mode": "percent", "percent": "-10", "amount": None,
                                                       "currency": None})
    body = post(client, {"action": "change_price", "skus": ["USD-1", "PKR-1"],
                         "price": {"mode": "fixed", "amount": "999.00", "currency": "USD"}}).json()
    assert body["done_count"] == 1
    assert body["problems"] == [{"listing_id": rupees.pk, "sku": "PKR-1", "title": rupees.title,
                                 "code": "other_currency", "reason": "Priced in PKR, not USD."}]
    prices = [Listing.objects.get(pk=listing.pk).price for listing in (dollars, rupees)]
    assert prices == [Decimal("999.00"), Decimal("315000.00")]


def test_another_sellers_skus_are_reported_not_found_and_never_touched(seller, other_seller, drafts):
    theirs = make_gem_listing(seller=other_seller, publish=False, sku="THEIRS")
    body = post(api_client(seller), {"action": "publish", "skus": ["EM-0", "THEIRS"]}).json()
    assert (body["done_count"], body["ignored_count"]) == (1, 1)
    assert body["problems"] == [{"listing_id": None, "sku": "THEIRS", "title": "", "code": "not_found",
                                 "reason": "Not one of your listings."}]
    response = post(api_client(seller), {"action": "publish", "listing_ids": [theirs.pk]})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400, "empty_selection", "listing_ids")
    assert statuses([theirs]) == ["draft"]


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"action": "change_price", "skus": ["EM-0"], "price": {"mode": "percent", "percent": "0"}},
     "price.percent", "invalid"),
    ({"action": "change_price", "skus": ["EM-0"]}, "price.mode", "invalid"),
    ({"action": "change_price", "skus": ["EM-0"], "price": {"mode": "fixed", "amount": "5"}},
     "price.currency", "invalid"),
    ({"action": "change_price", "skus": ["EM-0"], "price": {"mode": "fixed", "amount": "5.001", "currency": "USD"}},
     "price.amount", "invalid"),
    ({"action": "publish"}, "listing_ids", "invalid_selection"),
    ({"action": "publish", "skus": ["EM-0"], "filters": {}}, "filters", "invalid_selection"),
    ({"action": "publish", "skus": []}, "skus", "empty_selection"),
    ({"action": "publish", "filters": {"status": "sold"}}, "filters", "empty_selection"),
])
def test_a_wrong_request_is_a_400_naming_the_field_and_changes_nothing(seller, drafts, body, field, code):
    response = post(api_client(seller), body)
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == (field, code)
    assert statuses(drafts) == ["draft"] * 3 and not BulkJob.objects.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"action": "delete", "skus": ["EM-0"]}, "action"),
    ({"action": "change_price", "skus": ["EM-0"], "price": {"mode": "percent", "percent": -10}}, "price.percent"),
    ({"action": "publish", "listing_ids": ["one"]}, "listing_ids.0"),
    ({"action": "publish", "listing_ids": [2**63]}, "listing_ids.0"),
    ({"action": "publish", "filters": {"status": "gone"}}, "filters.status"),
])
def test_a_malformed_request_is_a_422_naming_the_field(seller, drafts, body, field):
    response = post(api_client(seller), body)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_an_unverified_seller_cannot_publish(seller, drafts):
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.UNDER_REVIEW, verified_at=None)
    response = post(api_client(seller), {"action": "publish", "skus": ["EM-0"]})
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400, "seller_not_verified", "action")


def test_a_large_selection_answers_202_and_the_job_shows_its_progress(seller, drafts, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.LISTINGS_BULK_INLINE_MAX = 2
    client = api_client(seller)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client, {"action": "publish", "filters": {"status": "draft"}})
    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["total"], job["processed"], job["progress_percent"]) == ("queued", 3, 0, 0)
    for callback in callbacks:
        callback()
    detail = client.get(job["urls"]["detail"]).json()
    assert (detail["status"], detail["processed"], detail["done_count"], detail["progress_percent"]) == (
        "done", 3, 3, 100)
    assert statuses(drafts) == ["active"] * 3


def test_another_sellers_job_is_404(seller, other_seller, drafts):
    job_id = post(api_client(seller), {"action": "archive", "skus": ["EM-0"]}).json()["id"]
    assert api_client(seller).get(f"{BULK}/{job_id}").status_code == 200
    response = api_client(other_seller).get(f"{BULK}/{job_id}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_without_a_key_nothing_happens(drafts):
    response = Client().post(BULK, {"action": "publish", "skus": ["EM-0"]}, content_type="application/json")
    assert response.status_code == 401
    assert statuses(drafts) == ["draft"] * 3
