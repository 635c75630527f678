"""A refund never puts stock back by itself (the buyer may keep a piece); the seller's
confirmation that the pieces came back does, once, and only for their own refunded order."""

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError
from gembazaar.orders.event_notes import NoteCode
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions

from .conftest import add, make_member, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunded(buyer, lot, seller):
    add(buyer, lot, 2)
    order = place(buyer).orders[0]
    member = make_member(seller, "lotowner")
    transitions.order_mark_paid(order=order, actor=None)
    transitions.order_accept(order=order, actor=member)
    transitions.order_ship(order=order, actor=member, tracking_number="EMS9", carrier="Pakistan Post EMS")
    transitions.order_confirm_delivered(order=order, actor=buyer)
    transitions.order_request_refund(order=order, actor=buyer, reason="Two stones are chipped.")
    transitions.order_transition(order=order, to_status=Order.Status.REFUNDED, actor=member, role="seller")
    return order, member


def quantity(listing) -> int:
    return Listing.objects.get(pk=listing.pk).quantity


def test_a_refund_alone_leaves_the_stock_where_it_is(refunded, lot):
    assert quantity(lot) == 8


def test_the_sellers_confirmation_puts_the_pieces_back_once(refunded, lot):
    order, member = refunded
    transitions.order_confirm_return(order=order, actor=member)
    assert quantity(lot) == 10
    event = order.events.order_by("-at", "-id").first()
    assert (event.from_status, event.to_status, event.note_code) == ("refunded", "refunded", NoteCode.RETURN_RECEIVED)
    with pytest.raises(DomainError) as again:
        transitions.order_confirm_return(order=order, actor=member)
    assert again.value.code == "already_returned" and quantity(lot) == 10


def test_an_order_that_is_not_refunded_cannot_be_confirmed_back(buyer, stone, seller):
    add(buyer, stone)
    order = place(buyer).orders[0]
    with pytest.raises(DomainError) as refused:
        transitions.order_confirm_return(order=order, actor=make_member(seller, "early"))
    assert (refused.value.code, refused.value.field) == ("not_refunded", "status")


def test_the_seller_confirms_on_the_order_page_and_another_seller_cannot(refunded, lot, other_seller):
    order, member = refunded
    client = Client()
    client.force_login(member)
    page = client.get(reverse("orders:seller_order", args=[order.number])).content.decode()
    assert 'data-action="return_received"' in page

    stranger = Client()
    stranger.force_login(make_member(other_seller, "stranger"))
    hostile = stranger.post(reverse("orders:seller_order_action", args=[order.number]), {"to": "return_received"})
    assert hostile.status_code == 404 and quantity(lot) == 8

    done = client.post(reverse("orders:seller_order_action", args=[order.number]), {"to": "return_received"},
                       follow=True)
    assert done.status_code == 200 and quantity(lot) == 10
    assert 'data-action="return_received"' not in done.content.decode()  # offered no more
