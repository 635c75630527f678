"""Saved-search endpoints for the signed-in buyer (browser session). Handlers stay thin."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from gembazaar.core.api import ErrorOut, ValidationErrorOut

from . import selectors, services
from .models import SavedSearch

# Session auth: the browser's cookie, with Django's CSRF check on writes. Anonymous → 401.
router = Router(tags=["saved searches"], auth=django_auth)


class SavedSearchIn(Schema):
    query: str = Field(description="The search's query string, as on the search page (e.g. `species=beryl&"
                                   "carat_min=1`). Stored in canonical form.", max_length=4000)
    name: str = Field("", description="Blank: a name is made from the filters.", max_length=200)
    frequency: SavedSearch.Frequency = SavedSearch.Frequency.DAILY


class SavedSearchOut(Schema):
    id: int
    name: str
    query: str = Field(description="Canonical query string.")
    description: list[str] = Field(description="The search's text and filters in words.")
    search_url: str = Field(description="The search page for this search.")
    frequency: str
    is_active: bool = Field(description="False when its emails are paused (unsubscribed).")
    last_sent_at: datetime = Field(description="Digest watermark: listings published after it are new.")
    last_emailed_at: datetime | None
    created_at: datetime


class SavedSearchListOut(Schema):
    count: int
    items: list[SavedSearchOut]


def _out(row: selectors.SavedSearchRow) -> dict:
    saved = row.saved_search
    return {
        "id": saved.pk, "name": saved.name, "query": saved.query, "description": row.phrases,
        "search_url": row.search_path, "frequency": saved.frequency, "is_active": saved.is_active,
        "last_sent_at": saved.last_sent_at, "last_emailed_at": saved.last_emailed_at,
        "created_at": saved.created_at,
    }


@router.get("/saved-searches", response={200: SavedSearchListOut, 401: ErrorOut},
            operation_id="saved_searches_list", summary="My saved searches")
def saved_searches_list(request: HttpRequest):
    """The signed-in buyer's saved searches, newest first (at most 25, so one page)."""
    rows = selectors.saved_search_rows(user=request.user)
    return {"count": len(rows), "items": [_out(row) for row in rows]}


@router.post("/saved-searches", response={201: SavedSearchOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
             operation_id="saved_search_create", summary="Save a search")
def saved_search_create(request: HttpRequest, payload: SavedSearchIn):
    """Save a search and start its email digest. A bad filter answers 422 naming it (`query.species`)."""
    saved = services.saved_search_create(user=request.user, query_string=payload.query, name=payload.name,
                                         frequency=payload.frequency)
    return Status(201, _out(selectors.saved_search_row(saved_search=saved)))


@router.delete("/saved-searches/{saved_search_id}", response={204: None, 401: ErrorOut, 403: ErrorOut,
                                                              404: ErrorOut},
               operation_id="saved_search_delete", summary="Delete a saved search")
def saved_search_delete(request: HttpRequest, saved_search_id: int):
    """Delete one of the buyer's saved searches; another buyer's id answers 404."""
    services.saved_search_delete(user=request.user, saved_search_id=saved_search_id)
    return Status(204, None)
