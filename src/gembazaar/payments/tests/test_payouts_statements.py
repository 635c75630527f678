"""Monthly payout statements: month boundaries in Karachi time, opening and running balances, the
figures at the month's end, and the CSV (cells neutralised against formula injection)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gembazaar.core.errors import DomainError
from gembazaar.payments import payouts
from gembazaar.payments.models import PayoutEntry, PayoutRelease
from gembazaar.payments.payout_statements import parse_month, statement_csv, statement_for

from .payout_factories import complete, paid_order

pytestmark = pytest.mark.django_db
KARACHI = ZoneInfo("Asia/Karachi")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=KARACHI)


def entry(seller, kind: str, amount: str, when: datetime, **extra) -> PayoutEntry:
    """An entry as a receiver would have written it at `when` (the services stamp 'now')."""
    return PayoutEntry.objects.create(seller=seller, kind=kind, amount=Decimal(amount), currency="PKR",
                                      created_at=when, **extra)


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_entries_fall_in_their_karachi_month_with_opening_and_running_balances(seller):
    entry(seller, "correction", "1000.00", at(2026, 1, 10), note="Opening credit")
    entry(seller, "correction", "500.00", at(2026, 1, 31, 23, 30), note="Late on the 31st")  # 18:30 UTC
    entry(seller, "correction", "-200.00", at(2026, 2, 1, 0, 30), note="Early on the 1st")  # 31 Jan UTC
    entry(seller, "correction", "50.00", at(2026, 2, 28, 23, 59), note="Last minute")
    entry(seller, "correction", "7.00", at(2026, 3, 1), note="March")

    january = statement_for(seller=seller, month=date(2026, 1, 15))
    february = statement_for(seller=seller, month=date(2026, 2, 1))

    assert january.month == date(2026, 1, 1)
    assert [line.note for line in january.lines] == ["Opening credit", "Late on the 31st"]
    assert (january.opening_balance, january.closing_balance) == (0, Decimal("1500.00"))
    assert [line.note for line in february.lines] == ["Early on the 1st", "Last minute"]
    assert [line.balance for line in february.lines] == [Decimal("1300.00"), Decimal("1350.00")]
    assert (february.opening_balance, february.closing_balance) == (Decimal("1500.00"), Decimal("1350.00"))
    assert february.lines[0].kind == "correction" and february.lines[0].kind_label == "Correction by staff"
    assert february.available == Decimal("1350.00") and february.held == 0


def test_held_at_the_month_end_counts_orders_released_only_later(buyer, seller, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    complete(order, buyer=buyer)
    release = PayoutRelease.objects.get(order=order)
    month = timezone.localtime(release.released_at).date().replace(day=1)

    now = statement_for(seller=seller, month=month)
    assert now.held == 0 and now.available == now.closing_balance > 0
    # Had it been released after the month ended, the month would close with it held.
    PayoutRelease.objects.filter(pk=release.pk).update(released_at=at(2999, 1, 1))
    before = statement_for(seller=seller, month=month)
    assert before.held == before.closing_balance and before.available == 0


def test_the_statement_of_a_real_month_has_sale_commission_payout_and_paid_out(buyer, seller, staff):
    complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)
    payout = payouts.payout_request(seller=seller, amount="1000.00", actor=staff)
    payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="HBL-778899")

    statement = statement_for(seller=seller, month=timezone.localdate())

    assert [line.kind for line in statement.lines] == ["sale", "commission", "payout"]
    assert statement.lines[1].note == "5% of the sale"
    assert statement.lines[2].note == f"Payout no. {payout.pk} · HBL-778899"
    assert statement.lines[0].order_number.startswith("GB")
    assert statement.paid_out == Decimal("1000.00")
    assert statement.closing_balance == statement.lines[-1].balance == statement.available
    assert (statement.seller_name, statement.seller_city, statement.currency) == ("Swat Emerald House", "Peshawar",
                                                                                  "PKR")


def test_the_csv_has_every_line_and_neutralises_formulas(seller):
    entry(seller, "correction", "1250.50", at(2026, 5, 2, 14, 0), note="=HYPERLINK(\"http://evil\")")
    entry(seller, "correction", "-0.50", at(2026, 5, 3, 9, 5), note="@SUM(A1)")

    table = rows(statement_csv(statement_for(seller=seller, month=date(2026, 5, 1))))

    assert table[0] == ["Date", "Kind", "Kind code", "Order", "Note", "Amount", "Balance", "Currency"]
    assert table[1] == ["2026-05-01", "Opening balance", "opening", "", "", "", "0.00", "PKR"]
    assert table[2] == ["2026-05-02 14:00", "Correction by staff", "correction", "", "'=HYPERLINK(\"http://evil\")",
                        "1250.50", "1250.50", "PKR"]
    assert table[3][4] == "'@SUM(A1)" and table[3][5:7] == ["-0.50", "1250.00"]
    assert table[4][1:3] == ["Closing balance", "closing"] and table[4][6] == "1250.00"
    assert [row[2] for row in table[5:]] == ["held", "available", "paid_out"]


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "26-01", "2026/01", "1999-12", "3000-01", "2026-1",
                                  "2026-01\x00", "９９９９-01"])
def test_a_bad_month_is_refused_naming_it(text):
    with pytest.raises(DomainError) as refused:
        parse_month(text)
    assert (refused.value.code, refused.value.field) == ("invalid_month", "month")


def test_december_ends_at_the_new_year(seller):
    entry(seller, "correction", "10.00", at(2026, 12, 31, 23, 59), note="Year end")
    entry(seller, "correction", "20.00", at(2027, 1, 1, 0, 0), note="New year")
    assert [line.note for line in statement_for(seller=seller, month=date(2026, 12, 1)).lines] == ["Year end"]
