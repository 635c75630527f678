"""Labels of facet values in the active language, resolved once per language (labels are lazy)."""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language, override
from django_countries import countries

from .facets import FACETS_BY_NAME, FIXED
from .index import Snapshot


@cache
def _fixed_labels(name: str, language: str) -> dict[str, str]:
    with override(language):
        return {code: str(label) for code, label in FACETS_BY_NAME[name].terms()}


@cache
def _country_name(code: str, language: str) -> str:
    with override(language):
        return str(countries.name(code)) or code


def fixed_labels(name: str) -> dict[str, str]:
    return _fixed_labels(name, get_language() or "en")


def value_label(snapshot: Snapshot, name: str, value: str) -> str:
    """The label of one filter value (a seller's trade name, a country's name, a vocabulary label)."""
    if name == "seller":
        code = snapshot.sellers.codes_by_slug.get(value)
        return snapshot.sellers.names.get(code, value) if code is not None else value
    if name == "origin_country":
        return _country_name(value, get_language() or "en")
    if FACETS_BY_NAME[name].kind == FIXED:
        return fixed_labels(name).get(value, value)
    return value
