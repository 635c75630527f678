"""Payment providers behind one small interface (base.PaymentProvider); one file per provider."""

from __future__ import annotations

from .bank_transfer import BANK_TRANSFER, BankTransfer
from .base import PaymentProvider
from .cash_on_delivery import CashOnDelivery
from .safepay import SAFEPAY, Safepay
from .stripe_card import STRIPE_CARD, StripeCard

PROVIDERS: dict[str, PaymentProvider] = {
    BankTransfer.code: BANK_TRANSFER,
    CashOnDelivery.code: CashOnDelivery(),
    StripeCard.code: STRIPE_CARD,
    Safepay.code: SAFEPAY,
}
CARD_PROVIDERS = (StripeCard.code, Safepay.code)  # hosted checkouts: a return address and signed webhooks


def provider_for(code: str) -> PaymentProvider:
    """The provider with this code; KeyError for an unknown one."""
    return PROVIDERS[code]
