"""The email's unsubscribe link: works without signing in, asks before acting, cannot be forged."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from gembazaar.alerts.models import SavedSearch
from gembazaar.alerts.tokens import make_unsubscribe_token
from gembazaar.testing import make_gem_listing

from .conftest import make_saved_search

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL):]


@pytest.fixture
def emailed(buyer, run_digests, mailoutbox):
    """A digest was sent for one emerald search; returns (search, email)."""
    saved = make_saved_search(buyer, "variety=emerald", name="Emeralds", checked_up_to=timezone.now())
    make_gem_listing(title="Fine Mingora emerald")
    run_digests(after=timedelta(days=1))
    return saved, mailoutbox[0]


def test_the_link_in_the_email_stops_that_search_without_signing_in(client, emailed, run_digests, mailoutbox):
    saved, email = emailed
    link = re.search(r"Stop emails for this search: (\S+)", email.body).group(1)

    asked = client.get(_path(link))
    assert asked.status_code == 200
    assert "Emeralds" in asked.content.decode()
    saved.refresh_from_db()
    assert saved.is_active  # a link preview or mail scanner must not unsubscribe anyone

    done = client.post(_path(link))
    assert done.status_code == 200
    assert "no more emails" in done.content.decode()
    saved.refresh_from_db()
    assert saved.is_active is False

    make_gem_listing(title="Another emerald")
    run_digests(after=timedelta(days=3))
    assert len(mailoutbox) == 1


def test_one_click_unsubscribe_from_the_mail_client(client, emailed):
    saved, email = emailed
    url = email.extra_headers["List-Unsubscribe"].strip("<>")

    # RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click", without cookies or CSRF token.
    response = client.post(_path(url), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.is_active is False


def test_unsubscribing_twice_is_harmless(client, emailed):
    saved, email = emailed
    url = _path(email.extra_headers["List-Unsubscribe"].strip("<>"))

    client.post(url)

    assert client.post(url).status_code == 200
    saved.refresh_from_db()
    assert saved.is_active is False


def test_a_tampered_token_is_refused_and_changes_nothing(client, buyer, other_buyer):
    theirs = make_saved_search(other_buyer, "variety=emerald")
    token = make_unsubscribe_token(user_id=buyer.pk, saved_search_ids=[theirs.pk + 1000])
    forged = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]

    for method in (client.get, client.post):
        response = method(f"/saved-searches/unsubscribe/{forged}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.is_active


def test_a_token_made_for_one_buyer_does_not_reach_another_buyers_search(client, buyer, other_buyer):
    theirs = make_saved_search(other_buyer, "variety=emerald")
    token = make_unsubscribe_token(user_id=buyer.pk, saved_search_ids=[theirs.pk])

    client.post(f"/saved-searches/unsubscribe/{token}/")

    theirs.refresh_from_db()
    assert theirs.is_active


def test_a_token_signed_for_something_else_is_refused(client, buyer):
    from django.core import signing

    saved = make_saved_search(buyer, "variety=emerald")
    token = signing.dumps({"u": buyer.pk, "s": [saved.pk]})  # right shape, wrong salt

    assert client.post(f"/saved-searches/unsubscribe/{token}/").status_code == 400
    assert SavedSearch.objects.get(pk=saved.pk).is_active
