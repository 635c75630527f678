"""Update by SKU: only the seller's own listings, blank cells keep their value, unknown SKUs are errors."""

from decimal import Decimal

import pytest

from gembazaar.catalogue.models import Listing
from gembazaar.imports.services.writing import import_listings
from gembazaar.testing import make_gem_listing, make_jewelry_listing

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def test_update_changes_only_the_given_cells(seller):
    listing = make_gem_listing(seller=seller, sku="SW-1", publish=True)
    old_title, old_status = listing.title, listing.status
    data = csv_bytes([{"sku": "SW-1", "price": "999.50", "carat": "1.5", "title": ""}])
    checked, written = import_listings(seller=seller, kind="gem", mode="update_by_sku", data=data)
    assert checked.errors == [] and written.updated == 1 and written.created == 0
    listing.refresh_from_db()
    assert listing.price == Decimal("999.500") and listing.reference_price == Decimal("999.50")
    assert listing.title == old_title and listing.status == old_status
    assert listing.gem.carat == Decimal("1.500") and listing.gem.species == "beryl"
    assert Listing.objects.count() == 1


def test_another_sellers_sku_is_unknown_and_theirs_is_untouched(seller, other_seller):
    theirs = make_gem_listing(seller=other_seller, sku="B-1")
    mine = make_gem_listing(seller=seller, sku="A-1")
    data = csv_bytes([{"sku": "A-1", "price": "10"}, {"sku": "B-1", "price": "1"}])
    checked, written = import_listings(seller=seller, kind="gem", mode="update_by_sku", data=data)
    assert written is None
    assert [(e.row, e.column, e.reason) for e in checked.errors] == [
        (3, "sku", "Unknown SKU B-1: none of your listings has it.")]
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.price == Decimal("1250.000") and mine.price == Decimal("1250.000")


def test_an_invalid_update_leaves_every_listing_as_it_was(seller):
    make_gem_listing(seller=seller, sku="A-1")
    make_gem_listing(seller=seller, sku="A-2")
    data = csv_bytes([{"sku": "A-1", "price": "10"}, {"sku": "A-2", "carat": "-1"}], header=["sku", "price", "carat"])
    checked, written = import_listings(seller=seller, kind="gem", mode="update_by_sku", data=data)
    assert written is None and [(e.row, e.column) for e in checked.errors] == [(3, "carat")]
    assert set(Listing.objects.values_list("pricing__price", flat=True)) == {Decimal("1250.000")}


def test_a_jewelry_sku_cannot_be_updated_with_the_gem_template(seller):
    make_jewelry_listing(seller=seller, sku="RG-1")
    checked, _ = import_listings(seller=seller, kind="gem", mode="update_by_sku",
                                 data=csv_bytes([{"sku": "RG-1", "price": "10"}]))
    assert [(e.column, e.reason) for e in checked.errors] == [
        ("sku", "SKU RG-1 is a jewelry listing; use the other template.")]


def test_jewelry_update_by_sku(seller):
    listing = make_jewelry_listing(seller=seller, sku="RG-1")
    checked, written = import_listings(seller=seller, kind="jewelry", mode="update_by_sku",
                                       data=csv_bytes([{"sku": "RG-1", "making_charge_value": "12"}]))
    assert checked.errors == [] and written.updated == 1
    listing.refresh_from_db()
    assert listing.jewelry.making_charge_value == Decimal("12.000")


def test_update_mode_only_requires_the_sku_column(seller):
    make_gem_listing(seller=seller, sku="A-1")
    checked, _ = import_listings(seller=seller, kind="gem", mode="update_by_sku",
                                 data=csv_bytes([{"price": "10"}]))
    assert [(e.row, e.column, e.reason) for e in checked.errors] == [(1, "sku", "Missing required column(s): sku.")]


def test_the_kind_of_a_listing_cannot_change(seller):
    make_gem_listing(seller=seller, sku="A-1")
    checked, written = import_listings(seller=seller, kind="gem", mode="update_by_sku",
                                       data=csv_bytes([{"sku": "A-1", "kind": "lot"}]))
    assert written is None
    assert [(e.row, e.column, e.reason) for e in checked.errors] == [
        (2, "kind", "The kind of a listing cannot change (it is gemstone).")]
