"""Sending a requested card refund through its provider, and completing any refund once the money
went back (the ledger's refund entry, once). refunds.py decides what may be refunded; this module
does the sending, from a Celery task queued after the request commits."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize

from .models import Refund, RefundStatus
from .providers import provider_for
from .providers.base import ProviderError
from .refund_emails import send_refund_email_task
from .services import payment_refund_record

logger = logging.getLogger(__name__)


@shared_task(name="payments.send_refund")
def send_refund(refund_id: int) -> str:
    """Send one requested card refund (queued on commit by refunds.refund_request)."""
    return refund_send(refund_id=refund_id).status


def refund_send(*, refund_id: int) -> Refund:
    """Send a requested card refund through its provider (the task's body; safe to run twice:
    the provider gets the same idempotency key and the ledger the same provider event id)."""
    refund = Refund.objects.select_related("payment", "order").get(pk=refund_id)
    provider = provider_for(refund.provider)
    if refund.status != RefundStatus.REQUESTED or not provider.sends_refunds:
        return refund
    try:
        provider_refund_id = provider.refund(refund=refund)
    except ProviderError as exc:
        logger.warning("refund %s failed at %s: %s", refund.pk, refund.provider, exc.message)
        Refund.objects.filter(pk=refund.pk, status=RefundStatus.REQUESTED).update(
            status=RefundStatus.FAILED, failure=exc.code[:255], completed_at=timezone.now())
        refund.refresh_from_db()
        return refund
    return refund_complete(refund=refund, actor=None, provider_event_id=provider_refund_id)


def refund_complete(*, refund: Refund, actor, provider_event_id: str, note: str = "") -> Refund:
    """The money went back: the ledger's refund entry (once), and the refund succeeded."""
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.status == RefundStatus.SUCCEEDED:
            return locked
        if locked.status != RefundStatus.REQUESTED:
            raise DomainError(_("This refund is no longer waiting to be sent."), code="refund_not_requested",
                              field="refund")
        recorded = payment_refund_record(
            payment=locked.payment, amount=quantize(locked.amount, locked.currency), actor=actor, order=locked.order,
            note=(note or locked.reason), provider_event_id=provider_event_id,
            idempotency_key=f"refund:{locked.pk}")
        locked.entry, locked.status = recorded.entry, RefundStatus.SUCCEEDED
        locked.provider_refund_id, locked.completed_at = provider_event_id[:255], timezone.now()
        locked.save(update_fields=["entry", "status", "provider_refund_id", "completed_at"])
        refund_id = locked.pk
        transaction.on_commit(lambda: send_refund_email_task.delay(refund_id), robust=True)
    return locked
