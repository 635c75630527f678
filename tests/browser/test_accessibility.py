"""Accessibility: axe-core finds no serious or critical violation on the key pages, in English and
in Arabic (right to left), for a guest, a buyer, a seller and the council.

axe-core is vendored (tests/browser/vendor/axe-core, see its README): no CDN, no npm at test time.
It is injected as a script tag, so the contexts bypass the site's CSP (which rightly refuses inline
scripts); what axe inspects is the page as served.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from gembazaar.accounts.models import User

from ..key_pages import ADDRESS, make_marketplace
from .chromium import launch, require_chromium

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
LANGUAGES = ("en", "ar")  # Arabic is right to left
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the module; each test opens its own contexts (cookies, language)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = launch(playwright)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        # ORM calls made while Playwright runs use their own connection: close it (see test_checkout).
        connections.close_all()


def _page(browser, live_server, user: User | None = None):
    """A page in its own browser context, signed in as `user` (a session made on the server) or a guest."""
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return context.new_page()


def _why(node: dict) -> str:
    """axe's first reason for a node ("Element has insufficient color contrast of 3.9 (foreground …")."""
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    return next((check["message"] for check in checks if check.get("message")), "")


def _violations(page, name: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one readable line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = "".join(f"\n    - {' '.join(map(str, node['target']))}: {_why(node)}"
                        for node in violation["nodes"][:6])
        more = len(violation["nodes"]) - 6
        found.append(f"{name} ({page.url}): [{violation['impact']}] {violation['id']}: {violation['help']}"
                     f"\n    {violation['helpUrl']}{nodes}" + (f"\n    … and {more} more" if more > 0 else ""))
    return found




@pytest.mark.browser
def test_key_pages_have_no_serious_or_critical_axe_violations(chromium, live_server, transactional_db):
    data = make_marketplace()
    guest, buyer, seller, council = (_page(chromium, live_server, user) for user in (
        None, data["buyer"], data["owner"], data["council"]))
    report: list[str] = []
    timings: list[str] = []

    for language in LANGUAGES:
        for page in (guest, buyer, seller, council):
            page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                                       "url": live_server.url}])

        def check(page, path: str, name: str, language: str = language) -> None:
            started = time.monotonic()
            response = page.goto(live_server.url + path)
            assert response is not None and response.ok, f"{name}: {path} answered {response and response.status}"
            html = page.locator("html")
            assert html.get_attribute("lang") == language, f"{name}: not in {language}"
            assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), f"{name}: wrong direction"
            report.extend(_violations(page, f"{name} [{language}]"))
            timings.append(f"{name} {time.monotonic() - started:.1f}s")

        check(guest, "/", "home")
        check(guest, "/gems/", "gems")
        check(guest, "/search/?q=emerald&species=beryl&nature=natural", "search with facets and a query")
        check(guest, data["stone"].get_absolute_url(), "gem listing")
        check(guest, data["ring"].get_absolute_url(), "jewelry listing")
        check(guest, data["seller"].get_absolute_url(), "seller page")
        check(guest, "/rates/", "rates")
        check(guest, "/accounts/signup/", "sign-up")
        check(guest, "/accounts/login/", "sign-in")

        check(buyer, "/sell/apply/", "seller application")
        check(buyer, "/cart/", "cart")
        check(buyer, "/checkout/", "checkout: address")
        buyer.locator("#id_shipping_name").fill(ADDRESS["name"])
        buyer.locator("#id_shipping_line1").fill(ADDRESS["line1"])
        buyer.locator("#id_shipping_city").fill(ADDRESS["city"])
        buyer.locator("#id_shipping_country").select_option("AE")
        buyer.locator("#shipping-methods .method__price").first.wait_for()  # htmx priced the methods
        buyer.locator("#id_shipping_phone").fill(ADDRESS["phone"])
        report.extend(_violations(buyer, f"checkout: address, shipping priced [{language}]"))
        buyer.get_by_test_id("to-review").click()
        buyer.wait_for_url("**/checkout/review/")
        report.extend(_violations(buyer, f"checkout: review [{language}]"))
        check(buyer, f"/orders/{data['order'].number}/", "order page")
        check(buyer, "/orders/", "my orders")

        check(seller, "/seller/", "seller centre: dashboard")
        check(seller, "/seller/listings/", "seller centre: listings")
        check(seller, f"/seller/listings/{data['stone'].pk}/edit/", "seller centre: listing edit")
        check(seller, f"/seller/orders/{data['order'].number}/", "seller centre: order")

        check(council, "/council/", "council: queue")
        check(council, f"/council/orders/{data['order'].number}/", "council: order")
        check(council, "/council/payments/", "council: payments")
        check(council, f"/council/payments/{data['checkout'].reference}/", "council: payment")
        check(council, "/council/payments/statement/", "council: bank statement")

    print("axe: " + ", ".join(timings))
    assert not report, f"{len(report)} serious or critical accessibility violations:\n" + "\n".join(report)
