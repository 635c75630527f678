"""Dispute emails: each step of a dispute tells the other party, and an escalation tells council
staff too, each in the recipient's language (accounts/language.py), one message per language.
Queued on commit by payments.disputes (never about a step that was rolled back)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string

from gembazaar.accounts.language import content_language_header, email_language, group_by_language
from gembazaar.accounts.models import COUNCIL_STAFF_GROUP
from gembazaar.sellers.models import SellerMember

from .models import DisputeEvent, DisputeEventKind

E = DisputeEventKind
# Who hears of each step besides the one who took it: "buyer", "seller", "staff".
AUDIENCE = {
    E.OPENED: {"seller"}, E.WITHDRAWN: {"seller"}, E.RETURN_RECEIVED: {"buyer"},
    E.ESCALATED: {"buyer", "seller", "staff"}, E.AUTO_ESCALATED: {"buyer", "seller", "staff"},
    E.DECIDED: {"buyer", "seller"},
}
OTHER_PARTY = {"buyer": {"seller"}, "seller": {"buyer"}, "staff": {"buyer", "seller"}, "system": set()}


def _audience(event: DisputeEvent) -> set[str]:
    if event.kind == E.REFUND_REQUESTED:
        return set()  # told with the acceptance or decision that asked for it
    audience = AUDIENCE.get(event.kind) or OTHER_PARTY.get(event.role, set())
    return audience - ({event.role} if event.role != "staff" else set())


def _recipients(event: DisputeEvent) -> list:
    """The users to write to, without the one who acted."""
    dispute = event.dispute
    users = []
    audience = _audience(event)
    if "buyer" in audience:
        users.append(dispute.buyer)
    if "seller" in audience:
        users += [member.user for member in SellerMember.objects.filter(
            seller_id=dispute.order.seller_id, user__is_active=True).select_related("user")]
    if "staff" in audience:
        users += list(get_user_model().objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(is_staff=True, groups__name=COUNCIL_STAFF_GROUP)).distinct())
    seen, result = set(), []
    for user in users:
        if user.email and user.pk != event.actor_id and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def send_dispute_step_email(*, event_id: int) -> int:
    """Email the people who should hear of this step; returns how many were emailed."""
    event = DisputeEvent.objects.select_related("dispute__order__seller", "dispute__buyer", "offer").get(pk=event_id)
    users = _recipients(event)
    dispute = event.dispute
    for language, group in group_by_language(users).items():
        for user in group:  # each reader gets their own link (buyer, seller centre or council)
            where = ("council" if user.is_council_staff else "buyer" if user.pk == dispute.buyer_id else "seller")
            context = {"event": event, "dispute": dispute, "order": dispute.order, "site_url": settings.SITE_URL,
                       "where": where, "user": user}
            with email_language(language):
                subject = " ".join(render_to_string("payments/email/dispute_subject.txt", context).split())
                body = render_to_string("payments/email/dispute_body.txt", context)
                EmailMessage(subject, body, to=[user.email], headers=content_language_header(language)).send()
    return len(users)


@shared_task(name="payments.send_dispute_email")
def send_dispute_email(event_id: int) -> int:
    """Tell the other party (and staff on escalation) about one step of a dispute."""
    return send_dispute_step_email(event_id=event_id)
