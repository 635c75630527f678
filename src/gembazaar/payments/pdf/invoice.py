"""An order's invoice as a PDF, in the reader's language, from the invoice's snapshot.

Every stone is named with its disclosure (nature before the name, treatments written out), as on
every page and email where a stone is offered or sold (catalogue/disclosure.py). No tax line: the
marketplace charges none today; when the buyer's country is not the seller's, the invoice says
plainly that the destination's import duties and taxes are not included (they are not in the total).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from fpdf.fonts import FontFace

from gembazaar.catalogue import vocab
from gembazaar.catalogue.disclosure import disclosure_of, qualified_title
from gembazaar.sellers.cities import city_label
from gembazaar.shipping.models import ShippingMethod

from ..models import Invoice, Provider
from .document import MUTED, SHADE, Document

JEWELRY = "jewelry"


def _labels(terms) -> dict[str, str]:
    return {term.code: str(term.label) for term in terms}


def _figure(value) -> str:
    """A weight or size without trailing zeros: "1.250" → "1.25", "7.80" → "7.8"."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = format(number.normalize(), "f")
    return text


def _country(code: str) -> str:
    return str(countries.name(code)) if code else ""


def gem_spec_text(spec: dict) -> str:
    """Carat, size, shape, colour, clarity in a line: "1.25 ct · 7.8 × 5.9 × 4.1 mm · Oval · Green · …"."""
    parts = []
    if spec.get("pieces") and int(spec["pieces"]) > 1:
        parts.append(_("%(count)s pieces") % {"count": spec["pieces"]})
    if spec.get("carat"):
        parts.append(_("%(carat)s ct") % {"carat": _figure(spec["carat"])})
    sizes = [spec.get(name) for name in ("length_mm", "width_mm", "depth_mm") if spec.get(name)]
    if sizes:
        parts.append(_("%(size)s mm") % {"size": " × ".join(_figure(size) for size in sizes)})
    if spec.get("shape"):
        parts.append(_labels(vocab.SHAPES).get(spec["shape"], spec["shape"]))
    if spec.get("colour"):
        colours = {**_labels(vocab.COLOURS), **_labels(vocab.DIAMOND_COLOURS)}
        parts.append(_("colour %(colour)s") % {"colour": colours.get(spec["colour"], spec["colour"])})
    if spec.get("clarity"):
        clarities = {**_labels(vocab.COLOURED_CLARITY), **_labels(vocab.DIAMOND_CLARITY)}
        parts.append(_("clarity %(clarity)s") % {"clarity": clarities.get(spec["clarity"], spec["clarity"])})
    if spec.get("lab") and spec.get("certificate_number"):
        parts.append(_("report %(lab)s %(number)s") % {"lab": _labels(vocab.LABS).get(spec["lab"], spec["lab"]),
                                                        "number": spec["certificate_number"]})
    return " · ".join(parts)


def jewelry_spec_text(spec: dict) -> str:
    """Metal, karat and weights: "Gold · 22K · 5.2 g gross, 4.8 g metal"."""
    parts = []
    if spec.get("jewelry_type"):
        parts.append(_labels(vocab.JEWELRY_TYPES).get(spec["jewelry_type"], spec["jewelry_type"]))
    if spec.get("metal"):
        parts.append(_labels(vocab.METALS).get(spec["metal"], spec["metal"]))
    if spec.get("karat"):
        parts.append(f"{spec['karat']}K")
    elif spec.get("fineness"):
        parts.append(str(spec["fineness"]))
    if spec.get("gross_weight_g"):
        parts.append(_("%(weight)s g gross") % {"weight": _figure(spec["gross_weight_g"])})
    if spec.get("net_metal_weight_g"):
        parts.append(_("%(weight)s g metal") % {"weight": _figure(spec["net_metal_weight_g"])})
    if spec.get("stone_weight_ct"):
        parts.append(_("stones %(carat)s ct") % {"carat": _figure(spec["stone_weight_ct"])})
    return " · ".join(parts)


def line_description(line: dict) -> list[str]:
    """The lines of text that describe one invoice line: its disclosed name first."""
    spec = line.get("spec") or {}
    if line.get("kind") == JEWELRY or not spec:
        return [line["title"], jewelry_spec_text(spec) if spec else "", _("SKU %(sku)s") % {"sku": line["sku"]}]
    disclosure = disclosure_of(spec)
    title = qualified_title(line["title"], nature=disclosure.nature)
    said = [title]
    if disclosure.name.casefold() not in title.casefold():
        said.append(disclosure.name)
    if disclosure.treatments:
        said.append(_("Treatments: %(treatments)s") % {"treatments": disclosure.treatment_summary})
    said += [gem_spec_text(spec), _("SKU %(sku)s") % {"sku": line["sku"]}]
    return said


def _address_lines(address: dict) -> list[str]:
    city = ", ".join(part for part in (address.get("city"), address.get("region")) if part)
    if address.get("postal_code"):
        city = f"{city} {address['postal_code']}".strip()
    lines = [address.get("line1", ""), address.get("line2", ""), city, _country(address.get("country", ""))]
    return [line for line in lines if line]


def _seller_block(pdf: Document, seller: dict) -> list[str]:
    lines = [_("Seller"), seller["legal_name"]]
    if seller.get("trade_name") and seller["trade_name"] != seller["legal_name"]:
        lines.append(_("Trading as %(name)s") % {"name": seller["trade_name"]})
    lines.append(", ".join(part for part in (city_label(seller.get("city", "")), _country(seller.get("country", "")))
                           if part))
    if seller.get("council_membership_no"):
        lines.append(_("Council membership no. %(number)s") % {"number": pdf.isolate(seller["council_membership_no"])})
    if seller.get("tax_number"):
        lines.append(_("NTN %(number)s") % {"number": pdf.isolate(seller["tax_number"])})
    return lines


def _buyer_block(buyer: dict) -> list[str]:
    return [_("Bill to"), buyer.get("name", ""), *_address_lines(buyer.get("billing_address") or {}),
            buyer.get("email", "")]


def _lines_table(pdf: Document, lines: list[dict], currency: str) -> None:
    headings = ["#", _("Description"), _("HS code"), _("Qty"), _("Unit price"), _("Amount")]
    widths = [7, 83, 20, 12, 29, 29]
    aligns = ["C", pdf.start, "C", "C", pdf.end, pdf.end]
    pdf.use_font(size=8.5)
    with pdf.table(col_widths=pdf.ordered(widths), text_align=pdf.ordered(aligns), first_row_as_headings=True,
                   headings_style=_heading_style(pdf), line_height=4.6, padding=1.4, borders_layout="HORIZONTAL_LINES",
                   cell_fill_color=SHADE, cell_fill_mode="NONE") as table:
        table.row(pdf.ordered(headings))
        for number, line in enumerate(lines, start=1):
            description = "\n".join(text for text in line_description(line) if text)
            table.row(pdf.ordered([
                str(number), description, pdf.isolate(line.get("hs_code") or "—"), str(line["quantity"]),
                pdf.money(line["unit_price"], currency), pdf.money(line["line_total"], currency),
            ]))


def _heading_style(pdf: Document) -> FontFace:
    return FontFace(family=pdf.script_family, emphasis="BOLD", color=MUTED, fill_color=SHADE)


def _payment_method(code: str) -> str:
    labels = dict(Provider.choices)
    return str(labels.get(code, code))


def _notes(snapshot: dict) -> list[str]:
    notes = []
    if snapshot["payment"].get("provider") != Provider.CASH_ON_DELIVERY:
        notes.append(_("Trade assurance: the payment is held in escrow by the council and released to the seller "
                       "only once the buyer confirms receipt, or when the protection period after delivery ends. "
                       "The buyer may open a dispute before then."))
    destination = snapshot["buyer"].get("shipping_country") or ""
    if destination and destination != snapshot["seller"].get("country"):
        notes.append(_("Import duties and taxes of the destination country are not included in this invoice; "
                       "they are payable by the buyer on import."))
    return notes


def invoice_pdf(invoice: Invoice, *, language: str) -> bytes:
    """The invoice in `language` (en, ur, ar …) as PDF bytes."""
    snapshot = invoice.snapshot
    order, currency = snapshot["order"], snapshot["order"]["currency"]
    with translation.override(language):
        pdf = Document(language=language, title=_("Invoice %(number)s") % {"number": invoice.number})
        pdf.add_page()
        pdf.paragraph(_("Invoice"), size=20, bold=True, height=10)
        pdf.pairs([
            (_("Invoice number"), pdf.isolate(invoice.number)),
            (_("Invoice date"), pdf.day(invoice.issued_at)),
            (_("Order number"), pdf.isolate(order["number"])),
            (_("Order date"), pdf.day(order["placed_at"])),
            (_("Checkout reference"), pdf.isolate(order["checkout_reference"])),
            (_("Currency"), currency),
        ])
        pdf.rule()
        pdf.columns([_seller_block(pdf, snapshot["seller"]), _buyer_block(snapshot["buyer"])])
        pdf.rule()
        _lines_table(pdf, snapshot["lines"], currency)
        pdf.ln(3)
        method = dict(ShippingMethod.choices).get(order.get("shipping_method", ""), "")
        pdf.pairs([
            (_("Items"), pdf.money(order["subtotal"], currency)),
            (_("Shipping (%(method)s)") % {"method": method} if method else _("Shipping"),
             pdf.money(order["shipping_cost"], currency)),
            (_("Total (%(currency)s)") % {"currency": currency}, pdf.money(order["total"], currency)),
        ], size=10, label_width=130, bold_last=True)
        pdf.heading(_("Payment"))
        pdf.pairs([
            (_("Status"), _("Paid")),
            (_("Method"), _payment_method(snapshot["payment"].get("provider", ""))),
            (_("Paid on"), pdf.day(snapshot["payment"]["paid_at"])),
        ])
        for note in _notes(snapshot):
            pdf.ln(1.5)
            pdf.paragraph(note, size=8.5, color=MUTED)
        return pdf.output_bytes()
