"""Order emails: the buyer at every status change, the seller's members when an order is placed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from gembazaar.sellers.models import SellerMember

from .models import Order, OrderEvent


def _subject(template: str, context: dict) -> str:
    return " ".join(render_to_string(template, context).split())


def send_status_email(*, event_id: int) -> int:
    """Email the buyer what changed on their order; returns how many were emailed (0 or 1)."""
    event = OrderEvent.objects.select_related("order", "order__buyer", "order__seller", "order__checkout") \
        .get(pk=event_id)
    order = event.order
    if not order.buyer.email:
        return 0
    context = {"order": order, "event": event, "status": event.to_status, "lines": list(order.lines.all()),
               "site_url": settings.SITE_URL, "checkout": order.checkout}
    subject = _subject("orders/email/status_subject.txt", context)
    body = render_to_string("orders/email/status_body.txt", context)
    send_mail(subject, body, None, [order.buyer.email])
    return 1


def seller_emails(order: Order) -> list[str]:
    return list(SellerMember.objects.filter(seller=order.seller, user__is_active=True).exclude(user__email="")
                .order_by("user__email").values_list("user__email", flat=True))


def send_seller_new_order_email(*, order_id: int) -> int:
    """Email the seller's members that a new order was placed; returns how many were emailed."""
    order = Order.objects.select_related("seller", "checkout", "buyer").get(pk=order_id)
    recipients = seller_emails(order)
    if not recipients:
        return 0
    context = {"order": order, "lines": list(order.lines.all()), "checkout": order.checkout,
               "site_url": settings.SITE_URL}
    subject = _subject("orders/email/seller_new_order_subject.txt", context)
    body = render_to_string("orders/email/seller_new_order_body.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)
