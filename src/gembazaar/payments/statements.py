"""Bank statements as CSV: read and check every row, then match each line to a payment.

Columns (header row, any order, case and spaces ignored): date, reference, amount, currency,
bank transaction id. Dates are YYYY-MM-DD or DD/MM/YYYY; amounts are credits in the line's
currency (a thousands comma is allowed). A file that breaks a rule is refused whole, with the row
and column named (StatementError, 400); nothing is recorded from it.

Matching: the reference, with spaces dropped and in upper case (and found inside longer text
such as "Payment GBC-2612-AB12CD34 thanks"), names the payment; the line's currency must be the
payment's. A bank transaction id the ledger already holds is "already recorded".
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.core.money import is_iso_currency

from . import selectors
from .models import Payment, Provider
from .services import clean_amount

COLUMNS = ("date", "reference", "amount", "currency", "bank_transaction_id")
# The preview carries the file back to "apply" as base64 in a form field: 1 MB becomes 1.4 MB, under
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


class StatementError(DomainError):
    """A statement that cannot be read: `row` (1 is the header) and `field` (the column) say where."""

    def __init__(self, message: str, *, row: int | None, column: str):
        where = (_("Row %(row)d, column “%(column)s”: ") % {"row": row, "column": column}) if row else ""
        super().__init__(where + message, code="bad_statement", field=column)
        self.row = row


@dataclass(frozen=True)
class StatementLine:
    row: int
    date: date
    reference_text: str
    reference: str
    amount: Decimal
    currency: str
    transaction_id: str


@dataclass
class StatementMatch:
    matched: list[tuple[StatementLine, Payment]] = field(default_factory=list)
    unmatched: list[StatementLine] = field(default_factory=list)
    currency_mismatch: list[tuple[StatementLine, Payment]] = field(default_factory=list)
    already_recorded: list[tuple[StatementLine, Payment | None]] = field(default_factory=list)


def _column_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", (name or "").strip().lower()).strip("_")


def _date(text: str, row: int) -> date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
    raise StatementError(_("“%(value)s” is not a date; write YYYY-MM-DD.") % {"value": text[:40]},
                         row=row, column="date")


def _line(values: dict[str, str], row: int, seen: set[str]) -> StatementLine:
    currency = values["currency"].strip().upper()
    if not is_iso_currency(currency):
        raise StatementError(_("“%(value)s” is not an ISO 4217 currency code.") % {"value": currency[:10]},
                             row=row, column="currency")
    amount_text = values["amount"].strip()
    if _THOUSANDS.match(amount_text):
        amount_text = amount_text.replace(",", "")
    try:
        amount = clean_amount(amount_text, currency=currency)
    except DomainError as exc:
        raise StatementError(exc.message, row=row, column="amount") from None
    reference_text = values["reference"].strip()
    if not reference_text:
        raise StatementError(_("The reference is empty."), row=row, column="reference")
    transaction_id = values["bank_transaction_id"].strip()
    if not transaction_id:
        raise StatementError(_("The bank transaction id is empty."), row=row, column="bank_transaction_id")
    if len(transaction_id) > 255:
        raise StatementError(_("The bank transaction id is longer than 255 characters."), row=row,
                             column="bank_transaction_id")
    if transaction_id in seen:
        raise StatementError(_("This bank transaction id is on an earlier row too."), row=row,
                             column="bank_transaction_id")
    seen.add(transaction_id)
    return StatementLine(row=row, date=_date(values["date"], row), reference_text=reference_text[:200],
                         reference=selectors.normalise_reference(reference_text), amount=amount, currency=currency,
                         transaction_id=transaction_id)


def statement_parse(data: bytes) -> list[StatementLine]:
    """Every line of a statement file, checked; StatementError for the first fault."""
    if len(data) > MAX_BYTES:
        raise StatementError(_("The file is larger than 1 MB; split the statement."), row=None, column="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementError(_("The file is not UTF-8 text; save it as “CSV UTF-8”."), row=None,
                             column="file") from None
    if "\x00" in text:
        raise StatementError(_("The file is not a CSV text file."), row=None, column="file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise StatementError(_("The file is empty."), row=None, column="file")
        keys = [_column_key(name) for name in header]
        for column in COLUMNS:
            if column not in keys:
                raise StatementError(_("This column is missing from the header row."), row=1, column=column)
        lines, seen = [], set()
        for row, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(lines) >= MAX_ROWS:
                raise StatementError(_("A statement may have at most 5,000 lines."), row=row, column="file")
            values = {key: (cells[index] if index < len(cells) else "") for index, key in enumerate(keys)}
            lines.append(_line(values, row, seen))
    except csv.Error as exc:
        raise StatementError(_("The CSV cannot be read (%(error)s).") % {"error": exc}, row=reader.line_num,
                             column="file") from None
    if not lines:
        raise StatementError(_("The statement has no lines."), row=None, column="file")
    return lines


def statement_match(lines: list[StatementLine], *, provider: str = Provider.BANK_TRANSFER) -> StatementMatch:
    """Sort the lines into matched, unmatched, currency mismatch and already recorded."""
    payments = selectors.payments_by_reference(references={line.reference for line in lines})
    recorded = selectors.provider_events_recorded(provider=provider,
                                                  event_ids={line.transaction_id for line in lines})
    match = StatementMatch()
    for line in lines:
        payment = payments.get(line.reference)
        if line.transaction_id in recorded:
            match.already_recorded.append((line, payment))
        elif payment is None:
            match.unmatched.append(line)
        elif payment.currency != line.currency:
            match.currency_mismatch.append((line, payment))
        else:
            match.matched.append((line, payment))
    return match
