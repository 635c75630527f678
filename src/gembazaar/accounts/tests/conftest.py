import itertools
import uuid

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.sellers.models import Seller, SellerMember

PASSWORD = "a-long-pass-phrase"
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # Rate-limit counters live in the cache: each test gets an empty one of its own, and never
    # clears a cache (perhaps a Redis) that other tests or processes share.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"accounts-test-{uuid.uuid4().hex}"}}


def make_user(**overrides) -> User:
    n = next(_numbers)
    values = {"username": f"person{n}", "email": f"person{n}@example.org", "password": PASSWORD}
    values.update(overrides)
    return User.objects.create_user(**values)


def make_seller(**overrides) -> Seller:
    n = next(_numbers)
    values = {"legal_name": f"Gem House {n} (Pvt) Ltd", "trade_name": f"Gem House {n}", "slug": f"gem-house-{n}",
              "city": "Peshawar", "status": Seller.Status.VERIFIED, "verified_at": timezone.now()}
    values.update(overrides)
    return Seller.objects.create(**values)


def make_member(user: User, seller: Seller | None = None, role: str = "owner") -> SellerMember:
    return SellerMember.objects.create(user=user, seller=seller or make_seller(), role=role)


@pytest.fixture
def buyer(db) -> User:
    return make_user(username="amina", email="Amina@Example.org", first_name="Amina")


@pytest.fixture
def council_user(db) -> User:
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    return user
