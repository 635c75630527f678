"""The listings page: filter, pages of 24, and the per-row actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gembazaar.catalogue.models import Listing
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing

pytestmark = pytest.mark.django_db


def action(client, listing, name):
    return client.post(reverse("sellercentre:listing_action", args=[listing.pk, name]))


def test_status_filter_shows_only_that_status(seller_client, seller):
    active = make_gem_listing(seller=seller)
    make_gem_listing(seller=seller, publish=False)
    response = seller_client.get(reverse("sellercentre:listings"), {"status": "active"})
    assert [row.pk for row in response.context["page"].object_list] == [active.pk]


def test_listings_come_in_pages_of_24(seller_client, seller):
    for _ in range(25):
        make_gem_listing(seller=seller, publish=False)
    first = seller_client.get(reverse("sellercentre:listings"))
    second = seller_client.get(reverse("sellercentre:listings"), {"page": 2})
    assert len(first.context["page"].object_list) == 24
    assert len(second.context["page"].object_list) == 1


def test_the_list_costs_the_same_queries_for_3_or_30_listings(seller_client, seller):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert seller_client.get(reverse("sellercentre:listings")).status_code == 200
        return len(queries)

    for _ in range(3):
        make_gem_listing(seller=seller)
    few = count_queries()
    for _ in range(27):
        make_jewelry_listing(seller=seller, publish=False)
    assert count_queries() == few


def test_publish_unpublish_archive_from_the_list(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    assert action(seller_client, listing, "publish").status_code == 302
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ACTIVE
    action(seller_client, listing, "unpublish")
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT
    action(seller_client, listing, "archive")
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ARCHIVED


def test_an_unverified_seller_gets_a_message_instead_of_publishing(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.UNDER_REVIEW, verified_at=None)
    response = action(seller_client, listing, "publish")
    page = seller_client.get(response.url)
    assert "Only a seller verified by the council can publish" in page.content.decode()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT


def test_duplicate_makes_a_draft_copy_and_opens_it(seller_client, seller):
    listing = make_gem_listing(seller=seller, sku="EM-9")
    response = action(seller_client, listing, "duplicate")
    copy = Listing.objects.get(seller=seller, sku="EM-9-COPY")
    assert response.url == reverse("sellercentre:listing_edit", args=[copy.pk])
    assert copy.status == Listing.Status.DRAFT


def test_an_unknown_action_is_404(seller_client, seller):
    listing = make_gem_listing(seller=seller)
    assert action(seller_client, listing, "delete").status_code == 404


def test_actions_need_post(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    response = seller_client.get(reverse("sellercentre:listing_action", args=[listing.pk, "publish"]))
    assert response.status_code == 405
