"""Writes of the hosted card checkout that are not ledger entries: the provider's session a
payment was last sent to (providers/stripe_card.py, safepay.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Payment


def payment_session_set(*, payment: Payment, session_id: str) -> Payment:
    """The buyer is being sent to the provider's hosted page for `session_id` (a Stripe Checkout
    Session, a Safepay tracker): the return and the status check ask about this one."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        locked.provider_session_id, locked.updated_at = session_id[:255], timezone.now()
        locked.save(update_fields=["provider_session_id", "updated_at"])
    payment.provider_session_id = locked.provider_session_id
    return locked
