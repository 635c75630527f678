"""Payment providers behind one small interface (base.PaymentProvider); one file per provider."""

from __future__ import annotations

from .bank_transfer import BANK_TRANSFER, BankTransfer
from .base import PaymentProvider

PROVIDERS: dict[str, PaymentProvider] = {BankTransfer.code: BANK_TRANSFER}


def provider_for(code: str) -> PaymentProvider:
    """The provider with this code; KeyError for an unknown one."""
    return PROVIDERS[code]
