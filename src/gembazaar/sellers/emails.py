"""The email a seller's owners get at each change of verification status."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Seller, SellerMember, SellerStatusEvent


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
