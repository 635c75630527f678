"""The seller's email when a payout is sent: to each active member, in their own language."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from gembazaar.accounts.language import content_language_header, email_language, group_by_language
from gembazaar.sellers.models import SellerMember

from .models import Payout


@shared_task(name="payments.send_payout_sent_email")
def send_payout_sent_email(payout_id: int) -> int:
    """Queued on commit by payouts.payout_mark_sent. Returns how many people were emailed."""
    return payout_sent_email(payout_id=payout_id)


def payout_sent_email(*, payout_id: int) -> int:
    payout = Payout.objects.select_related("seller").get(pk=payout_id)
    members = list(SellerMember.objects.filter(seller=payout.seller, user__is_active=True).exclude(user__email="")
                   .select_related("user").order_by("user__email"))
    context = {"payout": payout, "seller": payout.seller, "site_url": settings.SITE_URL}
    for language, group in group_by_language(members, user=lambda member: member.user).items():
        with email_language(language):
            subject = " ".join(render_to_string("payments/email/payout_sent_subject.txt", context).split())
            body = render_to_string("payments/email/payout_sent_body.txt", context)
            EmailMessage(subject, body, to=[member.user.email for member in group],
                         headers=content_language_header(language)).send()
    return len(members)
