"""The status machine: who may move an order where, side effects on stock, the event log, emails."""

import itertools
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError
from gembazaar.orders import selectors, tasks
from gembazaar.orders.models import Order, OrderEvent, StockReservation
from gembazaar.orders.rules import TRANSITIONS, can_transition
from gembazaar.orders.services import transitions as t

from .conftest import add, make_buyer, make_member, place

pytestmark = pytest.mark.django_db

S = Order.Status


@pytest.fixture
def order(buyer, stone):
    add(buyer, stone)
    return place(buyer).orders[0]


@pytest.fixture
def staff(db):
    user = make_buyer("council")
    user.is_superuser = True
    user.is_staff = True
    user.save()
    return user


def test_the_happy_path_is_in_the_table():
    path = [S.PLACED, S.AWAITING_PAYMENT, S.PAID, S.PROCESSING, S.SHIPPED, S.DELIVERED, S.COMPLETED]
    for frm, to in itertools.pairwise(path):
        assert (frm, to) in TRANSITIONS
    assert not can_transition(from_status=S.COMPLETED, to_status=S.PLACED, role="staff")
    assert not can_transition(from_status=S.AWAITING_PAYMENT, to_status=S.PAID, role="buyer")
    assert not can_transition(from_status=S.AWAITING_PAYMENT, to_status=S.PAID, role="seller")
    assert can_transition(from_status=S.SHIPPED, to_status=S.DELIVERED, role="staff")


def test_full_lifecycle_with_log_and_emails(order, buyer, seller, staff, stone, django_capture_on_commit_callbacks):
    member = make_member(seller)
    with django_capture_on_commit_callbacks(execute=True):
        t.order_mark_paid(order=order, actor=staff)
        t.order_accept(order=order, actor=member)
        t.order_ship(order=order, actor=member, tracking_number="TCS123456", carrier="TCS")
        t.order_confirm_delivered(order=order, actor=buyer)
        t.order_complete(order=order, actor=buyer)
    order.refresh_from_db()
    assert order.status == S.COMPLETED and order.tracking_number == "TCS123456"
    events = list(order.events.all())
    assert [(e.from_status, e.to_status, e.role) for e in events] == [
        ("", "placed", "buyer"), ("placed", "awaiting_payment", "system"), ("awaiting_payment", "paid", "staff"),
        ("paid", "processing", "seller"), ("processing", "shipped", "seller"), ("shipped", "delivered", "buyer"),
        ("delivered", "completed", "buyer")]
    assert events[2].actor == staff and events[2].actor_name
    status_emails = [m for m in mail.outbox if m.to == [buyer.email] and not m.attachments]
    assert len(status_emails) == 5  # one per status change; the invoice (a PDF attached) comes on its own
    assert any("TCS123456" in m.body for m in mail.outbox)
    reservation = StockReservation.objects.get(order_line__order=order)
    assert reservation.converted_at is not None and reservation.released_at is None
    stone.refresh_from_db()
    assert stone.status == Listing.Status.SOLD


def test_refused_moves_name_the_status_and_change_nothing(order, buyer, seller):
    member = make_member(seller)
    with pytest.raises(DomainError) as exc:
        t.order_accept(order=order, actor=member)  # not paid yet
    assert exc.value.code == "transition_not_allowed" and exc.value.field == "status"
    with pytest.raises(DomainError):
        t.order_transition(order=order, to_status=S.PAID, actor=buyer, role="buyer")
    order.refresh_from_db()
    assert order.status == S.AWAITING_PAYMENT and order.events.count() == 2


def test_shipping_needs_tracking_number_and_carrier(order, seller, staff):
    member = make_member(seller)
    t.order_mark_paid(order=order, actor=staff)
    t.order_accept(order=order, actor=member)
    with pytest.raises(DomainError) as exc:
        t.order_ship(order=order, actor=member, tracking_number="", carrier="TCS")
    assert exc.value.field == "tracking_number"
    with pytest.raises(DomainError) as exc:
        t.order_ship(order=order, actor=member, tracking_number="X1", carrier=" ")
    assert exc.value.field == "carrier"
    assert Order.objects.get(pk=order.pk).status == S.PROCESSING


def test_buyer_cancels_before_payment_and_the_stone_is_back(order, buyer, stone):
    t.order_cancel(order=order, actor=buyer, role="buyer")
    stone.refresh_from_db()
    assert (stone.quantity, stone.status) == (1, Listing.Status.ACTIVE)
    assert StockReservation.objects.get(order_line__order=order).released_at is not None
    # A second cancellation is refused and does not put stock back twice.
    with pytest.raises(DomainError):
        t.order_cancel(order=order, actor=buyer, role="buyer")
    stone.refresh_from_db()
    assert stone.quantity == 1


def test_buyer_cannot_cancel_after_payment_but_the_seller_can_with_a_reason(order, buyer, seller, staff, stone):
    t.order_mark_paid(order=order, actor=staff)
    with pytest.raises(DomainError):
        t.order_cancel(order=order, actor=buyer, role="buyer")
    member = make_member(seller)
    with pytest.raises(DomainError) as exc:
        t.order_cancel(order=order, actor=member, role="seller", reason="")
    assert exc.value.field == "reason"
    t.order_cancel(order=order, actor=member, role="seller", reason="Stone damaged in cutting")
    order.refresh_from_db()
    assert order.cancel_reason == "Stone damaged in cutting"
    stone.refresh_from_db()
    assert stone.quantity == 1 and stone.status == Listing.Status.ACTIVE


def test_refund_request_needs_a_reason_then_staff_refund(order, buyer, staff):
    t.order_mark_paid(order=order, actor=staff)
    with pytest.raises(DomainError):
        t.order_request_refund(order=order, actor=buyer, reason=" ")
    t.order_request_refund(order=order, actor=buyer, reason="Changed my mind")
    t.order_transition(order=order, to_status=S.REFUNDED, actor=staff, role="staff", note="Refunded by bank")
    assert Order.objects.get(pk=order.pk).status == S.REFUNDED


def test_allowed_actions_per_role(order):
    assert selectors.allowed_actions(order=order, role="buyer") == [S.CANCELLED]
    assert set(selectors.allowed_actions(order=order, role="staff")) == {S.PAID, S.CANCELLED}


def test_the_event_log_is_append_only(order):
    event = order.events.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        OrderEvent.objects.filter(order=order).update(note="x")
    with pytest.raises(TypeError):
        OrderEvent.objects.filter(order=order).delete()


def test_expired_holds_are_released_by_the_beat_task(order, buyer, stone, lot, staff):
    add(buyer, lot, 4)
    second = place(buyer).orders[0]
    t.order_mark_paid(order=second, actor=staff)  # paid in time: its hold is converted
    StockReservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.release_expired_reservations.delay().get() == 1
    order.refresh_from_db()
    assert order.status == S.CANCELLED and order.events.last().role == "system"
    stone.refresh_from_db()
    lot.refresh_from_db()
    assert (stone.quantity, stone.status) == (1, Listing.Status.ACTIVE)
    assert lot.quantity == 6  # the paid order keeps its stock
    assert tasks.release_expired_reservations.delay().get() == 0  # idempotent


def test_holds_not_yet_expired_stay(order, stone):
    assert tasks.release_expired_reservations.delay().get() == 0
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT


def test_beat_schedule_runs_the_release(settings):
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "orders.release_expired_reservations" in entries
