"""Bulk actions from the listings table: select rows, the page or the filter; confirm; a summary or a job page."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from gembazaar.catalogue.models import BulkJob, Listing
from gembazaar.testing import make_gem_listing

from .conftest import make_member

pytestmark = pytest.mark.django_db

LISTINGS = "/seller/listings/"


def bulk(client, data, **kwargs):
    return client.post(reverse("sellercentre:listings_bulk"), data, **kwargs)


def statuses(listings) -> list[str]:
    return [Listing.objects.values_list("status", flat=True).get(pk=listing.pk) for listing in listings]


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def drafts(seller):
    return [make_gem_listing(seller=seller, publish=False, title=f"Swat emerald no. {n}") for n in range(3)]


# --- The table ------------------------------------------------------------------------------


def test_every_row_has_a_checkbox_named_after_its_listing_and_the_header_selects_the_page(seller_client, drafts):
    page = seller_client.get(LISTINGS).content.decode()
    for listing in drafts:
        assert f'name="ids" value="{listing.pk}" form="sc-bulk" data-bulk-row aria-label="Select {listing.title}"' \
            in page
        assert f'name="page_ids" value="{listing.pk}"' in page
    assert 'name="all_on_page" value="1" form="sc-bulk" data-bulk-all aria-label="Select all on this page"' in page
    for action in ("publish", "unpublish", "archive", "change_price"):
        assert f'name="action" value="{action}"' in page
    assert "all_matching" not in page  # one page: "all on this page" is all of them


def test_select_all_matching_the_filter_is_offered_when_there_are_more_pages(seller_client, seller):
    for _ in range(25):
        make_gem_listing(seller=seller, publish=False)
    page = seller_client.get(LISTINGS, {"status": "draft"}).content.decode()
    assert "Select all 25 listings matching this filter" in page
    assert 'name="status" value="draft"' in page


# --- Confirm, then act ----------------------------------------------------------------------


def test_the_first_post_asks_for_confirmation_with_the_count_and_changes_nothing(seller_client, drafts):
    response = bulk(seller_client, {"action": "publish", "ids": [d.pk for d in drafts[:2]], "next": LISTINGS})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Publish 2 listings?" in page
    assert drafts[0].title in page and drafts[2].title not in page
    assert 'name="confirm" value="1"' in page
    assert statuses(drafts) == ["draft"] * 3


def test_confirming_publishes_and_comes_back_with_a_summary(seller_client, drafts):
    next_url = f"{LISTINGS}?status=draft"
    response = bulk(seller_client, {"action": "publish", "ids": [d.pk for d in drafts], "confirm": "1",
                                    "next": next_url})
    assert response.status_code == 302 and response.url == next_url
    assert said(response) == ["3 listings published."]
    assert statuses(drafts) == ["active"] * 3
    job = BulkJob.objects.get()
    assert (job.created_by.username, job.selection) == ("alice", {"by": "listing_ids"})


def test_the_header_box_selects_every_row_of_the_page_without_javascript(seller_client, drafts):
    response = bulk(seller_client, {"action": "archive", "all_on_page": "1", "page_ids": [d.pk for d in drafts]})
    assert "Archive 3 listings?" in response.content.decode()
    bulk(seller_client, {"action": "archive", "ids": [d.pk for d in drafts], "confirm": "1"})
    assert statuses(drafts) == ["archived"] * 3


def test_all_matching_the_filter_takes_every_page(seller_client, seller):
    drafts = [make_gem_listing(seller=seller, publish=False) for _ in range(26)]
    active = make_gem_listing(seller=seller)
    data = {"action": "publish", "all_matching": "1", "status": "draft", "ids": [drafts[0].pk]}
    assert "Publish 26 listings?" in bulk(seller_client, data).content.decode()
    response = bulk(seller_client, {**data, "confirm": "1"})
    assert said(response) == ["26 listings published."]
    assert set(statuses(drafts)) == {"active"} and statuses([active]) == ["active"]


def test_skipped_listings_are_named_with_the_single_actions_reason(seller_client, seller, drafts):
    sold = make_gem_listing(seller=seller, sku="SOLD-1")
    Listing.objects.filter(pk=sold.pk).update(status="sold")
    response = bulk(seller_client, {"action": "publish", "ids": [*[d.pk for d in drafts], sold.pk], "confirm": "1"})
    assert said(response) == ["3 listings published.",
                              "1 left as it was: A sold listing cannot be published. (SOLD-1)"]


def test_a_price_change_is_confirmed_in_words_then_applied(seller_client, seller):
    listing = make_gem_listing(seller=seller, price=Decimal("1250.00"), currency="USD")
    data = {"action": "change_price", "ids": [listing.pk], "price_mode": "percent", "percent": "-10"}
    page = bulk(seller_client, data).content.decode()
    assert "Change the price of 1 listing?" in page
    assert "Each price goes down by 10 percent" in page
    response = bulk(seller_client, {**data, "confirm": "1"})
    assert said(response) == ["1 price changed."]
    assert Listing.objects.get(pk=listing.pk).price == Decimal("1125.00")


def test_a_fixed_price_is_shown_in_its_currency_before_it_is_set(seller_client, seller):
    listing = make_gem_listing(seller=seller, price=Decimal("1250.00"), currency="USD")
    data = {"action": "change_price", "ids": [listing.pk], "price_mode": "fixed", "amount": "999.5",
            "currency": "USD"}
    assert "Each price becomes $999.50" in bulk(seller_client, data).content.decode()
    bulk(seller_client, {**data, "confirm": "1"})
    assert Listing.objects.get(pk=listing.pk).price == Decimal("999.50")


@pytest.mark.parametrize(("data", "message"), [
    ({"action": "publish", "ids": []}, "Select at least one of your listings."),
    ({"action": "explode", "ids": ["1"]}, "Select a valid choice. explode is not one of the available choices."),
    ({"action": "publish", "ids": ["x"]}, "Give listing ids as whole numbers."),
    ({"action": "publish", "ids": [str(2**64)]}, "Give listing ids as whole numbers."),
    ({"action": "change_price", "price_mode": "percent", "percent": "a lot"},
     "Enter the change in percent as a number, such as -10 or 5."),
    ({"action": "change_price", "price_mode": "fixed", "amount": "10.001", "currency": "USD"},
     "USD allows at most 2 decimal places."),
])
def test_a_wrong_request_goes_back_with_the_reason_and_changes_nothing(seller_client, drafts, data, message):
    data = {"ids": [d.pk for d in drafts], **data, "next": f"{LISTINGS}?page=1"}
    for confirm in ({}, {"confirm": "1"}):
        response = bulk(seller_client, {**data, **confirm})
        assert (response.status_code, response.url) == (302, f"{LISTINGS}?page=1")
        assert said(response) == [message]
        seller_client.get(response.url)  # shows (and so clears) the message
    assert statuses(drafts) == ["draft"] * 3 and not BulkJob.objects.exists()


def test_a_next_address_elsewhere_is_ignored(seller_client, drafts):
    response = bulk(seller_client, {"action": "archive", "ids": [drafts[0].pk], "confirm": "1",
                                    "next": "https://evil.example/"})
    assert response.url == reverse("sellercentre:listings")


def test_the_form_needs_its_csrf_token(seller, drafts):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member(seller, "carol"))
    response = bulk(client, {"action": "publish", "ids": [d.pk for d in drafts], "confirm": "1"})
    assert response.status_code == 403
    assert statuses(drafts) == ["draft"] * 3


# --- Another seller's listings --------------------------------------------------------------


def test_another_sellers_ids_are_not_counted_and_never_touched(seller_client, drafts, other_seller):
    theirs = make_gem_listing(seller=other_seller, publish=False, title="Their ruby")
    data = {"action": "publish", "ids": [drafts[0].pk, theirs.pk]}
    page = bulk(seller_client, data).content.decode()
    assert "Publish 1 listing?" in page and "Their ruby" not in page
    response = bulk(seller_client, {**data, "confirm": "1"})
    assert said(response) == ["1 listing published.", f"1 left as it was: Not one of your listings. (#{theirs.pk})"]
    assert statuses([drafts[0], theirs]) == ["active", "draft"]


def test_only_another_sellers_ids_changes_nothing(seller_client, other_seller):
    theirs = make_gem_listing(seller=other_seller, publish=False)
    for confirm in ({}, {"confirm": "1"}):
        response = bulk(seller_client, {"action": "archive", "ids": [theirs.pk], **confirm})
        assert said(response) == ["Select at least one of your listings."]
        seller_client.get(response.url)
    assert statuses([theirs]) == ["draft"]


def test_another_sellers_job_page_is_404(seller_client, other_client, drafts):
    bulk(seller_client, {"action": "publish", "ids": [d.pk for d in drafts], "confirm": "1"})
    job = BulkJob.objects.get()
    for name in ("sellercentre:bulk_job", "sellercentre:bulk_job_status"):
        assert seller_client.get(reverse(name, args=[job.pk])).status_code == 200
        assert other_client.get(reverse(name, args=[job.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(drafts):
    response = bulk(Client(), {"action": "publish", "ids": [d.pk for d in drafts], "confirm": "1"})
    assert response.status_code == 302 and reverse("login") in response.url
    assert statuses(drafts) == ["draft"] * 3


# --- Large selections: the job page ---------------------------------------------------------


def test_a_large_selection_opens_the_job_page_that_follows_its_progress(seller_client, drafts, settings,
                                                                        django_capture_on_commit_callbacks):
    settings.LISTINGS_BULK_INLINE_MAX = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = bulk(seller_client, {"action": "publish", "ids": [d.pk for d in drafts], "confirm": "1"})
    job = BulkJob.objects.get()
    assert response.url == reverse("sellercentre:bulk_job", args=[job.pk])
    page = seller_client.get(response.url).content.decode()
    assert 'data-status="queued"' in page and 'value="0"' in page
    assert f'hx-get="{reverse("sellercentre:bulk_job_status", args=[job.pk])}"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page  # follows without JS too
    BulkJob.objects.filter(pk=job.pk).update(status="running", processed=2)
    fragment = seller_client.get(reverse("sellercentre:bulk_job_status", args=[job.pk])).content.decode()
    assert 'value="66"' in fragment and "2 of 3 listings processed (66%)." in fragment
    BulkJob.objects.filter(pk=job.pk).update(status="queued", processed=0)
    for callback in callbacks:
        callback()
    fragment = seller_client.get(reverse("sellercentre:bulk_job_status", args=[job.pk])).content.decode()
    assert 'data-status="done"' in fragment and "hx-get" not in fragment and "<progress" not in fragment
    assert '<dd data-count="done">3</dd>' in fragment
    assert statuses(drafts) == ["active"] * 3


def test_the_job_page_lists_why_listings_were_left(seller_client, seller, drafts):
    on_sale = make_gem_listing(seller=seller, sku="ON-SALE")
    bulk(seller_client, {"action": "publish", "ids": [on_sale.pk, drafts[0].pk], "confirm": "1"})
    page = seller_client.get(reverse("sellercentre:bulk_job", args=[BulkJob.objects.get().pk])).content.decode()
    assert "ON-SALE" in page and "Already on sale." in page
