"""Bank statements: every row checked (a bad file names the row and column), lines matched by
reference and currency, and applying the same statement twice records nothing twice."""

from datetime import date
from decimal import Decimal

import pytest

from gembazaar.payments import services
from gembazaar.payments.models import Payment, PaymentEntry
from gembazaar.payments.selectors import normalise_reference
from gembazaar.payments.statements import StatementError, statement_match, statement_parse

from .conftest import make_payment

pytestmark = pytest.mark.django_db

HEADER = "date,reference,amount,currency,bank transaction id\n"


def statement(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


def test_a_statement_is_read_row_by_row():
    data = statement('07/12/2026,"Payment gbc 2612-ab12cd34, thanks","1,250.50",usd,T1')

    [line] = statement_parse(b"\xef\xbb\xbf" + data)

    assert (line.row, line.date, line.reference, line.amount, line.currency, line.transaction_id) == (
        2, date(2026, 12, 7), "GBC-2612-AB12CD34", Decimal("1250.50"), "USD", "T1")


@pytest.mark.parametrize(("data", "row", "column"), [
    (statement("2026-12-07,GBC-2612-AAAAAAAA,10.00,USD,T1", header="date,reference,amount,currency\n"), 1,
     "bank_transaction_id"),
    (statement("2026-12-07,GBC-2612-AAAAAAAA,10.00,USD,T1", "yesterday,GBC-2612-AAAAAAAA,10.00,USD,T2"), 3,
     "date"),
    (statement("2026-12-07,GBC-2612-AAAAAAAA,ten,USD,T1"), 2, "amount"),
    (statement("2026-12-07,GBC-2612-AAAAAAAA,10.001,USD,T1"), 2, "amount"),
    (statement("2026-12-07,GBC-2612-AAAAAAAA,-10.00,USD,T1"), 2, "amount"),
    (statement('2026-12-07,GBC-2612-AAAAAAAA,"10,000,000,000,000",USD,T1'), 2, "amount"),  # past the ledger
    (statement("2026-12-07,GBC-2612-AAAAAAAA,1.23457E+11,USD,T1"), 2, "amount"),  # Excel's rounded form
    (statement("2026-12-07,GBC-2612-AAAAAAAA,10.00,XYZ,T1"), 2, "currency"),
    (statement("2026-12-07,,10.00,USD,T1"), 2, "reference"),
    (statement("2026-12-07,GBC-2612-AAAAAAAA,10.00,USD,"), 2, "bank_transaction_id"),
    (statement("2026-12-07,GBC-2612-AAAAAAAA,10.00,USD,T1", "2026-12-07,GBC-2612-AAAAAAAA,5.00,USD,T1"), 3,
     "bank_transaction_id"),
])
def test_a_bad_row_is_refused_naming_the_row_and_column(data, row, column):
    with pytest.raises(StatementError) as refused:
        statement_parse(data)

    assert (refused.value.row, refused.value.field, refused.value.status) == (row, column, 400)
    assert f"Row {row}, column “{column}”" in refused.value.message


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00d\x00a", b"date,reference\x00", HEADER.encode()])
def test_a_file_that_is_not_a_statement_is_refused(data):
    with pytest.raises(StatementError) as refused:
        statement_parse(data)
    assert refused.value.field in {"file", "amount", "currency", "bank_transaction_id"}


@pytest.mark.parametrize("text", ["GBC-2612-AB12CD34", " gbc-2612-ab12cd34 ", "GBC 2612 AB12 CD34",
                                  "Transfer for GBC-2612-AB12CD34 thank you"])
def test_references_are_matched_whatever_the_case_and_spaces(text):
    assert normalise_reference(text) == "GBC-2612-AB12CD34"


def test_lines_are_sorted_into_matched_unmatched_mismatched_and_already_recorded():
    usd = make_payment(currency="USD")
    pkr = make_payment(currency="PKR", amount_due=Decimal("50000"))
    services.payment_capture_record(payment=usd, amount="1.00", currency="USD", actor=None, provider_event_id="OLD")
    lines = statement_parse(statement(
        f"2026-12-07,{usd.reference.lower()},10.00,USD,T1",
        "2026-12-07,GBC-2612-ZZZZZZZZ,10.00,USD,T2",
        f"2026-12-07,{pkr.reference},10.00,USD,T3",
        f"2026-12-07,{usd.reference},1.00,USD,OLD"))

    match = statement_match(lines)

    assert [(line.row, payment) for line, payment in match.matched] == [(2, usd)]
    assert [line.row for line in match.unmatched] == [3]
    assert [(line.row, payment) for line, payment in match.currency_mismatch] == [(4, pkr)]
    assert [line.row for line, _ in match.already_recorded] == [5]


def test_applying_the_same_statement_twice_records_nothing_twice(two_seller_payment, staff):
    data = statement(f"2026-12-07,{two_seller_payment.reference},1000.00,USD,T1",
                     f"2026-12-08,{two_seller_payment.reference},1056.00,USD,T2")

    first = services.statement_apply(lines=statement_match(statement_parse(data)).matched, actor=staff)
    second_match = statement_match(statement_parse(data))
    second = services.statement_apply(lines=second_match.matched, actor=staff)

    assert first == (2, 0)
    assert second == (0, 0) and len(second_match.already_recorded) == 2
    assert PaymentEntry.objects.filter(kind="capture").count() == 2
    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.PAID
    assert set(two_seller_payment.checkout.orders.values_list("status", flat=True)) == {"paid"}
    assert PaymentEntry.objects.filter(provider_event_id="T2").get().value_date == date(2026, 12, 8)
