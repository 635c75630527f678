"""Metal-linked prices: locked for PRICE_LOCK_MINUTES at checkout, re-quoted after, and the
stale-rate guard (no fresh metal rate → price on request → cannot be bought)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError
from gembazaar.orders import selectors
from gembazaar.orders.models import CartLine
from gembazaar.orders.services import cart as cart_services
from gembazaar.orders.services import checkout as checkout_services
from gembazaar.testing import make_jewelry_listing

from .conftest import add, place

pytestmark = pytest.mark.django_db


def record_gold(price):
    from gembazaar.pricing import services

    return services.record_metal_rate(metal="gold", fineness=999, unit="tola", price=Decimal(price), currency="PKR",
                                      source="Lahore Sarafa", confirm=True)


@pytest.fixture
def ring(seller):
    record_gold("452300")
    return make_jewelry_listing(seller=seller, price_mode=Listing.PriceMode.METAL_LINKED, quantity=1)


def test_the_locked_price_holds_while_the_rate_moves(buyer, ring):
    add(buyer, ring)
    first_price = Listing.objects.get(pk=ring.pk).price
    assert checkout_services.checkout_start(user=buyer) == 1
    line = CartLine.objects.get(cart__user=buyer)
    assert line.locked_price == first_price
    assert timedelta(minutes=14) < line.locked_until - timezone.now() <= timedelta(minutes=15)

    record_gold("470000")
    new_price = Listing.objects.get(pk=ring.pk).price
    assert new_price > first_price  # repriced set-based by the pricing app
    [view] = selectors.cart_view(user=buyer, guest_token=None, currency="PKR").lines
    assert view.issues == [] and view.listing_price == first_price and view.locked_until is not None

    order = place(buyer, currency="PKR").orders[0]
    line = order.lines.get()
    assert line.unit_price == first_price and line.price_mode == "metal_linked"
    assert line.price_locked_until is not None


def test_after_the_lock_ends_the_cart_requotes_and_says_so(buyer, ring):
    add(buyer, ring)
    checkout_services.checkout_start(user=buyer)
    record_gold("470000")
    CartLine.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    new_price = Listing.objects.get(pk=ring.pk).price

    [view] = selectors.cart_view(user=buyer, guest_token=None, currency="PKR").lines
    [issue] = view.issues
    assert issue.code == "repriced" and "price lock" in issue.message
    assert view.listing_price == new_price
    with pytest.raises(DomainError) as exc:
        place(buyer, currency="PKR")
    assert exc.value.code == "cart_changed"

    cart_services.cart_acknowledge(user=buyer, guest_token=None)
    checkout_services.checkout_start(user=buyer)  # a new lock at the new price
    order = place(buyer, currency="PKR").orders[0]
    assert order.lines.get().unit_price == new_price


def test_a_listing_with_stale_rates_cannot_be_bought(buyer, ring, settings):
    add(buyer, ring)
    settings.PRICING_STALE_AFTER_HOURS = 0  # every rate is now too old
    [view] = selectors.cart_view(user=buyer, guest_token=None, currency="PKR").lines
    assert [i.code for i in view.issues] == ["price_on_request"]
    assert checkout_services.checkout_start(user=buyer) == 0  # nothing to lock
    with pytest.raises(DomainError) as exc:
        place(buyer, currency="PKR")
    assert exc.value.code == "cart_changed"
    assert Listing.objects.get(pk=ring.pk).quantity == 1


def test_fixed_price_lines_are_never_locked(buyer, stone):
    add(buyer, stone)
    assert checkout_services.checkout_start(user=buyer) == 0
    assert CartLine.objects.get().locked_price is None
