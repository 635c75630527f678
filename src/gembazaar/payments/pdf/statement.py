"""A seller's monthly payout statement as a PDF, from payout_statements.Statement: the opening
balance, one row per ledger entry with the running balance (the table runs onto more pages, its
heading repeated), the closing balance, and held / available / paid out at the month's end.

The Statement arrives with its words already in the reader's language (kind labels, notes); this
draws it with the labels and figures of `language`.
"""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from gembazaar.sellers.cities import city_label

from .document import MUTED, SHADE, Document, is_rtl


def _month(statement) -> str:
    return formats.date_format(statement.month, "F Y")


def _rows_table(pdf: Document, statement) -> None:
    currency = statement.currency
    headings = [_("Date"), _("Entry"), _("Order"), _("Note"), _("Amount"), _("Balance")]
    widths = [22, 30, 28, 50, 25, 25]
    aligns = [pdf.start, pdf.start, pdf.start, pdf.start, pdf.end, pdf.end]
    pdf.use_font(size=8.5)
    style = FontFace(family=pdf.script_family, emphasis="BOLD", color=MUTED, fill_color=SHADE)
    with pdf.table(col_widths=pdf.ordered(widths), text_align=pdf.ordered(aligns), first_row_as_headings=True,
                   headings_style=style, line_height=4.6, padding=1.2, borders_layout="HORIZONTAL_LINES") as table:
        table.row(pdf.ordered(headings))
        table.row(pdf.ordered(["", _("Opening balance"), "", "", "", pdf.money(statement.opening_balance, currency)]))
        for line in statement.lines:
            table.row(pdf.ordered([
                pdf.day(line.at), line.kind_label, pdf.isolate(line.order_number or ""), line.note or "",
                pdf.money(line.amount, currency), pdf.money(line.balance, currency),
            ]))
        table.row(pdf.ordered(["", _("Closing balance"), "", "", "", pdf.money(statement.closing_balance, currency)]))


def statement_pdf(statement, *, language: str) -> bytes:
    """The statement in `language` (en, ur, ar …) as PDF bytes."""
    with translation.override(language):
        month = f"\u2068{_month(statement)}\u2069" if is_rtl(language) else _month(statement)
        title = _("Payout statement, %(month)s") % {"month": month}
        pdf = Document(language=language, title=title)
        pdf.add_page()
        pdf.paragraph(title, size=16, bold=True, height=8)
        pdf.pairs([
            (_("Seller"), statement.seller_name),
            (_("City"), city_label(statement.seller_city) if statement.seller_city else ""),
            (_("Currency"), statement.currency),
            (_("Entries"), str(len(statement.lines))),
        ])
        pdf.rule()
        if statement.lines:
            _rows_table(pdf, statement)
        else:
            pdf.paragraph(_("No entries this month."), color=MUTED)
        pdf.ln(3)
        currency = statement.currency
        pdf.pairs([
            (_("Opening balance"), pdf.money(statement.opening_balance, currency)),
            (_("Closing balance"), pdf.money(statement.closing_balance, currency)),
            (_("Held (orders not yet completed)"), pdf.money(statement.held, currency)),
            (_("Available for payout"), pdf.money(statement.available, currency)),
            (_("Paid out this month"), pdf.money(statement.paid_out, currency)),
        ], size=10, label_width=120)
        return pdf.output_bytes()
