"""Helpers of the dispute tests (no tests here): a real placed order paid by bank transfer, shipped and delivered;
pictures for the photo checks."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image

from gembazaar.core.money import quantize
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.payments.models import Payment
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing

from .conftest import placed_payment


def paid_order(*, buyer, seller, staff, price: Decimal = Decimal("1250.00")) -> Order:
    """A stone bought and paid in full by bank transfer (the order is paid)."""
    stone = make_gem_listing(seller=seller, price=price, currency="USD")
    payment = placed_payment(buyer, stone)
    BANK_TRANSFER.receipt_record(payment=payment, amount=str(quantize(payment.amount_due, "USD")), actor=staff)
    return Order.objects.get(checkout=payment.checkout)


def shipped_order(*, buyer, seller, seller_user, staff, delivered: bool = True, **kw) -> Order:
    order = paid_order(buyer=buyer, seller=seller, staff=staff, **kw)
    transitions.order_accept(order=order, actor=seller_user)
    transitions.order_ship(order=order, actor=seller_user, tracking_number="EMS-1", carrier="Pakistan Post")
    if delivered:
        transitions.order_confirm_delivered(order=order, actor=buyer)
    order.refresh_from_db()
    return order


def payment_of(order: Order) -> Payment:
    return Payment.objects.get(checkout=order.checkout)


def png_bytes(size=(40, 30), colour=(200, 30, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def status_of(order: Order) -> str:
    return Order.objects.get(pk=order.pk).status


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Dispute photos go to private storage: a folder of the test's own (import this fixture)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
