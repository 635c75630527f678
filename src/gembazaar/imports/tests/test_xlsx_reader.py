"""The streaming XLSX reader: stored text of every kind of cell, and hostile workbooks refused."""

import pytest

from gembazaar.catalogue.models import Listing
from gembazaar.imports.parsing import FileRejected, read_table
from gembazaar.imports.services.writing import import_listings

from .conftest import GEM_HEADER, gem_row, xlsx_bytes, zip_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK = (f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Listings" sheetId="1" r:id="rId7"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/data.xml"/></Relationships>')


def workbook(sheet_rows: str, shared: str = "", *, prolog: str = "") -> bytes:
    parts = {"xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS,
             "xl/worksheets/data.xml": f'{prolog}<worksheet xmlns="{MAIN}"><sheetData>{sheet_rows}</sheetData>'
                                       "</worksheet>"}
    if shared:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{shared}</sst>'
    return zip_bytes({name: text.encode() for name, text in parts.items()})


def test_every_kind_of_cell_is_read_as_its_stored_text():
    data = workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>c</t>'
        '</is></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>'
        '<row r="3"><c r="A3"><v>1.25</v></c><c r="C3" t="b"><v>1</v></c><c r="D3"><v>1.5E-2</v></c>'
        '<c r="E3" t="str"><v>  formula text </v></c></row>',
        shared='<si><t>a</t></si><si><r><t>b</t></r><r><t>b</t></r><rPh><t>x</t></rPh></si><si><t>d</t></si>'
               '<si><t>e</t></si>')
    table = read_table(data)
    assert table.header == ["a", "bb", "c", "d", "e"]
    assert table.rows == [(3, ["1.25", "", "true", "0.015", "formula text"])]


def test_a_workbook_with_a_dtd_is_refused():
    data = workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>',
                    prolog='<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>')
    with pytest.raises(FileRejected, match="not a readable XLSX"):
        read_table(data)


def test_a_workbook_without_its_parts_is_refused():
    with pytest.raises(FileRejected, match="not a readable XLSX"):
        read_table(zip_bytes({"xl/workbook.xml": b"<workbook/>"}))


@pytest.mark.django_db
def test_an_excel_style_workbook_with_shared_strings_imports(seller):
    """openpyxl writes inline strings or shared strings depending on mode; both read the same."""
    rows = [gem_row("SW-1"), gem_row("SW-2", carat="2.5")]
    checked, written = import_listings(seller=seller, kind="gem", data=xlsx_bytes(rows, header=GEM_HEADER,
                                                                                   typed={"carat": float}))
    assert checked.errors == [] and written.created == 2
    assert str(Listing.objects.get(sku="SW-2").gem.carat) == "2.500"
