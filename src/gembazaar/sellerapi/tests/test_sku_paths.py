"""Any SKU the trade writes is reachable in the seller API: "A/B-1", spaces, "#", "?", "%",
non-Latin letters (issue 11.5). The SKU is the rest of the path, raw or percent-encoded."""

from urllib.parse import quote

import pytest
from django.test import Client

from gembazaar.catalogue.models import Listing
from gembazaar.sellers import api_keys as services
from gembazaar.testing import make_gem_listing, make_seller

from .test_api import gem_item

pytestmark = pytest.mark.django_db

BASE = "/api/v1/seller/listings"
SKUS = ["A/B-1", "LOT 12/3", "#77", "EM?2", "100%", "紅寶石-1", "یاقوت/۱", "a//b", "A/B-1/x", "archive",
        "bulk-upsert-2", "x/archive-old"]


@pytest.fixture
def seller():
    return make_seller()


@pytest.fixture
def client(seller) -> Client:
    _, plaintext = services.api_key_create(seller=seller, name="ERP", created_by=None)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


@pytest.mark.parametrize("sku", SKUS)
def test_create_get_patch_archive_any_sku(client, seller, sku):
    response = client.post(BASE, gem_item(sku=sku), content_type="application/json")
    assert response.status_code == 201, response.json()
    encoded = quote(sku, safe="/")
    fully_encoded = quote(sku, safe="")

    for path in {f"{BASE}/{encoded}", f"{BASE}/{fully_encoded}"}:
        got = client.get(path)
        assert got.status_code == 200, (path, got.content)
        assert got.json()["sku"] == sku

    patched = client.patch(f"{BASE}/{fully_encoded}", {"title": "Renamed"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["title"] == "Renamed"
    archived = client.post(f"{BASE}/{encoded}/archive")
    assert archived.status_code == 200 and archived.json()["status"] == "archived"
    assert Listing.objects.get(seller=seller, sku=sku).status == Listing.Status.ARCHIVED


def test_a_prefix_of_a_slashed_sku_is_another_listing(client, seller):
    make_gem_listing(seller=seller, sku="A")
    make_gem_listing(seller=seller, sku="A/B")
    assert client.get(f"{BASE}/A").json()["sku"] == "A"
    assert client.get(f"{BASE}/A/B").json()["sku"] == "A/B"
    assert client.get(f"{BASE}/A/B/C").status_code == 404


def test_another_sellers_slashed_sku_is_404(client):
    make_gem_listing(seller=make_seller(), sku="THEIRS/1")
    assert client.get(f"{BASE}/THEIRS/1").status_code == 404
    assert client.post(f"{BASE}/THEIRS/1/archive").status_code == 404


@pytest.mark.parametrize("sku", ["bulk-upsert", "A/archive", "x\ty", "x\ny"])
def test_reserved_and_control_character_skus_are_refused_everywhere(client, seller, sku):
    response = client.post(BASE, gem_item(sku=sku), content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "sku"
    bulk = client.post(f"{BASE}/bulk-upsert", {"items": [gem_item(sku=sku)]}, content_type="application/json")
    assert bulk.status_code == 422 and bulk.json()["field"] == "items.0.sku"
    assert not Listing.objects.filter(seller=seller).exists()
