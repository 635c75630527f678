"""Fixtures of the payments tests: placed checkouts (real orders awaiting payment), bare payments
for the ledger's arithmetic, council staff, a buyer and a seller's member."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from gembazaar.orders.models import Checkout
from gembazaar.orders.tests.conftest import (  # noqa: F401  (autouse fixtures of the orders tests)
    _email_backend_and_fx_cache,
    _shipping_zones,
    add,
    make_buyer,
    make_member,
    place,
)
from gembazaar.payments import services
from gembazaar.payments.models import Payment
from gembazaar.sellers.tests.conftest import make_council_user
from gembazaar.testing import make_gem_listing, make_seller

_n = itertools.count(1)


def make_payment(*, amount_due: Decimal = Decimal("100.00"), currency: str = "USD", buyer=None) -> Payment:
    """A payment for a bare checkout (no orders): for the ledger's arithmetic."""
    buyer = buyer or make_buyer()
    checkout = Checkout.objects.create(
        reference=f"GBC-2612-T{next(_n):07d}", buyer=buyer, currency=currency, shipping_address={},
        billing_address={}, subtotal=amount_due, shipping_total=Decimal(0), grand_total=amount_due)
    return services.payment_open(checkout=checkout)


def placed_payment(buyer, *listings) -> Payment:
    """Place the listings (one order per seller, awaiting payment) and open the checkout's payment."""
    for listing in listings:
        add(buyer, listing)
    return services.payment_open(checkout=place(buyer).checkout)


@pytest.fixture
def staff(db):
    return make_council_user("treasurer")


@pytest.fixture
def buyer(db):
    return make_buyer("amina")


@pytest.fixture
def seller(db):
    return make_seller(trade_name="Swat Emerald House")


@pytest.fixture
def seller_user(seller):
    return make_member(seller, "sellerowner")


@pytest.fixture
def two_seller_payment(buyer, seller):
    """A checkout of two stones from two sellers: two orders, one payment."""
    first = make_gem_listing(seller=seller, price=Decimal("1250.00"), currency="USD")
    second = make_gem_listing(seller=make_seller(trade_name="Hunza Ruby Co"), price=Decimal("800.00"),
                              currency="USD")
    return placed_payment(buyer, first, second)


# --- Card payments (test_cards_*.py) -----------------------------------------------------------

CARD_SECRETS = {"STRIPE_SECRET_KEY": "sk_test_cards", "STRIPE_WEBHOOK_SECRETS": ["whsec_cards"],
                "SAFEPAY_API_KEY": "sec_cards", "SAFEPAY_SECRET": "safepay_v1_cards",
                "SAFEPAY_WEBHOOK_SECRETS": ["safepay_webhook_cards"], "SAFEPAY_ENVIRONMENT": "sandbox"}


@pytest.fixture
def card_settings(settings):
    """Known card keys and webhook secrets; the adapters pointed at the local fake."""
    for name, value in CARD_SECRETS.items():
        setattr(settings, name, value)
    settings.STRIPE_API_BASE = settings.SAFEPAY_API_BASE = settings.SAFEPAY_CHECKOUT_URL = ""
    settings.PAYMENTS_FAKE_PROVIDER = True
    settings.FAKEPAY_WEBHOOK_BASE = settings.FAKEPAY_STRIPE_WEBHOOK_SECRET = ""
    settings.FAKEPAY_SAFEPAY_WEBHOOK_SECRET = ""
    return settings


@pytest.fixture
def card_site(live_server, card_settings):
    """The site and the local fake card provider on a live server: real HTTP both ways."""
    from gembazaar.fakepay import state

    card_settings.SITE_URL = live_server.url
    state.reset()
    yield live_server.url
    state.reset()
