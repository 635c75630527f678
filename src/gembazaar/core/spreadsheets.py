"""Every CSV and XLSX the marketplace hands out is written here, with formulas neutralised.

Sellers' and buyers' text travels back out in spreadsheets (import error reports, templates,
statements, exports, feeds). A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is run as a formula by Excel, LibreOffice and Google Sheets, so `=HYPERLINK("http://…")`
typed as a SKU would become a live link in a seller's accounts. As OWASP recommends
(CSV Injection), such a text cell is written with a leading `'`, which every spreadsheet shows
as text. Numbers (int, Decimal) are not text and are written as they are.

XLSX needs this even more than CSV: openpyxl stores any string starting with `=` as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Row = Sequence[Any]


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet should hold it: text that would run as a formula gets a `'`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if isinstance(value, bool | int | float | Decimal):
        return value
    return neutralise(str(value))  # lazy translations, dates, enums: as their text


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """UTF-8 CSV with a byte-order mark, which makes Excel read it as UTF-8 (Urdu, Arabic, 紅寶石)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class XlsxBook:
    """A workbook whose rows can only be added neutralised: `sheet(title)`, `append(sheet, row)`."""

    def __init__(self) -> None:
        self._book = Workbook()
        self._first_sheet_free = True
        self.bold = Font(bold=True)

    def sheet(self, title: str) -> Worksheet:
        if self._first_sheet_free:
            self._first_sheet_free = False
            sheet = self._book.active
            sheet.title = title
            return sheet
        return self._book.create_sheet(title)

    def append(self, sheet: Worksheet, row: Row, *, bold: bool = False) -> None:
        sheet.append([neutralise(value) for value in row])
        if bold:
            for cell in sheet[sheet.max_row]:
                cell.font = self.bold

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
