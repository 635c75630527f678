"""Every status email renders, names the order and says what happened; the seller hears of new orders."""

import pytest
from django.core import mail

from gembazaar.orders import emails
from gembazaar.orders.models import Order, OrderEvent
from gembazaar.orders.services import transitions

from .conftest import add, make_member, place

pytestmark = pytest.mark.django_db

EXPECTED = {
    "awaiting_payment": "pay now", "paid": "payment has been received", "processing": "accepted your order",
    "shipped": "TCS-1", "delivered": "marked as delivered", "completed": "complete", "cancelled": "cancelled",
    "refund_requested": "refund request", "refunded": "refunded", "disputed": "dispute",
}


@pytest.mark.parametrize("status", sorted(EXPECTED))
def test_each_status_email_renders(buyer, stone, status):
    add(buyer, stone)
    order = place(buyer).orders[0]
    Order.objects.filter(pk=order.pk).update(tracking_number="TCS-1", carrier="TCS")
    event = OrderEvent.objects.create(order=order, role="staff", from_status="", to_status=status, note="A note")
    mail.outbox.clear()
    assert emails.send_status_email(event_id=event.pk) == 1
    [message] = mail.outbox
    assert order.number in message.subject and "{%" not in message.body and "{{" not in message.body
    assert EXPECTED[status].lower() in message.body.lower()
    assert message.to == [buyer.email]


def test_the_seller_email_lists_the_lines_and_the_buyers_note(buyer, seller, stone):
    make_member(seller, "owner9")
    make_member(seller, "packer9", role="staff")
    add(buyer, stone)
    order = place(buyer, notes="Please insure the parcel").orders[0]
    mail.outbox.clear()
    assert emails.send_seller_new_order_email(order_id=order.pk) == 2
    [message] = mail.outbox
    assert sorted(message.to) == ["owner9@example.org", "packer9@example.org"]
    assert stone.sku in message.body and "Please insure the parcel" in message.body
    assert "Do not ship before we email you that the order is paid" in message.body


def test_the_seller_is_told_to_ship_once_the_order_is_paid(buyer, seller, stone, django_capture_on_commit_callbacks):
    make_member(seller, "owner10")
    add(buyer, stone)
    order = place(buyer).orders[0]
    staff = make_member(seller, "cashier10")  # any actor: the order is marked paid as staff would
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transitions.order_mark_paid(order=order, actor=staff)
    [to_seller] = [m for m in mail.outbox if "please ship" in m.subject]
    assert order.number in to_seller.subject and "Ship by" in to_seller.body
    assert "owed" in to_seller.body and "Rs" in to_seller.body  # the seller's share, in rupees
