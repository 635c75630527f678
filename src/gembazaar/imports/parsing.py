"""Reading an uploaded spreadsheet (CSV or XLSX) into a header and rows of text.

The format is told by the bytes, never by the file name: an XLSX is a ZIP ("PK\\x03\\x04").
CSV must be UTF-8 (a byte-order mark is fine); anything else gets a message saying how to save
it from Excel. An XLSX is opened only after its ZIP directory passed the same bomb checks as an
images ZIP (zipguard.py), and with openpyxl's read-only mode, which streams rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from . import xlsx
from .zipguard import ZipRejected, check_archive

XLSX_MAGIC = b"PK\x03\x04"


class FileRejected(Exception):
    """The file as a whole cannot be read; `message` says why, for the seller."""

    def __init__(self, message: str, *, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells as text); row 1 is the header


def cell_text(value: object) -> str:
    """A cell as the text a seller typed: numbers without float noise, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 1.25, not 1.2500000000000002
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def _check_size(data: bytes) -> None:
    limit = settings.IMPORT_MAX_FILE_BYTES
    if len(data) > limit:
        raise FileRejected(_("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                           % {"size": len(data) / 1_048_576, "limit": limit / 1_048_576})
    if not data.strip():
        raise FileRejected(_("The file is empty."))


def _too_many_rows() -> FileRejected:
    return FileRejected(_("The file has more than %(max)s rows; split it into smaller files.")
                        % {"max": f"{settings.IMPORT_MAX_ROWS:,}"})


def _csv_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(_("The file is not UTF-8 text (byte %(position)d cannot be read). In Excel use "
                             "“Save as… CSV UTF-8 (comma delimited)”, or upload the XLSX file.")
                           % {"position": exc.start + 1}) from None
    if "\x00" in text:
        raise FileRejected(_("The file is not CSV text (it contains NUL bytes). Upload a CSV or XLSX file."))
    return text


def read_csv(data: bytes) -> Table:
    text = _csv_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    limit = settings.IMPORT_MAX_ROWS
    try:
        header = next(reader, None)
        if header is None:
            raise FileRejected(_("The file is empty."))
        rows: list[tuple[int, list[str]]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= limit:
                raise _too_many_rows()
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise FileRejected(_("The CSV is malformed near line %(line)d: %(reason)s.")
                           % {"line": reader.line_num, "reason": exc}) from None
    return Table(header=[cell.strip() for cell in header], rows=rows)


def _check_xlsx_archive(data: bytes) -> None:
    try:
        check_archive(io.BytesIO(data), max_entries=settings.IMPORT_ZIP_MAX_ENTRIES,
                      max_total_bytes=settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES,
                      max_ratio=settings.IMPORT_ZIP_MAX_RATIO)
    except ZipRejected as exc:
        raise FileRejected(_("The XLSX file was refused: %(reason)s") % {"reason": exc.message}) from None


def read_xlsx(data: bytes) -> Table:
    _check_xlsx_archive(data)
    try:
        return _table_from(xlsx.iter_rows(data))
    except xlsx.XlsxUnsupported:
        return _read_xlsx_openpyxl(data)
    except FileRejected:
        raise
    except Exception:  # a damaged or foreign file: XML, ZIP, index errors
        raise FileRejected(_("The file is not a readable XLSX workbook. Save it from Excel as .xlsx or CSV UTF-8.")) \
            from None


def _table_from(rows: Iterator[tuple[int, list[str]]]) -> Table:
    first = next(rows, None)
    if first is None:
        raise FileRejected(_("The file is empty."))
    header = list(first[1])
    while header and not header[-1]:
        header.pop()
    limit = settings.IMPORT_MAX_ROWS
    table_rows: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        if not any(cells):
            continue
        if len(table_rows) >= limit:
            raise _too_many_rows()
        table_rows.append((number, cells))
    return Table(header=header, rows=table_rows)


def _read_xlsx_openpyxl(data: bytes) -> Table:
    """The slow, thorough path for workbooks xlsx.py does not understand (strict OOXML …)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or foreign file
        raise FileRejected(_("The file is not a readable XLSX workbook. Save it from Excel as .xlsx or CSV UTF-8.")) \
            from None
    try:
        rows = ((number, [cell_text(c) for c in cells])
                for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1))
        return _table_from(rows)
    finally:
        book.close()


def read_table(data: bytes) -> Table:
    """The header and non-empty rows of an uploaded CSV or XLSX, or FileRejected."""
    _check_size(data)
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data)
    return read_csv(data)


def check_readable(data: bytes) -> None:
    """The quick part of read_table, for refusing an upload at once: size, emptiness, UTF-8 and
    NUL bytes of a CSV, the ZIP checks of an XLSX. Rows and columns are checked later, by the job."""
    _check_size(data)
    if data.startswith(XLSX_MAGIC):
        _check_xlsx_archive(data)
    else:
        _csv_text(data)
