"""End to end: a seller who imported many drafts selects them all and publishes them in one go."""

import os
from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client

from gembazaar.catalogue.models import Listing
from gembazaar.imports.tests.conftest import make_owner
from gembazaar.testing import make_gem_listing, make_seller

from .chromium import launch, require_chromium

SHOTS = os.environ.get("GEMBAZAAR_SCREENSHOTS", "")


@pytest.mark.browser
def test_a_seller_selects_every_draft_and_publishes_them(live_server, transactional_db, settings):
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    seller = make_seller(trade_name="Shigar Aquamarine Traders")
    drafts = [make_gem_listing(seller=seller, publish=False, title=f"Swat emerald no. {n}") for n in range(30)]
    on_sale = make_gem_listing(seller=seller, title="Already on sale")
    archived = make_gem_listing(seller=seller, title="Archived long ago", sku="OLD-1", price=Decimal("100.00"))
    Listing.objects.filter(pk=archived.pk).update(status="archived")
    client = Client()
    client.force_login(make_owner(seller, "owner"))
    session = client.cookies["sessionid"].value

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
            page = context.new_page()
            page.goto(live_server.url + "/seller/listings/")
            page.get_by_role("link", name="Draft", exact=True).click()

            # The header box ticks every row of the page (and unticking one row clears it).
            rows = page.locator("input[data-bulk-row]")
            expect(rows).to_have_count(24)
            page.get_by_label("Select all on this page").check()
            for index in (0, 23):
                expect(rows.nth(index)).to_be_checked()
            first = page.get_by_label(f"Select {drafts[-1].title}", exact=True)
            first.uncheck()
            expect(page.get_by_label("Select all on this page")).not_to_be_checked()
            first.check()
            expect(page.get_by_label("Select all on this page")).to_be_checked()

            # Every draft, on both pages.
            page.get_by_label("Select all 30 listings matching this filter").check()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/bulk-selected.png", full_page=True)
            page.get_by_role("button", name="Publish…", exact=True).click()
            expect(page.get_by_role("heading", name="Publish 30 listings?")).to_be_visible()
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/bulk-confirm.png", full_page=True)
            assert Listing.objects.filter(seller=seller, status="draft").count() == 30  # nothing before confirming
            page.get_by_role("button", name="Confirm").click()

            expect(page.get_by_text("30 listings published.")).to_be_visible()
            expect(page.get_by_text("No listings here.")).to_be_visible()  # back on the (now empty) Draft filter
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/bulk-done.png", full_page=True)
            assert Listing.objects.filter(seller=seller, status="active").count() == 31
            assert Listing.objects.get(pk=on_sale.pk).status == "active"

            # A large selection (over LISTINGS_BULK_INLINE_MAX) becomes a job with a page of its own;
            # without a Celery broker it has run by the time the page opens.
            settings.LISTINGS_BULK_INLINE_MAX = 5
            page.get_by_role("link", name="All", exact=True).click()
            page.get_by_label("Select all 32 listings, on every page").check()
            page.get_by_label("Change in percent (−10 or 5)").fill("-10")
            page.get_by_role("button", name="Change prices…").click()
            expect(page.get_by_role("heading", name="Change the prices of 32 listings?")).to_be_visible()
            expect(page.get_by_text("Each price goes down by 10 percent")).to_be_visible()
            page.get_by_role("button", name="Confirm").click()
            expect(page.get_by_role("heading", name="Bulk action: Change price")).to_be_visible()
            expect(page.locator("[data-status]")).to_have_text("Done")
            expect(page.locator("[data-count=done]")).to_have_text("31")
            expect(page.get_by_role("row", name="OLD-1")).to_contain_text("A sold or archived listing keeps its price.")
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/bulk-job.png", full_page=True)
            assert set(Listing.objects.filter(seller=seller, status="active").values_list("pricing__price", flat=True)
                       ) == {Decimal("1125.00")}
            assert Listing.objects.get(pk=archived.pk).price == Decimal("100.00")
        finally:
            browser.close()
            # Inside Playwright's event loop the ORM used a connection of its own context: close it,
            # or PostgreSQL refuses to drop the test database.
            connections.close_all()
