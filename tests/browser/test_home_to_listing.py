"""End to end: a buyer opens the home page, picks a stone and reads its treatment disclosure."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.mark.browser
def test_buyer_goes_from_home_to_a_listing_and_sees_its_treatments(live_server, transactional_db):
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("/usr/bin/chromium is missing (CI=true: a missing browser is a failure)")
        pytest.skip("/usr/bin/chromium is missing")
    from playwright.sync_api import sync_playwright

    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora")
    make_gem_listing(seller=seller, title="Oiled emerald from Swat", gem={"treatments": "O"})
    make_jewelry_listing(seller=seller, title="22K gold bangles")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(live_server.url + "/")
            page.get_by_role("link", name="Oiled emerald from Swat").click()

            page.wait_for_url("**/listings/**")
            disclosure = page.get_by_test_id("disclosure")
            assert disclosure.is_visible()
            assert "Oiling" in disclosure.inner_text()
            assert "Mingora Emerald Traders" in page.content()
        finally:
            browser.close()
