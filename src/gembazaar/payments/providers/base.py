"""The interface every payment provider implements: five calls, whatever the provider.

A provider turns its own protocol (bank details, a hosted card page, a wallet's push) into rows of
the payment ledger, always through payments.services, so the ledger rules (idempotency, refunds
never above what was received, orders paid once) hold for every provider alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from ..models import Payment, PaymentEntry


@dataclass(frozen=True)
class StartResult:
    """What the buyer is shown or sent to: instructions (bank details and the reference to quote),
    or a `redirect_url` to the provider's hosted page."""

    reference: str
    amount: Decimal
    currency: str
    instructions: Mapping[str, str] = field(default_factory=dict)
    redirect_url: str = ""


@dataclass(frozen=True)
class ProviderStatus:
    status: str  # a Payment.Status value
    received: Decimal


@runtime_checkable
class PaymentProvider(Protocol):
    code: str

    def start(self, *, payment: Payment) -> StartResult:
        """Begin paying (records an `attempt`); what the buyer sees or where they are sent."""
        ...

    def handle_return(self, *, payment: Payment, params: Mapping[str, str]) -> ProviderStatus:
        """The buyer is back from the provider's page: verify with the provider, never trust the URL."""
        ...

    def handle_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> PaymentEntry | None:
        """A message from the provider: verify the signature, dedupe by event id, record it.
        None when the provider sends none or the event changes nothing."""
        ...

    def refund(self, *, payment: Payment, amount: Decimal, actor, note: str = "",
               idempotency_key: str = "") -> PaymentEntry:
        """Pay back (part of) what was received; never more."""
        ...

    def fetch_status(self, *, payment: Payment) -> ProviderStatus:
        """Where the payment stands (asking the provider where it can be asked)."""
        ...
