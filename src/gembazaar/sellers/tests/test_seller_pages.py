"""The seller directory and a seller's storefront page."""

import datetime as dt

import pytest
from django.urls import reverse

from gembazaar.catalogue.models import Listing
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_seller_page_shows_profile_badge_and_listings(client):
    seller = make_seller(trade_name="Namak Mandi Gems", city="Peshawar", market="Namak Mandi",
                         year_established=1987, about="Three generations of lapis and emerald dealers.",
                         verified_at=dt.datetime(2025, 3, 14, tzinfo=dt.UTC))
    make_gem_listing(seller=seller, title="Lapis cabochon")
    make_jewelry_listing(seller=seller, title="Silver ring with lapis")

    response = client.get(reverse("seller_detail", kwargs={"slug": seller.slug}))

    html = _text(response)
    assert response.status_code == 200
    assert "Namak Mandi Gems" in html and "Peshawar" in html and "Namak Mandi" in html
    assert "1987" in html
    assert "Three generations of lapis and emerald dealers." in html
    assert "Verified by the council · Mar 2025" in html
    assert "Lapis cabochon" in html and "Silver ring with lapis" in html


def test_seller_page_hides_listings_not_on_sale(client):
    seller = make_seller()
    make_gem_listing(seller=seller, title="On sale now")
    make_gem_listing(seller=seller, title="Still a draft", publish=False)

    html = _text(client.get(seller.get_absolute_url()))

    assert "On sale now" in html and "Still a draft" not in html


@pytest.mark.parametrize("status", [Seller.Status.APPLIED, Seller.Status.SUSPENDED, Seller.Status.REJECTED])
def test_unverified_seller_page_is_not_found(client, status):
    seller = make_seller(status=status)

    assert client.get(seller.get_absolute_url()).status_code == 404


def test_unknown_seller_is_not_found(client):
    assert client.get(reverse("seller_detail", kwargs={"slug": "no-such-dealer"})).status_code == 404


def test_seller_page_paginates_24_per_page(client):
    seller = make_seller()
    for _ in range(25):
        make_gem_listing(seller=seller)

    first = _text(client.get(seller.get_absolute_url()))
    last = client.get(seller.get_absolute_url(), {"page": "99"})

    assert first.count('class="card"') == 24
    assert last.status_code == 200 and _text(last).count('class="card"') == 1
    assert client.get(seller.get_absolute_url(), {"page": "abc"}).status_code == 200


def test_seller_list_shows_verified_sellers_with_counts(client):
    active = make_seller(trade_name="Sarafa Jewelers", city="Lahore")
    make_jewelry_listing(seller=active)
    make_jewelry_listing(seller=active)
    make_seller(trade_name="Pending Applicant", status=Seller.Status.APPLIED)

    response = client.get(reverse("seller_list"))

    html = _text(response)
    assert response.status_code == 200
    assert "Sarafa Jewelers" in html and "Lahore" in html
    assert "On sale" in html and "<dd>2</dd>" in html
    assert "Pending Applicant" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_seller_page_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    seller = make_seller()
    for n in range(count):
        (make_jewelry_listing if n % 2 else make_gem_listing)(seller=seller)
    assert Listing.objects.filter(seller=seller).count() == count

    with django_assert_max_num_queries(5):  # + the page-cache version
        assert client.get(seller.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_seller_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_seller()

    with django_assert_max_num_queries(3):  # + the page-cache version
        assert client.get(reverse("seller_list")).status_code == 200
