"""The CLI: `gembazaar import-listings FILE --seller SLUG`."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from gembazaar.catalogue.models import Listing

from .conftest import csv_bytes, gem_row, picture_bytes, zip_bytes

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_small_file_with_pictures(seller, tmp_path):
    path = tmp_path / "stones.csv"
    path.write_bytes(csv_bytes([gem_row("SW-1"), gem_row("SW-2")]))
    pictures = tmp_path / "pics.zip"
    pictures.write_bytes(zip_bytes({"SW-1.png": picture_bytes()}))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_listings", str(path), "--seller", seller.slug, "--images", str(pictures),
                 stdout=out, stderr=err)
    assert "Imported 2 rows: 2 created, 0 updated, 1 pictures." in out.getvalue()
    assert "2/2" in err.getvalue()  # the progress bar
    assert Listing.objects.filter(seller=seller).count() == 2


def test_the_command_prints_every_error_and_writes_nothing(seller, tmp_path):
    path = tmp_path / "stones.csv"
    path.write_bytes(csv_bytes([gem_row("SW-1"), gem_row("SW-2", carat="x")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\) in 2 rows; nothing was written"):
        call_command("import_listings", str(path), "--seller", seller.slug, stderr=err, stdout=io.StringIO())
    assert "row 3, carat: Enter a number." in err.getvalue()
    assert Listing.objects.count() == 0


def test_the_command_updates_by_sku_and_checks_only(seller, tmp_path):
    path = tmp_path / "stones.csv"
    path.write_bytes(csv_bytes([gem_row("SW-1")]))
    out = io.StringIO()
    call_command("import_listings", str(path), "--seller", seller.slug, "--check", stdout=out, stderr=io.StringIO())
    assert "1 rows are valid" in out.getvalue() and Listing.objects.count() == 0
    call_command("import_listings", str(path), "--seller", seller.slug, stdout=out, stderr=io.StringIO())
    path.write_bytes(csv_bytes([{"sku": "SW-1", "price": "77"}]))
    call_command("import_listings", str(path), "--seller", seller.slug, "--update", stdout=out,
                 stderr=io.StringIO())
    assert Listing.objects.get(sku="SW-1").price == 77


def test_an_unknown_seller_is_a_command_error(db, tmp_path):
    path = tmp_path / "stones.csv"
    path.write_bytes(csv_bytes([gem_row("SW-1")]))
    with pytest.raises(CommandError, match="No seller"):
        call_command("import_listings", str(path), "--seller", "nobody")


def test_the_gembazaar_command_accepts_the_hyphenated_name():
    result = subprocess.run([sys.executable, "-m", "gembazaar", "import-listings", "--help"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and "--seller" in result.stdout and "--update" in result.stdout
