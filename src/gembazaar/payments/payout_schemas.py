"""Output schemas of the payout endpoints, shared by the seller API and the council API. Money
leaves as decimal strings in the payout currency, rounded to its minor unit."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from gembazaar.core.api import DecimalIn, DecimalString, PageOut
from gembazaar.core.money import quantize

from .models import Payout, PayoutEntry, PayoutEntryKind
from .payout_selectors import Balance, entry_is_held
from .payout_statements import entry_note


class BalanceOut(Schema):
    currency: str = Field(examples=["PKR"])
    balance: DecimalString = Field(description="Σ of every ledger entry: what the marketplace owes you now.")
    held: DecimalString = Field(description="Of the balance: entries of orders not yet completed.")
    available: DecimalString = Field(description="balance − held: what may be paid out now.")
    paid_out: DecimalString = Field(description="Σ of payouts sent.")
    requested: DecimalString = Field(description="Σ of payouts requested and not yet sent (already out of "
                                                 "`available`).")
    commission_percent: DecimalString = Field(description="The commission taken from your sales paid from now on.")


def balance_out(balance: Balance, *, commission_percent) -> dict:
    money = {name: quantize(getattr(balance, name), balance.currency)
             for name in ("balance", "held", "available", "paid_out", "requested")}
    return {"currency": balance.currency, "commission_percent": commission_percent, **money}


class EntryOut(Schema):
    id: int
    at: datetime = Field(alias="created_at")
    kind: str = Field(description=", ".join(PayoutEntryKind.values))
    kind_label: str = Field(description="In the request's language.")
    amount: DecimalString = Field(description="Signed: + owed to you, − taken off.")
    currency: str
    order_number: str = Field(description="The order it concerns, or \"\".")
    payout_id: int | None = None
    held: bool = Field(description="True while its order has not completed.")
    note: str

    @staticmethod
    def resolve_kind_label(obj: PayoutEntry) -> str:
        return str(PayoutEntryKind(obj.kind).label)

    @staticmethod
    def resolve_amount(obj: PayoutEntry):
        return quantize(obj.amount, obj.currency)

    @staticmethod
    def resolve_order_number(obj: PayoutEntry) -> str:
        return obj.order.number if obj.order_id else ""

    @staticmethod
    def resolve_held(obj: PayoutEntry) -> bool:
        return entry_is_held(obj)

    @staticmethod
    def resolve_note(obj: PayoutEntry) -> str:
        return entry_note(obj)


class EntryPageOut(PageOut):
    items: list[EntryOut]


class PayoutOut(Schema):
    id: int
    amount: DecimalString
    currency: str
    status: str = Field(description="requested, sent or cancelled.")
    bank_reference: str = Field(description="The bank's reference once sent, else \"\".")
    requested_at: datetime
    sent_at: datetime | None = None
    cancelled_at: datetime | None = None

    @staticmethod
    def resolve_amount(obj: Payout):
        return quantize(obj.amount, obj.currency)


class PayoutPageOut(PageOut):
    items: list[PayoutOut]


class StaffPayoutOut(PayoutOut):
    seller_id: int
    note: str
    requested_by: str = Field(alias="requested_by_name")
    done_by: str = Field(alias="done_by_name", description="Who sent or cancelled it.")


class PayoutRequestIn(Schema):
    amount: DecimalIn = Field(description="In the payout currency, at most its minor-unit decimals, at most "
                                          "what is available.")
    note: str = Field("", max_length=1000)


class PayoutSentIn(Schema):
    bank_reference: str = Field(max_length=255, description="The bank's reference of the transfer (required).")


class CommissionIn(Schema):
    commission_percent: DecimalIn | None = Field(description="0 to 100, at most 2 decimals; null for the "
                                                             "marketplace's default.")


class CorrectionIn(Schema):
    amount: DecimalIn = Field(description="Signed: \"-150.00\" takes off, \"150.00\" adds.")
    note: str = Field(max_length=1000, description="Why (required).")
