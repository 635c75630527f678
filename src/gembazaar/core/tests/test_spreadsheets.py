"""The one CSV/XLSX writer: text that a spreadsheet would run as a formula goes out as text."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils.text import format_lazy
from openpyxl import load_workbook

from gembazaar.core.spreadsheets import XlsxBook, csv_bytes, neutralise

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_run_as_a_formula_gets_a_leading_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["SW-0001", "紅寶石 1.25 ct", "", "a=b", "'=already quoted"])
def test_ordinary_text_is_left_alone(value):
    assert neutralise(value) == value


def test_numbers_stay_numbers_and_other_values_are_written_as_their_text():
    assert neutralise(Decimal("-1.25")) == Decimal("-1.25")
    assert neutralise(-3) == -3
    assert neutralise(None) == ""
    assert neutralise(format_lazy("={}", "lazy")) == "'=lazy"


def test_the_csv_keeps_the_bom_and_quotes_every_hostile_cell():
    data = csv_bytes([["sku", "title"], *([text, "x"] for text in HOSTILE)])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HOSTILE]


def test_the_xlsx_holds_text_and_no_formula():
    book = XlsxBook()
    sheet = book.sheet("Listings")
    book.append(sheet, ["sku", "price"], bold=True)
    for text in HOSTILE:
        book.append(sheet, [text, Decimal("12.50")])
    read = load_workbook(io.BytesIO(book.to_bytes()))["Listings"]
    cells = [row for row in read.iter_rows(min_row=2)]
    assert all(row[0].data_type == "s" for row in cells)
    # XML keeps no bare carriage return: it reads back as a line feed, still behind the quote
    assert [row[0].value for row in cells] == ["'" + text.replace("\r", "\n") for text in HOSTILE]
    assert cells[0][1].value == 12.5 and read["A1"].font.bold


def test_no_other_module_writes_a_spreadsheet_by_hand():
    """The class, not the example: a new export written with csv.writer or openpyxl directly
    would skip the neutralising. Tests and readers (openpyxl.load_workbook) are fine."""
    from pathlib import Path

    import gembazaar

    root = Path(gembazaar.__file__).parent
    writers = ("csv.writer(", "csv.DictWriter(", "Workbook(", "xlsxwriter")
    offenders = [
        str(path.relative_to(root)) for path in root.rglob("*.py")
        if "tests" not in path.parts and path.name != "spreadsheets.py"
        and any(writer in path.read_text(encoding="utf-8") for writer in writers)
    ]
    assert offenders == []
