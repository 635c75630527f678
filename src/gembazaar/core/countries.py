"""Country names in the reader's language, from CLDR through Babel.

django-countries ships no Urdu, and its Arabic and Chinese names are incomplete; CLDR names
every territory in every language the site offers. Each name is a lazy string that resolves in
the language active when it is shown (settings.COUNTRIES_OVERRIDE), so the sign-up list, the
origin facet, addresses and the query understanding all read "پاکستان" in Urdu. English keeps
django-countries' names, which the codes and tests were written against.
"""

from __future__ import annotations

from functools import cache, partial

from babel import Locale, UnknownLocaleError
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django_countries.data import COUNTRIES

from .money import babel_locale


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(babel_locale(language)).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(code: str) -> str:
    """The name of a country in the active language (CLDR), English from django-countries."""
    language = (get_language() or "en").lower()
    english = str(COUNTRIES.get(code, code))
    if language.startswith("en"):
        return english
    return _territories(language).get(code) or english


def cldr_overrides() -> dict[str, Promise]:
    """Every country's name as a lazy string, for settings.COUNTRIES_OVERRIDE."""
    return {code: lazy(partial(country_name, code), str)() for code in COUNTRIES}
