"""The returns terms where a buyer commits and afterwards: per seller at the checkout review, on the
order page (buyer, seller centre, council), in the confirmation email and the seller's new-order
email, in each reader's language."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gembazaar.orders import emails
from gembazaar.orders.models import Order, OrderEvent
from gembazaar.sellers.tests.returns_helpers import set_policy, translated
from gembazaar.testing import make_gem_listing

from .conftest import ADDRESS, add, make_member, place

pytestmark = pytest.mark.django_db

UNWORN = "Unworn and unaltered, as it was sent"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def order(buyer, seller, stone) -> Order:
    set_policy(seller, window_days=21)
    add(buyer, stone)
    return place(buyer).orders[0]


def returns_block(html: str) -> str:
    start = html.index('data-testid="returns-policy"')
    return html[start:html.index("</section>", start)]


def test_the_review_shows_each_sellers_returns_terms(client, buyer, seller, other_seller, stone):
    set_policy(seller, window_days=21)
    ruby = make_gem_listing(seller=other_seller, price=Decimal("800.00"), currency="USD",
                            gem={"species": "corundum", "variety": "ruby", "colour": "red", "treatments": "N"})
    add(buyer, stone)
    add(buyer, ruby)
    client.force_login(buyer)
    data = {f"shipping_{key}": value for key, value in ADDRESS.items()}
    data.update({"billing_same": "on", f"method_{seller.pk}": "standard", f"method_{other_seller.pk}": "standard"})
    client.post(reverse("orders:checkout"), data)

    html = client.get(reverse("orders:checkout_review")).content.decode()

    assert html.count('data-testid="review-returns"') == 2
    own = html[html.index(f'id="returns-seller-{seller.slug}"'):]
    assert "Accepted within 21 days of delivery" in own[:own.index("</section>")]
    assert UNWORN in own[:own.index("</section>")]
    minimum = html[html.index(f'id="returns-seller-{other_seller.slug}"'):]
    assert "Returns: the marketplace minimum" in minimum[:minimum.index("</section>")]
    assert "Returns: Accepted within 21 days of delivery</summary>" in html


def test_the_buyer_and_the_seller_read_the_terms_on_the_order_page(order, buyer, seller):
    buyer_page = logged_in(buyer).get(reverse("orders:my_order", args=[order.number])).content.decode()
    seller_page = logged_in(make_member(seller, "packer")).get(
        reverse("orders:seller_order", args=[order.number])).content.decode()

    for html in (buyer_page, seller_page):
        block = returns_block(html)
        assert "Accepted within 21 days of delivery" in block and UNWORN in block
        assert "Rings can be resized once at no charge." in block
        assert "The policy as of" in block


def test_the_order_page_shows_the_minimum_for_a_seller_without_a_policy(buyer, other_seller):
    listing = make_gem_listing(seller=other_seller)
    add(buyer, listing)
    order = place(buyer).orders[0]
    html = logged_in(buyer).get(reverse("orders:my_order", args=[order.number])).content.decode()
    assert "Returns: the marketplace minimum" in returns_block(html)


def test_the_order_page_shows_the_conditions_in_the_readers_language(order, buyer):
    client = logged_in(buyer)
    with translated("ur", UNWORN, "بغیر پہنے"):
        response = client.get(reverse("orders:my_order", args=[order.number]), HTTP_ACCEPT_LANGUAGE="ur")
    html = response.content.decode()
    assert response.status_code == 200 and 'lang="ur"' in html
    assert "بغیر پہنے" in returns_block(html) and UNWORN not in html


def test_the_confirmation_email_states_the_terms(order):
    event = OrderEvent.objects.get(order=order, to_status="awaiting_payment")
    mail.outbox.clear()

    emails.send_status_email(event_id=event.pk)

    [message] = mail.outbox
    assert "Returns policy\n  Returns: Accepted within 21 days of delivery\n  - " + UNWORN in message.body
    assert "Return shipping: Paid by the buyer" in message.body
    assert "Refund: To the original payment method, within 7 days of receiving the return" in message.body
    assert "In the seller's words: Rings can be resized once at no charge." in message.body
    assert "GemBazaar's buyer protection" in message.body


def test_the_seller_is_told_the_terms_of_a_new_order(order, seller):
    make_member(seller, "owner1")
    mail.outbox.clear()
    emails.send_seller_new_order_email(order_id=order.pk)
    [message] = mail.outbox
    assert "Returns: Accepted within 21 days of delivery" in message.body


def test_the_confirmation_email_names_the_conditions_in_the_buyers_language(order, buyer):
    buyer.preferred_language = "ur"
    buyer.save(update_fields=["preferred_language"])
    event = OrderEvent.objects.get(order=order, to_status="awaiting_payment")
    mail.outbox.clear()

    with translated("ur", UNWORN, "بغیر پہنے"):
        emails.send_status_email(event_id=event.pk)

    [message] = mail.outbox
    assert "  - بغیر پہنے\n" in message.body and UNWORN not in message.body


def test_a_later_status_email_does_not_repeat_the_terms(order):
    event = OrderEvent.objects.filter(order=order).order_by("-id").first()
    mail.outbox.clear()
    OrderEvent.objects.create(order=order, role="system", from_status=event.to_status, to_status="cancelled")
    emails.send_status_email(event_id=OrderEvent.objects.order_by("-id").first().pk)
    assert "Returns policy" not in mail.outbox[0].body


def test_an_order_keeps_the_terms_it_was_placed_under(order, buyer, seller):
    assert order.returns_policy["window_days"] == 21
    set_policy(seller, window_days=7)  # the seller tightens the policy after the sale
    page = logged_in(buyer).get(reverse("orders:my_order", args=[order.number])).content.decode()
    block = returns_block(page)
    assert "Accepted within 21 days of delivery" in block and "within 7 days of delivery" not in block
    fresh = Order.objects.get(pk=order.pk)
    assert fresh.returns_terms.window_days == 21


def test_an_order_placed_before_the_snapshot_reads_the_sellers_terms(order, seller):
    Order.objects.filter(pk=order.pk).update(returns_policy={})
    set_policy(seller, window_days=14)
    assert Order.objects.get(pk=order.pk).returns_terms.window_days == 14
