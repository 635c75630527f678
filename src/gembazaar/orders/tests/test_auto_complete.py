"""Trade assurance's clock: a delivered order completes by itself ORDERS_AUTO_COMPLETE_DAYS after
delivery, unless the buyer raised a problem; the event says why, in the reader's language."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from gembazaar.orders.event_notes import NoteCode
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.orders.services.auto_complete import orders_complete_delivered
from gembazaar.orders.tasks import complete_delivered

from .conftest import add, make_member, place

pytestmark = pytest.mark.django_db


def delivered(buyer, stone, seller) -> Order:
    add(buyer, stone)
    order = place(buyer).orders[0]
    member = make_member(seller)
    transitions.order_mark_paid(order=order, actor=None)
    transitions.order_accept(order=order, actor=member)
    transitions.order_ship(order=order, actor=member, tracking_number="EMS123", carrier="Pakistan Post EMS")
    transitions.order_confirm_delivered(order=order, actor=buyer)
    return order


def days_later(days: int):
    return timezone.now() + timedelta(days=days)


def status_of(order) -> str:
    return Order.objects.get(pk=order.pk).status


def test_a_delivered_order_completes_by_itself_after_the_days_allowed(buyer, stone, seller, settings):
    settings.ORDERS_AUTO_COMPLETE_DAYS = 0  # the beat task, with the clock as it is
    order = delivered(buyer, stone, seller)

    assert complete_delivered() == 1
    assert status_of(order) == Order.Status.COMPLETED
    event = order.events.get(to_status=Order.Status.COMPLETED)
    assert (event.role, event.note_code, event.actor_id) == ("system", NoteCode.AUTO_COMPLETED, None)
    with translation.override("ur"):
        assert event.note_text == str(NoteCode.AUTO_COMPLETED.label)
        assert not any("a" <= ch.lower() <= "z" for ch in event.note_text)  # read in Urdu
    assert orders_complete_delivered() == 0  # once


def test_within_the_days_allowed_nothing_happens_and_after_them_it_does(buyer, stone, seller, settings):
    settings.ORDERS_AUTO_COMPLETE_DAYS = 14
    order = delivered(buyer, stone, seller)
    assert orders_complete_delivered(now=days_later(13)) == 0 and status_of(order) == Order.Status.DELIVERED
    assert orders_complete_delivered(now=days_later(15)) == 1 and status_of(order) == Order.Status.COMPLETED


def test_a_buyer_who_raised_a_problem_is_never_overruled_by_the_clock(buyer, stone, seller):
    order = delivered(buyer, stone, seller)
    transitions.order_request_refund(order=order, actor=buyer, reason="The stone is glass-filled, not untreated.")
    assert orders_complete_delivered(now=days_later(30)) == 0 and status_of(order) == Order.Status.REFUND_REQUESTED


def test_a_later_save_of_the_order_does_not_restart_the_clock(buyer, stone, seller):
    order = delivered(buyer, stone, seller)
    Order.objects.filter(pk=order.pk).update(updated_at=days_later(19))  # some later save
    assert orders_complete_delivered(now=days_later(20)) == 1
