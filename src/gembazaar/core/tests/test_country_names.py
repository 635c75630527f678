"""Country names in the reader's language (CLDR through Babel): sign-up list, origin facet, search.

django-countries has no Urdu names; every offered language must name countries in its own script.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from gembazaar.testing import make_gem_listing

LATIN = re.compile(r"[A-Za-z]")


def latin(name: str) -> bool:
    # CLDR writes Hong Kong and Macao in Urdu as "… SAR چین": the abbreviation is CLDR's own.
    return bool(LATIN.search(name.replace("SAR", "")))


@pytest.mark.parametrize(("language", "pakistan"), [("en", "Pakistan"), ("ur", "پاکستان"), ("ar", "باكستان"),
                                                    ("zh-hans", "巴基斯坦"), ("fr", "Pakistan")])
def test_every_offered_language_names_every_country(language, pakistan):
    with translation.override(language):
        assert countries.name("PK") == pakistan
        names = [name for _code, name in countries]
    assert len(names) >= 249
    if language in {"ur", "ar", "zh-hans"}:
        assert [name for name in names if latin(name)] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "pakistan"), [("ur", "پاکستان"), ("ar", "باكستان")])
def test_the_sign_up_list_and_the_origin_facet_are_in_the_readers_language(client, language, pakistan):
    page = client.get(reverse("signup"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    options = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', page)
    assert len(options) >= 249 and pakistan in options
    assert [name for name in options if latin(name)] == []
    make_gem_listing(origin_locality="swat_mingora")
    search = client.get(reverse("search"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert pakistan in search
