"""The blank templates sellers download: CSV and XLSX per kind, and the legend of allowed values.

The XLSX has the "Listings" sheet (header, one example row) and a "Legend" sheet: every column
with whether it is required, what it takes, and each allowed value with its label. The CSV
template has the same header and example; its legend is a separate CSV download.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gembazaar.core.spreadsheets import XlsxBook, csv_bytes

from .columns import columns_for, legend_values


def _legend_rows(kind: str) -> list[list[str]]:
    values = legend_values()
    rows = [[_("column"), _("required"), _("what it takes"), _("allowed value"), _("meaning")]]
    for column in columns_for(kind):
        rows.append([column.name, _("yes") if column.required else _("no"), str(column.help), "", ""])
        for code, label in values.get(column.allowed, []):
            rows.append(["", "", "", code, label])
    return rows


def template_csv(kind: str) -> bytes:
    columns = columns_for(kind)
    return csv_bytes([[c.name for c in columns], [c.example for c in columns]])


def legend_csv(kind: str) -> bytes:
    return csv_bytes(_legend_rows(kind))


def template_xlsx(kind: str) -> bytes:
    book = XlsxBook()
    sheet = book.sheet("Listings")
    columns = columns_for(kind)
    book.append(sheet, [c.name for c in columns], bold=True)
    book.append(sheet, [c.example for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.name) + 2)
        if not column.example.replace(".", "").isdigit():  # keep SKUs, codes and weights as typed
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    legend = book.sheet("Legend")
    for number, row in enumerate(_legend_rows(kind)):
        book.append(legend, row, bold=number == 0)
    for letter, width in zip("ABCDE", (22, 10, 50, 22, 40), strict=True):
        legend.column_dimensions[letter].width = width
    return book.to_bytes()


def error_report_csv(errors: list[dict]) -> bytes:
    """An import job's problems as a CSV the seller can sort and work through beside the file."""
    rows = [[_("row"), _("column"), _("reason")]]
    rows += [[error.get("row") or "", error.get("column") or "", error.get("reason") or ""] for error in errors]
    return csv_bytes(rows)
