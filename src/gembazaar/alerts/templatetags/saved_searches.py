"""The "save this search" offer on the search page."""

from __future__ import annotations

from django import template
from django.core.exceptions import ValidationError

from .. import search, selectors
from ..describe import default_name
from ..models import SavedSearch
from ..search import SearchParams

register = template.Library()


@register.simple_tag(takes_context=True)
def save_search_offer(context) -> dict | None:
    """What the button needs for the search on screen, or None when it cannot be saved.

    The search page passes its validated `params` (they include the buyer's display currency,
    which price ranges are typed in); without them the request's query string is used. A search
    with invalid parameters offers nothing (the page shows their errors); a search the buyer
    already saved says so instead of offering it again (one query, signed-in buyers only).
    """
    request = context.get("request")
    if request is None or context.get("errors"):
        return None
    shown = context.get("params")
    query = shown.to_query_string() if isinstance(shown, SearchParams) else request.GET.urlencode()
    try:
        params, query = search.canonical_query(query)
    except ValidationError:
        return None
    user = getattr(request, "user", None)
    saved = selectors.saved_search_find(user=user, query=query) if user and user.is_authenticated else None
    return {"query": query, "name": default_name(params), "saved": saved,
            "frequencies": SavedSearch.Frequency.choices}
