"""The one place saved searches touch the search engine (gembazaar.search).

Saved searches store the engine's canonical query string and re-run it; everything here goes
through the engine's public interface only (parse_search_params, run_search, SearchParams).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from gembazaar.search.engine import run_search
from gembazaar.search.params import parse_search_params
from gembazaar.search.types import DEFAULT_PAGE_SIZE, SearchParams

from .models import QUERY_MAX_LENGTH


def params_from_query(query: str) -> SearchParams:
    """The SearchParams of a query string; raises ValidationError keyed by parameter name."""
    return parse_search_params(QueryDict(query or ""))


def canonical_query(query: str) -> tuple[SearchParams, str]:
    """Validate a query string and return it in the engine's canonical form.

    The page position (cursor), page size, and the currency of a search without a price range are
    not part of what a buyer is looking for: they are dropped, so the same search saved from page
    1 or page 3, or while viewing prices in another currency, is one saved search.
    """
    if len(query or "") > QUERY_MAX_LENGTH:
        raise ValidationError({"query": _("This search is too long to save.")})
    params = dataclasses.replace(params_from_query(query), cursor=None, page_size=DEFAULT_PAGE_SIZE)
    if "price" not in params.ranges:
        # The currency only says what a price range is typed in; without one it changes nothing,
        # and the search page adds the buyer's display currency to every search.
        params = dataclasses.replace(params, currency=settings.REFERENCE_CURRENCY)
    canonical = params.to_query_string()
    if len(canonical) > QUERY_MAX_LENGTH:
        raise ValidationError({"query": _("This search is too long to save.")})
    return params, canonical


def new_listings(params: SearchParams, *, since: datetime, until: datetime, limit: int) -> tuple[list, int]:
    """Up to `limit` listings matching `params` published in (since, until], newest first, and the count.

    Newest first whatever the saved sort: a digest is about what is new. Listings published
    after `until` belong to the next digest window, so they are left out here.
    """
    window_params = dataclasses.replace(params, sort="newest", page_size=limit, cursor=None)
    result = run_search(window_params, since=since)
    listings = [listing for listing in result.listings
                if listing.published_at is not None and listing.published_at <= until]
    late = len(result.listings) - len(listings)
    return listings, max(result.total - late, len(listings))


def search_path(query: str, **overrides: str) -> str:
    """The search page's address for a query string, optionally with parameters replaced."""
    if overrides:
        data = QueryDict(query or "", mutable=True)
        for key, value in overrides.items():
            data[key] = value
        query = data.urlencode()
    return f"{reverse('search')}?{query}" if query else reverse("search")


def absolute(path: str) -> str:
    """An address for email: emails are read outside the site, so links carry SITE_URL."""
    return f"{settings.SITE_URL}{path}"
