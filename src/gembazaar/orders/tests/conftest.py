"""Fixtures of the orders tests: buyers, sellers with a member, stones, lots, addresses, a placer."""

from __future__ import annotations

import itertools
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from gembazaar.accounts.models import User
from gembazaar.core import fx
from gembazaar.orders.services import cart as cart_services
from gembazaar.orders.services import checkout as checkout_services
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_gem_listing, make_seller, seed_shipping_zones

_n = itertools.count(1)

ADDRESS = {"name": "Sara Khan", "line1": "12 Mall Road", "line2": "", "city": "Lahore", "region": "Punjab",
           "postal_code": "54000", "country": "PK", "phone": "0300 1234567"}
UAE_ADDRESS = {"name": "Omar Ali", "line1": "Villa 3, Street 12", "city": "Dubai", "country": "AE",
               "phone": "+971 50 123 4567"}


def make_buyer(name: str | None = None, *, confirmed: bool = True) -> User:
    name = name or f"buyer{next(_n)}"
    return User.objects.create_user(username=name, email=f"{name}@example.org", password="pw",
                                    first_name=name.title(), email_confirmed=confirmed,
                                    email_confirmed_at=timezone.now() if confirmed else None)


def make_member(seller, name: str | None = None, role: str = "owner") -> User:
    user = make_buyer(name)
    SellerMember.objects.create(seller=seller, user=user, role=role)
    return user


def make_lot(*, seller=None, quantity: int = 10, moq: int = 1, **overrides):
    values = {"kind": "lot", "title": "Calibrated peridot melee", "price": Decimal("40.00"), "currency": "USD",
              "quantity": quantity, "moq": moq}
    values.update(overrides)
    return make_gem_listing(seller=seller, gem={"species": "olivine", "variety": "peridot", "pieces": 20,
                                                "treatments": "N"}, **values)


def add(user, listing, quantity: int = 1):
    return cart_services.cart_add_line(user=user, guest_token=None, listing_id=listing.pk, quantity=quantity)


def place(user, *, key: str | None = None, address: dict | None = None, **overrides):
    values = {"currency": "USD", "shipping_address": dict(address or ADDRESS), "billing_address": None,
              "shipping_methods": {}, "notes": ""}
    values.update(overrides)
    return checkout_services.checkout_place(user=user, idempotency_key=key or uuid.uuid4().hex, **values)


@pytest.fixture(autouse=True)
def _shipping_zones(request):
    """Every orders test that uses the database finds the seeded zones (see seed_shipping_zones)."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    seed_shipping_zones()


@pytest.fixture(autouse=True)
def _email_backend_and_fx_cache(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A rolled-back test must not leave its FX rates in the process cache.
    fx.invalidate()
    yield
    fx.invalidate()


@pytest.fixture
def buyer(db) -> User:
    return make_buyer("amina")


@pytest.fixture
def other_buyer(db) -> User:
    return make_buyer("bilal")


@pytest.fixture
def seller(db):
    return make_seller(trade_name="Swat Emerald House")


@pytest.fixture
def other_seller(db):
    return make_seller(trade_name="Hunza Ruby Co")


@pytest.fixture
def stone(seller):
    return make_gem_listing(seller=seller, price=Decimal("1250.00"), currency="USD")


@pytest.fixture
def lot(seller):
    return make_lot(seller=seller, quantity=10, moq=2)
