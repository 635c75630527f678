"""People and sellers for the seller centre: two businesses with an owner each, and a buyer."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from gembazaar.accounts.models import User
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_seller


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password="pw",
                                    email_confirmed=True, email_confirmed_at=timezone.now())


def make_member(seller, username: str) -> User:
    user = make_user(username)
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.OWNER)
    return user


@pytest.fixture
def seller(db):
    return make_seller()


@pytest.fixture
def other_seller(db):
    return make_seller()


@pytest.fixture
def seller_client(client, seller):
    client.force_login(make_member(seller, "alice"))
    return client


@pytest.fixture
def other_client(other_seller):
    client = Client()
    client.force_login(make_member(other_seller, "bob"))
    return client
