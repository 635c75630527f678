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


# --- WebP thumbnails, with the JPEG as the fallback ----------------------------------------

def _card_html(client, listing) -> str:
    from django.urls import reverse
    return client.get(reverse("search"), {"q": listing.title}).content.decode()


def test_pages_offer_the_webp_thumbnail_first_and_the_jpeg_to_the_rest(client):
    listing = make_gem_listing(title="Swat emerald with a picture")
    picture = services.listing_image_add(listing=listing, data=jpeg())
    html = _card_html(client, listing)
    assert (f'<picture><source srcset="{picture.thumbnail_webp.url}" type="image/webp">'
            f'<img src="{picture.thumbnail.url}"') in html
    assert 'width="480" height="480" loading="lazy" decoding="async"' in html  # sized and lazy


def test_a_picture_stored_before_webp_serves_its_jpeg_alone_until_the_command_makes_one(client):
    from django.core.management import call_command

    listing = make_gem_listing(title="Swat emerald from an older upload")
    picture = services.listing_image_add(listing=listing, data=jpeg())
    twin = make_gem_listing(title="Another listing sharing the file")
    shared = ListingImage.objects.create(listing=twin, image=picture.image.name, thumbnail=picture.thumbnail.name)
    picture.thumbnail_webp.storage.delete(picture.thumbnail_webp.name)
    ListingImage.objects.filter(pk=picture.pk).update(thumbnail_webp="")
    html = _card_html(client, listing)
    assert "<picture>" not in html and f'<img src="{picture.thumbnail.url}"' in html

    out = io.StringIO()
    call_command("webp_thumbnails", stdout=out, verbosity=0)
    assert out.getvalue().strip() == "1 WebP thumbnails for 2 pictures."  # one file, shared by two rows
    picture.refresh_from_db()
    shared.refresh_from_db()
    assert picture.thumbnail_webp.name == shared.thumbnail_webp.name and picture.thumbnail_webp.name.endswith(".webp")
    with picture.thumbnail_webp.open("rb") as handle:
        assert Image.open(handle).format == "WEBP"
    call_command("webp_thumbnails", stdout=(again := io.StringIO()), verbosity=0)
    assert again.getvalue().strip() == "0 WebP thumbnails for 0 pictures."  # nothing left to do


def test_a_thumbnail_whose_file_is_gone_keeps_its_row_unchanged():
    from gembazaar.catalogue.thumbnails import thumbnails_make_webp

    listing = make_gem_listing()
    ListingImage.objects.create(listing=listing, image="gone.jpg", thumbnail="gone-thumb.jpg")
    assert thumbnails_make_webp() == (0, 0)
    assert ListingImage.objects.get().thumbnail_webp == ""
