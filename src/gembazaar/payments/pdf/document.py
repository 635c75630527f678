"""What every GemBazaar PDF shares: A4 pages, the fonts carried in fonts/, text shaping, the reading
direction of the language, and small helpers for label/value blocks and amounts.

Urdu and Arabic are drawn with HarfBuzz shaping (fpdf2's `set_text_shaping`, through uharfbuzz):
letters joined in their contextual forms, runs laid out right to left by the Unicode bidi
algorithm. Noto Naskh Arabic covers the Arabic script with the Urdu letters (ٹ ڈ ڑ ں ہ ے ۓ); Noto
Sans covers Latin. Each language's main face falls back to the other for a character it lacks, so
a Latin seller name on an Urdu invoice, or an Arabic buyer name on an English one, still prints.
Naskh rather than the site's Nastaliq for Urdu: table rows stay compact and the text copied out of
the PDF keeps its logical order (Nastaliq's stacked glyphs come out scrambled).

Figures stay in Latin digits in every language, as the site's pages show amounts (core.money).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from gembazaar.core.errors import DomainError
from gembazaar.core.money import format_money

# fontTools tells every subset it makes at INFO: noise in the site's logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent / "fonts"
RTL_LANGUAGES = frozenset({"ur", "ar"})
SITE_NAME = "GemBazaar"

INK = (28, 36, 32)
MUTED = (96, 106, 101)
RULE = (205, 212, 208)
SHADE = (241, 244, 242)
ACCENT = (21, 94, 75)

# Directional isolates: an amount such as "1,234.50 US$" stays one unit inside Urdu or Arabic text.
_FSI, _PDI = "\u2068", "\u2069"
_BIDI_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")


def is_rtl(language: str) -> bool:
    return (language or "en").split("-")[0] in RTL_LANGUAGES


class Document(FPDF):
    """An A4 page in the reader's language: fonts, shaping, direction, a header line and page numbers."""

    def __init__(self, *, language: str, title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.language = language
        self.rtl = is_rtl(language)
        self.doc_title = title
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font("sans", "", FONTS / "NotoSans-Regular.ttf")
        self.add_font("sans", "B", FONTS / "NotoSans-Bold.ttf")
        self.add_font("naskh", "", FONTS / "NotoNaskhArabic-Regular.ttf")
        self.add_font("naskh", "B", FONTS / "NotoNaskhArabic-Bold.ttf")
        self.script_family = "naskh" if self.rtl else "sans"
        self.set_fallback_fonts(["sans" if self.rtl else "naskh"], exact_match=False)
        self.set_text_shaping(use_shaping_engine=True)
        self.set_title(title)
        self.set_author(SITE_NAME)
        self.set_creator(SITE_NAME)
        self.set_lang(language)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)
        self.use_font(size=9.5)

    # --- text ---------------------------------------------------------------------------------

    def use_font(self, *, size: float = 9.5, bold: bool = False) -> None:
        self.set_font(self.script_family, "B" if bold else "", size)

    @property
    def start(self) -> str:
        """The alignment where a line begins in this language ("L" or "R")."""
        return "R" if self.rtl else "L"

    @property
    def end(self) -> str:
        return "L" if self.rtl else "R"

    def ordered(self, items: list) -> list:
        """Columns in reading order: the first column on the right in Urdu and Arabic."""
        return list(reversed(items)) if self.rtl else list(items)

    def paragraph(self, text: str, *, size: float = 9.5, bold: bool = False, color=INK, height: float | None = None,
             align: str | None = None) -> None:
        """A paragraph across the page, aligned to the language's start."""
        self.use_font(size=size, bold=bold)
        self.set_text_color(*color)
        self.multi_cell(0, height or size * 0.55, text, align=align or self.start,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def heading(self, text: str, *, size: float = 11) -> None:
        self.ln(2)
        self.paragraph(text, size=size, bold=True, color=ACCENT)
        self.ln(0.5)

    def rule(self) -> None:
        self.ln(1.5)
        self.line_width = 0.2
        super().line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    def columns(self, blocks: list[list[str]], *, size: float = 9.5, bold_first: bool = True) -> None:
        """Side-by-side blocks of lines (seller | buyer), in reading order; the first line bold."""
        width = (self.w - self.l_margin - self.r_margin) / len(blocks)
        top, bottom = self.get_y(), self.get_y()
        for index, block in enumerate(self.ordered(blocks)):
            self.set_xy(self.l_margin + index * width, top)
            for number, text in enumerate(block):
                self.use_font(size=size, bold=bold_first and number == 0)
                self.set_x(self.l_margin + index * width)
                self.multi_cell(width - 4, size * 0.55, text, align=self.start, new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            bottom = max(bottom, self.get_y())
        self.set_xy(self.l_margin, bottom)

    def pairs(self, rows: list[tuple[str, str]], *, size: float = 9.5, label_width: float = 45,
              bold_last: bool = False) -> None:
        """Label: value rows, the label at the language's start."""
        for index, (label, value) in enumerate(rows):
            bold = bold_last and index == len(rows) - 1
            self.use_font(size=size, bold=bold)
            cells = self.ordered([(label_width, label, MUTED), (0, value, INK)])
            for width, text, color in cells:
                self.set_text_color(*color)
                width = width or (self.w - self.l_margin - self.r_margin - label_width)
                self.cell(width, size * 0.6, text, align=self.start)
            self.set_text_color(*INK)
            self.ln(size * 0.6)

    # --- page furniture -----------------------------------------------------------------------

    def header(self) -> None:
        self.use_font(size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{SITE_NAME} · {self.doc_title}", align=self.start, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.use_font(size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
                  align="C")
        self.set_text_color(*INK)

    def _render_styled_text_line(self, *args, **kwargs):
        # fpdf2 2.8.9 with fallback fonts: a line that mixes faces is wrapped in q … Q, which drops
        # the font it set for the page while fpdf2 still believes it set; the next line then draws
        # with no font (blank or wrong glyphs). Forgetting it after each line makes every line
        # name its font. (fpdf2 is pinned; tests/test_invoice_pdf.py shows it if this changes.)
        try:
            return super()._render_styled_text_line(*args, **kwargs)
        finally:
            self.current_font_is_set_on_page = False

    def output_bytes(self) -> bytes:
        return bytes(self.output())

    # --- figures ------------------------------------------------------------------------------

    def money(self, amount: Decimal | str, currency: str) -> str:
        """An amount as the site writes it in this language, kept in one piece inside RTL text."""
        text = format_money(Decimal(amount), currency, self.language).translate(_BIDI_MARKS)
        return f"{_FSI}{text}{_PDI}" if self.rtl else text

    def isolate(self, text: str) -> str:
        """A code or number (an invoice number, an HS code) kept in its own order inside RTL text."""
        return f"{_FSI}{text}{_PDI}" if self.rtl and text else text

    def day(self, value: date | datetime | str) -> str:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if isinstance(value, datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return formats.date_format(value, "j F Y")


# The languages documents are drawn in: their fonts ship with the app (Noto Sans, Noto Naskh
# Arabic). Chinese needs a CJK face the app does not carry yet: a Chinese reader gets English.
PDF_LANGUAGES = ("en", "ur", "ar")


def pdf_language(requested: str | None, *, default: str) -> str:
    """The language a PDF is asked for (`?lang=`), one documents are drawn in; else DomainError
    naming `lang`. None or empty means the reader's own (`default`), or English when documents
    are not drawn in it."""
    if not requested:
        return default if default in PDF_LANGUAGES else settings.LANGUAGE_CODE
    if requested not in PDF_LANGUAGES:
        raise DomainError(_("Documents are drawn in %(languages)s.") % {"languages": ", ".join(PDF_LANGUAGES)},
                          code="invalid_language", field="lang")
    return requested
