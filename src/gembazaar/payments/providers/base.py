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

from ..models import Payment, PaymentEntry, Refund


class ProviderError(Exception):
    """The provider refused or could not be reached; `message` is safe to show staff."""

    def __init__(self, message: str, *, code: str = "provider_error"):
        super().__init__(message)
        self.message, self.code = message, code


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
        """Begin paying (records an `attempt`); what the buyer sees or where they are sent.
        Absolute URLs (return, cancel, webhook) are built on settings.SITE_URL."""
        ...

    def handle_return(self, *, payment: Payment, params: Mapping[str, str]) -> ProviderStatus:
        """The buyer is back from the provider's page: verify with the provider, never trust the URL."""
        ...

    def handle_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> PaymentEntry | None:
        """A message from the provider: verify the signature, dedupe by event id, record it.
        None when the provider sends none or the event changes nothing (unknown events, unknown
        payments, mismatched amounts: logged). A message that is not genuine (bad, stale or
        missing signature, tampered body) raises hosted.WebhookRefused: the view answers 400."""
        ...

    # True: refund() pays the money back through the provider's API at once (cards). False: a
    # refund is an instruction council staff carry out and confirm (bank transfer, cash).
    sends_refunds: bool

    def refund(self, *, refund: Refund) -> str:
        """Send `refund` (already checked and saved by payments.refunds, never above what was
        captured) through the provider, with an idempotency key derived from its id, and return
        the provider's refund id. ProviderError when the provider refuses. Only called when
        `sends_refunds`; the ledger entry is written by payments.refunds, not here."""
        ...

    def fetch_status(self, *, payment: Payment) -> ProviderStatus:
        """Where the payment stands (asking the provider where it can be asked)."""
        ...
