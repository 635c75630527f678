"""Prices on storefront pages for metal-linked jewelry: the breakdown on the detail page, in the
listing's and the buyer's currency, and "Price on request" (no price, nothing to buy) when stale."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gembazaar.core.middleware import CURRENCY_SESSION_KEY
from gembazaar.core.money import format_money
from gembazaar.pricing import selectors, services, web_selectors
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db


def record(price="245000", *, fineness=999, currency="PKR", unit="tola", hours_ago=0, metal="gold"):
    return services.record_metal_rate(
        metal=metal, fineness=fineness, unit=unit, price=price, currency=currency, source="Lahore Sarafa",
        effective_at=timezone.now() - dt.timedelta(hours=hours_ago), confirm=True)


def linked(seller=None, **overrides):
    spec = {"karat": 22, "fineness": 916, "net_metal_weight_g": Decimal("11.664"),
            "gross_weight_g": Decimal("12.5"), "making_charge_mode": "percent", "making_charge_value": Decimal("10"),
            "wastage_percent": Decimal("2"), "stone_value": Decimal("15000"), "margin_percent": Decimal("3"),
            "stones": "3 Swat emeralds"}
    listing_fields = {k: overrides.pop(k) for k in ("currency", "price", "title") if k in overrides}
    spec.update(overrides)
    return make_jewelry_listing(seller=seller, price_mode="metal_linked", jewelry=spec, **listing_fields)


def breakdown_cell(html: str, part: str, column: int = 0) -> str:
    row = re.search(rf'<tr data-part="{part}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td>([^<]*)</td>", row)[column]


def test_a_jewelry_page_shows_the_breakdown_that_adds_up_to_the_price(client):
    rate = record()
    listing = linked()
    quote = selectors.quote_listing(listing)
    html = client.get(listing.get_absolute_url()).content.decode()
    assert 'data-testid="price-breakdown"' in html
    parts = quote.breakdown
    for part in ("metal_value", "making", "wastage", "stones", "margin", "total"):
        expected = getattr(parts, part)
        assert breakdown_cell(html, part) == format_money(expected, "PKR"), part
    assert parts.total == listing.price
    assert "3 Swat emeralds" in html and "10 % of the metal value" in html and "2 % of the metal weight" in html
    # The rate used and its time.
    line = re.search(r'data-testid="breakdown-rate">(.*?)</p>', html, re.S).group(1)
    assert "22K Gold (916)" in line and "24K Gold (999)" in line and "Rs\xa0245,000" in line
    assert "Lahore Sarafa" in line and timezone.localtime(rate.effective_at).strftime("%H:%M") in line
    assert 'data-testid="price-on-request"' not in html
    assert 'data-testid="add-to-cart"' in html  # a fresh price can be bought


def test_the_breakdown_is_also_shown_in_the_buyer_currency(client):
    record()
    listing = linked()
    session = client.session
    session[CURRENCY_SESSION_KEY] = "USD"
    session.save()
    html = client.get(listing.get_absolute_url()).content.decode()
    converted = selectors.breakdown_in_currency(selectors.quote_listing(listing).breakdown, "USD")
    assert "≈ USD" in html
    assert breakdown_cell(html, "total", 1) == f"${converted['total']:,.2f}"
    assert breakdown_cell(html, "metal_value", 1) == f"${converted['metal_value']:,.2f}"


def test_the_buyer_currency_column_is_left_out_when_it_is_the_listing_currency(client):
    record()
    listing = linked()
    session = client.session
    session[CURRENCY_SESSION_KEY] = "PKR"
    session.save()
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "≈ PKR" not in html and len(re.findall(r"<td>", re.search(
        r'<tr data-part="total">(.*?)</tr>', html, re.S).group(1))) == 1


def test_stale_rates_show_price_on_request_and_no_price_on_the_detail_page(client, settings):
    settings.PRICING_STALE_AFTER_HOURS = 36
    record(hours_ago=40)
    listing = linked(price=Decimal("199999.00"))
    html = client.get(listing.get_absolute_url()).content.decode()
    buybox = html[html.index('class="buybox"'):html.index('class="keyfacts"')]
    assert 'data-testid="price-on-request"' in buybox and "Price on request" in buybox
    assert "199,999" not in buybox  # the old price is not offered
    assert 'data-testid="add-to-cart"' not in html and "Add to cart" not in buybox  # nothing to buy
    assert 'data-testid="price-breakdown"' not in html


def test_stale_rates_show_price_on_request_on_cards_but_fixed_prices_stay(client, settings):
    settings.PRICING_STALE_AFTER_HOURS = 36
    record(hours_ago=40)
    seller = make_seller()
    linked(seller=seller, title="Linked bangle")
    make_jewelry_listing(seller=seller, title="Fixed ring", price=Decimal("185000.00"))
    html = client.get(reverse("jewelry_list")).content.decode()
    cards = {re.search(r'class="card__title">([^<]+)<', card).group(1): card
             for card in html.split('<article class="card">')[1:]}
    assert 'data-testid="price-on-request"' in cards["Linked bangle"]
    assert 'data-testid="price-on-request"' not in cards["Fixed ring"]
    assert "Rs\xa0185,000" in cards["Fixed ring"]


def test_fresh_rates_show_the_price_on_cards(client):
    record()
    listing = linked(title="Linked bangle")
    html = client.get(reverse("jewelry_list")).content.decode()
    assert 'data-testid="price-on-request"' not in html
    assert format_money(listing.price, "PKR") in html


def test_gemstone_pages_have_no_breakdown(client):
    record()
    html = client.get(make_gem_listing().get_absolute_url()).content.decode()
    assert 'data-testid="price-breakdown"' not in html and 'data-testid="price-on-request"' not in html


def test_cards_ask_about_freshness_once_per_page(client):
    record()
    seller = make_seller()
    for n in range(3):
        linked(seller=seller, title=f"Piece {n}")
    # The list is the search page with a filter: the engine's first search loads its index and
    # the next one after new listings reads them in, so each count is taken on a settled request.
    client.get(reverse("jewelry_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("jewelry_list"))
    for n in range(3, 9):
        linked(seller=seller, title=f"Piece {n}")
    client.get(reverse("jewelry_list"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("jewelry_list"))
    assert len(many) == len(few)


@pytest.mark.parametrize("case", ["exact_fineness", "pure_only", "other_currency_only", "stale", "none",
                                  "stale_in_currency_fresh_elsewhere"])
def test_the_one_query_freshness_check_agrees_with_the_backend(case, settings):
    settings.PRICING_STALE_AFTER_HOURS = 36
    if case == "exact_fineness":
        record("224000", fineness=916)
    elif case == "pure_only":
        record()
    elif case == "other_currency_only":
        record("75", currency="USD", unit="gram")
    elif case == "stale":
        record(hours_ago=50)
    elif case == "stale_in_currency_fresh_elsewhere":
        record(hours_ago=50)
        record("75", currency="USD", unit="gram")
    listing = linked()
    assert web_selectors.Freshness().price_on_request(listing) == selectors.listing_price_on_request(listing)
    expected = case in ("stale", "none", "stale_in_currency_fresh_elsewhere")
    assert selectors.listing_price_on_request(listing) is expected


def test_a_metal_linked_card_shows_its_price_in_the_buyer_currency_too(client):
    record()
    listing = linked(title="Linked bangle")
    listing.refresh_from_db()
    session = client.session
    session[CURRENCY_SESSION_KEY] = "USD"
    session.save()
    html = client.get(reverse("jewelry_list")).content.decode()
    card = next(c for c in html.split('<article class="card">')[1:] if "Linked bangle" in c)
    assert format_money(listing.price, "PKR") in card
    assert f"≈ ${listing.reference_price:,.2f}" in card
