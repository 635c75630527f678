"""The cart: quantity rules, guests and the merge at login, prices in the buyer's currency, flags."""

from decimal import Decimal

import pytest

from gembazaar.catalogue import services as catalogue_services
from gembazaar.catalogue.models import Listing, ListingPrice
from gembazaar.core.errors import DomainError, NotFound
from gembazaar.orders import selectors
from gembazaar.orders.models import Cart, CartLine
from gembazaar.orders.services import cart as cart_services
from gembazaar.testing import make_gem_listing

from .conftest import add, make_lot, make_member

pytestmark = pytest.mark.django_db


def view(user, currency="USD", token=None):
    return selectors.cart_view(user=user, guest_token=token, currency=currency)


def test_a_unique_stone_is_quantity_one(buyer, stone):
    with pytest.raises(DomainError) as exc:
        add(buyer, stone, 2)
    assert exc.value.code == "quantity_unique" and exc.value.field == "quantity"
    add(buyer, stone)
    add(buyer, stone)  # adding again keeps one
    assert CartLine.objects.get(cart__user=buyer).quantity == 1


def test_a_lot_respects_moq_and_stock(buyer, lot):
    with pytest.raises(DomainError) as exc:
        add(buyer, lot, 1)
    assert exc.value.code == "below_moq"
    with pytest.raises(DomainError) as exc:
        add(buyer, lot, 11)
    assert exc.value.code == "insufficient_stock"
    line = add(buyer, lot, 4)
    assert line.quantity == 4
    line = add(buyer, lot, 6)
    assert line.quantity == 10
    with pytest.raises(DomainError):
        add(buyer, lot, 1)
    assert CartLine.objects.get(pk=line.pk).quantity == 10  # nothing half-written


def test_update_and_remove_lines_of_ones_own_cart_only(buyer, other_buyer, lot):
    line = add(buyer, lot, 2)
    with pytest.raises(NotFound):
        cart_services.cart_update_line(user=other_buyer, guest_token=None, line_id=line.pk, quantity=3)
    with pytest.raises(NotFound):
        cart_services.cart_remove_line(user=other_buyer, guest_token=None, line_id=line.pk)
    cart_services.cart_update_line(user=buyer, guest_token=None, line_id=line.pk, quantity=3)
    assert CartLine.objects.get(pk=line.pk).quantity == 3
    assert cart_services.cart_update_line(user=buyer, guest_token=None, line_id=line.pk, quantity=0) is None
    assert not CartLine.objects.filter(pk=line.pk).exists()


def test_drafts_and_own_listings_cannot_be_added(buyer, seller):
    draft = make_gem_listing(seller=seller, publish=False)
    with pytest.raises(DomainError) as exc:
        add(buyer, draft)
    assert exc.value.code == "unavailable" and exc.value.field == "listing_id"
    member = make_member(seller)
    with pytest.raises(DomainError) as exc:
        add(member, make_gem_listing(seller=seller))
    assert exc.value.code == "own_listing"


def test_lines_are_grouped_by_seller_and_priced_in_the_buyers_currency(buyer, seller, other_seller):
    add(buyer, make_gem_listing(seller=seller, price=Decimal("100.00"), currency="USD"))
    add(buyer, make_gem_listing(seller=other_seller, price=Decimal("28150.00"), currency="PKR"))
    cart = view(buyer, "USD")
    assert [g.seller for g in cart.groups] == [seller, other_seller]
    assert cart.groups[1].lines[0].unit_price == Decimal("100.00")  # 28150 PKR at 281.50 per USD
    assert cart.subtotal == Decimal("200.00")
    in_pkr = view(buyer, "PKR")
    assert in_pkr.subtotal == Decimal("56300.00")
    assert in_pkr.can_checkout


def test_sold_archived_and_repriced_lines_say_what_changed(buyer, seller):
    sold, archived, repriced = (make_gem_listing(seller=seller, price=Decimal("500.00")) for _ in range(3))
    for listing in (sold, archived, repriced):
        add(buyer, listing)
    Listing.objects.filter(pk=sold.pk).update(status="sold", quantity=0)
    catalogue_services.listing_archive(listing=archived)
    ListingPrice.objects.filter(listing=repriced).update(price=Decimal("550.00"))
    cart = view(buyer)
    issues = {line.listing.pk: line.issues for line in cart.lines}
    assert [i.code for i in issues[sold.pk]] == ["sold"]
    assert [i.code for i in issues[archived.pk]] == ["archived"]
    [change] = issues[repriced.pk]
    assert change.code == "repriced" and change.before == "$500.00" and change.after == "$550.00"
    assert "$500.00" in change.message and "$550.00" in change.message
    assert not cart.can_checkout and cart.subtotal == 0

    cart_services.cart_acknowledge(user=buyer, guest_token=None)
    cart = view(buyer)
    assert [line.listing.pk for line in cart.lines] == [repriced.pk]
    assert cart.can_checkout and cart.subtotal == Decimal("550.00")


def test_lot_with_less_stock_than_the_line_is_flagged(buyer, lot):
    add(buyer, lot, 8)
    Listing.objects.filter(pk=lot.pk).update(quantity=5)
    [line] = view(buyer).lines
    assert [i.code for i in line.issues] == ["insufficient_stock"]
    cart_services.cart_acknowledge(user=buyer, guest_token=None)
    assert CartLine.objects.get(cart__user=buyer).quantity == 5


def test_guest_cart_merges_into_the_users_cart_at_login(client, buyer, seller, lot):
    stone = make_gem_listing(seller=seller)
    both = make_lot(seller=seller, quantity=20)
    add(buyer, both, 3)
    response = client.post("/api/v1/cart/lines", {"listing_id": stone.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    client.post("/api/v1/cart/lines", {"listing_id": both.pk, "quantity": 5}, content_type="application/json")
    guest_token = client.session[cart_services.GUEST_TOKEN_SESSION_KEY]
    assert Cart.objects.filter(guest_token=guest_token).exists()

    assert client.login(username="amina", password="pw")
    lines = {line.listing_id: line.quantity for line in CartLine.objects.filter(cart__user=buyer)}
    assert lines == {stone.pk: 1, both.pk: 5}
    assert not Cart.objects.filter(guest_token=guest_token).exists()
    body = client.get("/api/v1/cart").json()
    assert body["count"] == 6 and len(body["groups"]) == 1


def test_a_guest_without_a_session_sees_an_empty_cart(client):
    body = client.get("/api/v1/cart?currency=EUR").json()
    assert body == {"currency": "EUR", "count": 0, "subtotal": "0", "can_checkout": False, "groups": []}


def test_cart_count_is_the_sum_of_quantities(buyer, stone, lot):
    assert selectors.cart_count(user=buyer, guest_token=None) == 0
    add(buyer, stone)
    add(buyer, lot, 3)
    assert selectors.cart_count(user=buyer, guest_token=None) == 4


def test_stale_guest_carts_are_deleted_daily_and_user_carts_kept(buyer, lot, settings):
    from datetime import timedelta

    from django.utils import timezone

    from gembazaar.orders import tasks

    add(buyer, lot, 2)
    old = cart_services.cart_get_or_create(user=None, guest_token="old-guest")
    fresh = cart_services.cart_get_or_create(user=None, guest_token="fresh-guest")
    Cart.objects.filter(pk__in=[old.pk, buyer.cart.pk]).update(updated_at=timezone.now() - timedelta(days=31))
    assert tasks.delete_stale_guest_carts.delay().get() == 1
    assert set(Cart.objects.values_list("pk", flat=True)) == {fresh.pk, buyer.cart.pk}
    assert "orders.delete_stale_guest_carts" in [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
