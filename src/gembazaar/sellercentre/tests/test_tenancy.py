"""Every seller-centre page and endpoint, tried with another seller's ids, anonymously and by a buyer."""

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.catalogue.models import Listing, ListingImage
from gembazaar.testing import make_gem_listing

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(seller):
    """Seller A's listing with two pictures, and a snapshot to compare after each attempt."""
    listing = make_gem_listing(seller=seller, publish=False, sku="A-1", title="A's stone")
    for position in range(2):
        ListingImage.objects.create(listing=listing, image=f"{position}.jpg", thumbnail=f"{position}-t.jpg",
                                    position=position)
    return listing


def snapshot(listing):
    row = Listing.objects.values("title", "sku", "status", "pricing__price", "updated_at").get(pk=listing.pk)
    images = list(ListingImage.objects.filter(listing=listing).order_by("id").values_list("id", "position"))
    return row, images, Listing.objects.count()


def listing_requests(listing):
    """(method, url, data) for every page or endpoint that takes a listing id."""
    first, second = listing.images.order_by("position").values_list("id", flat=True)
    edit = reverse("sellercentre:listing_edit", args=[listing.pk])
    requests = [("get", edit, {}), ("post", edit, {"title": "hijacked", "sku": "X", "price": "1", "currency": "USD"})]
    for action in ("publish", "unpublish", "archive", "duplicate"):
        requests.append(("post", reverse("sellercentre:listing_action", args=[listing.pk, action]), {}))
    requests += [
        ("post", reverse("sellercentre:image_upload", args=[listing.pk]), {}),
        ("post", reverse("sellercentre:image_reorder", args=[listing.pk]), {"image_ids": [second, first]}),
        ("post", reverse("sellercentre:image_move", args=[listing.pk, second]), {"direction": "up"}),
    ]
    return requests


SELLER_PAGES = [
    ("get", "sellercentre:dashboard"), ("get", "sellercentre:listings"), ("get", "sellercentre:listing_new"),
    ("get", "sellercentre:varieties"),
]


def test_another_seller_gets_404_for_every_listing_endpoint_and_nothing_changes(other_client, victim):
    before = snapshot(victim)
    for method, url, data in listing_requests(victim):
        response = getattr(other_client, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert snapshot(victim) == before


def test_anonymous_visitors_are_sent_to_sign_in(victim):
    client = Client()
    urls = [(m, reverse(name), {}) for m, name in SELLER_PAGES] + listing_requests(victim)
    before = snapshot(victim)
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and reverse("login") in response.url, (method, url)
    assert snapshot(victim) == before


def test_a_buyer_without_a_seller_is_refused(victim):
    client = Client()
    client.force_login(make_user("buyer"))
    urls = [(m, reverse(name), {}) for m, name in SELLER_PAGES] + listing_requests(victim)
    before = snapshot(victim)
    for method, url, data in urls:
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    assert snapshot(victim) == before


def test_the_lists_never_show_another_sellers_listings(other_client, victim):
    for name in ("sellercentre:dashboard", "sellercentre:listings"):
        assert "A&#x27;s stone" not in other_client.get(reverse(name)).content.decode()
        assert "A-1" not in other_client.get(reverse(name)).content.decode()
