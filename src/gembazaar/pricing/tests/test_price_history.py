"""A listing's price history for buyers: the series (selector), the chart and table on the listing
page, and GET /api/v1/listings/{id}/price-history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gembazaar.catalogue import services as catalogue_services
from gembazaar.pricing import selectors
from gembazaar.pricing.models import ListingPriceChange
from gembazaar.testing import make_gem_listing, make_jewelry_listing

from .conftest import LAHORE_24K_TOLA, record_gold

pytestmark = pytest.mark.django_db


def linked():
    return make_jewelry_listing(price_mode="metal_linked", jewelry={
        "karat": 22, "fineness": 916, "net_metal_weight_g": Decimal("10"), "gross_weight_g": Decimal("10")})


def test_the_series_runs_from_the_price_at_the_windows_start_through_each_change_to_now():
    record_gold()
    listing = linked()
    first = listing.price
    record_gold(price=LAHORE_24K_TOLA + 5000)
    record_gold(price=LAHORE_24K_TOLA + 9000)
    listing.refresh_from_db()

    series = selectors.listing_price_series(listing, days=30)

    assert [p.cause for p in series.points] == ["start", "metal_rate", "metal_rate", "now"]
    prices = [p.price for p in series.points]
    assert prices[0] == first and prices[-1] == prices[-2] == listing.price and first < prices[1] < prices[2]
    assert [p.at for p in series.points] == sorted(p.at for p in series.points)
    assert series.currency == "PKR" and len(series.changes) == 2


def test_a_change_before_the_window_is_left_out_and_a_quiet_listing_is_a_flat_line():
    record_gold()
    listing = linked()
    record_gold(price=LAHORE_24K_TOLA + 5000)
    ListingPriceChange.objects.filter(listing=listing).update(at=timezone.now() - timedelta(days=40))
    listing.refresh_from_db()

    series = selectors.listing_price_series(listing, days=30)

    assert [(p.cause, p.price) for p in series.points] == [("start", listing.price), ("now", listing.price)]
    assert series.changes == []


def test_the_listing_page_charts_a_metal_linked_price_and_says_why_it_moved(client):
    record_gold()
    listing = linked()
    record_gold(price=LAHORE_24K_TOLA + 5000)
    html = client.get(listing.get_absolute_url()).content.decode()
    section = html[html.index('data-testid="price-history"'):]
    section = section[:section.index("</section>")]
    assert "<svg" in section and 'data-points="5"' in section  # a step line: start, the change (2), now (2)
    assert 'data-cause="metal_rate"' in section and "New metal rate" in section


def test_a_fixed_price_shows_a_history_only_once_its_seller_changed_it(client):
    listing = make_gem_listing(price=Decimal("1250"), currency="USD")
    assert 'data-testid="price-history"' not in client.get(listing.get_absolute_url()).content.decode()
    catalogue_services.listing_update(listing=listing, price="1100")
    html = client.get(listing.get_absolute_url()).content.decode()
    assert 'data-testid="price-history"' in html and 'data-cause="listing_edit"' in html


def test_the_api_gives_the_series_and_refuses_what_is_not_on_sale(client, settings):
    record_gold()
    listing = linked()
    record_gold(price=LAHORE_24K_TOLA + 5000)
    body = client.get(f"/api/v1/listings/{listing.pk}/price-history?days=7").json()
    assert body["currency"] == "PKR" and body["days"] == 7
    assert [p["cause"] for p in body["points"]] == ["start", "metal_rate", "now"]
    listing.refresh_from_db()
    assert body["points"][-1]["price"] == f"{listing.price:.2f}"

    assert client.get(f"/api/v1/listings/{listing.pk}/price-history?days=0").status_code == 422
    draft = make_gem_listing(publish=False)
    assert client.get(f"/api/v1/listings/{draft.pk}/price-history").status_code == 404
    settings.PRICING_STALE_AFTER_HOURS = 0  # every rate is stale: no price to show
    assert client.get(f"/api/v1/listings/{listing.pk}/price-history").status_code == 404
