"""Input and output schemas of the council's payment endpoints. Money leaves as decimal strings."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from gembazaar.core.api import DecimalIn, DecimalString, PageOut
from gembazaar.core.money import quantize


class PaymentEntryOut(Schema):
    kind: str = Field(description="attempt, capture (money received), refund or provider_event.")
    amount: DecimalString = Field(description="Always positive; the kind says which way it moved.")
    currency: str
    fx_rate: DecimalString | None = None
    provider_event_id: str = Field(description="The provider's id of the event (a bank transaction id), or \"\".")
    value_date: date | None = None
    recorded_by: str = Field(alias="recorded_by_name")
    note: str
    created_at: datetime

    @staticmethod
    def resolve_amount(obj):
        return quantize(obj.amount, obj.currency)


class PaymentSummaryOut(Schema):
    reference: str = Field(description="The checkout reference the buyer quotes.")
    provider: str
    status: str = Field(description="pending, part_paid, paid or overpaid (from the ledger).")
    amount_due: DecimalString
    currency: str
    created_at: datetime

    @staticmethod
    def resolve_amount_due(obj):
        if isinstance(obj, dict):
            return quantize(obj["amount_due"], obj["currency"])
        return quantize(obj.amount_due, obj.currency)


class RefundOut(Schema):
    id: int
    order: str | None = Field(description="The order's number, or null for a refund of the whole checkout.")
    amount: DecimalString
    currency: str
    status: str = Field(description="requested (a bank refund to be sent by staff), succeeded or failed.")
    provider: str
    provider_refund_id: str = Field(description="The provider's refund id, or the bank transaction id.")
    reason: str
    failure: str = Field(description="Why a card refund failed, as a code: provider_refused, provider_unreachable, "
                                     "provider_bad_answer, nothing_captured, refund_failed; \"\" otherwise.")
    requested_by: str
    created_at: datetime
    completed_at: datetime | None


class PaymentOut(PaymentSummaryOut):
    received: DecimalString = Field(description="Σ captures − Σ refunds, in the payment's currency.")
    orders: list[str] = Field(description="Numbers of the checkout's orders.")
    entries: list[PaymentEntryOut] = Field(description="The ledger, oldest first.")
    refunds: list[RefundOut] = Field(description="Refunds asked for and sent, newest first.")


class PaymentPageOut(PageOut):
    items: list[PaymentSummaryOut]


class PaymentFilter(Schema):
    status: str = Field("", description="pending, part_paid, paid or overpaid; empty for all.")
    q: str = Field("", max_length=100, description="A reference (any case, spaces ignored) or a buyer's email.")


class ReceiptIn(Schema):
    amount: DecimalIn = Field(description="In the payment's currency, at most its minor-unit decimals.")
    bank_transaction_id: str = Field("", max_length=255, description="The bank's id of the transfer, if known: "
                                                                     "a second receipt with it records nothing.")
    value_date: date | None = None
    note: str = Field("", max_length=1000)


class RefundIn(Schema):
    amount: DecimalIn = Field(description="In the payment's currency; at most what is still refundable.")
    order: str = Field("", max_length=20, description="The order's number; empty for the whole checkout.")
    reason: str = Field(..., min_length=1, max_length=1000)
    bank_transaction_id: str = Field("", max_length=255, description="For a bank refund already sent: its id. "
                                                                     "Empty: recorded as to be sent.")


class RefundSentIn(Schema):
    bank_transaction_id: str = Field(..., min_length=1, max_length=255)
