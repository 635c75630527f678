"""No English interface text on an Urdu or Arabic page.

The key pages of a buyer's, a seller's and the council's first hour are rendered in each offered
language; every word of Latin script in what a reader sees (text, button values, labels, titles,
placeholders, alt texts) must be the sellers' or buyers' own data (titles, names, SKUs, addresses),
a code the trade writes in Latin letters everywhere (currency codes, lab names, "22K"), or the
brand. Anything else is an English sentence a translation is missing for.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.orders.services import cart as cart_services
from gembazaar.orders.services import checkout as checkout_services
from gembazaar.pricing import services as pricing
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller, seed_shipping_zones

from .interface_language import LATIN_WORD, latin_words

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Sara Khan", "line1": "12 Mall Road", "line2": "", "city": "Lahore", "region": "Punjab",
           "postal_code": "54000", "country": "PK", "phone": "0300 1234567"}


def _user(username: str, *, staff: bool = False) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password="pw",
                                    first_name=username.title(), email_confirmed=True,
                                    email_confirmed_at=timezone.now())
    if staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    return user


@pytest.fixture
def marketplace():
    seed_shipping_zones()
    pricing.record_metal_rate(metal="gold", fineness=999, unit="tola", price=Decimal("452300"), currency="PKR",
                              source="Lahore Sarafa", confirm=True)
    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora", market="Gem Market")
    owner = _user("olivia")
    SellerMember.objects.create(seller=seller, user=owner, role=SellerMember.Role.OWNER)
    stone = make_gem_listing(seller=seller, title="Oiled emerald from Swat", price=Decimal("1250.00"))
    sold = make_gem_listing(seller=seller, title="Swat emerald pair", price=Decimal("480.00"))
    ruby = make_gem_listing(seller=seller, title="Hunza ruby", gem={
        "species": "corundum", "variety": "ruby", "clarity": "SI", "treatments": "H", "colour": "red"})
    ring = make_jewelry_listing(seller=seller, title="Gold ring")
    buyer = _user("sara")
    cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=sold.pk)
    placed = checkout_services.checkout_place(user=buyer, idempotency_key=uuid.uuid4().hex, currency="USD",
                                              shipping_address=dict(ADDRESS), shipping_methods={})
    cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=stone.pk)
    council = _user("council", staff=True)
    newcomer = _user("nadia")
    own = set()
    for text in [seller.trade_name, seller.legal_name, seller.market, seller.address, seller.phone,
                 *(listing.title for listing in (stone, sold, ruby, ring)),
                 *(listing.sku for listing in (stone, sold, ruby, ring)),
                 *(listing.description for listing in (stone, sold, ruby, ring)),
                 *ADDRESS.values(), *(user.username for user in (owner, buyer, council, newcomer)),
                 *(user.first_name for user in (owner, buyer, council, newcomer)),
                 *(user.email for user in (owner, buyer, council, newcomer)),
                 placed.orders[0].number, placed.checkout.reference, "Lahore Sarafa"]:
        own.update(LATIN_WORD.findall(str(text)))
    return {"seller": seller, "stone": stone, "ruby": ruby, "ring": ring, "order": placed.orders[0],
            "clients": {name: _client(user) for name, user in
                        [("guest", None), ("buyer", buyer), ("seller", owner), ("council", council),
                         ("newcomer", newcomer)]},
            "own": own}


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
        ("seller", "/seller/"), ("seller", "/seller/listings/"), ("seller", "/seller/listings/new/"),
        ("seller", f"/seller/listings/{data['stone'].pk}/edit/"), ("seller", f"/seller/orders/{order}/"),
        ("seller", "/seller/import/"), ("seller", "/seller/team/"), ("seller", "/seller/shipping/"),
        ("seller", "/seller/api-keys/"), ("seller", "/seller/orders/"),
        ("council", "/council/"), ("council", "/council/sellers/"), ("council", f"/council/orders/{order}/"),
        ("council", "/council/rates/"), ("council", "/council/origins/"), ("council", "/council/orders/"),
    ]


@pytest.mark.parametrize("language", ["ur", "ar"])
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
