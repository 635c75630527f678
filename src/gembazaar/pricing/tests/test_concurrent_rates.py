"""PostgreSQL: rates recorded at the same moment reprice one after the other, never deadlock."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from gembazaar.pricing import selectors
from gembazaar.pricing.models import ListingPriceChange
from gembazaar.testing import make_jewelry_listing, make_seller

from .conftest import record_gold


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rates_recorded_at_once_both_apply_and_listings_end_on_the_newest():
    record_gold()
    seller = make_seller()
    listings = [make_jewelry_listing(seller=seller, price_mode="metal_linked") for _ in range(30)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def record(price):
        try:
            barrier.wait()
            record_gold(price=price)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(Decimal(455000 + n * 1000),)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    for listing in listings:
        listing.refresh_from_db()
        assert listing.price == selectors.quote_listing(listing).amount  # the newest rate's price
    assert ListingPriceChange.objects.filter(listing__in=listings).count() >= 30
