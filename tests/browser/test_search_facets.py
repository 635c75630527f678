"""End to end: a buyer narrows a search with facets (htmx), goes back, and does the same without JS."""

import re
from contextlib import contextmanager
from decimal import Decimal

import pytest
from playwright.sync_api import expect, sync_playwright

from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

from .chromium import launch, require_chromium

TIMEOUT_MS = 10_000
# Assertions that poll without evaluating strings in the page: the CSP has no 'unsafe-eval', so
# page.wait_for_function("…") may fail there (issue 13's CI run saw it).
expect.set_options(timeout=TIMEOUT_MS)


@contextmanager
def _browser():
    require_chromium()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _stock() -> None:
    seller = make_seller(trade_name="Shigar Valley Gems")
    for n in range(3):
        make_gem_listing(seller=seller, title=f"Swat emerald {n}", gem={"carat": Decimal("1.5") + n})
    for n in range(2):
        make_gem_listing(seller=seller, title=f"Hunza ruby {n}", gem={
            "species": "corundum", "variety": "ruby", "clarity": "SI", "treatments": "H", "colour": "red",
            "carat": Decimal("3.000")})
    make_jewelry_listing(seller=seller, title="22K gold bangles")


def _count(page) -> str:
    return page.locator("#search-count").inner_text()


@pytest.mark.browser
def test_ticking_a_facet_updates_results_url_and_chips_and_back_restores(live_server, transactional_db):
    _stock()
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/search/")
        assert _count(page).startswith("6 listings")
        assert page.locator("[data-testid=search-chips]").count() == 0

        beryl = page.get_by_role("checkbox", name=re.compile(r"^Beryl"))
        beryl.click()  # the change swaps the panel: click, do not wait for a checked state

        page.wait_for_url(re.compile(r"species=beryl"))
        expect(page.locator("#search-count")).to_have_text(re.compile(r"^3 "))
        chip = page.locator("[data-testid=search-chips] .chip--active")
        assert chip.count() == 1 and "Beryl" in chip.inner_text()
        assert page.locator(".card").count() == 3
        assert "ruby" not in page.locator(".search-grid").inner_text().lower()
        assert page.get_by_role("checkbox", name=re.compile(r"^Beryl")).is_checked()  # the swapped form
        assert page.locator("html.js").count() == 1  # an htmx swap, not a page load: no-JS never ran

        page.go_back()

        page.wait_for_url(re.compile(r"/search/$"))
        expect(page.locator("#search-count")).to_have_text(re.compile(r"^6 "))
        assert page.locator("[data-testid=search-chips]").count() == 0
        assert not page.get_by_role("checkbox", name=re.compile(r"^Beryl")).is_checked()
        assert page.locator(".card").count() == 6


@pytest.mark.browser
def test_removing_a_chip_and_typing_a_range_update_the_results(live_server, transactional_db):
    _stock()
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/search/?species=beryl")
        assert _count(page).startswith("3 ")

        page.fill("#f-carat-min", "2")
        page.press("#f-carat-min", "Enter")
        page.wait_for_url(re.compile(r"carat_min=2"))
        expect(page.locator("#search-count")).to_have_text(re.compile(r"^2 "))

        page.locator(".chip--active", has_text="Beryl").click()
        page.wait_for_url(lambda url: "species=" not in url)
        expect(page.locator("#search-count")).to_have_text(re.compile(r"^4 "))
        assert "carat_min=2" in page.url  # the other filter stays


@pytest.mark.browser
def test_filters_work_without_javascript(live_server, transactional_db):
    _stock()
    with _browser() as browser:
        context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/search/")

        page.get_by_role("checkbox", name=re.compile(r"^Corundum")).check()
        page.get_by_role("button", name="Apply filters").click()

        page.wait_for_url(re.compile(r"species=corundum"))
        assert "carat_min=" not in page.url  # empty boxes are left out of the address
        assert _count(page).startswith("2 ")
        assert page.locator(".card").count() == 2


@pytest.mark.browser
def test_filters_open_in_a_drawer_on_a_phone(live_server, transactional_db):
    _stock()
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/search/")
        drawer = page.locator("#search-filters-drawer")
        assert not drawer.is_visible()

        page.get_by_role("button", name=re.compile("Filters")).click()
        assert drawer.is_visible()
        page.get_by_role("checkbox", name=re.compile(r"^Corundum")).check()
        page.wait_for_url(re.compile(r"species=corundum"))
        expect(page.locator("#search-count")).to_have_text(re.compile(r"^2 "))
        assert drawer.is_visible()  # the swap keeps the drawer open while the buyer keeps choosing

        page.locator(".search-filters__foot button").click()
        assert not drawer.is_visible()
        assert page.locator(".card").count() == 2


@pytest.mark.browser
def test_show_more_fetches_the_rest_of_a_facet_in_place_and_its_values_filter(live_server, transactional_db):
    sellers = [make_seller(trade_name=f"Swat House {n}") for n in range(10)]
    for seller in sellers:
        make_gem_listing(seller=seller, title=f"Emerald of {seller.trade_name}")
    make_gem_listing(seller=sellers[0], title="Second emerald")
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/search/")
        page.locator("#facet-seller > summary").click()
        boxes = page.locator('#facet-seller input[name="seller"]')
        assert boxes.count() == 8
        page.locator("#facet-seller .facet__more a").click()
        expect(boxes).to_have_count(10)
        assert page.locator("#facet-seller .facet__more").count() == 0
        assert page.url.endswith("/search/")  # fetching values is not a new address

        last = boxes.nth(9)
        name = last.get_attribute("value")
        last.click()  # a value that arrived later filters like the others
        page.wait_for_url(re.compile(rf"seller={name}"))
        expect(page.locator("#search-count")).to_have_text(re.compile(r"^1 "))
