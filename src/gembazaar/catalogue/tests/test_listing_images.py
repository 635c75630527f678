"""Pictures on a listing: checked, re-encoded, thumbnailed, kept in order."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from gembazaar.catalogue import services
from gembazaar.catalogue.models import ListingImage
from gembazaar.core.errors import DomainError
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db


def jpeg(colour=(30, 140, 80), size=(1200, 900)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_pictures_are_stored_with_thumbnails_in_upload_order(settings):
    listing = make_gem_listing()
    first = services.listing_image_add(listing=listing, data=jpeg())
    second = services.listing_image_add(listing=listing, data=jpeg((200, 20, 40)), alt_text="Side view")
    assert [first.position, second.position] == [0, 1]
    assert listing.primary_image == first
    with first.thumbnail.open("rb") as handle:
        assert max(Image.open(handle).size) == settings.THUMBNAIL_SIDE
    assert first.image.name.startswith(f"listings/{listing.seller_id}/{listing.pk}/")
    assert second.alt_text == "Side view"


def test_a_fake_picture_writes_nothing():
    listing = make_gem_listing()
    with pytest.raises(ValidationError):
        services.listing_image_add(listing=listing, data=b"<?php echo 1; ?>")
    assert not ListingImage.objects.exists()


def test_pictures_can_be_reordered_but_only_with_this_listings_ids():
    listing, other = make_gem_listing(), make_gem_listing()
    a = services.listing_image_add(listing=listing, data=jpeg())
    b = services.listing_image_add(listing=listing, data=jpeg())
    foreign = services.listing_image_add(listing=other, data=jpeg())
    services.listing_images_reorder(listing=listing, image_ids=[b.pk, a.pk])
    assert list(listing.images.values_list("id", flat=True)) == [b.pk, a.pk]
    with pytest.raises(DomainError):
        services.listing_images_reorder(listing=listing, image_ids=[b.pk, foreign.pk])
    assert ListingImage.objects.get(pk=foreign.pk).position == 0
