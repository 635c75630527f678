"""Editing, unpublishing and duplicating listings through the services."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gembazaar.catalogue import services
from gembazaar.catalogue.models import Listing, ListingImage
from gembazaar.core.errors import DomainError
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db


def test_update_changes_fields_and_spec_and_refreshes_search_text():
    listing = make_gem_listing(publish=False, title="Swat emerald")
    services.listing_update(listing=listing, title="Hunza ruby", gem={"species": "corundum", "variety": "ruby",
                                                                     "treatments": "H", "carat": "2.5"})
    listing = Listing.objects.select_related("gem").get(pk=listing.pk)
    assert listing.title == "Hunza ruby"
    assert (listing.gem.variety, listing.gem.carat) == ("ruby", Decimal("2.500"))
    assert "ruby" in listing.search_text and "hunza" in listing.search_text.lower()


def test_update_keeps_unchanged_fields_valid():
    listing = make_gem_listing(publish=False)  # price 1250.00 USD, stored with three places
    services.listing_update(listing=listing, title="Renamed")
    listing.refresh_from_db()
    assert listing.price == Decimal("1250") and listing.title == "Renamed"


def test_update_reports_spec_errors_with_prefixed_keys_and_writes_nothing():
    listing = make_jewelry_listing(publish=False)
    with pytest.raises(ValidationError) as exc:
        services.listing_update(listing=listing, title="New", jewelry={"net_metal_weight_g": "99"})
    assert "jewelry.net_metal_weight_g" in exc.value.message_dict
    listing.refresh_from_db()
    assert listing.title != "New"


def test_update_rejects_a_variety_of_another_species():
    listing = make_gem_listing(publish=False)
    with pytest.raises(ValidationError) as exc:
        services.listing_update(listing=listing, gem={"species": "corundum", "variety": "emerald"})
    assert "gem.variety" in exc.value.message_dict


def test_update_refuses_an_sku_the_seller_already_uses():
    seller = make_seller()
    make_gem_listing(seller=seller, sku="A-1")
    listing = make_gem_listing(seller=seller, sku="A-2")
    with pytest.raises(ValidationError) as exc:
        services.listing_update(listing=listing, sku="A-1")
    assert "sku" in exc.value.message_dict


def test_unpublish_turns_an_active_listing_into_a_draft():
    listing = make_gem_listing()
    services.listing_unpublish(listing=listing)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT


def test_unpublish_refuses_a_draft():
    with pytest.raises(DomainError):
        services.listing_unpublish(listing=make_gem_listing(publish=False))


def test_duplicate_numbers_copies_and_leaves_pictures_behind():
    listing = make_gem_listing(sku="EM-1")
    ListingImage.objects.create(listing=listing, image="x.jpg", thumbnail="x-thumb.jpg")
    first = services.listing_duplicate(listing=listing)
    second = services.listing_duplicate(listing=listing)
    assert (first.sku, second.sku) == ("EM-1-COPY", "EM-1-COPY-2")
    assert first.status == Listing.Status.DRAFT and first.gem.variety == listing.gem.variety
    assert not first.images.exists()


def test_duplicate_of_jewelry_keeps_its_spec():
    copy = services.listing_duplicate(listing=make_jewelry_listing())
    assert copy.jewelry.karat == 22 and copy.kind == Listing.Kind.JEWELRY
