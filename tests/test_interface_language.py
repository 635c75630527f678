"""No English interface text on an Urdu or Arabic page.

The key pages of a buyer's, a seller's and the council's first hour are rendered in each offered
language; every word of Latin script in what a reader sees (text, button values, labels, titles,
placeholders, alt texts) must be the sellers' or buyers' own data (titles, names, SKUs, addresses),
a code the trade writes in Latin letters everywhere (currency codes, lab names, "22K"), or the
brand. Anything else is an English sentence a translation is missing for.
"""

from __future__ import annotations

import pytest
from django.test import Client

from gembazaar.accounts.models import User

from .interface_language import LATIN_WORD, latin_words
from .key_pages import ADDRESS, make_marketplace

pytestmark = pytest.mark.django_db


@pytest.fixture
def marketplace():
    data = make_marketplace()
    own = set()
    listings = [data[name] for name in ("stone", "sold", "ruby", "ring")]
    people = [data[name] for name in ("owner", "buyer", "council", "newcomer")]
    seller = data["seller"]
    for text in [seller.trade_name, seller.legal_name, seller.market, seller.address, seller.phone,
                 *(f"{listing.title} {listing.sku} {listing.description}" for listing in listings),
                 *ADDRESS.values(), *(f"{user.username} {user.first_name} {user.email}" for user in people),
                 data["order"].number, data["checkout"].reference, "Lahore Sarafa"]:
        own.update(LATIN_WORD.findall(str(text)))
    return {**data, "own": own, "clients": {name: _client(data.get(name)) for name in
                                            ("guest", "buyer", "owner", "council", "newcomer")}}


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def key_pages(data) -> list[tuple[str, str]]:
    order = data["order"].number
    return [
        ("guest", "/"), ("guest", "/gems/"), ("guest", "/jewelry/"), ("guest", "/sellers/"),
        ("guest", "/search/?q=emerald&species=beryl&nature=natural&carat_min=1"),
        ("guest", "/search/?q=calibrated+tanzanite+parcel"),
        ("guest", data["stone"].get_absolute_url()), ("guest", data["ruby"].get_absolute_url()),
        ("guest", data["ring"].get_absolute_url()), ("guest", data["seller"].get_absolute_url()),
        ("guest", "/rates/"), ("guest", "/accounts/signup/"), ("guest", "/accounts/login/"),
        ("newcomer", "/sell/apply/"), ("newcomer", "/accounts/"),
        ("buyer", "/cart/"), ("buyer", "/checkout/"), ("buyer", f"/orders/{order}/"), ("buyer", "/orders/"),
        ("owner", "/seller/"), ("owner", "/seller/listings/"), ("owner", "/seller/listings/new/"),
        ("owner", f"/seller/listings/{data['stone'].pk}/edit/"), ("owner", f"/seller/orders/{order}/"),
        ("owner", "/seller/import/"), ("owner", "/seller/team/"), ("owner", "/seller/shipping/"),
        ("owner", "/seller/api-keys/"), ("owner", "/seller/orders/"),
        ("council", "/council/"), ("council", "/council/sellers/"), ("council", f"/council/orders/{order}/"),
        ("council", "/council/rates/"), ("council", "/council/origins/"), ("council", "/council/orders/"),
        ("council", "/council/payments/"), ("council", f"/council/payments/{data['checkout'].reference}/"),
        ("council", "/council/payments/statement/"),
    ]


@pytest.mark.parametrize("language", ["ur", "ar", "zh-hans"])
def test_key_pages_have_no_english_interface_text(marketplace, language):
    problems = []
    for who, path in key_pages(marketplace):
        response = marketplace["clients"][who].get(path, HTTP_ACCEPT_LANGUAGE=language, follow=True)
        assert response.status_code == 200, f"{who} {path}: {response.status_code}"
        html = response.content.decode()
        assert f'lang="{language}"' in html, path
        words = latin_words(html, marketplace["own"] | set(LATIN_WORD.findall(path)), language)
        if words:
            problems.append(f"{who} {path}: {' '.join(dict.fromkeys(words))}")
    assert not problems, f"English on {language} pages:\n" + "\n".join(problems)


def test_the_check_finds_an_english_sentence():
    html = '<p>خوش آمدید</p><button aria-label="Close the panel">×</button><p translate="no">Swat</p>'
    assert latin_words(html, set()) == ["Close", "the", "panel"]


def test_the_marketplaces_identifiers_are_not_words_but_english_beside_them_is():
    """A checkout reference's random letters (GBC-2612-HWYQPAG7) once failed a run as "English"."""
    html = "<p>طلب GBC-2612-HWYQPAG7 · GB-2612-CQFZM · S0012-2026-000017 Pending</p>"
    assert latin_words(html, set(), "ar") == ["Pending"]
