"""The monthly payout statement as a PDF: every entry with its running balance, the totals, pages
numbered when the table runs on, and Urdu or Arabic text shaped."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from gembazaar.payments.payout_statements import Statement, StatementLine
from gembazaar.payments.pdf.statement import statement_pdf

KARACHI = ZoneInfo("Asia/Karachi")


def text_of(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def statement(*, lines: int = 3, note: str = "Sale of an emerald") -> Statement:
    balance, rows = Decimal("1000.00"), []
    for day in range(lines):
        amount = Decimal("125.50") if day % 3 else Decimal("-40.25")
        balance += amount
        rows.append(StatementLine(at=datetime(2026, 11, 1 + day % 28, 10, 30, tzinfo=KARACHI),
                                  kind="sale" if amount > 0 else "commission",
                                  kind_label="Sale" if amount > 0 else "Commission",
                                  order_number=f"GB-2611-A{day:04d}", note=note, amount=amount, balance=balance))
    return Statement(seller_name="Swat Emerald House", seller_city="Peshawar", month=date(2026, 11, 1),
                     currency="PKR", opening_balance=Decimal("1000.00"), lines=tuple(rows), closing_balance=balance,
                     held=Decimal("250.00"), available=balance - Decimal("250.00"), paid_out=Decimal("0"))


def test_the_statement_lists_each_entry_and_its_totals():
    text, pages = text_of(statement_pdf(statement(), language="en"))

    assert pages == 1
    for said in ("Payout statement, November 2026", "Swat Emerald House", "Peshawar", "GB-2611-A0000",
                 "GB-2611-A0002", "Commission", "Sale of an emerald", "Opening balance", "Closing balance",
                 "Rs\xa01,210.75", "Available for payout", "Rs\xa0960.75", "Page 1 of 1"):
        assert said in text, said


def test_a_long_month_runs_onto_numbered_pages_with_every_row():
    long = statement(lines=90)
    text, pages = text_of(statement_pdf(long, language="en"))

    assert pages >= 3
    assert f"Page {pages} of {pages}" in text
    assert all(line.order_number in text for line in long.lines)
    assert text.count("Balance") >= pages  # the heading row is repeated on each page


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_urdu_and_arabic_statements_read_back_in_order(language):
    text, _ = text_of(statement_pdf(statement(note="زمرد کی فروخت"), language=language))

    assert "زمرد" in text and "فروخت" in text
    assert "GB-2611-A0001" in text


def test_an_empty_month_says_so():
    text, _ = text_of(statement_pdf(statement(lines=0), language="en"))
    assert "No entries this month." in text
