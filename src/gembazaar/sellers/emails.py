"""The emails of the sellers app: status changes to the owners, invitations to join a business.

Each is written in its recipient's language (accounts/language.py): the owners get one message
per language among them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from gembazaar.accounts.language import content_language_header, email_language, group_by_language, language_for

from .models import Seller, SellerInvitation, SellerMember, SellerStatusEvent


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def owners(seller: Seller) -> list:
    """The seller's active owners who have an address (users), by address."""
    return [member.user for member in
            SellerMember.objects.filter(seller=seller, role=SellerMember.Role.OWNER, user__is_active=True)
            .exclude(user__email="").select_related("user").order_by("user__email")]


def owner_emails(seller: Seller) -> list[str]:
    return [user.email for user in owners(seller)]


def _send(*, subject_template: str, body_template: str, context: dict, to: list[str], language: str) -> None:
    # Called inside an email_language block: the strings and dates come out in `language`.
    subject = " ".join(render_to_string(subject_template, context).split())
    EmailMessage(subject, render_to_string(body_template, context), to=to,
                 headers=content_language_header(language)).send()


def send_status_email(*, event_id: int) -> int:
    """Email the owners what changed, why and what to do next, one message per language among them.

    Returns how many people were emailed.
    """
    event = SellerStatusEvent.objects.select_related("seller").get(pk=event_id)
    recipients = owners(event.seller)
    if not recipients:
        return 0
    context = {
        "seller": event.seller,
        "event": event,
        "status": event.to_status,
        "previous": event.from_status,
        "application_url": absolute(reverse("seller_application")),
        "shop_url": absolute(event.seller.get_absolute_url()),
        "site_url": settings.SITE_URL,
    }
    for language, group in group_by_language(recipients).items():
        with email_language(language):
            _send(subject_template="sellers/email/status_subject.txt", body_template="sellers/email/status_body.txt",
                  context=context, to=[user.email for user in group], language=language)
    return len(recipients)


def invitation_language(invitation: SellerInvitation) -> str:
    """The language to invite in: the invitee's own, if the address already has an account with a
    preference; otherwise the inviting member's, since people invite colleagues of their own business
    and trade, who most likely read the language the inviter uses (and the inviter can tell them
    what the email says); otherwise the site default.
    """
    invitee = get_user_model().objects.filter(email__iexact=invitation.email).exclude(preferred_language="").first()
    if invitee is not None:
        return language_for(invitee)
    return language_for(invitation.invited_by)


def send_invitation_email(*, invitation_id: int, token: str) -> int:
    """Email the invited address the link that accepts the invitation; returns 1, or 0 if it is no longer open.

    The token is passed in (only its hash is stored) and is sent straight from the web process after
    commit, never through the task queue, so it rests nowhere but in the invitee's inbox.
    """
    invitation = (SellerInvitation.objects.open().select_related("seller", "invited_by")
                  .filter(pk=invitation_id).first())
    if invitation is None:
        return 0
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "seller": invitation.seller,
        "inviter": (inviter.get_full_name() or inviter.email or inviter.get_username()) if inviter else "",
        "accept_url": absolute(reverse("sellercentre:invitation_accept", args=[token])),
        "site_url": settings.SITE_URL,
    }
    with email_language(invitation_language(invitation)) as language:
        context["role"] = invitation.get_role_display()  # the role's name, in the invitee's language
        _send(subject_template="sellers/email/invitation_subject.txt",
              body_template="sellers/email/invitation_body.txt", context=context, to=[invitation.email],
              language=language)
    return 1
