"""The database backs the rules up when code goes around the services (both backends)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gembazaar.catalogue.models import GemSpec, JewelrySpec, Listing, ListingPrice
from gembazaar.testing import make_gem_listing, make_jewelry_listing

pytestmark = pytest.mark.django_db


def assert_refused(update_fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        update_fn()


def test_gem_constraints():
    listing = make_gem_listing(publish=False)
    spec = GemSpec.objects.filter(pk=listing.pk)
    assert_refused(lambda: spec.update(carat=Decimal("0")))
    assert_refused(lambda: spec.update(treatments="N,H"))
    assert_refused(lambda: spec.update(treatments=""))
    assert_refused(lambda: spec.update(nature="real"))
    assert_refused(lambda: spec.update(species="corundum"))  # variety stays emerald: not a corundum
    assert_refused(lambda: spec.update(certificate_number="123", lab=""))
    spec.update(treatments="N")
    assert GemSpec.objects.get(pk=listing.pk).treatments == "N"


def test_jewelry_constraints():
    listing = make_jewelry_listing(publish=False)
    spec = JewelrySpec.objects.filter(pk=listing.pk)
    assert_refused(lambda: spec.update(net_metal_weight_g=Decimal("99")))
    assert_refused(lambda: spec.update(karat=18))  # fineness stays 916
    assert_refused(lambda: spec.update(metal="silver"))  # 916 is no silver fineness
    assert_refused(lambda: spec.update(net_metal_weight_g=Decimal("0")))


def test_listing_constraints():
    listing = make_gem_listing(publish=False)
    rows = Listing.objects.filter(pk=listing.pk)
    assert_refused(lambda: ListingPrice.objects.filter(listing=listing).update(price=Decimal("0")))
    assert_refused(lambda: rows.update(quantity=-1))
    assert_refused(lambda: rows.update(price_mode="metal_linked"))
    assert_refused(lambda: rows.update(status="active", published_at=None))
    assert_refused(lambda: Listing.objects.create(
        seller=listing.seller, sku=listing.sku, kind="gemstone", title="Copy", slug="copy", price=1,
        currency="USD", reference_price=1))
