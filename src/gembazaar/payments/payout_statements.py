"""A seller's monthly payout statement: the opening balance, every ledger entry of the month with the
running balance, the closing balance, and where the seller stood at the month's end (held,
available, paid out in the month). The CSV is written here; the PDF by payments/pdf/statement.py
from the same Statement.

Months are calendar months in the marketplace's time zone (settings.TIME_ZONE, Asia/Karachi):
an entry at 23:30 on 31 January in Karachi is January's, whatever UTC says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.core.spreadsheets import csv_bytes
from gembazaar.sellers.models import Seller

from .models import PayoutEntry, PayoutEntryKind, PayoutStatus
from .payout_selectors import payout_currency, seller_balance, seller_entries

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


@dataclass(frozen=True)
class StatementLine:
    at: datetime
    kind: str  # PayoutEntryKind code
    kind_label: str  # in the reader's language
    order_number: str
    note: str
    amount: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Statement:
    seller_name: str
    seller_city: str
    month: date  # the first day
    currency: str
    opening_balance: Decimal
    lines: tuple[StatementLine, ...]
    closing_balance: Decimal
    held: Decimal  # at the month's end
    available: Decimal  # at the month's end
    paid_out: Decimal  # payouts sent during the month


def parse_month(text: str, *, field: str = "month") -> date:
    """"2026-12" → date(2026, 12, 1), or DomainError naming `field`."""
    found = MONTH_PATTERN.match((text or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or not 2000 <= int(found.group(1)) <= 2999:
        raise DomainError(_("Give the month as YYYY-MM, e.g. 2026-12."), code="invalid_month", field=field)
    return date(int(found.group(1)), int(found.group(2)), 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of the calendar month in the marketplace's time zone, as aware datetimes."""
    zone = timezone.get_default_timezone()
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return datetime(month.year, month.month, 1, tzinfo=zone), datetime(following.year, following.month, 1, tzinfo=zone)


def entry_note(entry: PayoutEntry) -> str:
    """What an entry was about, in the reader's language (codes rendered now, a person's note as written)."""
    if entry.kind == PayoutEntryKind.COMMISSION and entry.percent is not None:
        return _("%(percent)s%% of the sale") % {"percent": entry.percent.normalize()}
    if entry.kind in (PayoutEntryKind.PAYOUT, PayoutEntryKind.PAYOUT_CANCELLED) and entry.payout_id:
        reference = entry.payout.bank_reference if entry.payout.status == PayoutStatus.SENT else ""
        text = _("Payout no. %(number)s") % {"number": entry.payout_id}
        return f"{text} · {reference}" if reference else text
    return entry.note


def statement_for(*, seller: Seller, month: date) -> Statement:
    """The statement of `month` (any day in it) for `seller`, labels in the active language."""
    month = month.replace(day=1)
    start, end = month_bounds(month)
    currency = payout_currency()
    opening = seller_balance(seller=seller, until=start).balance
    running = opening
    lines = []
    for entry in seller_entries(seller=seller, start=start, end=end):
        running += entry.amount
        lines.append(StatementLine(
            at=timezone.localtime(entry.created_at), kind=entry.kind,
            kind_label=str(PayoutEntryKind(entry.kind).label), order_number=entry.order.number if entry.order else "",
            note=entry_note(entry), amount=quantize(entry.amount, currency), balance=quantize(running, currency)))
    at_end = seller_balance(seller=seller, until=end)
    paid_out = at_end.paid_out - seller_balance(seller=seller, until=start).paid_out
    return Statement(seller_name=seller.trade_name, seller_city=seller.city, month=month, currency=currency,
                     opening_balance=quantize(opening, currency), lines=tuple(lines),
                     closing_balance=quantize(running, currency), held=quantize(at_end.held, currency),
                     available=quantize(at_end.available, currency), paid_out=quantize(paid_out, currency))


def statement_csv(statement: Statement) -> bytes:
    """The statement as CSV (UTF-8 with a BOM; text cells neutralised against formula injection):
    a header row, an opening row, one row per entry, then the closing figures."""
    month = statement.month.strftime("%Y-%m")
    rows: list[tuple] = [(_("Date"), _("Kind"), _("Kind code"), _("Order"), _("Note"), _("Amount"), _("Balance"),
                          _("Currency"))]
    rows.append((statement.month.isoformat(), _("Opening balance"), "opening", "", "", "",
                 statement.opening_balance, statement.currency))
    rows += [(line.at.strftime("%Y-%m-%d %H:%M"), line.kind_label, line.kind, line.order_number, line.note,
              line.amount, line.balance, statement.currency) for line in statement.lines]
    rows.append(("", _("Closing balance"), "closing", "", month, "", statement.closing_balance, statement.currency))
    rows.append(("", _("Held until orders complete"), "held", "", "", "", statement.held, statement.currency))
    rows.append(("", _("Available to pay out"), "available", "", "", "", statement.available, statement.currency))
    rows.append(("", _("Paid out this month"), "paid_out", "", "", "", statement.paid_out, statement.currency))
    return csv_bytes(rows)


def statement_filename(statement: Statement, extension: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", statement.seller_name).strip("-").lower() or "seller"
    return f"gembazaar-payouts-{slug}-{statement.month:%Y-%m}.{extension}"
