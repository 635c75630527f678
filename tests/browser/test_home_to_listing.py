"""End to end: a buyer opens the home page, picks a stone and reads its treatment disclosure."""


import pytest

from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

from .chromium import launch, require_chromium


@pytest.mark.browser
def test_buyer_goes_from_home_to_a_listing_and_sees_its_treatments(live_server, transactional_db):
    require_chromium()
    from playwright.sync_api import sync_playwright

    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora")
    make_gem_listing(seller=seller, title="Oiled emerald from Swat", gem={"treatments": "O"})
    make_jewelry_listing(seller=seller, title="22K gold bangles")

    with sync_playwright() as playwright:
        browser = launch(playwright)
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
