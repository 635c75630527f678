"""Order emails are written in the recipient's language, whatever language the worker runs in."""

import pytest
from django.core import mail
from django.utils import translation

from gembazaar.orders import emails
from gembazaar.orders.models import OrderEvent

from .conftest import add, make_member, place

pytestmark = pytest.mark.django_db


def awaiting_payment_event(buyer, stone) -> OrderEvent:
    add(buyer, stone)
    order = place(buyer).orders[0]
    mail.outbox.clear()
    return OrderEvent.objects.filter(order=order, to_status="awaiting_payment").get()


def test_an_urdu_buyer_gets_the_status_email_in_urdu(buyer, stone):
    buyer.preferred_language = "ur"
    buyer.save(update_fields=["preferred_language"])
    event = awaiting_payment_event(buyer, stone)
    number = event.order.number

    assert emails.send_status_email(event_id=event.pk) == 1

    [message] = mail.outbox
    assert message.subject == f"آرڈر {number} دے دیا گیا — ادائیگی کا انتظار"
    assert f"Swat Emerald House سے آپ کے آرڈر {number} کا شکریہ۔" in message.body
    assert "Thank you for your order" not in message.body
    assert message.extra_headers["Content-Language"] == "ur"


def test_an_english_buyer_still_gets_english_even_if_the_worker_runs_in_another_language(buyer, stone):
    event = awaiting_payment_event(buyer, stone)  # no preference: the site default, English
    number = event.order.number

    with translation.override("ar"):
        emails.send_status_email(event_id=event.pk)
        assert translation.get_language() == "ar"  # the worker's language is given back

    [message] = mail.outbox
    assert message.subject == f"Order {number} placed — awaiting payment"
    assert f"Thank you for your order {number} from Swat Emerald House." in message.body
    assert "$1,250.00" in message.body  # money formatted for the reader's language
    assert message.extra_headers["Content-Language"] == "en"


def test_a_later_status_names_the_status_in_the_buyers_language(buyer, stone):
    buyer.preferred_language = "ur"
    buyer.save(update_fields=["preferred_language"])
    order = awaiting_payment_event(buyer, stone).order
    event = OrderEvent.objects.create(order=order, role="staff", from_status="awaiting_payment", to_status="paid")

    emails.send_status_email(event_id=event.pk)

    assert mail.outbox[0].subject == f"آرڈر {order.number}: ادا شدہ"


def test_a_seller_with_members_of_two_languages_sends_one_email_in_each(buyer, seller, stone):
    owner = make_member(seller, "owner7")
    packer = make_member(seller, "packer7", role="staff")
    packer.preferred_language = "ur"
    packer.save(update_fields=["preferred_language"])
    add(buyer, stone)
    order = place(buyer).orders[0]
    mail.outbox.clear()

    assert emails.send_seller_new_order_email(order_id=order.pk) == 2

    by_address = {tuple(message.to): message for message in mail.outbox}
    assert set(by_address) == {(owner.email,), (packer.email,)}
    english, urdu = by_address[(owner.email,)], by_address[(packer.email,)]
    assert english.subject == f"New order {order.number}"
    assert f"Swat Emerald House has a new order: {order.number}." in english.body
    assert urdu.subject == f"نیا آرڈر {order.number}"
    assert f"Swat Emerald House کو نیا آرڈر ملا ہے: {order.number}۔" in urdu.body
    assert (english.extra_headers["Content-Language"], urdu.extra_headers["Content-Language"]) == ("en", "ur")


def test_members_who_share_a_language_share_one_email(buyer, seller, stone):
    first, second = make_member(seller, "owner8"), make_member(seller, "packer8", role="staff")
    for user in (first, second):
        user.preferred_language = "ar"
        user.save(update_fields=["preferred_language"])
    add(buyer, stone)
    order = place(buyer).orders[0]
    mail.outbox.clear()

    assert emails.send_seller_new_order_email(order_id=order.pk) == 2

    [message] = mail.outbox
    assert sorted(message.to) == [first.email, second.email]
    assert message.extra_headers["Content-Language"] == "ar"
