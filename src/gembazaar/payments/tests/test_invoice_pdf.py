"""The invoice PDF says what it must — number, parties, disclosed gem names, spec, HS code, totals,
payment — in English, Urdu and Arabic, with Urdu and Arabic letters shaped (joined, right to left)."""

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import pgettext
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from gembazaar.orders.tests.conftest import UAE_ADDRESS
from gembazaar.payments import services
from gembazaar.payments.models import Invoice
from gembazaar.payments.pdf.invoice import invoice_pdf
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing, make_jewelry_listing

from .conftest import add, place

pytestmark = pytest.mark.django_db

ARABIC_STREET = "فيلا ٣، شارع الشيخ زايد"
URDU_LINE = "گلی نمبر ۵، ٹاؤن شپ"



def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def glyph_names_of(pdf: bytes, font: str) -> set[str]:
    """The names of the glyphs embedded for `font` (fpdf2 embeds the subset it drew with)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            for descendant in ref.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"]
                if font in str(descriptor["/FontName"]):
                    embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
                    names.update(embedded.getGlyphOrder())
    return names


@pytest.fixture
def invoice(buyer, seller, staff, django_capture_on_commit_callbacks) -> Invoice:
    seller.council_membership_no, seller.tax_number = "PGJDC-0042", "1234567-8"
    seller.save()
    emerald = make_gem_listing(seller=seller, title="Emerald 1.25 ct oval", price=Decimal("1250.00"),
                               hs_code="7103.91")
    synthetic = make_gem_listing(seller=seller, title="Ruby 2.05 ct cushion", price=Decimal("90.00"),
                                 hs_code="7104.91",
                                 gem={"species": "corundum", "variety": "ruby", "nature": "synthetic",
                                      "treatments": "N", "carat": Decimal("2.050"), "colour": "red"})
    ring = make_jewelry_listing(seller=seller, title="22K gold ring", price=Decimal("700.00"), currency="USD",
                                hs_code="7113.19")
    for listing in (emerald, synthetic, ring):
        add(buyer, listing)
    checkout = place(buyer, address={**UAE_ADDRESS, "line1": ARABIC_STREET, "line2": URDU_LINE}).checkout
    payment = services.payment_open(checkout=checkout)
    with django_capture_on_commit_callbacks(execute=True):
        BANK_TRANSFER.receipt_record(payment=payment, amount=payment.amount_due.quantize(Decimal("0.01")),
                                     actor=staff)
    return Invoice.objects.get(order__checkout=checkout)


def save_png_for_eyes(pdf: bytes, language: str) -> None:
    """INVOICE_PDF_DIR=/tmp/x keeps the PDFs to look at (pdftoppm -png); tests never need it."""
    folder = os.environ.get("INVOICE_PDF_DIR")
    if folder:
        Path(folder, f"invoice-{language}.pdf").write_bytes(pdf)


def test_the_english_invoice_says_who_what_and_how_much(invoice):
    pdf = invoice_pdf(invoice, language="en")
    save_png_for_eyes(pdf, "en")
    text = text_of(pdf)

    order = invoice.order
    for said in (invoice.number, order.number, order.checkout.reference, order.seller.legal_name, "PGJDC-0042",
                 "1234567-8", "Omar Ali", "United Arab Emirates", "Dubai",
                 "Emerald 1.25 ct oval", "Treatments: Oiling / resin infusion (O)", "1.25 ct", "7.8 × 5.9 × 4.1 mm",
                 "Synthetic Ruby 2.05 ct cushion", "7103.91", "7104.91", "7113.19", "22K",
                 "$1,250.00", "$90.00", "$700.00", f"${order.total:,.2f}", "Bank transfer", "escrow",
                 "Import duties"):
        assert said in text, said
    assert pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_urdu_and_arabic_invoices_are_shaped_and_read_back_in_order(invoice, language):
    pdf = invoice_pdf(invoice, language=language)
    save_png_for_eyes(pdf, language)
    text = text_of(pdf)

    # Figures and codes survive right-to-left layout in one piece.
    for said in (invoice.number, invoice.order.number, invoice.order.checkout.reference, "7103.91", "PGJDC-0042"):
        assert said in text, said
    # Letters come back in the order they are read (the PDF maps each shaped glyph to its letter),
    # including the Urdu-only ones (ٹ, ں, ہ, ے).
    for word in ("شارع", "زايد", "ٹاؤن", "گلی"):
        assert word in text, word
    # Drawn shaped: the joined forms of the letters (initial, medial, final: Arabic Presentation
    # Forms glyphs) from Noto Naskh Arabic, not the isolated letters one after another.
    glyphs = glyph_names_of(pdf, "NotoNaskhArabic")
    joined = {name for name in glyphs if name.startswith(("uniFE", "uniFB"))}
    assert len(joined) >= 10, sorted(glyphs)


def test_the_urdu_invoice_names_the_stones_nature_in_urdu(invoice):
    with translation.override("ur"):
        synthetic = str(pgettext("before a stone's title", "Synthetic"))
    text = text_of(invoice_pdf(invoice, language="ur"))

    assert synthetic != "Synthetic" and synthetic in text


def test_every_page_is_numbered(invoice):
    text = text_of(invoice_pdf(invoice, language="en"))
    assert "Page 1 of 1" in text
