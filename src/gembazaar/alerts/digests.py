"""The saved-search digest: one email per buyer with the new listings of their due searches.

Safe to run from several workers at once and to re-run: each search is claimed with a
conditional UPDATE of its watermark (`… SET last_sent_at = now WHERE id = … AND last_sent_at =
old`), and only the worker whose UPDATE changed the row puts it in an email. The email goes out
after the claim commits (transaction.on_commit); if sending fails, the claims are given back so
the next run tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import search, selectors
from .emails import DigestSection, send_digest_email
from .models import SavedSearch

logger = logging.getLogger(__name__)

LISTINGS_PER_SEARCH = 10


@dataclass
class DigestReport:
    users: int = 0  # buyers who had due searches
    searches: int = 0  # searches claimed (checked) by this run
    emails: int = 0  # emails sent
    failed: list[int] = field(default_factory=list)  # user ids whose email could not be sent

    def as_dict(self) -> dict:
        return {"users": self.users, "searches": self.searches, "emails": self.emails, "failed": self.failed}


def digests_send(*, now: datetime | None = None) -> DigestReport:
    """Send every due digest. `now` is the end of this run's window (tests pass their own)."""
    now = now or timezone.now()
    report = DigestReport()
    due = selectors.saved_searches_due(now=now).iterator(chunk_size=500)
    for _user_id, searches in groupby(due, key=lambda saved: saved.user_id):
        searches = list(searches)
        report.users += 1
        digest_send_for_user(user=searches[0].user, searches=searches, now=now, report=report)
    return report


def _section(saved: SavedSearch, *, now: datetime) -> DigestSection:
    try:
        params = search.params_from_query(saved.query)
    except ValidationError:
        # The catalogue dropped a value this search filters on. It cannot run; its watermark
        # still moves so it is not retried every hour. The buyer sees it flagged on their page.
        logger.warning("Saved search %s no longer parses: %s", saved.pk, saved.query)
        return DigestSection(saved_search=saved, listings=[], total=0)
    listings, total = search.new_listings(params, since=saved.last_sent_at, until=now, limit=LISTINGS_PER_SEARCH)
    return DigestSection(saved_search=saved, listings=listings, total=total)


def _claim(saved: SavedSearch, *, now: datetime) -> bool:
    """Move the watermark from what we read to `now`; False when another run got there first."""
    return SavedSearch.objects.filter(pk=saved.pk, last_sent_at=saved.last_sent_at, is_active=True).update(
        last_sent_at=now) == 1


def _give_back(sections: list[DigestSection], *, now: datetime) -> None:
    """Undo our claims (only where nobody moved the watermark since) so the next run retries."""
    for section in sections:
        saved = section.saved_search
        SavedSearch.objects.filter(pk=saved.pk, last_sent_at=now).update(
            last_sent_at=saved.last_sent_at, last_emailed_at=saved.last_emailed_at)


def _send(user, sections: list[DigestSection], *, now: datetime, report: DigestReport) -> None:
    try:
        send_digest_email(user=user, sections=sections)
    except Exception:
        logger.exception("Saved-search digest to user %s failed; it will be retried next run", user.pk)
        _give_back(sections, now=now)
        report.failed.append(user.pk)
        return
    report.emails += 1


def digest_send_for_user(*, user, searches: list[SavedSearch], now: datetime,
                         report: DigestReport | None = None) -> None:
    """Check one buyer's due searches and email them what is new, in one email.

    The searches run before the claim (reads only, no locks held); a search another run
    claimed meanwhile is dropped from this email. A search with nothing new is claimed too,
    so it is not checked again until it is next due.
    """
    report = report if report is not None else DigestReport()
    sections = [_section(saved, now=now) for saved in searches]
    with transaction.atomic():
        claimed = [section for section in sections if _claim(section.saved_search, now=now)]
        report.searches += len(claimed)
        emailed = [section for section in claimed if section.listings]
        if emailed:
            SavedSearch.objects.filter(pk__in=[s.saved_search.pk for s in emailed]).update(last_emailed_at=now)
            transaction.on_commit(partial(_send, user, emailed, now=now, report=report))
