"""Money properties of a placement: whatever the prices, quantities and currencies, every amount
has the currency's minor unit, lines add up to orders, orders to the checkout; never a float."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gembazaar.core.money import minor_units
from gembazaar.orders.models import Order
from gembazaar.testing import make_seller

from .conftest import add, make_buyer, make_lot, place

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# From 5: a catalogue listing under 0.005 USD fails its reference-price check (a catalogue matter).
line = st.tuples(
    st.decimals(min_value=Decimal("5.00"), max_value=Decimal("99999.99"), places=2),
    st.sampled_from(["USD", "PKR", "EUR", "AED"]),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=0, max_value=2),  # which seller
)


@FAST
@given(lines=st.lists(line, min_size=1, max_size=4), currency=st.sampled_from(["USD", "PKR", "JPY", "EUR"]))
def test_totals_add_up_in_the_buyers_currency(lines, currency):
    sellers = [make_seller() for _ in range(3)]
    buyer = make_buyer()
    for price, listing_currency, quantity, seller_index in lines:
        lot = make_lot(seller=sellers[seller_index], price=price, currency=listing_currency, quantity=10)
        add(buyer, lot, quantity)
    result = place(buyer, currency=currency)
    places = minor_units(currency)
    total = Decimal(0)
    for order in Order.objects.filter(checkout=result.checkout).prefetch_related("lines"):
        lines_total = Decimal(0)
        for order_line in order.lines.all():
            assert isinstance(order_line.unit_price, Decimal)
            assert order_line.unit_price == order_line.unit_price.quantize(Decimal(1).scaleb(-places))
            assert order_line.line_total == order_line.unit_price * order_line.quantity
            lines_total += order_line.line_total
        assert order.subtotal == lines_total
        assert order.total == order.subtotal + order.shipping_cost
        total += order.total
    assert result.checkout.grand_total == total
