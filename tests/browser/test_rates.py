"""End to end: the rates page with its server-drawn chart, the home page's rate widget, and the
rates page in Urdu (right to left, the chart still running left to right)."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.utils import timezone

from gembazaar.core import fx

from .chromium import launch, require_chromium

TIMEOUT_MS = 10_000


@contextmanager
def _browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _record_history():
    from gembazaar.pricing import services

    fx.invalidate()
    # A transactional test flushes the seeded FX rates: record the one these rates need.
    services.record_fx_rate(currency="PKR", per_usd="281.50", source="SBP", confirm=True)
    for days_ago, price in [(12, "236000"), (8, "238500"), (4, "241000"), (1, "240000"), (0, "245000")]:
        services.record_metal_rate(metal="gold", fineness=999, unit="tola", price=price, currency="PKR",
                                   source="Lahore Sarafa", confirm=True,
                                   effective_at=timezone.now() - dt.timedelta(days=days_ago, minutes=5))


@pytest.mark.browser
def test_the_rates_page_draws_its_chart_and_the_home_widget_links_to_it(live_server, transactional_db):
    _record_history()
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/")
        widget = page.get_by_test_id("rates-widget")
        assert widget.is_visible()
        text = widget.inner_text()
        assert "24K" in text and "22K" in text and "245,000" in text and "+Rs\xa05,000" in text
        widget.get_by_role("link", name="All rates and the 30-day chart").click()
        page.wait_for_url("**/rates/")

        chart = page.get_by_test_id("rates-chart").locator("svg[role=img]")
        assert chart.is_visible()
        assert chart.get_attribute("data-points") == "5"
        assert "24K Gold (999) per tola (PKR)" in chart.locator("title").text_content()
        assert chart.locator("polyline").count() == 1
        box = chart.bounding_box()
        dot = chart.locator(".chart__last circle").bounding_box()
        assert dot["x"] > box["x"] + box["width"] * 0.8  # the newest value sits at the right end
        # Another series, swapped in place by htmx (a plain link without JavaScript).
        page.evaluate("window.stayedOnPage = true")
        page.get_by_role("link", name="22K Gold (916)").click()
        page.wait_for_url("**/rates/?series=gold-22k")
        page.locator("figcaption", has_text="22K Gold (916)").wait_for()
        assert "22K Gold (916) per tola" in page.get_by_test_id("rates-chart").locator("svg title").text_content()
        assert page.evaluate("window.stayedOnPage === true")  # swapped by htmx, not a new page
        # The page is complete without any network request beyond our own server.
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.reload()
        assert requests and all(url.startswith(live_server.url) for url in requests)


@pytest.mark.browser
def test_the_rates_page_in_urdu_is_right_to_left(live_server, transactional_db):
    _record_history()
    with _browser() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "django_language", "value": "ur", "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/rates/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # The board's first column (the purity) is on the right, its last on the left.
        header = page.locator(".rates-table").first.locator("thead th")
        first, last = header.first.bounding_box(), header.last.bounding_box()
        assert first["x"] > last["x"]
        # The chart keeps time running left to right, its labels anchored as drawn.
        chart = page.get_by_test_id("rates-chart").locator("svg[role=img]")
        assert chart.is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('svg.chart')).direction") == "ltr"
        box = chart.bounding_box()
        assert chart.locator(".chart__last circle").bounding_box()["x"] > box["x"] + box["width"] * 0.8
        labels = chart.locator(".chart__ylabels text")
        assert labels.first.bounding_box()["x"] < box["x"] + box["width"] * 0.2  # value axis at the left


@pytest.mark.browser
def test_recording_a_rate_shows_a_working_state_and_blocks_a_second_click(live_server, transactional_db):
    """Right after the click (before the response), the form shows its status line with the number
    of listings and its button is disabled; the test notes that state in sessionStorage, which
    outlives the navigation, then sees the rate recorded."""
    from django.test import Client

    from gembazaar.pricing.models import MetalRate
    from gembazaar.sellers.tests.conftest import make_council_user

    _record_history()
    client = Client()
    client.force_login(make_council_user("council"))
    session = client.cookies["sessionid"].value
    with _browser() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 1000})
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(live_server.url + "/council/rates/")
        form = page.get_by_test_id("metal-form")
        assert form.get_by_role("status").is_hidden()
        page.evaluate("""() => {
            const form = document.querySelector('[data-testid=metal-form]');
            form.addEventListener('submit', () => setTimeout(() => sessionStorage.setItem('busy', JSON.stringify({
                shown: !form.querySelector('[data-busy]').hidden,
                text: form.querySelector('[data-busy]').innerText,
                disabled: form.querySelector('button[type=submit]').disabled,
                ariaBusy: form.getAttribute('aria-busy')})), 0));
        }""")
        form.get_by_label("Price").fill("246000")
        form.get_by_label("Source").fill("Lahore Sarafa")
        form.get_by_role("button", name="Record metal rate").click()
        page.wait_for_url("**/council/rates/")
        page.get_by_text("listing prices changed").first.wait_for()
        busy = page.evaluate("() => JSON.parse(sessionStorage.getItem('busy'))")
    assert busy["shown"] and busy["disabled"] and busy["ariaBusy"] == "true", busy
    assert "metal-linked listing" in busy["text"]
    assert MetalRate.objects.filter(price="246000").count() == 1


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_rate_widget_and_a_gold_pieces_price_history_fit_the_screen(live_server, transactional_db,
                                                                                   language):
    """390 px wide: the widget's lines wrap and the breakdown and history tables stay inside the
    page (they overflowed by up to 190 px before), in English and right to left in Arabic."""
    from decimal import Decimal

    from gembazaar.testing import make_jewelry_listing

    _record_history()
    piece = make_jewelry_listing(price_mode="metal_linked", jewelry={
        "karat": 22, "fineness": 916, "net_metal_weight_g": Decimal("24.5"), "gross_weight_g": Decimal("25")})
    from gembazaar.pricing import services

    services.record_metal_rate(metal="gold", fineness=999, unit="tola", price="246500", currency="PKR",
                               source="Lahore Sarafa", confirm=True)
    with _browser() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        for url in ("/", piece.get_absolute_url()):
            page.goto(live_server.url + url)
            if url != "/":
                assert page.get_by_test_id("price-history").is_visible()
            width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (url, width)
