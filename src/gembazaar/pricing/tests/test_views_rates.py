"""The public rates page, the home page's widget and the main navigation."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gembazaar.pricing import services

pytestmark = pytest.mark.django_db


def record(price, *, metal="gold", fineness=999, unit="tola", currency="PKR", days_ago=0, hours_ago=0):
    return services.record_metal_rate(
        metal=metal, fineness=fineness, unit=unit, price=price, currency=currency, source="Lahore Sarafa",
        effective_at=timezone.now() - dt.timedelta(days=days_ago, hours=hours_ago), confirm=True)


def board_row(html: str, key: str) -> str:
    match = re.search(rf'<tr[^>]*data-rate="{key}">(.*?)</tr>', html, re.S)
    assert match, key
    return match.group(1)


def test_with_no_rates_the_page_says_so_and_draws_an_empty_chart(client):
    html = client.get(reverse("pricing:rates")).content.decode()
    assert "No rates have been published yet." in html
    assert 'data-points="0"' in html and "No rates in the last 30 days" in html


def test_the_day_rates_per_tola_and_10_g_in_pkr_and_per_gram_in_usd(client):
    record("245000")
    record("2800", metal="silver")
    record("75", unit="gram", currency="USD")
    html = client.get(reverse("pricing:rates")).content.decode()
    gold24 = board_row(html, "gold-999")
    assert "Rs\xa0245,000" in gold24  # per tola, as entered
    assert "Rs\xa0210,051.54" in gold24  # per 10 g
    assert "$75.00" in gold24  # per gram, USD
    gold22 = board_row(html, "gold-916")
    assert "Rs\xa0224,583.33" in gold22  # 22/24 of the 24K rate
    assert "◇" in gold22  # marked as worked out
    assert "Rs\xa02,800" in board_row(html, "silver-999")
    assert 'data-testid="rates-stale"' not in html


def test_stale_rates_are_flagged_clearly(client, settings):
    settings.PRICING_STALE_AFTER_HOURS = 36
    record("245000", days_ago=3)
    html = client.get(reverse("pricing:rates")).content.decode()
    assert 'data-testid="rates-stale"' in html
    assert "These rates are out of date: some are more than 36 hours old." in html
    assert "class=\"is-stale\"" in html


def test_the_chart_plots_the_last_30_days_with_the_last_value_highlighted(client):
    for days_ago, price in [(40, "200000"), (20, "240000"), (10, "242000"), (0, "245000")]:
        record(price, days_ago=days_ago)
    html = client.get(reverse("pricing:rates")).content.decode()
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert 'data-points="3"' in svg  # the rate 40 days ago is outside the window
    assert re.search(r"<title id=\"[^\"]+\">24K Gold \(999\) per tola \(PKR\), last 30 days</title>", svg)
    assert "<desc" in svg and "Rs\xa0240,000" in svg and "Rs\xa0245,000" in svg
    assert 'class="chart__last"' in svg
    # The chart is drawn on the server: no script or stylesheet comes from another host.
    # (Searching the whole page for "cdn" failed once on a CSRF token that happened to hold it.)
    assert not re.search(r"<(script|link)\b[^>]*\b(src|href)=\"(https?:)?//", html)


def test_the_series_can_be_switched_and_unknown_series_fall_back(client):
    record("2800", metal="silver")
    html = client.get(reverse("pricing:rates") + "?series=silver-999").content.decode()
    assert "Silver 999 per tola (PKR)" in html and 'data-points="1"' in html
    html = client.get(reverse("pricing:rates") + "?series=<script>").content.decode()
    assert "24K Gold (999) per tola (PKR)" in html


def test_the_page_in_urdu_is_right_to_left_and_the_chart_stays_left_to_right(client):
    record("245000")
    client.cookies["django_language"] = "ur"
    html = client.get(reverse("pricing:rates"), HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert '<html lang="ur" dir="rtl"' in html
    assert 'direction="ltr"' in html


def test_the_main_nav_and_footer_link_to_the_rates_page(client):
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('id="site-nav"'):html.index("</nav>", html.index('id="site-nav"'))]
    assert f'href="{reverse("pricing:rates")}"' in nav
    footer = html[html.index('class="site-footer"'):]
    assert f'href="{reverse("pricing:rates")}"' in footer
    rates = client.get(reverse("pricing:rates")).content.decode()
    assert re.search(rf'href="{reverse("pricing:rates")}" aria-current="page"', rates)


def test_the_fx_table_lists_the_latest_rate_of_each_currency(client):
    services.record_fx_rate(currency="PKR", per_usd=Decimal("281.75"), source="SBP")
    html = client.get(reverse("pricing:rates")).content.decode()
    fx = html[html.index('id="fx-title"'):]
    assert "281.75" in fx and "SBP" in fx


# --- The home page widget -----------------------------------------------------------------------

def widget(html: str) -> str:
    start = html.index('data-testid="rates-widget"')
    return html[start:html.index("</section>", start)]


def test_the_home_widget_shows_24k_and_22k_per_tola_and_the_change_since_yesterday(client):
    record("240000", days_ago=1)
    record("245000")
    block = widget(client.get(reverse("home")).content.decode())
    assert "24K" in block and "Rs\xa0245,000" in block
    assert "22K" in block and "Rs\xa0224,583.33" in block
    assert "▲ +Rs\xa05,000 (2.08%)" in block
    assert f'href="{reverse("pricing:rates")}"' in block
    assert "Out of date" not in block


def test_the_home_widget_shows_a_fall_and_staleness(client, settings):
    settings.PRICING_STALE_AFTER_HOURS = 36
    record("250000", days_ago=4)
    record("245000", days_ago=3)
    block = widget(client.get(reverse("home")).content.decode())
    assert "▼ −Rs\xa05,000 (2.00%)" in block
    assert "Out of date" in block


def test_the_home_widget_adds_the_price_per_gram_in_the_buyers_currency(client):
    """Rupees per tola is how Pakistan quotes gold; a buyer shopping in dollars or dirhams also
    sees a gram in their own currency (FX: 281.5 PKR per USD in the tests' rates)."""
    record("245000")
    block = widget(client.get(reverse("home")).content.decode())  # the reference currency, USD
    per_gram_usd = (Decimal("245000") / Decimal("11.6638038") / Decimal("281.5")).quantize(Decimal("0.01"))
    assert f"≈ ${per_gram_usd:,} per gram" in block
    client.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})
    block = widget(client.get(reverse("home")).content.decode())
    assert "per gram" not in block and "Rs\xa0245,000" in block


def test_the_home_widget_without_rates_still_links_to_the_page(client):
    block = widget(client.get(reverse("home")).content.decode())
    assert "No rates published yet." in block and reverse("pricing:rates") in block


def test_the_pricing_stylesheet_uses_only_logical_properties():
    from pathlib import Path

    import gembazaar.pricing

    css = (Path(gembazaar.pricing.__file__).parent / "static" / "pricing" / "rates.css").read_text()
    physical = re.compile(
        r"(?<![-\w])(margin|padding|border)-(left|right)\b"
        r"|(?<![-\w])(left|right)\s*:"
        r"|text-align\s*:\s*(left|right)"
        r"|float\s*:\s*(left|right)"
        r"|(top|bottom)-(left|right)-radius"
    )
    assert physical.findall(css) == []
    assert "margin-inline-start" in css


@pytest.mark.parametrize("scenario", ["pure_only", "own_22k_newer", "own_22k_older", "several_a_day"])
def test_the_widget_agrees_with_the_rates_table_and_history_in_one_query(scenario, django_assert_num_queries):
    from gembazaar.pricing import selectors, web_selectors

    record("240000", days_ago=2)
    record("241000", days_ago=1)
    if scenario == "own_22k_newer":
        record("221500", fineness=916, hours_ago=1)
    if scenario == "own_22k_older":
        record("220000", fineness=916, days_ago=1, hours_ago=1)
    if scenario == "several_a_day":
        record("246000", hours_ago=3)
    record("245000", hours_ago=0)
    with django_assert_num_queries(1):
        widget = web_selectors.rates_widget()
    for line, fineness in zip(widget.lines, (999, 916), strict=True):
        row = selectors.rate_row(metal="gold", fineness=fineness, currency="PKR")
        history = selectors.rate_history(metal="gold", fineness=fineness, currency="PKR", unit="tola", days=10)
        # Today's figure is the rate in force (resolve_rate: newest wins), as on the rates table;
        # rate_history's "last of the day" prefers a rate for the exact fineness, so the two may differ.
        assert line.price == row.per_tola
        assert line.previous == history[-2].price
        assert line.change == line.price - line.previous


def test_the_board_is_cached_but_a_new_rate_shows_at_once(client, django_assert_max_num_queries):
    record("245000")
    client.get(reverse("pricing:rates"))  # fills the cache
    with django_assert_max_num_queries(8):  # session, the cache key (2), FX table, history — not the board
        html = client.get(reverse("pricing:rates")).content.decode()
    assert "Rs\xa0245,000" in board_row(html, "gold-999")
    record("246000")
    html = client.get(reverse("pricing:rates")).content.decode()
    assert "Rs\xa0246,000" in board_row(html, "gold-999")
