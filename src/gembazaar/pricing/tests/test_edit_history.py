"""A seller's own price edit is audited in the same price history as repricings (who, when, before, after)."""

from decimal import Decimal

import pytest

from gembazaar.accounts.models import User
from gembazaar.catalogue import services
from gembazaar.pricing.models import ListingPriceChange
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db


def test_a_price_edit_records_who_before_and_after():
    listing = make_gem_listing(price=Decimal("900"), currency="USD")
    editor = User.objects.create_user(username="owner", email="owner@example.org", password="pw")

    services.listing_update(listing=listing, actor=editor, price="950.00")

    change = ListingPriceChange.objects.get(listing=listing)
    assert change.cause == "listing_edit" and change.changed_by == editor
    assert (change.old_price, change.new_price) == (Decimal("900"), Decimal("950"))
    assert (change.old_reference, change.new_reference) == (Decimal("900.00"), Decimal("950.00"))
    assert change.currency == "USD"


def test_an_edit_that_leaves_the_price_alone_writes_no_history():
    listing = make_gem_listing(price=Decimal("900"), currency="USD")
    services.listing_update(listing=listing, title="Emerald, Swat valley")
    assert not ListingPriceChange.objects.filter(listing=listing).exists()


def test_a_refused_edit_writes_no_history():
    listing = make_gem_listing(price=Decimal("900"), currency="USD")
    with pytest.raises(Exception):  # noqa: B017 - the field error itself is tested in catalogue
        services.listing_update(listing=listing, price="950.00", sku="")
    assert not ListingPriceChange.objects.filter(listing=listing).exists()

