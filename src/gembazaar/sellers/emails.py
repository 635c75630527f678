"""The emails of the sellers app: status changes to the owners, invitations to join a business."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Seller, SellerInvitation, SellerMember, SellerStatusEvent


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def owner_emails(seller: Seller) -> list[str]:
    return list(
        SellerMember.objects.filter(seller=seller, role=SellerMember.Role.OWNER, user__is_active=True)
        .exclude(user__email="").order_by("user__email").values_list("user__email", flat=True)
    )


def send_status_email(*, event_id: int) -> int:
    """Email the owners what changed, why and what to do next; returns how many were emailed."""
    event = SellerStatusEvent.objects.select_related("seller").get(pk=event_id)
    recipients = owner_emails(event.seller)
    if not recipients:
        return 0
    # Owners have no language preference yet: the email uses the active (default) language.
    context = {
        "seller": event.seller,
        "event": event,
        "status": event.to_status,
        "previous": event.from_status,
        "application_url": absolute(reverse("seller_application")),
        "shop_url": absolute(event.seller.get_absolute_url()),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("sellers/email/status_subject.txt", context).split())
    body = render_to_string("sellers/email/status_body.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)


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
        "role": invitation.get_role_display(),
        "inviter": (inviter.get_full_name() or inviter.email or inviter.get_username()) if inviter else "",
        "accept_url": absolute(reverse("sellercentre:invitation_accept", args=[token])),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("sellers/email/invitation_subject.txt", context).split())
    body = render_to_string("sellers/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return 1
