"""A rough diamond crosses a border only with a Kimberley Process certificate: an order with one
whose snapshot carries no certificate number cannot be marked shipped (400 naming kp_certificate);
with one, it ships."""

import json
from decimal import Decimal

import pytest

from gembazaar.orders.export_rules import is_rough_diamond, lines_missing_kp_certificate
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.sellers.tests.conftest import make_council_user
from gembazaar.testing import make_gem_listing

from .conftest import add, make_member, place

pytestmark = pytest.mark.django_db

ROUGH = {"species": "diamond", "variety": "", "nature": "natural", "shape": "rough", "cutting_style": "",
         "carat": Decimal("3.400"), "colour": "", "clarity": "", "treatments": "N",
         "kp_certificate": "PK-KP-2026-0042"}


def paid_rough_diamond_order(buyer, seller, *, keep_certificate: bool) -> Order:
    listing = make_gem_listing(seller=seller, title="Rough diamond 3.40 ct", hs_code="7102.31", gem=ROUGH,
                               origin_locality="")
    add(buyer, listing)
    order = place(buyer).checkout.orders.get()
    if not keep_certificate:
        # An order placed before the listing carried its certificate: the snapshot has none.
        line = order.lines.get()
        line.spec = {key: value for key, value in line.spec.items() if key != "kp_certificate"}
        line.save(update_fields=["spec"])
    transitions.order_mark_paid(order=order, actor=make_council_user("treasurer"), note="Transfer seen")
    return transitions.order_accept(order=order, actor=make_member(seller, "owner"))


def ship(client, order):
    return client.post(f"/api/v1/seller/orders/{order.number}/ship", data=json.dumps(
        {"tracking_number": "EE1234PK", "carrier": "Pakistan Post EMS"}), content_type="application/json")


def test_a_rough_diamond_without_a_kp_certificate_cannot_be_shipped(client, buyer, seller):
    order = paid_rough_diamond_order(buyer, seller, keep_certificate=False)
    client.force_login(make_member(seller, "packer", role="staff"))

    response = ship(client, order)

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("kp_certificate_required", "kp_certificate")
    order.refresh_from_db()
    assert order.status == Order.Status.PROCESSING and order.tracking_number == ""


def test_a_rough_diamond_with_its_kp_certificate_ships(client, buyer, seller):
    order = paid_rough_diamond_order(buyer, seller, keep_certificate=True)
    client.force_login(make_member(seller, "packer", role="staff"))

    response = ship(client, order)

    assert response.status_code == 200 and response.json()["status"] == "shipped"
    assert lines_missing_kp_certificate(order) == []


def test_rough_diamonds_are_known_by_hs_code_or_by_spec():
    assert is_rough_diamond(hs_code="7102.10", spec={})
    assert is_rough_diamond(hs_code="7102.21", spec={})
    assert is_rough_diamond(hs_code="", spec={"species": "diamond", "nature": "natural", "shape": "specimen"})
    assert not is_rough_diamond(hs_code="7102.39", spec={"species": "diamond", "nature": "natural",
                                                         "shape": "round"})
    assert not is_rough_diamond(hs_code="", spec={"species": "diamond", "nature": "synthetic", "shape": "rough"})
    assert not is_rough_diamond(hs_code="7103.10", spec={"species": "beryl", "shape": "rough"})
