"""The Content-Security-Policy holds in a real browser: the key pages, used as people use them.

Chromium reports every refused script, style, handler or connection in the console ("Refused to
… because it violates the following Content Security Policy directive"). The test walks the
marketplace as a visitor (home, search with htmx facet clicks, a listing, add to cart, the rates
chart, the API docs), a buyer (cart, checkout with the htmx shipping re-price), a seller (the
listing form with drag-and-drop pictures) and council staff (the console, the rates console), and
the admin, and fails on any violation, naming the page.
"""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from gembazaar.catalogue.services import listing_image_add
from gembazaar.orders.services import cart as cart_services
from gembazaar.sellers.models import SellerMember
from gembazaar.sellers.tests.conftest import make_council_user, make_user
from gembazaar.testing import make_gem_listing, make_seller, seed_shipping_zones

from .chromium import launch, require_chromium
from .test_rates import _record_history as record_history

TIMEOUT_MS = 10_000


def _png(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 320), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Watch:
    """Every CSP violation and script error any page of a browser context reports, with its page."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: script error {error}"))

    def _console(self, page, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{page.url}: {message.text}")


def _page(browser, watch: Watch, live_server, session_key=None):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if session_key is not None:
        context.add_cookies([{"name": "sessionid", "value": session_key, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch.attach(page)
    return page


@pytest.mark.browser
def test_the_key_pages_run_under_the_policy_without_a_single_violation(live_server, transactional_db):
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    seed_shipping_zones()
    record_history()
    seller = make_seller(trade_name="Mingora Emerald Traders")
    owner = make_user("olivia")
    SellerMember.objects.create(seller=seller, user=owner, role=SellerMember.Role.OWNER)
    stone = make_gem_listing(seller=seller, title="Swat emerald, 1.25 ct")
    make_gem_listing(seller=seller, title="Hunza ruby", gem={"species": "corundum", "variety": "ruby",
                                                              "colour": "red", "treatments": "H"})
    for colour in ((20, 120, 60), (160, 20, 40)):
        listing_image_add(listing=stone, data=_png(colour))
    buyer = make_user("sara")
    cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=stone.pk)
    staff = make_council_user("nadia")
    admin = make_user("root", is_staff=True, is_superuser=True)
    # Every session is written before the browser starts: the in-memory SQLite the live server
    # shares answers "table is locked" (no busy wait) to a write racing a request it still serves.
    buyer, owner, staff, admin = (_session(user) for user in (buyer, owner, staff, admin))

    watch = Watch()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            # A visitor: home, search narrowed by an htmx facet click, a listing, add to cart.
            page = _page(browser, watch, live_server)
            page.goto(live_server.url + "/")
            expect(page.locator("html.js")).to_have_count(1)  # the external js-on.js ran
            page.goto(live_server.url + "/search/")
            page.get_by_role("checkbox", name=re.compile(r"^Beryl")).click()
            page.wait_for_url(re.compile(r"species=beryl"))
            expect(page.locator("#search-count")).to_have_text(re.compile(r"^1 "))
            page.goto(live_server.url + stone.get_absolute_url())
            page.get_by_test_id("add-to-cart").click()
            expect(page.get_by_text("Added to your cart.")).to_be_visible()
            page.goto(live_server.url + "/rates/")
            expect(page.get_by_test_id("rates-chart").locator("svg[role=img]")).to_be_visible()
            page.get_by_role("link", name="22K Gold (916)").click()  # another series, swapped by htmx
            page.locator("figcaption", has_text="22K Gold (916)").wait_for()
            page.goto(live_server.url + "/api/v1/docs")
            expect(page.locator(".swagger-ui .info")).to_be_visible()  # Swagger UI rendered itself

            # A buyer: cart, checkout (choosing a country re-prices shipping through htmx).
            page = _page(browser, watch, live_server, buyer)
            page.goto(live_server.url + reverse("orders:cart"))
            page.get_by_test_id("go-checkout").click()
            page.wait_for_url("**/checkout/")
            page.locator("#id_shipping_country").select_option("AE")
            expect(page.locator("#shipping-methods .method__price").first).to_be_visible()

            # A seller: the listing form; a picture dragged to the front is saved by fetch().
            page = _page(browser, watch, live_server, owner)
            page.goto(live_server.url + reverse("sellercentre:listing_edit", args=[stone.pk]))
            first, second = (item.get_attribute("data-image-id") for item in page.locator(".sc-images li").all())
            with page.expect_response(re.compile(r"/images/reorder/")) as answer:
                page.locator(".sc-images li").nth(1).drag_to(page.locator(".sc-images li").nth(0))
            assert answer.value.status == 204
            assert list(stone.images.order_by("position").values_list("id", flat=True)) == [int(second), int(first)]

            # Council staff: the console and the rates console.
            page = _page(browser, watch, live_server, staff)
            page.goto(live_server.url + "/council/")
            page.goto(live_server.url + reverse("orders:council_orders"))
            page.goto(live_server.url + "/council/rates/")
            expect(page.get_by_test_id("metal-form")).to_be_visible()

            # The admin (Django's own scripts, our thumbnail column) under the same policy.
            page = _page(browser, watch, live_server, admin)
            for url in ("/admin/", "/admin/catalogue/listing/", f"/admin/catalogue/listing/{stone.pk}/change/"):
                assert page.goto(live_server.url + url).status == 200, url
        finally:
            browser.close()

    assert watch.problems == []
