"""The buyer hears when money went back to them (a refund succeeded), in their language."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from gembazaar.accounts.language import content_language_header, email_language

from .models import Refund


def send_refund_email(*, refund_id: int) -> int:
    """Email the buyer that a refund was paid back; returns how many were emailed (0 or 1)."""
    refund = Refund.objects.select_related("payment__checkout__buyer", "order").get(pk=refund_id)
    buyer = refund.payment.checkout.buyer
    if not buyer.email or refund.status != Refund.Status.SUCCEEDED:
        return 0
    context = {"refund": refund, "buyer": buyer, "site_url": settings.SITE_URL}
    with email_language(buyer) as language:
        subject = " ".join(render_to_string("payments/email/refund_subject.txt", context).split())
        EmailMessage(subject, render_to_string("payments/email/refund_body.txt", context), to=[buyer.email],
                     headers=content_language_header(language)).send()
    return 1


@shared_task(name="payments.send_refund_email")
def send_refund_email_task(refund_id: int) -> int:
    return send_refund_email(refund_id=refund_id)
