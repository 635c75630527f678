"""Order pages for the buyer ("My orders"), the seller centre and the council console: who may
see what (login, 403, 404 for someone else's order), the lists' filters, the timeline, and the
moves each role may make, with errors naming the field and nothing changed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gembazaar.catalogue.models import Listing
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.sellers.tests.conftest import make_user
from gembazaar.testing import make_gem_listing

from .conftest import add, make_member, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer, stone) -> Order:
    add(buyer, stone)
    return place(buyer).orders[0]


@pytest.fixture
def buyer_client(buyer) -> Client:
    client = Client()
    client.force_login(buyer)
    return client


@pytest.fixture
def seller_client(seller) -> Client:
    client = Client()
    client.force_login(make_member(seller, "sellerowner"))
    return client


@pytest.fixture
def council_client(db) -> Client:
    from django.contrib.auth.models import Group

    from gembazaar.accounts.models import COUNCIL_STAFF_GROUP

    user = make_user("councilstaff")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    client = Client()
    client.force_login(user)
    return client


def paid(order: Order) -> Order:
    return transitions.order_mark_paid(order=order, actor=None)


def status_of(order: Order) -> str:
    return Order.objects.get(pk=order.pk).status


# --- Who may see what --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, order):
    urls = [reverse("orders:my_orders"), reverse("orders:my_order", args=[order.number]),
            reverse("orders:seller_orders"), reverse("orders:seller_order", args=[order.number]),
            reverse("orders:council_orders"), reverse("orders:council_order", args=[order.number])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    client.post(reverse("orders:my_order_action", args=[order.number]), {"to": "cancelled"})
    assert status_of(order) == Order.Status.AWAITING_PAYMENT


def test_a_buyer_cannot_see_or_touch_another_buyers_order(order, other_buyer):
    client = Client()
    client.force_login(other_buyer)
    assert client.get(reverse("orders:my_order", args=[order.number])).status_code == 404
    response = client.post(reverse("orders:my_order_action", args=[order.number]), {"to": "cancelled"})
    assert response.status_code == 404
    assert status_of(order) == Order.Status.AWAITING_PAYMENT
    assert order.number not in client.get(reverse("orders:my_orders")).content.decode()


def test_a_seller_cannot_see_or_touch_another_sellers_order(order, other_seller):
    client = Client()
    client.force_login(make_member(other_seller, "othersellerowner"))
    assert client.get(reverse("orders:seller_order", args=[order.number])).status_code == 404
    response = client.post(reverse("orders:seller_order_action", args=[order.number]),
                           {"to": "cancelled", "reason": "not mine"})
    assert response.status_code == 404
    assert status_of(order) == Order.Status.AWAITING_PAYMENT
    assert order.number not in client.get(reverse("orders:seller_orders")).content.decode()


def test_buyers_and_sellers_get_403_on_the_council_pages(order, buyer_client, seller_client):
    for client in (buyer_client, seller_client):
        assert client.get(reverse("orders:council_orders")).status_code == 403
        assert client.get(reverse("orders:council_order", args=[order.number])).status_code == 403
        response = client.post(reverse("orders:council_order_action", args=[order.number]), {"to": "paid"})
        assert response.status_code == 403
    assert status_of(order) == Order.Status.AWAITING_PAYMENT


def test_a_buyer_without_a_business_gets_403_on_the_seller_pages(order, buyer_client):
    assert buyer_client.get(reverse("orders:seller_orders")).status_code == 403
    assert buyer_client.get(reverse("orders:seller_order", args=[order.number])).status_code == 403


def test_the_links_are_in_the_top_bar_and_the_navigations(order, buyer_client, seller_client, council_client):
    home = buyer_client.get(reverse("home")).content.decode()
    assert reverse("orders:my_orders") in home and "My saved searches" in home
    assert reverse("orders:seller_orders") in seller_client.get(reverse("sellercentre:dashboard")).content.decode()
    assert reverse("orders:council_orders") in council_client.get(reverse("council:queue")).content.decode()


# --- The buyer -------------------------------------------------------------------------------------


def test_my_orders_lists_the_buyers_orders(order, buyer_client):
    page = buyer_client.get(reverse("orders:my_orders")).content.decode()
    assert order.number in page and "Swat Emerald House" in page and "Awaiting payment" in page


def test_the_order_page_shows_the_timeline_from_the_event_log(order, buyer_client):
    page = buyer_client.get(reverse("orders:my_order", args=[order.number])).content.decode()

    timeline = page[page.index('data-testid="timeline"'):]
    assert timeline.index("Placed") < timeline.index("Awaiting payment")
    assert "by you" in timeline and "by GemBazaar" in timeline
    assert "Awaiting payment." in page  # the marketplace's note, rendered from its code
    assert reverse("payments:pay", args=[order.checkout.reference]) in page  # "Pay now"


def test_the_buyer_cancels_before_paying_and_the_stone_is_on_sale_again(order, buyer_client, stone):
    page = buyer_client.get(reverse("orders:my_order", args=[order.number])).content.decode()
    assert 'data-action="cancelled"' in page and 'data-action="delivered"' not in page

    response = buyer_client.post(reverse("orders:my_order_action", args=[order.number]), {"to": "cancelled"})

    assert response.status_code == 302
    assert status_of(order) == Order.Status.CANCELLED
    assert Listing.objects.get(pk=stone.pk).status == Listing.Status.ACTIVE
    assert "by you" in buyer_client.get(response["Location"]).content.decode()


def test_the_buyer_cannot_cancel_after_paying(order, buyer_client):
    paid(order)
    page = buyer_client.get(reverse("orders:my_order", args=[order.number])).content.decode()
    assert 'data-action="cancelled"' not in page

    response = buyer_client.post(reverse("orders:my_order_action", args=[order.number]), {"to": "cancelled"})

    assert response.status_code == 400 and "cannot be moved" in response.content.decode()
    assert status_of(order) == Order.Status.PAID


def test_a_refund_request_needs_a_reason(order, buyer_client):
    paid(order)
    url = reverse("orders:my_order_action", args=[order.number])

    response = buyer_client.post(url, {"to": "refund_requested", "reason": " "})
    assert response.status_code == 400 and "Reason: Please give a reason." in response.content.decode()
    assert status_of(order) == Order.Status.PAID

    buyer_client.post(url, {"to": "refund_requested", "reason": "The stone is smaller than described."})
    assert status_of(order) == Order.Status.REFUND_REQUESTED


def test_the_buyer_confirms_delivery_of_a_shipped_order(order, buyer_client, seller):
    paid(order)
    transitions.order_accept(order=order, actor=None)
    transitions.order_ship(order=order, actor=None, tracking_number="1Z999", carrier="DHL Express")
    page = buyer_client.get(reverse("orders:my_order", args=[order.number])).content.decode()
    assert "DHL Express, tracking number 1Z999" in page

    buyer_client.post(reverse("orders:my_order_action", args=[order.number]), {"to": "delivered"})

    assert status_of(order) == Order.Status.DELIVERED


# --- The seller centre ------------------------------------------------------------------------------


def test_the_seller_accepts_then_ships_with_tracking(order, seller_client):
    paid(order)
    url = reverse("orders:seller_order_action", args=[order.number])
    page = seller_client.get(reverse("orders:seller_order", args=[order.number])).content.decode()
    assert 'data-action="processing"' in page and "Sara Khan" in page

    seller_client.post(url, {"to": "processing"})
    assert status_of(order) == Order.Status.PROCESSING

    response = seller_client.post(url, {"to": "shipped", "tracking_number": "", "carrier": "TCS"})
    assert response.status_code == 400
    assert "Tracking number: Enter the tracking number." in response.content.decode()
    assert status_of(order) == Order.Status.PROCESSING

    seller_client.post(url, {"to": "shipped", "tracking_number": "TCS-55123", "carrier": "TCS"})
    shipped = Order.objects.get(pk=order.pk)
    assert shipped.status == Order.Status.SHIPPED and shipped.tracking_number == "TCS-55123"


def test_the_seller_cancels_only_with_a_reason(order, seller_client):
    url = reverse("orders:seller_order_action", args=[order.number])

    response = seller_client.post(url, {"to": "cancelled", "reason": ""})
    assert response.status_code == 400 and "Reason: Please give a reason." in response.content.decode()
    assert status_of(order) == Order.Status.AWAITING_PAYMENT

    seller_client.post(url, {"to": "cancelled", "reason": "The stone cracked while being photographed."})
    cancelled = Order.objects.get(pk=order.pk)
    assert cancelled.status == Order.Status.CANCELLED and "cracked" in cancelled.cancel_reason


def test_the_seller_cannot_mark_an_order_paid(order, seller_client):
    response = seller_client.post(reverse("orders:seller_order_action", args=[order.number]), {"to": "paid"})
    assert response.status_code == 400
    assert status_of(order) == Order.Status.AWAITING_PAYMENT


def test_the_seller_list_filters_by_status_number_and_dates(buyer, seller, seller_client):
    orders = []
    for _ in range(3):
        add(buyer, make_gem_listing(seller=seller))
        orders.append(place(buyer).orders[0])
    paid(orders[0])
    Order.objects.filter(pk=orders[2].pk).update(placed_at=timezone.now() - timedelta(days=40))
    url = reverse("orders:seller_orders")

    def numbers(**query):
        page = seller_client.get(url, query).content.decode()
        return {order.number for order in orders if order.number in page}

    assert numbers() == {o.number for o in orders}
    assert numbers(status="paid") == {orders[0].number}
    assert numbers(q=orders[1].number[-5:].lower()) == {orders[1].number}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert numbers(date_from=since) == {orders[0].number, orders[1].number}
    assert numbers(date_to=(timezone.localdate() - timedelta(days=30)).isoformat()) == {orders[2].number}


def test_a_bad_filter_date_names_the_field(seller_client):
    response = seller_client.get(reverse("orders:seller_orders"), {"date_from": "yesterday"})
    assert response.status_code == 400 and "Placed from: Enter a valid date." in response.content.decode()
    response = seller_client.get(reverse("orders:seller_orders"), {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    assert response.status_code == 400 and "Placed until: The end date is before the start date." in \
        response.content.decode()


def test_the_seller_list_costs_the_same_queries_for_one_order_or_many(buyer, seller, seller_client,
                                                                    django_assert_max_num_queries):
    for _ in range(4):
        add(buyer, make_gem_listing(seller=seller))
        place(buyer)
    with django_assert_max_num_queries(9):  # session, user, membership, count, page, lines, header …
        assert seller_client.get(reverse("orders:seller_orders")).status_code == 200


# --- The council console ---------------------------------------------------------------------------


def test_the_council_sees_every_order_and_marks_a_transfer_paid(order, council_client, other_seller, buyer):
    add(buyer, make_gem_listing(seller=other_seller))
    other = place(buyer).orders[0]
    page = council_client.get(reverse("orders:council_orders")).content.decode()
    assert order.number in page and other.number in page
    assert "Swat Emerald House" in page and "Hunza Ruby Co" in page

    detail = council_client.get(reverse("orders:council_order", args=[order.number])).content.decode()
    assert 'data-action="paid"' in detail

    response = council_client.post(reverse("orders:council_order_action", args=[order.number]),
                                   {"to": "paid", "reason": "MCB transfer ref 8841"})
    assert response.status_code == 302 and status_of(order) == Order.Status.PAID
    timeline = council_client.get(response["Location"]).content.decode()
    assert "MCB transfer ref 8841" in timeline and "(Council staff)" in timeline


def test_an_unknown_order_number_is_not_found_for_the_council(council_client):
    assert council_client.get(reverse("orders:council_order", args=["GB-0000-XXXXX"])).status_code == 404


def test_an_unknown_status_is_refused_naming_the_status(order, council_client):
    response = council_client.post(reverse("orders:council_order_action", args=[order.number]), {"to": "teleported"})
    assert response.status_code == 400 and "Unknown status." in response.content.decode()
    assert status_of(order) == Order.Status.AWAITING_PAYMENT


@pytest.mark.parametrize("count", [1, 6])
def test_my_orders_costs_the_same_queries_for_one_order_or_many(buyer, seller, buyer_client, count,
                                                               django_assert_max_num_queries):
    for _ in range(count):
        add(buyer, make_gem_listing(seller=seller))
        place(buyer)
    with django_assert_max_num_queries(8):
        assert buyer_client.get(reverse("orders:my_orders")).status_code == 200


def test_the_seller_sees_what_they_are_owed_in_the_payout_currency(order, seller_client, buyer_client):
    """A USD order of a Pakistani seller: the seller's page says the rupees owed and the rate."""
    order.refresh_from_db()
    assert (order.payout_currency, order.currency) == ("PKR", "USD")
    assert order.payout_amount == (order.total * order.payout_fx_rate).quantize(Decimal("0.01"))

    seller_page = seller_client.get(reverse("orders:seller_order", args=[order.number])).content.decode()
    buyer_page = buyer_client.get(reverse("orders:my_order", args=[order.number])).content.decode()

    assert 'data-testid="seller-owed"' in seller_page and "PKR" in seller_page
    assert 'data-testid="seller-owed"' not in buyer_page  # the buyer sees what they pay, not the seller's share
