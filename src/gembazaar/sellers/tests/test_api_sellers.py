"""GET /api/v1/sellers and /api/v1/sellers/{slug}: the verified directory, profiles, 404s, queries."""

import pytest

from gembazaar.catalogue.models import Listing
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/sellers"


def test_the_directory_lists_verified_sellers_with_their_badge_and_listing_count(client):
    seller = make_seller(trade_name="Hunza Ruby Traders", slug="hunza-ruby-traders", city="Gilgit",
                         market="Hunza bazaar")
    make_gem_listing(seller=seller)
    make_jewelry_listing(seller=seller)

    body = client.get(LIST_URL).json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "slug": "hunza-ruby-traders",
        "trade_name": "Hunza Ruby Traders",
        "city": "Gilgit", "city_label": "Gilgit",
        "country": "PK",
        "verified": True,
        "verified_at": item["verified_at"],
        "url": seller.get_absolute_url(),
        "market": "Hunza bazaar",
        "listing_count": 2,
    }
    assert item["verified_at"]


def test_sellers_not_verified_are_left_out(client):
    verified = make_seller()
    for status in (Seller.Status.APPLIED, Seller.Status.UNDER_REVIEW, Seller.Status.REJECTED,
                   Seller.Status.SUSPENDED):
        make_seller(status=status)

    slugs = [item["slug"] for item in client.get(LIST_URL).json()["items"]]

    assert slugs == [verified.slug]


def test_listing_count_counts_only_listings_on_sale(client):
    seller = make_seller()
    make_gem_listing(seller=seller)
    reserved = make_gem_listing(seller=seller)
    Listing.objects.filter(pk=reserved.pk).update(status=Listing.Status.RESERVED)
    make_gem_listing(seller=seller, publish=False)
    sold = make_gem_listing(seller=seller)
    Listing.objects.filter(pk=sold.pk).update(status=Listing.Status.SOLD)

    assert client.get(LIST_URL).json()["items"][0]["listing_count"] == 2


def test_sellers_are_in_name_order_and_pages_do_not_overlap(client):
    for name in ("Zarghun Gems", "Afghan Lapis", "Mingora Emeralds", "Afghan Lapis"):
        make_seller(trade_name=name)

    first = client.get(LIST_URL, {"page_size": 2}).json()
    second = client.get(LIST_URL, {"page_size": 2, "page": 2}).json()

    names = [s["trade_name"] for s in first["items"] + second["items"]]
    assert names == ["Afghan Lapis", "Afghan Lapis", "Mingora Emeralds", "Zarghun Gems"]
    assert len({s["slug"] for s in first["items"] + second["items"]}) == 4
    assert (first["count"], first["pages"]) == (4, 2)
    assert first["next"] == "http://testserver/api/v1/sellers?page_size=2&page=2"
    assert second["previous"] == "http://testserver/api/v1/sellers?page_size=2&page=1"
    assert second["next"] is None


@pytest.mark.parametrize(("params", "field"), [
    ({"page_size": 0}, "page_size"),
    ({"page_size": 1000}, "page_size"),
    ({"page": 0}, "page"),
])
def test_bad_paging_answers_422_naming_the_parameter(client, params, field):
    response = client.get(LIST_URL, params)

    assert response.status_code == 422
    assert response.json()["field"] == field


def test_a_seller_profile(client):
    seller = make_seller(slug="swat-emerald-house", legal_name="Swat Emerald House (Pvt) Ltd",
                         about="Three generations in the Mingora emerald trade.", year_established=1978)
    make_gem_listing(seller=seller)

    response = client.get(f"{LIST_URL}/swat-emerald-house")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "swat-emerald-house"
    assert body["legal_name"] == "Swat Emerald House (Pvt) Ltd"
    assert body["about"] == "Three generations in the Mingora emerald trade."
    assert body["year_established"] == 1978
    assert body["listing_count"] == 1
    assert body["verified"] is True


@pytest.mark.parametrize("status", [Seller.Status.APPLIED, Seller.Status.REJECTED, Seller.Status.SUSPENDED])
def test_a_seller_not_in_good_standing_is_not_found(client, status):
    seller = make_seller(status=status)

    response = client.get(f"{LIST_URL}/{seller.slug}")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Seller not found.", "field": None}


def test_an_unknown_seller_is_not_found(client):
    assert client.get(f"{LIST_URL}/nobody-by-that-name").status_code == 404


@pytest.mark.parametrize("raw_slug", ["a" * 81, "%E2%9C%93"])
def test_a_slug_that_cannot_be_one_answers_422(client, raw_slug):
    response = client.get(f"{LIST_URL}/{raw_slug}")

    assert response.status_code == 422
    assert response.json()["field"] == "slug"


def test_a_nul_in_the_slug_is_refused_before_any_view_runs(client):
    response = client.get(f"{LIST_URL}/bad%00slug")

    assert response.status_code == 400
    assert response.json()["field"] == "path"


@pytest.mark.parametrize("sellers", [3, 30])
def test_the_directory_takes_the_same_queries_for_3_or_30_sellers(client, django_assert_max_num_queries, sellers):
    for _ in range(sellers):
        make_gem_listing(seller=make_seller())

    with django_assert_max_num_queries(2):  # the count, then the page with its listing counts
        body = client.get(LIST_URL, {"page_size": 100}).json()

    assert len(body["items"]) == sellers
