"""Schemas of the buyer's payment endpoints (payments/api.py). Money leaves as decimal strings."""

from __future__ import annotations

from ninja import Field, Schema

from gembazaar.core.api import DecimalString


class MethodOut(Schema):
    method: str = Field(description="card, bank_transfer or cash_on_delivery.")
    provider: str = Field(description="The provider that takes the money: safepay, stripe, bank_transfer, "
                                      "cash_on_delivery.")
    label: str
    available: bool
    reason: str = Field(description="Why it is not offered, in the reader's language; \"\" when it is.")
    rail: str = Field(description="For a bank transfer: raast (buyers in Pakistan paying rupees) or swift.")


class RateOut(Schema):
    currency: str = Field(description="A seller's currency.")
    rate: DecimalString = Field(description="How many of the charge currency one unit of it bought at placement.")


class BuyerPaymentOut(Schema):
    reference: str = Field(description="The checkout reference; quote it on a bank transfer.")
    status: str = Field(description="pending, part_paid, paid or overpaid.")
    provider: str
    amount_due: DecimalString
    received: DecimalString
    currency: str = Field(description="The currency charged.")
    exchange_rates: list[RateOut]
    methods: list[MethodOut]
    orders: list[str]
    instructions: dict[str, str] = Field(description="For a bank transfer once chosen: account_name, bank, iban, "
                                                     "swift or raast_id, reference, amount.")


class StartIn(Schema):
    method: str = Field(max_length=20, description="card, bank_transfer or cash_on_delivery.")


class StartOut(Schema):
    redirect_url: str = Field(description="For a card: send the buyer to this page; \"\" otherwise.")
    payment: BuyerPaymentOut
