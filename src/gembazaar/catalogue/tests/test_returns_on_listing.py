"""The listing page shows the seller's returns terms by the buy box, with a link to the full policy."""

import pytest
from django.urls import reverse

from gembazaar.sellers.models import Seller
from gembazaar.sellers.tests.returns_helpers import set_policy, translated
from gembazaar.testing import make_gem_listing, make_seller

pytestmark = pytest.mark.django_db


def page(client, listing, **headers) -> str:
    response = client.get(listing.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_listing_page_shows_the_sellers_returns_terms_and_links_to_the_policy(client):
    seller = make_seller()
    set_policy(seller, window_days=14, return_shipping_paid_by="buyer")
    html = page(client, make_gem_listing(seller=seller))

    block = html[html.index('data-testid="returns"'):]
    block = block[:block.index("</section>")]
    assert "Accepted within 14 days of delivery" in block and "Paid by the buyer" in block
    assert "Not as described? Return it within 30 days of delivery for a full refund." in block
    assert f'href="{reverse("seller_detail", kwargs={"slug": seller.slug})}#returns"' in block
    assert html.index('class="buybox"') < html.index('data-testid="returns"')


def test_a_seller_without_a_policy_shows_the_marketplace_minimum(client):
    html = page(client, make_gem_listing())
    assert "Marketplace minimum:" in html
    assert "returns only if the item is not as described, within 30 days of delivery" in html


def test_a_seller_who_takes_no_returns_says_so(client):
    seller = make_seller()
    set_policy(seller, accepts_returns=False)
    html = page(client, make_gem_listing(seller=seller))
    assert "Not accepted for a change of mind" in html and "Not as described? Return it" in html


def test_a_changed_policy_shows_at_once_even_on_a_cached_page(client):
    seller = make_seller()
    listing = make_gem_listing(seller=seller)
    Seller.objects.filter(pk=seller.pk).update(updated_at=seller.updated_at.replace(year=2020))
    first = client.get(listing.get_absolute_url())
    assert "Marketplace minimum:" in first.content.decode()
    assert client.get(listing.get_absolute_url()).headers.get("X-Page-Cache") == "hit"
    set_policy(seller, window_days=45)
    assert "Accepted within 45 days of delivery" in page(client, listing)


def test_the_terms_are_shown_in_the_readers_language(client):
    seller = make_seller()
    set_policy(seller)
    listing = make_gem_listing(seller=seller)
    with translated("ur", "Paid by the buyer", "خریدار ادا کرے گا"):
        html = page(client, listing, HTTP_ACCEPT_LANGUAGE="ur")
    assert 'lang="ur"' in html and 'dir="rtl"' in html
    assert "خریدار ادا کرے گا" in html and "Paid by the buyer" not in html


def test_the_listing_page_reads_the_policy_with_the_listing(client, django_assert_max_num_queries):
    seller = make_seller()
    listing = make_gem_listing(seller=seller)
    client.get(listing.get_absolute_url())  # warm what is warmed once per process
    with django_assert_max_num_queries(60) as without_policy:
        page(client, listing, HTTP_ACCEPT_LANGUAGE="ar")
    set_policy(seller)
    with django_assert_max_num_queries(len(without_policy.captured_queries)):
        page(client, listing, HTTP_ACCEPT_LANGUAGE="ur")
