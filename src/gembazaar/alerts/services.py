"""Every write to saved searches. Views, the API, admin actions and commands call these.

The digest (the periodic email) lives in digests.py.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import search, selectors
from .describe import default_name
from .models import MAX_SAVED_SEARCHES_PER_USER, SavedSearch

NAME_MAX_LENGTH = SavedSearch._meta.get_field("name").max_length


def _query_errors(exc: ValidationError) -> dict[str, list[str]]:
    """The search engine's errors, keyed by the parameter inside `query` that is at fault."""
    if not hasattr(exc, "error_dict"):
        return {"query": exc.messages}
    return {field if field in ("query", "__all__") else f"query.{field}": messages
            for field, messages in exc.message_dict.items()}


def _duplicate_error(existing: SavedSearch | None) -> ValidationError:
    if existing is None:
        return ValidationError({"query": _("You have already saved this search.")})
    return ValidationError({"query": _("You have already saved this search as “%(name)s”.") % {"name": existing.name}})


def _clean_frequency(frequency: str, errors: dict[str, list[str]]) -> None:
    if frequency not in SavedSearch.Frequency.values:
        errors["frequency"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(SavedSearch.Frequency.values)}]


def saved_search_create(*, user, query_string: str, name: str = "",
                        frequency: str = SavedSearch.Frequency.DAILY) -> SavedSearch:
    """Save a search for a signed-in buyer and start its email digest.

    Rules: the query must be a valid search (errors name the parameter: "query.species"); it is
    stored in the engine's canonical form, so the same search saved twice is one saved search;
    the frequency is daily or weekly; a blank name is made from the filters; a buyer keeps at
    most MAX_SAVED_SEARCHES_PER_USER. The digest watermark starts now: the first email holds
    only listings published after the search was saved.
    """
    errors: dict[str, list[str]] = {}
    canonical = ""
    try:
        params, canonical = search.canonical_query(query_string)
    except ValidationError as exc:
        errors.update(_query_errors(exc))
    _clean_frequency(frequency, errors)
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("At most %(n)d characters.") % {"n": NAME_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    name = name or default_name(params)

    try:
        with transaction.atomic():
            # Lock the buyer's row so two saves at once cannot both pass the cap or the duplicate
            # check (SQLite has no row locks; its IMMEDIATE transactions serialise writers anyway).
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            existing = selectors.saved_search_find(user=user, query=canonical)
            if existing is not None:
                raise _duplicate_error(existing)
            if selectors.saved_searches_for_user(user=user).count() >= MAX_SAVED_SEARCHES_PER_USER:
                raise ValidationError({"query": _(
                    "You can keep up to %(n)d saved searches. Delete one to save another."
                ) % {"n": MAX_SAVED_SEARCHES_PER_USER}})
            now = timezone.now()
            return SavedSearch.objects.create(user=user, name=name, query=canonical, frequency=frequency,
                                              last_sent_at=now, created_at=now)
    except IntegrityError:
        # The unique (user, query) constraint: the last line of defence behind the check above.
        raise _duplicate_error(None) from None


def saved_search_update(*, user, saved_search_id: int, frequency: str | None = None,
                        is_active: bool | None = None) -> SavedSearch:
    """Change how often a saved search emails, or pause and resume it.

    Rules: only the owner's searches (another user's id raises DoesNotExist); frequency daily
    or weekly. Resuming moves the watermark to now: a buyer who paused for a month wants what
    is new from today, not a month of listings at once.
    """
    errors: dict[str, list[str]] = {}
    if frequency is not None:
        _clean_frequency(frequency, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        saved = selectors.saved_search_get_for_user(user=user, saved_search_id=saved_search_id, lock=True)
        fields = []
        if frequency is not None and frequency != saved.frequency:
            saved.frequency = frequency
            fields.append("frequency")
        if is_active is not None and is_active != saved.is_active:
            saved.is_active = is_active
            fields.append("is_active")
            if is_active:
                saved.last_sent_at = timezone.now()
                fields.append("last_sent_at")
        if fields:
            saved.save(update_fields=fields)
    return saved


def saved_search_delete(*, user, saved_search_id: int) -> None:
    """Delete one of the user's saved searches; another user's id raises DoesNotExist."""
    selectors.saved_search_get_for_user(user=user, saved_search_id=saved_search_id).delete()


def saved_search_unsubscribe(*, token: str) -> list[SavedSearch]:
    """Stop the emails a signed unsubscribe link names; the searches themselves are kept.

    Rules: the token must be intact (DomainError otherwise); it only reaches searches of the
    user it was made for; running it twice is harmless. Returns the searches now paused.
    """
    searches = selectors.saved_searches_for_unsubscribe(token=token)
    searches.filter(is_active=True).update(is_active=False)
    return list(searches)
