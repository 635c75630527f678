"""The digest: new matching listings are emailed once, one email per buyer, safe to re-run."""

import re
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gembazaar.alerts import emails
from gembazaar.alerts.digests import digest_send_for_user, digests_send
from gembazaar.alerts.models import SavedSearch
from gembazaar.alerts.selectors import saved_searches_due
from gembazaar.testing import make_gem_listing, make_jewelry_listing

from .conftest import RUBY, make_buyer, make_saved_search

pytestmark = pytest.mark.django_db

EMERALDS = "variety=emerald"
RUBIES = "variety=ruby"


@pytest.fixture
def emerald_search(buyer):
    """An emerald search checked up to a moment before the test's new listings."""
    return make_saved_search(buyer, EMERALDS, name="Swat emeralds", checked_up_to=timezone.now())


def test_a_new_matching_listing_is_emailed_with_price_and_links(buyer, emerald_search, run_digests, mailoutbox):
    new = make_gem_listing(title="Fine Mingora emerald", price="1250.00", currency="USD")

    report = run_digests(after=timedelta(days=1))

    assert report.emails == 1
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [buyer.email]
    assert "Swat emeralds" in email.subject
    assert "Fine Mingora emerald" in email.body
    assert "$1,250.00" in email.body
    assert f"{settings.SITE_URL}{new.get_absolute_url()}" in email.body
    assert f"{settings.SITE_URL}/search/?" in email.body  # see all
    html = email.alternatives[0][0]
    assert f'href="{settings.SITE_URL}{new.get_absolute_url()}"' in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/saved-searches/unsubscribe/")


def test_older_and_non_matching_listings_are_left_out(buyer, run_digests, mailoutbox):
    make_gem_listing(title="Emerald listed before the search was saved")
    saved = make_saved_search(buyer, EMERALDS, checked_up_to=timezone.now())
    make_gem_listing(title="Hunza ruby", gem=RUBY)
    make_jewelry_listing(title="22K bridal bangles")
    make_gem_listing(title="Emerald listed after")

    run_digests(after=timedelta(days=1))

    body = mailoutbox[0].body
    assert "Emerald listed after" in body
    assert "before the search was saved" not in body
    assert "Hunza ruby" not in body
    assert "bangles" not in body
    saved.refresh_from_db()
    assert saved.last_emailed_at is not None


def test_nothing_new_sends_nothing_but_moves_the_watermark(emerald_search, run_digests, mailoutbox):
    make_gem_listing(title="Hunza ruby", gem=RUBY)
    later = timezone.now() + timedelta(days=1)

    report = run_digests(now=later)

    assert mailoutbox == []
    assert report.searches == 1
    emerald_search.refresh_from_db()
    assert emerald_search.last_sent_at == later
    assert emerald_search.last_emailed_at is None


def test_running_the_digest_twice_sends_nothing_new(emerald_search, run_digests, mailoutbox):
    make_gem_listing(title="Fine Mingora emerald")
    now = timezone.now() + timedelta(days=1)

    run_digests(now=now)
    run_digests(now=now)
    run_digests(now=now + timedelta(hours=1))
    run_digests(now=now + timedelta(days=1))  # due again, but nothing new since the last email

    assert len(mailoutbox) == 1


def test_a_buyer_with_two_due_searches_gets_one_email(buyer, run_digests, mailoutbox):
    mark = timezone.now()
    make_saved_search(buyer, EMERALDS, name="Emeralds", checked_up_to=mark)
    make_saved_search(buyer, RUBIES, name="Rubies", checked_up_to=mark, frequency="weekly")
    make_gem_listing(title="Fine Mingora emerald")
    make_gem_listing(title="Hunza ruby", gem=RUBY)

    run_digests(after=timedelta(days=7))

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Emeralds" in body and "Fine Mingora emerald" in body
    assert "Rubies" in body and "Hunza ruby" in body
    assert "2 new listings" in mailoutbox[0].subject


def test_each_buyer_gets_their_own_email(buyer, other_buyer, run_digests, mailoutbox):
    mark = timezone.now()
    make_saved_search(buyer, EMERALDS, checked_up_to=mark)
    make_saved_search(other_buyer, RUBIES, checked_up_to=mark)
    make_gem_listing(title="Fine Mingora emerald")
    make_gem_listing(title="Hunza ruby", gem=RUBY)

    run_digests(after=timedelta(days=1))

    by_recipient = {email.to[0]: email.body for email in mailoutbox}
    assert set(by_recipient) == {buyer.email, other_buyer.email}
    assert "Hunza ruby" not in by_recipient[buyer.email]
    assert "Fine Mingora emerald" not in by_recipient[other_buyer.email]


def test_a_search_is_due_only_when_its_period_is_up(buyer, run_digests, mailoutbox):
    make_saved_search(buyer, EMERALDS, frequency="weekly", checked_up_to=timezone.now())
    make_gem_listing(title="Fine Mingora emerald")

    run_digests(after=timedelta(days=3))
    assert mailoutbox == []

    run_digests(after=timedelta(days=7))
    assert len(mailoutbox) == 1


def test_a_daily_digest_keeps_its_hour_despite_a_late_run(buyer):
    checked = timezone.now()
    make_saved_search(buyer, EMERALDS, checked_up_to=checked)

    # The next hourly run comes a few seconds before a full day has passed.
    assert saved_searches_due(now=checked + timedelta(days=1, seconds=-5)).count() == 1
    assert saved_searches_due(now=checked + timedelta(hours=22)).count() == 0


def test_paused_searches_and_inactive_buyers_get_nothing(buyer, run_digests, mailoutbox):
    make_saved_search(buyer, EMERALDS, is_active=False, checked_up_to=timezone.now())
    gone = make_buyer("gone")
    gone.is_active = False
    gone.save()
    make_saved_search(gone, EMERALDS, checked_up_to=timezone.now())
    make_gem_listing(title="Fine Mingora emerald")

    run_digests(after=timedelta(days=1))

    assert mailoutbox == []


def test_a_listing_published_after_the_run_began_waits_for_the_next_digest(buyer, run_digests, mailoutbox):
    saved = make_saved_search(buyer, EMERALDS, checked_up_to=timezone.now() - timedelta(days=2))
    make_gem_listing(title="Emerald one")
    cut = timezone.now()
    make_gem_listing(title="Emerald two")

    run_digests(now=cut)
    run_digests(now=cut + timedelta(days=1))

    assert [("Emerald one" in m.body, "Emerald two" in m.body) for m in mailoutbox] == [(True, False), (False, True)]
    saved.refresh_from_db()
    assert saved.last_sent_at == cut + timedelta(days=1)


def test_at_most_ten_listings_per_search_with_the_full_count(buyer, emerald_search, run_digests, mailoutbox):
    seller_listings = [make_gem_listing(title=f"Emerald number {n}") for n in range(12)]

    run_digests(after=timedelta(days=1))

    body = mailoutbox[0].body
    assert "12 new listings" in body
    shown = [listing for listing in seller_listings if f"{listing.title} —" in body]
    assert len(shown) == 10
    assert "Emerald number 11" in body  # newest first


def test_a_search_claimed_by_another_run_is_not_sent_again(buyer, emerald_search, run_digests, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    make_gem_listing(title="Fine Mingora emerald")
    now = timezone.now() + timedelta(days=1)
    stale = list(saved_searches_due(now=now))  # what a second worker read before the first one claimed

    run_digests(now=now)
    with django_capture_on_commit_callbacks(execute=True):
        digest_send_for_user(user=buyer, searches=stale, now=now + timedelta(seconds=1))

    assert len(mailoutbox) == 1


def test_a_failed_send_gives_the_claim_back_for_the_next_run(buyer, emerald_search, run_digests, mailoutbox,
                                                             monkeypatch):
    make_gem_listing(title="Fine Mingora emerald")
    watermark = emerald_search.last_sent_at

    def smtp_down(**kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("gembazaar.alerts.digests.send_digest_email", smtp_down)
    report = run_digests(after=timedelta(days=1))
    assert report.failed == [buyer.pk]
    emerald_search.refresh_from_db()
    assert emerald_search.last_sent_at == watermark
    assert emerald_search.last_emailed_at is None

    monkeypatch.setattr("gembazaar.alerts.digests.send_digest_email", emails.send_digest_email)
    run_digests(after=timedelta(days=1, hours=1))
    assert len(mailoutbox) == 1
    assert "Fine Mingora emerald" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)  # as cron runs it: autocommit, so emails go out as claims commit
def test_the_send_digests_command_sends_and_reports(mailoutbox, capsys):
    buyer = make_buyer("amina")
    make_saved_search(buyer, EMERALDS, checked_up_to=timezone.now() - timedelta(days=2))
    make_gem_listing(title="Fine Mingora emerald")

    call_command("send_digests")

    assert len(mailoutbox) == 1
    assert "Checked 1 saved searches of 1 buyers; sent 1 emails." in capsys.readouterr().out


def test_the_email_links_are_absolute(buyer, emerald_search, run_digests, mailoutbox):
    make_gem_listing(title="Fine Mingora emerald")

    run_digests(after=timedelta(days=1))

    links = re.findall(r'href="([^"]+)"', mailoutbox[0].alternatives[0][0])
    assert links
    assert all(link.startswith(settings.SITE_URL) for link in links)


# --- Two workers at once (PostgreSQL: real row locking and concurrent connections) -----------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_email(mailoutbox):
    buyer = make_buyer("amina")
    make_saved_search(buyer, EMERALDS, checked_up_to=timezone.now())
    make_gem_listing(title="Fine Mingora emerald")
    now = timezone.now() + timedelta(days=1)
    start = threading.Barrier(4)
    reports, errors = [], []

    def worker():
        try:
            start.wait(timeout=10)
            reports.append(digests_send(now=now))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(mailoutbox) == 1
    assert sum(report.searches for report in reports) == 1
    assert SavedSearch.objects.get().last_sent_at == now



def test_an_unconfirmed_address_gets_no_digest_while_a_confirmed_one_does(run_digests, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    from gembazaar.accounts.models import User
    from gembazaar.testing import make_gem_listing

    from .conftest import make_buyer, make_saved_search

    unconfirmed = User.objects.create_user(username="unconfirmed", email="u@example.org", password="pw")
    confirmed = make_buyer("confirmed")
    earlier = timezone.now() - timedelta(days=2)
    make_saved_search(unconfirmed, "species=beryl", checked_up_to=earlier)
    make_saved_search(confirmed, "species=beryl", checked_up_to=earlier)
    make_gem_listing()
    run_digests()
    assert [message.to for message in mailoutbox] == [["confirmed@example.org"]]
