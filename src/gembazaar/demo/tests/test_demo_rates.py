"""seed-demo records today's demo metal rates and prices the metal-linked demo jewelry from them."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from gembazaar.catalogue.models import Listing
from gembazaar.demo.run import seed_demo
from gembazaar.pricing import selectors
from gembazaar.pricing.models import FXRate, MetalRate

pytestmark = pytest.mark.django_db


def test_seed_demo_records_rates_and_reprices_metal_linked_jewelry():
    seed_demo(listings=400, seed=7, pictures=False)
    assert MetalRate.objects.filter(metal="gold", fineness=999, unit="tola", currency="PKR").exists()
    linked = list(Listing.objects.filter(price_mode="metal_linked", status__in=["draft", "active", "reserved"])
                  .select_related("jewelry"))  # sold and archived pieces keep the price they had
    assert linked, "the demo has metal-linked pieces"
    for listing in linked:
        quote = selectors.quote_listing(listing)
        assert not quote.on_request and listing.price == quote.amount
    missing = [(x.pk, x.status, x.price) for x in linked if not x.price_changes.filter(cause="metal_rate").exists()]
    assert not missing


def test_seed_demo_gives_each_gold_linked_piece_a_month_of_prices_that_chart():
    """The demo's pieces followed the month's daily rates: a history row on each rate's day with the
    engine's price for that rate, ending at today's price (what a piece's page charts)."""
    from datetime import timedelta

    from django.utils import timezone

    seed_demo(listings=200, seed=7, pictures=False)
    piece = (Listing.objects.filter(price_mode="metal_linked", status="active", jewelry__metal="gold")
             .select_related("jewelry").first())
    series = selectors.listing_price_series(piece, days=30)
    days = {point.at.date() for point in series.points if point.cause == "metal_rate"}
    assert len(days) >= 25  # about one change a day
    assert series.points[-1].price == selectors.quote_listing(piece).amount == piece.price
    for earlier, later in pairwise(series.points):
        assert earlier.at <= later.at
    history = list(piece.price_changes.order_by("at", "id"))
    for before, after in pairwise(history):
        assert before.new_price == after.old_price  # one unbroken chain of prices
    assert history[0].at < timezone.now() - timedelta(days=25)


def test_seed_demo_gives_the_rates_page_a_month_of_daily_history_ending_at_todays_rate():
    seed_demo(listings=50, seed=7, pictures=False)
    points = selectors.rate_history(metal="gold", fineness=999, currency="PKR", unit="tola", days=30)
    assert len(points) >= 29  # one a day
    latest = MetalRate.objects.filter(metal="gold", fineness=999, currency="PKR").order_by("-effective_at").first()
    assert points[-1].price == latest.price
    assert len({point.price for point in points}) > 10  # it moves, as a market does
    assert abs(points[-2].price - points[-1].price) / points[-1].price < Decimal("0.01")  # no jump into today


def test_seed_demo_records_todays_exchange_rates():
    seed_demo(listings=50, seed=7, pictures=False)
    assert FXRate.objects.filter(currency="PKR", source="Demo exchange rates").exists()
    assert selectors.latest_fx_rate(currency="EUR").source == "Demo exchange rates"
