"""Late shipment: a paid order the seller has not shipped within ORDERS_SHIP_WITHIN_DAYS may be
cancelled by the buyer for a full refund; not before; the stock goes back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order
from gembazaar.orders.rules import can_transition
from gembazaar.orders.services import transitions
from gembazaar.payments import disputes
from gembazaar.payments.dispute_selectors import order_late_shipment
from gembazaar.payments.models import Refund

from .conftest import make_buyer
from .test_disputes_helpers import _private_media, paid_order, status_of  # noqa: F401 (_private_media: autouse)

pytestmark = pytest.mark.django_db

S = Order.Status


@pytest.fixture
def order(buyer, seller, staff):
    return paid_order(buyer=buyer, seller=seller, staff=staff)


def test_the_buyer_sees_when_the_order_becomes_cancellable(order, settings):
    settings.ORDERS_SHIP_WITHIN_DAYS = 5
    late = order_late_shipment(order=order)
    paid_at = order.events.get(to_status=S.PAID).at
    assert late.ship_by == paid_at + timedelta(days=5) and not late.cancellable
    assert order_late_shipment(order=order, now=paid_at + timedelta(days=5, seconds=1)).cancellable


def test_before_the_ship_by_date_the_buyer_cannot_cancel_a_paid_order(order, buyer, settings):
    settings.ORDERS_SHIP_WITHIN_DAYS = 5
    with pytest.raises(DomainError) as refused:
        disputes.order_cancel_for_late_shipment(order=order, actor=buyer)
    assert (refused.value.code, refused.value.field) == ("not_late_yet", "status")
    # Nor ever through the order's own buyer cancel, which stops at payment.
    with pytest.raises(DomainError):
        transitions.order_cancel(order=order, actor=buyer, role="buyer")
    assert status_of(order) == S.PAID and not Refund.objects.exists()


def test_after_the_ship_by_date_the_buyer_cancels_for_a_full_refund_and_the_stock_returns(order, buyer, settings,
                                                                                         seller_user):
    transitions.order_accept(order=order, actor=seller_user)  # processing counts too
    settings.ORDERS_SHIP_WITHIN_DAYS = 0
    refund = disputes.order_cancel_for_late_shipment(order=order, actor=buyer, reason="Still not shipped.")

    assert status_of(order) == S.CANCELLED
    assert (refund.amount, refund.order, refund.status) == (order.total, order, "requested")
    listing = order.lines.get().listing
    listing.refresh_from_db()
    assert listing.quantity == 1 and listing.status == "active"
    event = order.events.get(to_status=S.CANCELLED)
    # The marketplace's rule, taken by the buyer: they are named, the role says it was the late-shipment rule.
    assert (event.role, event.actor, event.note) == ("system", buyer, "Still not shipped.")


def test_a_shipped_order_cannot_be_cancelled_for_late_shipment(order, buyer, seller_user, settings):
    settings.ORDERS_SHIP_WITHIN_DAYS = 0
    transitions.order_accept(order=order, actor=seller_user)
    transitions.order_ship(order=order, actor=seller_user, tracking_number="T1", carrier="TCS")
    with pytest.raises(DomainError):
        disputes.order_cancel_for_late_shipment(order=order, actor=buyer)
    assert not order_late_shipment(order=Order.objects.get(pk=order.pk), now=timezone.now()).cancellable


def test_another_buyer_cannot_cancel_it(order, settings):
    settings.ORDERS_SHIP_WITHIN_DAYS = 0
    with pytest.raises(Order.DoesNotExist):
        disputes.order_cancel_for_late_shipment(order=order, actor=make_buyer("mallory"))
    assert status_of(order) == S.PAID


def test_the_rules_table_has_the_late_cancel_and_the_dispute_moves_for_the_system_only():
    for status in (S.PAID, S.PROCESSING):
        assert can_transition(from_status=status, to_status=S.CANCELLED, role="system")
        assert not can_transition(from_status=status, to_status=S.CANCELLED, role="buyer")  # no button for it
    for status in (S.PAID, S.PROCESSING, S.SHIPPED, S.DELIVERED):
        assert can_transition(from_status=S.DISPUTED, to_status=status, role="system")
        assert not can_transition(from_status=S.DISPUTED, to_status=status, role="buyer")
    assert can_transition(from_status=S.DISPUTED, to_status=S.COMPLETED, role="system")
    assert not can_transition(from_status=S.DISPUTED, to_status=S.REFUNDED, role="seller")
