"""The digest is written in the buyer's language; in Urdu and Arabic its HTML reads right to left."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gembazaar.testing import make_gem_listing

from .conftest import make_saved_search

pytestmark = pytest.mark.django_db


def digest_for(buyer, run_digests, mailoutbox):
    make_saved_search(buyer, "variety=emerald", name="Swat emeralds", checked_up_to=timezone.now())
    make_gem_listing(title="Fine Mingora emerald", price="1250.00", currency="USD")
    run_digests(after=timedelta(days=1))
    [email] = mailoutbox
    return email, email.alternatives[0][0]


def test_an_arabic_digest_is_in_arabic_and_right_to_left(buyer, run_digests, mailoutbox):
    buyer.preferred_language = "ar"
    buyer.save(update_fields=["preferred_language"])

    email, html = digest_for(buyer, run_digests, mailoutbox)

    assert '<html lang="ar" dir="rtl">' in html
    assert "معروضات جديدة تطابق عمليات بحثك المحفوظة على GemBazaar." in email.body
    assert "New listings match" not in email.body and "New listings match" not in html
    assert email.extra_headers["Content-Language"] == "ar"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # kept


def test_an_urdu_digest_is_right_to_left(buyer, run_digests, mailoutbox):
    buyer.preferred_language = "ur"
    buyer.save(update_fields=["preferred_language"])

    _email, html = digest_for(buyer, run_digests, mailoutbox)

    assert '<html lang="ur" dir="rtl">' in html


def test_a_buyer_without_a_preference_gets_english_left_to_right(buyer, run_digests, mailoutbox):
    email, html = digest_for(buyer, run_digests, mailoutbox)

    assert '<html lang="en" dir="ltr">' in html
    assert "New listings match your saved searches on GemBazaar." in email.body and "$1,250.00" in email.body
