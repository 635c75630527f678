"""Fixtures for pricing: a clean FX cache around every test, people, rates and listings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.core import fx

LAHORE_24K_TOLA = Decimal("452300")  # PKR per tola, 24K (indicative late-2026 figure)


@pytest.fixture(autouse=True)
def _fresh_fx_cache():
    # A rolled-back test must not leave its FX rates in the process cache.
    fx.invalidate()
    yield
    fx.invalidate()


def make_user(username: str, **extra) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password="pw", **extra)


def make_council_user(username: str = "council") -> User:
    user = make_user(username, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    return user


def record_gold(price=LAHORE_24K_TOLA, **overrides):
    from gembazaar.pricing import services

    values = {"metal": "gold", "fineness": 999, "unit": "tola", "price": price, "currency": "PKR",
              "source": "Lahore Sarafa", "confirm": True}
    values.update(overrides)
    return services.record_metal_rate(**values)
