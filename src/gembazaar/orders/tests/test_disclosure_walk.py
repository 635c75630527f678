"""Every place a stone is named for sale says what it is (issue 14, FTC 16 CFR 23, CIBJO).

A synthetic, an imitation, a lead-glass composite and a heated natural stone, each with a neutral
title ("Ruby 2.05 ct oval"), are walked from the search card to the order emails: pages, the
buyer's, seller's and council's order screens, the emails, and every API shape (listing card and
detail, cart, checkout quote, order for buyer, seller and council). Each must carry the full name
with its qualifier and the treatments that must be disclosed.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gembazaar.catalogue.disclosure import qualified_title, stone_name
from gembazaar.orders import emails
from gembazaar.sellers.api_keys import api_key_create
from gembazaar.sellers.tests.conftest import council_user as council_user  # a fixture
from gembazaar.testing import make_gem_listing

from .conftest import ADDRESS, add, make_member, place

pytestmark = pytest.mark.django_db

# nature, spec, the words every place must show, the treatment words it must show
STONES = {
    "synthetic": ({"species": "corundum", "variety": "ruby", "nature": "synthetic", "colour": "red",
                   "treatments": "N"}, "Synthetic ruby", "Not enhanced (N)"),
    "imitation": ({"species": "glass", "variety": "", "nature": "imitation", "imitates": "ruby", "colour": "red",
                   "clarity": "EC", "treatments": "N"}, "Imitation ruby (glass)", "Not enhanced (N)"),
    "composite": ({"species": "corundum", "variety": "pink_sapphire", "nature": "composite", "colour": "pink",
                   "treatments": "F"}, "Composite pink sapphire (lead-glass filled)", "Filling (F)"),
    "heated": ({"species": "corundum", "variety": "ruby", "nature": "natural", "colour": "red",
                "treatments": "H"}, "Ruby", "Heating (H)"),
}
QUALIFIED_TITLE = {"synthetic": "Synthetic Ruby 2.05 ct oval", "imitation": "Imitation Ruby 2.05 ct oval",
                   "composite": "Composite Ruby 2.05 ct oval", "heated": "Ruby 2.05 ct oval"}


def _text(response) -> str:
    """The page as a reader sees it: tags gone, entities decoded, spaces collapsed."""
    body = response.content.decode()
    assert response.status_code == 200, body[:500]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(params=list(STONES))
def case(request, seller):
    spec, name, treatments = STONES[request.param]
    listing = make_gem_listing(seller=seller, title="Ruby 2.05 ct oval", price=Decimal("900.00"), currency="USD",
                               origin_locality="", origin_country="", gem={**spec, "carat": Decimal("2.050")})
    return request.param, listing, name, treatments


def test_the_disclosed_name_is_built_in_one_place():
    assert stone_name(species="corundum", variety="ruby", nature="synthetic") == "Synthetic ruby"
    assert stone_name(species="glass", nature="imitation", imitates="emerald") == "Imitation emerald (glass)"
    assert stone_name(species="corundum", variety="ruby", nature="composite",
                      treatments="F") == "Composite ruby (lead-glass filled)"
    assert stone_name(species="tourmaline", variety="paraiba", nature="synthetic") == "Synthetic Paraíba tourmaline"
    assert qualified_title("Lab-grown ruby, 2 ct", nature="synthetic") == "Lab-grown ruby, 2 ct"
    assert qualified_title("Ruby doublet", nature="composite") == "Ruby doublet"
    assert qualified_title("Ruby 2 ct", nature="imitation") == "Imitation Ruby 2 ct"


def test_every_page_names_the_stone_for_what_it_is(client, buyer, seller, case, council_user):
    nature, listing, name, treatments = case
    title = QUALIFIED_TITLE[nature]
    client.force_login(buyer)

    places = {"listing page": client.get(listing.get_absolute_url()),
              "search card": client.get(reverse("search"), {"nature": STONES[nature][0]["nature"]})}
    add(buyer, listing)
    places["cart"] = client.get(reverse("orders:cart"))
    places["checkout"] = client.get(reverse("orders:checkout"))
    form = {f"shipping_{key}": value for key, value in ADDRESS.items()}
    client.post(reverse("orders:checkout"), {**form, "billing_same": "on", f"method_{seller.pk}": "standard"})
    places["checkout review"] = client.get(reverse("orders:checkout_review"))
    order = place(buyer).orders[0]
    places["buyer's order"] = client.get(reverse("orders:my_order", args=[order.number]))
    places["buyer's orders"] = client.get(reverse("orders:my_orders"))
    seller_client = Client()
    seller_client.force_login(make_member(seller))
    places["seller's order"] = seller_client.get(reverse("orders:seller_order", args=[order.number]))
    places["seller's orders"] = seller_client.get(reverse("orders:seller_orders"))
    council = Client()
    council.force_login(council_user)
    places["council's order"] = council.get(reverse("orders:council_order", args=[order.number]))

    for where, response in places.items():
        text = _text(response)
        assert title in text, f"{where}: no “{title}”"
        if where not in {"search card", "buyer's orders", "seller's orders"}:  # lists show the title only
            assert name in text, f"{where}: no “{name}”"
            assert treatments in text, f"{where}: no “{treatments}”"

    mail.outbox.clear()
    make_member(seller, "owner-mail")
    assert emails.send_status_email(event_id=order.events.get(to_status="awaiting_payment").pk) == 1
    assert emails.send_seller_new_order_email(order_id=order.pk) >= 1
    sent = {message.subject: message.body for message in mail.outbox}
    assert len(sent) == 2
    for subject, body in sent.items():
        assert title in body and name in body and treatments in body, subject


def test_every_api_shape_names_the_stone_for_what_it_is(client, buyer, seller, case):
    nature, listing, name, _ = case
    title = QUALIFIED_TITLE[nature]
    client.force_login(buyer)
    key = api_key_create(seller=seller, name="ERP", created_by=None)[1]
    add(buyer, listing)

    card = next(item for item in client.get("/api/v1/listings?page_size=100").json()["items"]
                if item["id"] == listing.pk)
    detail = client.get(f"/api/v1/listings/{listing.pk}").json()
    cart_line = client.get("/api/v1/cart").json()["groups"][0]["lines"][0]
    quote = client.post("/api/v1/checkout/quote", json.dumps({
        "currency": "USD", "shipping_country": "PK", "shipping_methods": {}}),
        content_type="application/json").json()["groups"][0]["lines"][0]
    order = place(buyer).orders[0]
    orders = {
        "buyer": client.get(f"/api/v1/orders/{order.number}").json(),
        "seller": Client().get(f"/api/v1/seller/orders/{order.number}",
                               headers={"Authorization": f"Bearer {key}"}).json(),
    }

    assert card["title"] == detail["title"] == cart_line["title"] == quote["title"] == title
    assert card["seller_title"] == "Ruby 2.05 ct oval"
    assert card["gem"]["name"] == detail["gem"]["name"] == name
    codes = STONES[nature][0]["treatments"].split(",")
    for shape in (cart_line, quote):
        assert shape["disclosure"]["name"] == name
        assert shape["disclosure"]["nature"]["code"] == STONES[nature][0]["nature"]
        assert [t["code"] for t in shape["disclosure"]["treatments"]] == codes
    for who, data in orders.items():
        line = data["lines"][0]
        assert line["title"] == title, who
        assert line["disclosure"]["name"] == name, who
        assert [t["code"] for t in line["disclosure"]["treatments"]] == codes, who
