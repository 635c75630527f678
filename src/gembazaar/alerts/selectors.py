"""Reads of saved searches. Every read of a buyer's searches takes the acting user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.sellers.models import Seller

from . import search
from .describe import describe
from .models import SavedSearch
from .tokens import read_unsubscribe_token

# The beat runs hourly and each digest moves the watermark to the moment it ran, so a daily
# search checked at 10:00:05 would miss 10:00:03 the next day and wait for 11:00. Half the
# beat interval of slack keeps a daily digest at the same hour.
DUE_SLACK = timedelta(minutes=30)


def saved_searches_for_user(*, user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("-created_at", "-id")


def saved_search_get_for_user(*, user, saved_search_id: int, lock: bool = False) -> SavedSearch:
    """One of the user's saved searches; another user's id raises SavedSearch.DoesNotExist.

    `lock=True` takes a row lock (inside the caller's transaction) for a read-modify-write.
    """
    queryset = SavedSearch.objects.select_for_update() if lock else SavedSearch.objects
    return queryset.get(pk=saved_search_id, user=user)


def saved_searches_for_unsubscribe(*, token: str) -> QuerySet[SavedSearch]:
    """The saved searches a signed unsubscribe link names (of the user it was made for only).

    Raises DomainError when the token was altered or made up.
    """
    try:
        request = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise DomainError(_("This unsubscribe link is not valid. Sign in to manage your saved searches."),
                          code="invalid_token", field="token") from None
    return SavedSearch.objects.filter(user_id=request.user_id, pk__in=request.saved_search_ids).order_by("name", "id")


def saved_search_find(*, user, query: str) -> SavedSearch | None:
    """The user's saved search for this canonical query string, if there is one."""
    return SavedSearch.objects.filter(user=user, query=query).first()


def saved_searches_due(*, now: datetime) -> QuerySet[SavedSearch]:
    """Active searches of active users whose digest is due at `now`, grouped by user.

    Only confirmed addresses get digests: we never mail an address its owner has not proved.
    """
    due = Q()
    for frequency, period in SavedSearch.PERIODS.items():
        due |= Q(frequency=frequency, last_sent_at__lte=now - period + DUE_SLACK)
    return (
        SavedSearch.objects.filter(due, is_active=True, user__is_active=True, user__email_confirmed=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "id")
    )


@dataclass
class SavedSearchRow:
    """A saved search as the "My saved searches" page and the API show it."""

    saved_search: SavedSearch
    phrases: list[str]
    search_path: str
    valid: bool  # False when the catalogue no longer knows one of its filter values

    @property
    def email_choice(self) -> str:
        """The email setting as one choice: a frequency, or "off" when paused."""
        return self.saved_search.frequency if self.saved_search.is_active else "off"


def _rows(saved: list[SavedSearch]) -> list[SavedSearchRow]:
    parsed = {}
    for item in saved:
        try:
            parsed[item.pk] = search.params_from_query(item.query)
        except ValidationError:
            parsed[item.pk] = None
    slugs = {slug for params in parsed.values() if params for slug in params.filters.get("seller", ())}
    seller_names = dict(Seller.objects.filter(slug__in=slugs).values_list("slug", "trade_name")) if slugs else {}
    return [
        SavedSearchRow(
            saved_search=item,
            phrases=describe(parsed[item.pk], seller_names=seller_names) if parsed[item.pk] else [item.query],
            search_path=search.search_path(item.query),
            valid=parsed[item.pk] is not None,
        )
        for item in saved
    ]


def saved_search_rows(*, user) -> list[SavedSearchRow]:
    """The user's saved searches with their filters in words, in a fixed number of queries."""
    return _rows(list(saved_searches_for_user(user=user)))


def saved_search_row(*, saved_search: SavedSearch) -> SavedSearchRow:
    return _rows([saved_search])[0]
