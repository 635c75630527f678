"""Item 8: every kind of bad input gets a clear error and nothing is written."""

import pytest

from gembazaar.catalogue.models import Listing
from gembazaar.imports.services.writing import import_listings
from gembazaar.testing import make_gem_listing

from .conftest import GEM_HEADER, csv_bytes, gem_row, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def before(seller):
    make_gem_listing(seller=seller, sku="OLD-1")
    return Listing.objects.count()


def run(seller, data, **kwargs):
    checked, written = import_listings(seller=seller, kind=kwargs.pop("kind", "gem"), data=data, **kwargs)
    assert written is None
    return [(e.row, e.column, str(e.reason)) for e in checked.errors]


def test_a_file_that_is_not_utf8_is_refused_with_advice(seller, before):
    data = csv_bytes([gem_row("SW-1", title="Émeraude")]).decode().encode("cp1252")
    [(row, _column, reason)] = run(seller, data)
    assert row is None
    assert "not UTF-8" in reason and "CSV UTF-8" in reason
    assert Listing.objects.count() == before


def test_missing_required_columns_are_named(seller, before):
    header = [h for h in GEM_HEADER if h not in ("carat", "nature")]
    assert run(seller, csv_bytes([gem_row("SW-1")], header=header)) == [
        (1, "nature, carat", "Missing required column(s): nature, carat.")]
    assert Listing.objects.count() == before


def test_unknown_extra_columns_are_named(seller, before):
    data = csv_bytes([gem_row("SW-1", colour_grade="AAA", image_url="http://x")],
                     header=[*GEM_HEADER, "colour_grade", "image_url"])
    [(row, column, reason)] = run(seller, data)
    assert (row, column) == (1, "colour_grade, image_url")
    assert reason.startswith("Unknown column(s): colour_grade, image_url.")
    assert Listing.objects.count() == before


def test_a_column_given_twice_is_refused(seller, before):
    data = csv_bytes([gem_row("SW-1")], header=[*GEM_HEADER, "carat"])
    assert run(seller, data) == [(1, "carat", "Column(s) given twice: carat.")]


def test_bad_numbers_are_reported_and_nothing_is_written(seller, before):
    rows = [gem_row("SW-1"), gem_row("SW-2", carat="1,5"), gem_row("SW-3", carat="1.23456"),
            gem_row("SW-4", price="12.345"), gem_row("SW-5", price="1e400")]
    assert run(seller, csv_bytes(rows)) == [
        (3, "carat", "Enter a number."),
        (4, "carat", "Use at most 3 decimal places."),
        (5, "price", "USD allows at most 2 decimal places."),
        (6, "price", "Enter a number."),  # exponent notation is not an amount a person types
    ]
    assert Listing.objects.count() == before


def test_unknown_vocabulary_values_are_named(seller, before):
    rows = [gem_row("SW-1", shape="blob"), gem_row("SW-2", origin_locality="atlantis"),
            gem_row("SW-3", treatments="H,Z")]
    assert run(seller, csv_bytes(rows)) == [
        (2, "shape", "“blob” is not a known value."),
        (3, "origin_locality", "“atlantis” is not a known locality."),
        (4, "treatments", "Unknown treatment code(s): Z. Use the AGTA codes (N, H, O, F …)."),
    ]
    assert Listing.objects.count() == before


def test_duplicate_skus_in_the_file_are_errors(seller, before):
    rows = [gem_row("SW-1"), gem_row("SW-2"), gem_row("SW-1")]
    assert run(seller, csv_bytes(rows)) == [(4, "sku", "SKU SW-1 is also on row 2.")]
    assert Listing.objects.count() == before


def test_skus_the_seller_api_could_not_address_are_refused_in_the_file_too(seller, before):
    rows = [gem_row("SW-1"), gem_row("bulk-upsert"), gem_row("SW-3/archive"), gem_row("A/B #1")]
    errors = run(seller, csv_bytes(rows))
    assert [(row, column) for row, column, _reason in errors] == [(3, "sku"), (4, "sku")]
    assert "reserved" in errors[0][2]
    assert Listing.objects.count() == before


def test_a_sku_already_in_use_is_an_error_in_create_mode(seller, before):
    assert run(seller, csv_bytes([gem_row("SW-1"), gem_row("OLD-1")])) == [
        (3, "sku", "You already have a listing with SKU OLD-1.")]
    assert Listing.objects.count() == before


def test_another_sellers_sku_is_free_in_create_mode(seller, other_seller):
    make_gem_listing(seller=other_seller, sku="SW-1")
    checked, written = import_listings(seller=seller, kind="gem", data=csv_bytes([gem_row("SW-1")]))
    assert checked.errors == [] and written.created == 1


def test_an_oversize_file_is_refused(seller, before, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    data = csv_bytes([gem_row(f"SW-{n}") for n in range(20)])
    [(row, _column, reason)] = run(seller, data)
    assert row is None and "the limit is" in reason
    assert Listing.objects.count() == before


def test_too_many_rows_are_refused(seller, before, settings):
    settings.IMPORT_MAX_ROWS = 5
    [(row, _column, reason)] = run(seller, csv_bytes([gem_row(f"SW-{n}") for n in range(6)]))
    assert row is None and "more than 5 rows" in reason
    assert Listing.objects.count() == before


def test_an_empty_file_and_a_header_only_file_are_refused(seller, before):
    assert run(seller, b"") == [(None, "", "The file is empty.")]
    assert run(seller, ",".join(GEM_HEADER).encode()) == [(None, "", "The file has a header but no rows.")]


def test_a_row_with_more_cells_than_the_header_is_refused(seller, before):
    data = csv_bytes([gem_row("SW-1")]) + b"SW-2,t,1,USD,beryl,emerald,natural,1,oval,O,,surplus\n"
    assert run(seller, data) == [(3, "", "The row has 12 cells but the header has 11 columns.")]


def test_a_zip_that_is_not_a_workbook_is_refused(seller, before):
    [(row, _column, reason)] = run(seller, zip_bytes({"a.txt": b"hello"}))
    assert row is None and "not a readable XLSX" in reason


def test_a_workbook_that_is_a_zip_bomb_is_refused_before_opening(seller, before):
    data = zip_bytes({"xl/worksheets/sheet1.xml": b"<" + b"0" * 30_000_000})
    [(row, _column, reason)] = run(seller, data)
    assert row is None and "ZIP bomb" in reason
    assert Listing.objects.count() == before


def test_an_xlsx_with_errors_reports_spreadsheet_row_numbers(seller, before):
    data = xlsx_bytes([gem_row("SW-1"), gem_row("SW-2", nature="natual")])
    assert run(seller, data) == [(3, "nature", "“natual” is not a known value.")]
    assert Listing.objects.count() == before
