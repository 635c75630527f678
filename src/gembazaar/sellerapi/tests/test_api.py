"""The seller API: keys, the listing endpoints, bulk upsert, and tenancy."""

import hashlib

import pytest
from django.test import Client

from gembazaar.catalogue.models import Listing
from gembazaar.sellers import api_keys as services
from gembazaar.sellers.models import SellerApiKey
from gembazaar.testing import make_gem_listing, make_jewelry_listing

pytestmark = pytest.mark.django_db

BASE = "/api/v1/seller/listings"


def api_client(seller) -> Client:
    _, plaintext = services.api_key_create(seller=seller, name="ERP", created_by=None)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def gem_item(sku="NEW-1", **overrides) -> dict:
    item = {"kind": "gemstone", "sku": sku, "title": "Swat emerald", "price": "1250.00", "currency": "USD",
            "origin_locality": "swat_mingora",
            "gem": {"species": "beryl", "variety": "emerald", "nature": "natural", "carat": "1.250",
                    "shape": "oval", "cutting_style": "step", "colour": "green", "clarity": "MI",
                    "treatments": "O"}}
    item.update(overrides)
    return item


def snapshot(listing: Listing) -> tuple:
    listing = Listing.objects.select_related("gem").get(pk=listing.pk)
    return (listing.sku, listing.title, listing.price, listing.status, listing.quantity, listing.gem.carat,
            listing.updated_at)


# --- Keys ------------------------------------------------------------------------------------


def test_a_key_is_returned_once_and_stored_hashed(seller):
    key, plaintext = services.api_key_create(seller=seller, name="ERP", created_by=None)
    key.refresh_from_db()
    assert plaintext.startswith("gbz_")
    assert key.hashed_key == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in {str(value) for value in vars(key).values()}
    assert key.prefix == plaintext[4:12]


def test_a_used_key_records_its_last_use(seller):
    key, plaintext = services.api_key_create(seller=seller, name="ERP", created_by=None)
    response = Client(headers={"Authorization": f"Bearer {plaintext}"}).get(BASE)
    assert response.status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.parametrize("header", [None, "Bearer gbz_nonsense-that-is-long-enough", "Bearer nope", "Basic abc"])
def test_missing_or_unknown_keys_are_401_in_the_error_shape(seller, header):
    client = Client(headers={"Authorization": header} if header else {})
    response = client.get(BASE)
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "field"}
    assert response.json()["code"] == "unauthenticated"


def test_a_revoked_key_is_401(seller):
    key, plaintext = services.api_key_create(seller=seller, name="ERP", created_by=None)
    services.api_key_revoke(seller=seller, key_id=key.pk)
    response = Client(headers={"Authorization": f"Bearer {plaintext}"}).get(BASE)
    assert response.status_code == 401


@pytest.mark.parametrize("status", ["suspended", "rejected"])
def test_a_suspended_or_rejected_sellers_key_is_403_and_changes_nothing(seller, status):
    client = api_client(seller)
    type(seller).objects.filter(pk=seller.pk).update(status=status)
    response = client.post(BASE, gem_item(), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "seller_not_active"
    assert not Listing.objects.filter(seller=seller, sku="NEW-1").exists()


def test_a_key_over_its_request_budget_is_429_with_retry_after(seller, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"seller_api_key": "3/m"}
    client = api_client(seller)
    assert [client.get(BASE).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(BASE)
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    assert api_client(seller).get(BASE).status_code == 200  # the budget is per key


def test_another_sellers_key_cannot_be_revoked(seller, other_seller):
    key, _ = services.api_key_create(seller=seller, name="ERP", created_by=None)
    with pytest.raises(SellerApiKey.DoesNotExist):
        services.api_key_revoke(seller=other_seller, key_id=key.pk)
    key.refresh_from_db()
    assert key.revoked_at is None


# --- Endpoints -------------------------------------------------------------------------------


def test_list_shows_only_the_key_sellers_listings_in_every_status(seller, other_seller):
    mine = {make_gem_listing(seller=seller).sku, make_gem_listing(seller=seller, publish=False).sku}
    make_gem_listing(seller=other_seller)
    body = api_client(seller).get(BASE).json()
    assert body["count"] == 2
    assert {item["sku"] for item in body["items"]} == mine


def test_create_get_update_archive(seller):
    client = api_client(seller)
    response = client.post(BASE, gem_item(), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft"
    assert response.json()["gem"]["carat"] == "1.250"

    assert client.get(f"{BASE}/NEW-1").json()["title"] == "Swat emerald"

    response = client.patch(f"{BASE}/NEW-1", {"title": "Fine Swat emerald", "gem": {"carat": "2.5"}},
                            content_type="application/json")
    assert response.status_code == 200, response.json()
    listing = Listing.objects.get(seller=seller, sku="NEW-1")
    assert listing.title == "Fine Swat emerald"
    assert str(listing.gem.carat) == "2.500"

    response = client.post(f"{BASE}/NEW-1/archive")
    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ARCHIVED


def test_service_errors_name_the_field(seller):
    response = api_client(seller).post(BASE, gem_item(gem={**gem_item()["gem"], "carat": "-1"}),
                                       content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "gem.carat"


def test_floats_are_rejected(seller):
    response = api_client(seller).post(BASE, gem_item(price=1250.5), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "price"
    assert not Listing.objects.exists()


def test_bulk_upsert_creates_and_updates(seller):
    existing = make_gem_listing(seller=seller, publish=False)
    items = [gem_item(sku="NEW-1"), gem_item(sku=existing.sku, title="Renamed"), gem_item(sku="NEW-2")]
    response = api_client(seller).post(f"{BASE}/bulk-upsert", {"items": items}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": ["NEW-1", "NEW-2"], "updated": [existing.sku]}
    existing.refresh_from_db()
    assert existing.title == "Renamed"
    assert Listing.objects.filter(seller=seller).count() == 3


def test_bulk_upsert_is_all_or_nothing_and_names_the_bad_item(seller):
    existing = make_gem_listing(seller=seller, publish=False)
    before = snapshot(existing)
    bad = gem_item(sku="NEW-4", gem={**gem_item()["gem"], "carat": "0"})
    items = [gem_item(sku="NEW-1"), gem_item(sku=existing.sku, title="Renamed"), gem_item(sku="NEW-2"), bad]
    response = api_client(seller).post(f"{BASE}/bulk-upsert", {"items": items}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "items.3.gem.carat"
    assert Listing.objects.filter(seller=seller).count() == 1
    assert snapshot(existing) == before


def test_bulk_upsert_schema_errors_name_the_item(seller):
    items = [gem_item(sku="NEW-1"), gem_item(sku="NEW-2", price=12.5)]
    response = api_client(seller).post(f"{BASE}/bulk-upsert", {"items": items}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "items.1.price"
    assert not Listing.objects.exists()


def test_bulk_upsert_refuses_duplicate_skus_and_kind_changes(seller):
    ring = make_jewelry_listing(seller=seller, publish=False)
    items = [gem_item(sku="NEW-1"), gem_item(sku="NEW-1"), gem_item(sku=ring.sku)]
    response = api_client(seller).post(f"{BASE}/bulk-upsert", {"items": items}, content_type="application/json")
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"items.1.sku", "items.2.kind"}
    assert Listing.objects.filter(seller=seller).count() == 1


def test_bulk_upsert_takes_at_most_500_items(seller):
    items = [gem_item(sku=f"S-{n}") for n in range(501)]
    response = api_client(seller).post(f"{BASE}/bulk-upsert", {"items": items}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "items"


# --- Tenancy: seller B's key on seller A's SKUs ------------------------------------------------


def tenancy_calls(sku: str) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", f"{BASE}/{sku}", None),
        ("patch", f"{BASE}/{sku}", {"title": "Hijacked", "price": "1.00"}),
        ("post", f"{BASE}/{sku}/archive", None),
    ]


@pytest.mark.parametrize("call", range(3))
def test_another_sellers_sku_is_404_and_unchanged(seller, other_seller, call):
    listing = make_gem_listing(seller=seller)
    before = snapshot(listing)
    method, url, body = tenancy_calls(listing.sku)[call]
    client = api_client(other_seller)
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert snapshot(listing) == before


def test_bulk_upsert_with_another_sellers_sku_creates_its_own_and_leaves_theirs(seller, other_seller):
    listing = make_gem_listing(seller=seller)
    before = snapshot(listing)
    response = api_client(other_seller).post(f"{BASE}/bulk-upsert",
                                             {"items": [gem_item(sku=listing.sku, title="Hijacked")]},
                                             content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"created": [listing.sku], "updated": []}
    assert snapshot(listing) == before
    assert Listing.objects.get(seller=other_seller, sku=listing.sku).title == "Hijacked"


def test_the_list_never_shows_another_sellers_listings(seller, other_seller):
    make_gem_listing(seller=seller)
    assert api_client(other_seller).get(BASE).json()["count"] == 0


def test_the_endpoints_are_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {BASE.removeprefix(""), f"{BASE}/{{sku}}", f"{BASE}/{{sku}}/archive", f"{BASE}/bulk-upsert"} <= set(paths)
    assert paths[BASE]["get"]["tags"] == ["seller"]


def test_patch_refuses_the_other_kinds_specification(seller):
    ring = make_jewelry_listing(seller=seller, publish=False)
    response = api_client(seller).patch(f"{BASE}/{ring.sku}", {"gem": {"carat": "1.0"}},
                                        content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "gem"


# --- Weights in the trade's units (issue 14) ---------------------------------------------------


def test_jewelry_weights_in_tola_masha_ratti_are_kept_exactly_and_numbers_are_refused(seller):
    client = api_client(seller)
    item = {"kind": "jewelry", "sku": "TOLA-1", "title": "22K bangles, 2 tola", "price": "800000.00",
            "currency": "PKR", "jewelry": {"jewelry_type": "bangles", "metal": "gold", "karat": 22,
                                           "gross_weight_g": "1-3-2", "net_metal_weight_g": "1 tola 3 masha"}}
    response = client.post(BASE, item, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()["jewelry"]
    assert body["weight_unit"] == "tola"
    assert body["gross_weight_g"] == "14.8227506625" and body["net_metal_weight_g"] == "14.57975475"
    assert body["net_metal_weight"] == "1 tola 3 masha (14.58 g)"
    bad = {**item, "sku": "TOLA-2", "jewelry": {**item["jewelry"], "net_metal_weight_g": "1-13-0"}}
    response = client.post(BASE, bad, content_type="application/json")
    assert response.status_code == 422 and "jewelry.net_metal_weight_g" in response.content.decode()
    number = {**item, "sku": "TOLA-3", "jewelry": {**item["jewelry"], "net_metal_weight_g": 14.58}}
    assert client.post(BASE, number, content_type="application/json").status_code == 422
    assert not Listing.objects.filter(sku__in=["TOLA-2", "TOLA-3"]).exists()
