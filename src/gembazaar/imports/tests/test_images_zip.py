"""Pictures come in a ZIP named by SKU; unsafe archives are refused and nothing is written."""

import io
import stat
import zipfile

import pytest
from django.core.files.storage import default_storage

from gembazaar.catalogue.models import Listing, ListingImage
from gembazaar.imports.services.writing import import_listings
from gembazaar.testing import make_gem_listing

from .conftest import csv_bytes, gem_row, picture_bytes, zip_bytes

pytestmark = pytest.mark.django_db


def run(seller, images, rows=None, **kwargs):
    rows = rows or [gem_row("SW-1"), gem_row("SW-2")]
    return import_listings(seller=seller, kind="gem", data=csv_bytes(rows), images=images, **kwargs)


def test_pictures_are_attached_to_the_listings_named_by_sku_in_order(seller):
    images = zip_bytes({"SW-1.jpg": picture_bytes(fmt="JPEG"), "pics/SW-1-2.png": picture_bytes((200, 0, 0)),
                        "SW-2_1.webp": picture_bytes(fmt="WEBP"), "__MACOSX/._SW-1.jpg": b"junk",
                        ".DS_Store": b"junk"})
    checked, written = run(seller, images)
    assert checked.errors == [] and written.images == 3
    first = Listing.objects.get(sku="SW-1")
    pictures = list(first.images.order_by("position"))
    assert [p.position for p in pictures] == [0, 1]
    assert all(default_storage.exists(p.image.name) and default_storage.exists(p.thumbnail.name) for p in pictures)
    assert all(p.thumbnail_webp.name.endswith(".webp") and default_storage.exists(p.thumbnail_webp.name)
               for p in pictures)
    assert pictures[0].image.name.startswith(f"listings/{seller.pk}/{first.pk}/")
    assert Listing.objects.get(sku="SW-2").images.count() == 1


def test_update_mode_appends_pictures_after_the_existing_ones(seller):
    listing = make_gem_listing(seller=seller, sku="A-1")
    ListingImage.objects.create(listing=listing, image="x.jpg", thumbnail="x-t.jpg", position=0)
    checked, written = import_listings(seller=seller, kind="gem", mode="update_by_sku",
                                       data=csv_bytes([{"sku": "A-1", "price": "10"}]),
                                       images=zip_bytes({"A-1.png": picture_bytes()}))
    assert checked.errors == [] and written.images == 1
    assert list(listing.images.order_by("position").values_list("position", flat=True)) == [0, 1]


def test_a_picture_named_after_no_sku_is_an_error(seller):
    checked, written = run(seller, zip_bytes({"SW-9.jpg": picture_bytes(fmt="JPEG")}))
    assert written is None
    assert [(e.row, e.column, e.reason) for e in checked.errors] == [
        (None, "images", "“SW-9.jpg” does not match any SKU in the file.")]
    assert Listing.objects.count() == 0


def test_a_file_that_is_not_a_picture_stops_the_import_and_nothing_is_written(seller):
    checked, written = run(seller, zip_bytes({"SW-1.jpg": b"not a picture", "SW-2.png": picture_bytes()}))
    assert written is None
    assert [(e.column, e.reason) for e in checked.errors] == [
        ("images", "SW-1.jpg: The file is not a readable picture.")]
    assert Listing.objects.count() == 0 and ListingImage.objects.count() == 0


@pytest.mark.parametrize("name", ["../SW-1.jpg", "/etc/SW-1.jpg", "a/../../SW-1.jpg", "C:/SW-1.jpg",
                                  "..\\SW-1.jpg"])
def test_a_zip_with_path_traversal_is_refused(seller, name):
    checked, written = run(seller, zip_bytes({name: picture_bytes()}))
    assert written is None
    [error] = checked.errors
    assert error.column == "images" and "points outside the archive" in error.reason
    assert Listing.objects.count() == 0


def test_a_zip_with_a_symbolic_link_is_refused(seller):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("SW-1.jpg")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    checked, written = run(seller, buffer.getvalue())
    assert written is None and "symbolic link" in checked.errors[0].reason
    assert Listing.objects.count() == 0


def test_a_decompression_bomb_is_refused(seller):
    checked, written = run(seller, zip_bytes({"SW-1.jpg": b"\0" * 50_000_000}))
    assert written is None
    assert "ZIP bomb" in checked.errors[0].reason
    assert Listing.objects.count() == 0


def test_too_many_entries_or_too_large_a_total_is_refused(seller, settings):
    settings.IMPORT_ZIP_MAX_ENTRIES = 3
    checked, _ = run(seller, zip_bytes({f"SW-1-{n}.png": picture_bytes() for n in range(4)}))
    assert "at most 3 are allowed" in checked.errors[0].reason
    settings.IMPORT_ZIP_MAX_ENTRIES = 100
    settings.IMPORT_ZIP_MAX_TOTAL_BYTES = 1000
    checked, _ = run(seller, zip_bytes({"SW-1.png": picture_bytes(), "SW-2.bmp": b"x" * 2000}))
    assert "unpack to more than" in checked.errors[0].reason
    assert Listing.objects.count() == 0


def test_an_entry_that_unpacks_to_more_than_its_header_says_is_refused(seller):
    """A forged header (small declared size) is caught while stream-reading, not trusted."""
    real = picture_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("SW-1.png", real)
    data = bytearray(buffer.getvalue())
    # Shrink the declared uncompressed size in the central directory (offset 24 of its entry).
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    checked, written = run(seller, bytes(data))
    assert written is None
    assert any("unpacks to more than it declares" in e.reason or "cannot be read" in e.reason
               for e in checked.errors)
    assert Listing.objects.count() == 0


def test_an_oversize_images_zip_is_refused(seller, settings):
    settings.IMPORT_IMAGES_MAX_BYTES = 100
    checked, written = run(seller, zip_bytes({"SW-1.png": picture_bytes()}))
    assert written is None and "larger than" in checked.errors[0].reason
