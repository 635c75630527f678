"""The cart pages: "Add to cart" on the listing page, the header count, the cart (htmx and plain
forms), the flags for sold, withdrawn and repriced lines, and the guest cart merged at sign-in."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.catalogue.models import Listing, ListingPrice
from gembazaar.orders.models import CartLine
from gembazaar.testing import make_gem_listing

from .conftest import add, make_buyer, make_lot, make_member

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def cart_add(client, listing, quantity=1, **extra):
    return client.post(reverse("orders:cart_add"), {"listing_id": listing.pk, "quantity": quantity}, **extra)


def test_a_guest_adds_a_stone_and_sees_it_in_the_cart_and_the_header(client, stone):
    page = client.get(stone.get_absolute_url()).content.decode()
    assert 'data-testid="add-to-cart"' in page
    assert 'name="quantity" value="1"' in page and 'type="number"' not in page  # a unique stone: no input

    response = cart_add(client, stone)

    assert response.status_code == 302 and response["Location"] == reverse("orders:cart")
    assert CartLine.objects.filter(cart__guest_token__isnull=False, listing=stone).count() == 1
    cart = client.get(reverse("orders:cart")).content.decode()
    assert stone.title in cart and "$1,250.00" in cart
    assert 'data-cart-count>1<' in cart


def test_htmx_add_returns_the_buy_box_and_the_header_count_out_of_band(client, stone):
    response = cart_add(client, stone, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="add-to-cart"' in body and "Added to your cart." in body
    assert 'hx-swap-oob="true"' in body and "data-cart-count>1<" in body


def test_a_lot_offers_a_quantity_between_its_moq_and_its_stock(client, lot):
    page = client.get(lot.get_absolute_url()).content.decode()
    assert 'type="number" name="quantity" value="2" min="2" max="10"' in page


def test_below_the_moq_the_error_names_the_quantity_and_nothing_is_added(client, lot):
    response = cart_add(client, lot, quantity=1, **HTMX)

    body = response.content.decode()
    assert "Quantity: The minimum order for this listing is 2." in body
    assert 'aria-invalid="true"' in body
    assert not CartLine.objects.exists()


def test_a_quantity_that_is_not_a_number_is_refused_by_name(client, lot):
    response = cart_add(client, lot, quantity="lots")

    assert response.status_code == 302 and response["Location"] == lot.get_absolute_url()
    assert "Quantity: Enter the quantity as a whole number." in client.get(response["Location"]).content.decode()
    assert not CartLine.objects.exists()


def test_a_reserved_listing_shows_a_disabled_button_with_the_reason(client, seller):
    listing = make_gem_listing(seller=seller)
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.RESERVED)

    page = client.get(listing.get_absolute_url()).content.decode()

    assert "disabled" in page and "Reserved for another buyer while they pay." in page
    assert 'data-testid="add-to-cart"' not in page


def test_a_seller_sees_a_disabled_button_on_their_own_listing(client, seller, stone):
    client.force_login(make_member(seller))
    page = client.get(stone.get_absolute_url()).content.decode()
    assert "This is your own listing." in page and 'data-testid="add-to-cart"' not in page
    cart_add(client, stone)
    assert not CartLine.objects.exists()


def test_the_buyer_changes_a_quantity_with_htmx(client, buyer, lot):
    client.force_login(buyer)
    line = add(buyer, lot, 2)

    response = client.post(reverse("orders:cart_line_update", args=[line.pk]), {"quantity": 5}, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200 and 'id="cart"' in body
    assert CartLine.objects.get(pk=line.pk).quantity == 5
    assert "$200.00" in body  # 5 × $40.00


def test_a_quantity_above_the_stock_is_refused_and_the_line_is_unchanged(client, buyer, lot):
    client.force_login(buyer)
    line = add(buyer, lot, 2)

    response = client.post(reverse("orders:cart_line_update", args=[line.pk]), {"quantity": 11}, **HTMX)

    assert "Quantity: Only 10 in stock." in response.content.decode()
    assert CartLine.objects.get(pk=line.pk).quantity == 2


def test_the_buyer_removes_a_line(client, buyer, stone):
    client.force_login(buyer)
    line = add(buyer, stone)

    response = client.post(reverse("orders:cart_line_remove", args=[line.pk]))

    assert response.status_code == 302
    assert not CartLine.objects.filter(pk=line.pk).exists()
    assert "Your cart is empty." in client.get(reverse("orders:cart")).content.decode()


def test_another_buyers_cart_line_is_not_found_and_stays(client, buyer, other_buyer, stone):
    line = add(other_buyer, stone)
    client.force_login(buyer)

    assert client.post(reverse("orders:cart_line_update", args=[line.pk]), {"quantity": 0}).status_code == 404
    assert client.post(reverse("orders:cart_line_remove", args=[line.pk])).status_code == 404
    assert CartLine.objects.filter(pk=line.pk).exists()


def test_lines_are_grouped_by_seller(client, buyer, stone, other_seller):
    ruby = make_gem_listing(seller=other_seller, title="Hunza ruby cabochon", gem={"species": "corundum",
                                                                                   "variety": "ruby", "colour": "red",
                                                                                   "treatments": "N"})
    add(buyer, stone)
    add(buyer, ruby)
    client.force_login(buyer)

    page = client.get(reverse("orders:cart")).content.decode()

    assert page.count('class="ord-group"') == 2
    assert "Subtotal from Swat Emerald House" in page and "Subtotal from Hunza Ruby Co" in page


def test_prices_show_in_the_buyers_currency_with_the_sellers_own(client, buyer, seller):
    listing = make_gem_listing(seller=seller, price=Decimal("281500.00"), currency="PKR")
    add(buyer, listing)
    client.force_login(buyer)

    page = client.get(reverse("orders:cart")).content.decode()  # display currency: USD by default

    assert "$1,000.00" in page
    assert "Seller's price Rs\u00a0281,500" in page


def test_a_repriced_line_is_flagged_with_what_changed_and_blocks_checkout(client, buyer, stone):
    add(buyer, stone)
    ListingPrice.objects.filter(listing=stone).update(price=Decimal("1300.00"))
    client.force_login(buyer)

    page = client.get(reverse("orders:cart")).content.decode()

    assert 'data-issue="repriced"' in page
    assert "changed from $1,250.00 to $1,300.00" in page
    assert 'data-testid="go-checkout"' not in page


def test_sold_and_withdrawn_lines_are_flagged_then_dropped_on_update(client, buyer, stone, lot):
    add(buyer, stone)
    add(buyer, lot, 2)
    Listing.objects.filter(pk=stone.pk).update(status=Listing.Status.SOLD)
    Listing.objects.filter(pk=lot.pk).update(status=Listing.Status.ARCHIVED)
    client.force_login(buyer)

    page = client.get(reverse("orders:cart")).content.decode()
    assert 'data-issue="sold"' in page and "has been sold" in page
    assert 'data-issue="archived"' in page and "withdrawn by the seller" in page

    client.post(reverse("orders:cart_acknowledge"), **HTMX)
    assert not CartLine.objects.exists()


def test_the_guest_cart_joins_the_users_at_sign_in(stone):
    buyer = make_buyer("zara")
    client = Client()
    cart_add(client, stone)

    response = client.post(reverse("login"), {"username": "zara@example.org", "password": "pw"})

    assert response.status_code == 302
    assert CartLine.objects.get(listing=stone).cart.user == buyer
    assert stone.title in client.get(reverse("orders:cart")).content.decode()


def test_the_header_count_costs_no_query_for_a_visitor_without_a_cart(client, django_assert_num_queries, stone):
    from gembazaar.orders.web_selectors import cart_line_count

    with django_assert_num_queries(0):
        assert cart_line_count(user=None, guest_token=None) == 0
    assert 'data-cart-count>0<' in client.get(reverse("home")).content.decode()


def test_a_lot_below_its_moq_in_stock_cannot_be_added(client, seller):
    lot = make_lot(seller=seller, quantity=3, moq=5)
    page = client.get(lot.get_absolute_url()).content.decode()
    assert "Fewer in stock than the minimum order." in page


@pytest.mark.parametrize("lines", [2, 10])
def test_the_cart_costs_the_same_queries_for_2_or_10_lines(client, buyer, seller, other_seller, lines,
                                                           django_assert_max_num_queries):
    for n in range(lines):
        add(buyer, make_gem_listing(seller=seller if n % 2 else other_seller))
    client.force_login(buyer)
    with django_assert_max_num_queries(8):  # session, user, cart, lines, images, header count …
        assert client.get(reverse("orders:cart")).status_code == 200
