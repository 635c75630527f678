"""The URL ⇄ SearchParams: validation with errors named by parameter, and the canonical query string.

Unknown parameters (utm_source, page …) are ignored; every known one is checked, and all the
problems are reported at once, each under the parameter's own name ("carat_min", "species").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gembazaar.core import fx
from gembazaar.core.errors import DomainError

from . import cursor as cursors
from .facets import FACETS_BY_NAME, RANGES, is_known_value
from .types import (
    DEFAULT_PAGE_SIZE,
    FLAG_FILTERS,
    MAX_PAGE_SIZE,
    MULTI_FILTERS,
    SORTS,
    SearchParams,
)

MAX_QUERY_LENGTH = 200
MAX_VALUES = 50  # values of one filter: more is not a search a person makes
MAX_BOUND = Decimal(10) ** 12
TRUE_WORDS = {"1", "true", "on", "yes"}
FALSE_WORDS = {"", "0", "false", "off", "no"}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def _getlist(data: Mapping, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _last(data: Mapping, name: str) -> str | None:
    values = _getlist(data, name)
    return values[-1].strip() if values else None


def parse_search_params(data: Mapping) -> SearchParams:
    """A validated SearchParams from a QueryDict or a plain mapping; ValidationError keyed by parameter."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    q = CONTROL_CHARACTERS.sub(" ", _last(data, "q") or "")
    q = " ".join(q.split())
    if len(q) > MAX_QUERY_LENGTH:
        fail("q", _("Use at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH})

    filters = {}
    for name in MULTI_FILTERS:
        values = sorted({v.strip() for raw in _getlist(data, name) for v in raw.split(",") if v.strip()})
        if len(values) > MAX_VALUES:
            fail(name, _("Choose at most %(max)d values.") % {"max": MAX_VALUES})
            continue
        unknown = [v for v in values if not is_known_value(name, v)]
        if unknown:
            fail(name, _("Unknown %(filter)s: %(values)s.") % {
                "filter": str(FACETS_BY_NAME[name].label).lower(), "values": ", ".join(v[:40] for v in unknown[:5])})
        elif values:
            filters[name] = tuple(values)

    ranges = {}
    for spec in RANGES:
        low = _bound(data, f"{spec.name}_min", fail)
        high = _bound(data, f"{spec.name}_max", fail)
        if low is not None and high is not None and low > high:
            fail(f"{spec.name}_min", _("The minimum is above the maximum."))
        elif low is not None or high is not None:
            ranges[spec.name] = (low, high)

    flags = set()
    for name in FLAG_FILTERS:
        value = (_last(data, name) or "").lower()
        if value in TRUE_WORDS:
            flags.add(name)
        elif value not in FALSE_WORDS:
            fail(name, _("Use 1 (on) or 0 (off)."))

    currency = (_last(data, "currency") or settings.REFERENCE_CURRENCY).upper()
    if currency not in settings.DISPLAY_CURRENCIES:
        fail("currency", _("Choose one of: %(allowed)s.") % {"allowed": ", ".join(settings.DISPLAY_CURRENCIES)})
    else:
        try:
            fx.from_reference(Decimal(1), currency)
        except DomainError:
            fail("currency", _("There is no exchange rate for %(currency)s yet.") % {"currency": currency})

    sort = _last(data, "sort") or "relevance"
    if sort not in SORTS:
        fail("sort", _("Choose one of: %(allowed)s.") % {"allowed": ", ".join(SORTS)})

    page_size = DEFAULT_PAGE_SIZE
    raw_size = _last(data, "page_size")
    if raw_size:
        try:
            page_size = int(raw_size)
            if not 1 <= page_size <= MAX_PAGE_SIZE:
                raise ValueError
        except ValueError:
            fail("page_size", _("Use a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE})

    token = _last(data, "cursor") or None
    if token and "sort" not in errors and "q" not in errors:
        try:
            decoded = cursors.decode(token)
            if decoded.sort != sort or decoded.mode != ("rank" if q and sort == "relevance" else "key"):
                raise cursors.BadCursor("another search")
        except cursors.BadCursor:
            fail("cursor", _("This page link is no longer valid; start again from the first page."))

    if errors:
        raise ValidationError(errors)
    return SearchParams(q=q, filters=filters, ranges=ranges, flags=frozenset(flags), currency=currency,
                        sort=sort, page_size=page_size, cursor=token)


def _bound(data: Mapping, name: str, fail) -> Decimal | None:
    raw = _last(data, name)
    if not raw:
        return None
    try:
        value = Decimal(raw.replace(",", ""))
    except (InvalidOperation, ValueError):
        fail(name, _("Enter a number."))
        return None
    if not value.is_finite():
        fail(name, _("Enter a number."))
    elif value < 0:
        fail(name, _("Enter zero or more."))
    elif value > MAX_BOUND:
        fail(name, _("Enter a smaller number."))
    else:
        return value
    return None
