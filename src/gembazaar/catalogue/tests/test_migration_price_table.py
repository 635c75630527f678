"""Catalogue migration 0006 (a listing's price in its own table) runs both ways with the prices
intact, and the search triggers survive SQLite's table rebuilds in both directions."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from gembazaar.catalogue.models import Listing, ListingPrice
from gembazaar.search.schema import missing_search_triggers
from gembazaar.testing import make_gem_listing


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_keeps_every_price():
    listing = make_gem_listing(price=Decimal("1250.50"), currency="USD")
    reference = listing.reference_price

    call_command("migrate", "catalogue", "0005", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT price, reference_price FROM catalogue_listing WHERE id = %s", [listing.pk])
        assert [Decimal(str(value)) for value in cursor.fetchone()] == [Decimal("1250.50"), reference]
    call_command("migrate", verbosity=0)

    assert ListingPrice.objects.get(listing_id=listing.pk).price == Decimal("1250.50")
    assert Listing.objects.get(pk=listing.pk).reference_price == reference
    assert missing_search_triggers() == []
