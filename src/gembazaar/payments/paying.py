"""The buyer pays: choose a way that is offered, then hand over to its provider.

Kept apart from services.py because it calls the providers (which write through services), and
a card provider's API is called here, outside any transaction: the choice is saved first, then
the hosted session is created.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from .methods import method_offered
from .models import Payment
from .providers import provider_for
from .providers.base import ProviderError, StartResult
from .services import SETTLED, payment_provider_set


class ProviderUnavailable(DomainError):
    """The card provider could not be reached or refused to open a page (not the buyer's fault)."""

    status = 502


def payment_start(*, payment: Payment, method: str) -> StartResult:
    """Pay `payment` by `method` (card, bank_transfer, cash_on_delivery): instructions to show,
    or a `redirect_url` to the card provider's page. DomainError naming `method` when it is not
    offered or can no longer be chosen; 502-like `provider_unavailable` when the card provider
    cannot be reached."""
    if payment.status in SETTLED:
        raise DomainError(_("This checkout is already paid."), code="already_paid", field="method")
    option = method_offered(payment=payment, method=method)
    payment = payment_provider_set(payment=payment, provider=option.provider)
    try:
        return provider_for(option.provider).start(payment=payment)
    except ProviderError as exc:
        raise ProviderUnavailable(_("The card payment page could not be opened. Please try again in a "
                                    "moment, or pay by bank transfer."), code=exc.code, field="method") from exc
