"""Fixtures of the saved-search tests: buyers, a digest runner with its own clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from gembazaar.accounts.models import User
from gembazaar.alerts.digests import digests_send
from gembazaar.alerts.models import SavedSearch

RUBY = {"species": "corundum", "variety": "ruby", "clarity": "SI", "treatments": "H"}


def make_buyer(name: str = "amina") -> User:
    return User.objects.create_user(username=name, email=f"{name}@example.org", password="pw", first_name=name.title(),
                                    email_confirmed=True, email_confirmed_at=timezone.now())


@pytest.fixture
def buyer(db) -> User:
    return make_buyer("amina")


@pytest.fixture
def other_buyer(db) -> User:
    return make_buyer("bilal")


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


def make_saved_search(user, query: str, *, name: str = "", frequency: str = "daily", checked_up_to=None,
                      **overrides) -> SavedSearch:
    """A saved search written directly, with the watermark where the test wants it."""
    checked_up_to = checked_up_to or timezone.now()
    return SavedSearch.objects.create(user=user, query=query, name=name or query, frequency=frequency,
                                      last_sent_at=checked_up_to, created_at=checked_up_to, **overrides)


@pytest.fixture
def run_digests(django_capture_on_commit_callbacks):
    """Run the digest as the worker would, at a given time; emails go out on commit."""

    def run(*, now=None, after: timedelta | None = None):
        now = now or timezone.now() + (after or timedelta(0))
        with django_capture_on_commit_callbacks(execute=True):
            return digests_send(now=now)

    return run
