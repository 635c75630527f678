"""The blank templates sellers download: CSV and XLSX per kind, and the legend of allowed values.

The XLSX has the "Listings" sheet (header, one example row) and a "Legend" sheet: every column
with whether it is required, what it takes, and each allowed value with its label. The CSV
template has the same header and example; its legend is a separate CSV download.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from .columns import columns_for, legend_values

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _legend_rows(kind: str) -> list[list[str]]:
    values = legend_values()
    rows = [[_("column"), _("required"), _("what it takes"), _("allowed value"), _("meaning")]]
    for column in columns_for(kind):
        rows.append([column.name, _("yes") if column.required else _("no"), str(column.help), "", ""])
        for code, label in values.get(column.allowed, []):
            rows.append(["", "", "", code, label])
    return rows


def template_csv(kind: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = columns_for(kind)
    writer.writerow([c.name for c in columns])
    writer.writerow([c.example for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def legend_csv(kind: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_legend_rows(kind))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Listings"
    columns = columns_for(kind)
    sheet.append([c.name for c in columns])
    sheet.append([c.example for c in columns])
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.name) + 2)
        if not column.example.replace(".", "").isdigit():  # keep SKUs, codes and weights as typed
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    legend = book.create_sheet("Legend")
    for row in _legend_rows(kind):
        legend.append(row)
    for cell in legend[1]:
        cell.font = bold
    for letter, width in zip("ABCDE", (22, 10, 50, 22, 40), strict=True):
        legend.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
