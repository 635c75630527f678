"""Order emails: the buyer at every status change, the seller's members when an order is placed.

Each is written in its recipient's language (accounts/language.py): the buyer's, and for a
seller's members one message per language among them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from gembazaar.accounts.language import content_language_header, email_language, group_by_language
from gembazaar.sellers.models import SellerMember

from .models import Order, OrderEvent


def _subject(template: str, context: dict) -> str:
    return " ".join(render_to_string(template, context).split())


def _send(*, subject_template: str, body_template: str, context: dict, to: list[str], language: str) -> None:
    # Rendered inside the caller's email_language block, so the strings, money and dates are in `language`.
    message = EmailMessage(_subject(subject_template, context), render_to_string(body_template, context),
                           to=to, headers=content_language_header(language))
    message.send()


def send_status_email(*, event_id: int) -> int:
    """Email the buyer what changed on their order, in their language; returns how many were emailed (0 or 1)."""
    event = OrderEvent.objects.select_related("order", "order__buyer", "order__seller", "order__checkout") \
        .get(pk=event_id)
    order = event.order
    if not order.buyer.email:
        return 0
    context = {"order": order, "event": event, "status": event.to_status, "lines": list(order.lines.all()),
               "site_url": settings.SITE_URL, "checkout": order.checkout}
    with email_language(order.buyer) as language:
        _send(subject_template="orders/email/status_subject.txt", body_template="orders/email/status_body.txt",
              context=context, to=[order.buyer.email], language=language)
    return 1


def seller_members(order: Order) -> list[SellerMember]:
    """The active members of the order's seller who have an address, by address."""
    return list(SellerMember.objects.filter(seller=order.seller, user__is_active=True).exclude(user__email="")
                .select_related("user").order_by("user__email"))


def seller_emails(order: Order) -> list[str]:
    return [member.user.email for member in seller_members(order)]


def send_seller_new_order_email(*, order_id: int) -> int:
    """Email the seller's members that a new order was placed, one message per language among them.

    Returns how many people were emailed.
    """
    order = Order.objects.select_related("seller", "checkout", "buyer").get(pk=order_id)
    members = seller_members(order)
    if not members:
        return 0
    context = {"order": order, "lines": list(order.lines.all()), "checkout": order.checkout,
               "site_url": settings.SITE_URL}
    for language, group in group_by_language(members, user=lambda member: member.user).items():
        with email_language(language):
            _send(subject_template="orders/email/seller_new_order_subject.txt",
                  body_template="orders/email/seller_new_order_body.txt", context=context,
                  to=[member.user.email for member in group], language=language)
    return len(members)


def send_seller_paid_email(*, event_id: int, ship_by=None) -> int:
    """Tell the seller's members an order may ship now: it was paid, or confirmed for cash on
    delivery. One message per language among them; returns how many people were emailed."""
    event = OrderEvent.objects.select_related("order", "order__seller").get(pk=event_id)
    order = event.order
    members = seller_members(order)
    context = {"order": order, "lines": list(order.lines.all()), "ship_by": ship_by, "site_url": settings.SITE_URL,
               "cash_on_delivery": event.to_status == Order.Status.PROCESSING}
    for language, group in group_by_language(members, user=lambda member: member.user).items():
        with email_language(language):
            _send(subject_template="orders/email/seller_paid_subject.txt",
                  body_template="orders/email/seller_paid_body.txt", context=context,
                  to=[member.user.email for member in group], language=language)
    return len(members)
