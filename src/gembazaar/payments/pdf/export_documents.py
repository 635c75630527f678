"""The export documents of a paid order as PDFs, in the reader's language: the commercial invoice
(what customs values: parties, HS code, disclosed description, weights, values, origin, incoterm)
and the packing list (the same parties and contents, with no prices).

Descriptions are the disclosed ones of the invoice (nature before the name, treatments written
out): customs and the buyer read the same words as the order page.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries
from fpdf.fonts import FontFace

from gembazaar.orders.models import Order
from gembazaar.sellers.cities import city_label
from gembazaar.shipping.models import ShippingMethod

from ..export_documents import ExportLine, declared_value_usd, export_lines, incoterm_of
from ..models import Invoice
from .document import MUTED, SHADE, Document
from .invoice import line_description


def _country(code: str) -> str:
    return str(countries.name(code)) if code else ""


def _weight(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{format(value.normalize(), 'f')} {unit}"


def _exporter(pdf: Document, order: Order) -> list[str]:
    seller = order.seller
    lines = [_("Exporter"), seller.legal_name]
    if seller.address:
        lines += [part.strip() for part in seller.address.splitlines() if part.strip()]
    lines.append(", ".join(part for part in (city_label(seller.city or ""), _country(str(seller.country))) if part))
    lines.append(_("NTN %(number)s") % {"number": pdf.isolate(seller.tax_number or "—")})
    if seller.council_membership_no:
        lines.append(_("Council membership no. %(number)s") % {"number": pdf.isolate(seller.council_membership_no)})
    return lines


def _importer(pdf: Document, order: Order) -> list[str]:
    address = dict(order.checkout.shipping_address or {})
    city = ", ".join(part for part in (address.get("city"), address.get("region")) if part)
    if address.get("postal_code"):
        city = f"{city} {address['postal_code']}".strip()
    lines = [_("Importer (consignee)"), address.get("name") or order.buyer.get_full_name() or order.buyer.email,
             address.get("line1", ""), address.get("line2", ""), city, _country(address.get("country", ""))]
    if address.get("phone"):
        lines.append(_("Phone %(phone)s") % {"phone": pdf.isolate(address["phone"])})
    return [line for line in lines if line]


def _references(pdf: Document, order: Order, *, number_label: str, number: str) -> None:
    invoice = Invoice.objects.filter(order=order).first()
    rows = [(number_label, pdf.isolate(number)), (_("Date"), pdf.day(timezone.now())),
            (_("Order number"), pdf.isolate(order.number))]
    if invoice is not None:
        rows.append((_("Sales invoice"), pdf.isolate(invoice.number)))
    method = dict(ShippingMethod.choices).get(order.shipping_method, order.shipping_method)
    rows += [
        (_("Carrier"), order.carrier or method or "—"),
        (_("Tracking number"), pdf.isolate(order.tracking_number) if order.tracking_number else _("not yet shipped")),
        (_("Country of destination"), _country((order.checkout.shipping_address or {}).get("country", "")) or "—"),
    ]
    pdf.pairs(rows)


def _description(row: ExportLine) -> str:
    line = row.line
    said = line_description({"title": line.title, "kind": line.kind, "spec": line.spec or {}, "sku": line.sku})
    if (line.spec or {}).get("kp_certificate"):
        said.append(_("Kimberley Process certificate %(number)s") % {"number": line.spec["kp_certificate"]})
    return "\n".join(text for text in said if text)


def _origin(row: ExportLine) -> str:
    return _country(row.origin_country) if row.origin_country else _("not stated")


def _table(pdf: Document, headings: list[str], widths: list[float], aligns: list[str], rows: list[list[str]]) -> None:
    pdf.use_font(size=8)
    style = FontFace(family=pdf.script_family, emphasis="BOLD", color=MUTED, fill_color=SHADE)
    with pdf.table(col_widths=pdf.ordered(widths), text_align=pdf.ordered(aligns), first_row_as_headings=True,
                   headings_style=style, line_height=4.3, padding=1.2, borders_layout="HORIZONTAL_LINES",
                   cell_fill_color=SHADE, cell_fill_mode="NONE") as table:
        table.row(pdf.ordered(headings))
        for row in rows:
            table.row(pdf.ordered(row))


def _signature(pdf: Document, declaration: str) -> None:
    pdf.ln(4)
    pdf.paragraph(declaration, size=8.5)
    pdf.ln(12)
    pdf.paragraph("_" * 40, size=9, color=MUTED)
    pdf.paragraph(_("Signature, name and stamp of the exporter · Date"), size=8, color=MUTED)


def commercial_invoice_pdf(order: Order, *, language: str) -> bytes:
    """The commercial invoice of a paid order in `language` (en, ur, ar) as PDF bytes."""
    currency, rows = order.currency, export_lines(order)
    with translation.override(language):
        pdf = Document(language=language, title=_("Commercial invoice %(number)s") % {"number": order.number})
        pdf.add_page()
        pdf.paragraph(_("Commercial invoice"), size=18, bold=True, height=9)
        _references(pdf, order, number_label=_("Commercial invoice no."), number=f"CI-{order.number}")
        pdf.rule()
        pdf.columns([_exporter(pdf, order), _importer(pdf, order)], size=9)
        pdf.rule()
        table_rows = [[str(index), _description(row), pdf.isolate(row.line.hs_code or "—"), _origin(row),
                       str(row.line.quantity), _weight(row.carats, "ct"), _weight(row.grams, "g"),
                       pdf.money(row.line.unit_price, currency), pdf.money(row.line.line_total, currency)]
                      for index, row in enumerate(rows, start=1)]
        _table(pdf, ["#", _("Description"), _("HS code"), _("Origin"), _("Qty"), _("Carats"), _("Grams"),
                     _("Unit value"), _("Total value")],
               [6, 58, 16, 19, 9, 16, 15, 21, 22],
               ["C", pdf.start, "C", "C", "C", pdf.end, pdf.end, pdf.end, pdf.end], table_rows)
        pdf.ln(3)
        total_carats = sum((row.carats for row in rows if row.carats), Decimal(0))
        total_grams = sum((row.grams for row in rows if row.grams), Decimal(0))
        pdf.pairs([
            (_("Currency"), currency),
            (_("Incoterm"), incoterm_of(order)),
            (_("Total weight"), f"{_weight(total_carats or None, 'ct')} · {_weight(total_grams or None, 'g')}"),
            (_("Goods"), pdf.money(order.subtotal, currency)),
            (_("Shipping"), pdf.money(order.shipping_cost, currency)),
            (_("Declared value (US$)"), pdf.money(declared_value_usd(order), "USD")),
            (_("Total (%(currency)s)") % {"currency": currency}, pdf.money(order.total, currency)),
        ], size=9.5, label_width=60, bold_last=True)
        _signature(pdf, _("We declare that this invoice shows the actual price of the goods described, that all "
                          "particulars are true and correct, and that the description discloses the nature and "
                          "treatments of every stone."))
        return pdf.output_bytes()


def packing_list_pdf(order: Order, *, language: str) -> bytes:
    """The packing list of a paid order in `language` as PDF bytes: contents and weights, no prices."""
    rows = export_lines(order)
    with translation.override(language):
        pdf = Document(language=language, title=_("Packing list %(number)s") % {"number": order.number})
        pdf.add_page()
        pdf.paragraph(_("Packing list"), size=18, bold=True, height=9)
        _references(pdf, order, number_label=_("Packing list no."), number=f"PL-{order.number}")
        pdf.rule()
        pdf.columns([_exporter(pdf, order), _importer(pdf, order)], size=9)
        pdf.rule()
        pdf.paragraph(_("Package 1 of 1"), size=9.5, bold=True)
        table_rows = [[str(index), _description(row), pdf.isolate(row.line.hs_code or "—"), str(row.line.quantity),
                       _weight(row.carats, "ct"), _weight(row.grams, "g")]
                      for index, row in enumerate(rows, start=1)]
        _table(pdf, ["#", _("Contents"), _("HS code"), _("Qty"), _("Carats"), _("Grams")],
               [7, 95, 20, 12, 24, 24], ["C", pdf.start, "C", "C", pdf.end, pdf.end], table_rows)
        pdf.ln(3)
        total_carats = sum((row.carats for row in rows if row.carats), Decimal(0))
        total_grams = sum((row.grams for row in rows if row.grams), Decimal(0))
        pdf.pairs([
            (_("Pieces"), str(sum(row.line.quantity for row in rows))),
            (_("Total weight"), f"{_weight(total_carats or None, 'ct')} · {_weight(total_grams or None, 'g')}"),
        ])
        _signature(pdf, _("We declare that the package contains only the goods listed above."))
        return pdf.output_bytes()
