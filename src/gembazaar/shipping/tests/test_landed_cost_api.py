"""The landed-cost API and where buyers see the estimate (listing page, checkout review)."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from gembazaar.orders.services import cart as cart_services
from gembazaar.shipping import landed_selectors
from gembazaar.testing import make_gem_listing, seed_shipping_zones

pytestmark = pytest.mark.django_db
URL = "/api/v1/landed-cost"


def post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


BODY = {"country": "DE", "lines": [{"hs_code": "7117.19", "value": "1000.00", "currency": "EUR"}],
        "shipping": "100.00", "currency": "EUR"}


def test_post_estimates_a_cart_under_dap(client):
    answer = post(client, BODY)
    assert answer.status_code == 200
    data = answer.json()
    assert (data["incoterm"], data["duty"], data["vat"], data["total"], data["partial"]) == \
        ("DAP", "44.00", "217.36", "261.36", False)
    assert data["lines"][0]["rate"]["source"] and data["lines"][0]["rate"]["year"] >= 2024


def test_post_with_no_row_answers_no_estimate_not_zero(client):
    data = post(client, {**BODY, "country": "BR"}).json()
    assert data["has_estimate"] is False and data["total"] is None and data["lines"][0]["duty"] is None


@pytest.mark.parametrize(("change", "status", "field"), [
    ({"country": "DEU"}, 422, "country"),
    ({"country": "1X"}, 400, "country"),
    ({"shipping": "-1"}, 400, "shipping"),
    ({"shipping": 1.5}, 422, "shipping"),
    ({"currency": "EURO"}, 422, "currency"),
    ({"currency": "ZZZ"}, 400, "currency"),
    ({"lines": []}, 422, "lines"),
    ({"lines": [{"hs_code": "7117", "value": "0", "currency": "EUR"}]}, 400, "lines.0.value"),
    ({"lines": [{"hs_code": "7117", "value": "9" * 40, "currency": "EUR"}]}, 400, "lines.0.value"),
    ({"lines": [{"hs_code": "7117\x00", "value": "1", "currency": "EUR"}]}, 400, "lines.0.hs_code"),
    ({"lines": [{"hs_code": "7117", "value": "abc", "currency": "EUR"}]}, 422, "lines.0.value"),
])
def test_post_bad_input_names_the_field(client, change, status, field):
    answer = post(client, {**BODY, **change})
    assert answer.status_code == status, answer.content
    assert answer.json()["field"] == field


def test_get_for_a_listing_uses_its_hs_code_and_the_sellers_shipping(client):
    seed_shipping_zones()
    listing = make_gem_listing(hs_code="7103.91", price=D("2000.00"), currency="USD")
    data = client.get(URL, {"listing_id": listing.pk, "country": "US"}).json()
    assert data["lines"][0]["hs_code"] == "7103.91"
    assert D(data["additional_tariff"]) == D("380.00")  # 19 % of the goods (FOB): shipping not in the base
    assert data["currency"] == "USD"


def test_get_hostile_and_unknown_ids_are_404_or_422(client):
    listing = make_gem_listing(publish=False)
    assert client.get(URL, {"listing_id": listing.pk, "country": "DE"}).status_code == 404
    assert client.get(URL, {"listing_id": 2**62, "country": "DE"}).status_code == 404
    assert client.get(URL, {"listing_id": "1; drop", "country": "DE"}).status_code == 422
    assert client.get(URL, {"listing_id": 2**70, "country": "DE"}).status_code == 422
    bad = make_gem_listing()
    assert client.get(URL, {"listing_id": bad.pk, "country": "D"}).json()["field"] == "country"


def test_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths[URL])


def test_listing_page_shows_the_estimate_for_the_chosen_country(client):
    seed_shipping_zones()
    listing = make_gem_listing(hs_code="7103.91", price=D("1000.00"), currency="USD")
    page = client.get(listing.get_absolute_url(), {"to": "DE"}).content.decode()
    assert "duty and VAT to Germany" in page and "DAP" in page
    page = client.get(listing.get_absolute_url(), {"to": "BR"}).content.decode()
    assert "No estimate for Brazil" in page
    answer = client.get(listing.get_absolute_url(), {"to": "9<"})
    assert answer.status_code == 200 and 'name="to"' in answer.content.decode()  # junk: just the chooser
    assert client.get(listing.get_absolute_url(), {"to": "\x00"}).status_code == 400  # the NUL guard


def test_the_signed_in_buyers_country_is_the_default(client, django_user_model):
    seed_shipping_zones()
    listing = make_gem_listing(hs_code="7103.91")
    user = django_user_model.objects.create_user(username="hans", email="hans@example.de", password="x",
                                                 country="DE")
    client.force_login(user)
    assert "duty and VAT to Germany" in client.get(listing.get_absolute_url()).content.decode()


def test_checkout_groups_get_an_estimate_per_seller():
    seed_shipping_zones()
    listing = make_gem_listing(hs_code="7103.91")

    class Line:
        def __init__(self):
            self.listing, self.line_total = listing, D("1000.00")

    class Group:
        seller, lines, shipping_cost = listing.seller, [Line()], D("100.00")

    estimates = landed_selectors.landed_cost_for_groups(groups=[Group()], country="IT", currency="EUR")
    assert estimates[listing.seller.pk].total == D("242.00")


def _confirmed_buyer(django_user_model, country=""):
    return django_user_model.objects.create_user(username="omar", email="omar@example.ae", password="x",
                                                 email_confirmed=True, email_confirmed_at=timezone.now(),
                                                 country=country)


def test_checkout_review_says_duty_is_paid_on_delivery_dap(client, django_user_model):
    seed_shipping_zones()
    listing = make_gem_listing(hs_code="7103.91", price=D("2000.00"), currency="USD")
    buyer = _confirmed_buyer(django_user_model)
    cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=listing.pk, quantity=1)
    client.force_login(buyer)
    form = {f"shipping_{key}": value for key, value in {
        "name": "Omar Ali", "line1": "Villa 3, Street 12", "city": "Dubai", "country": "AE",
        "phone": "+971 50 123 4567"}.items()}
    form.update({"billing_same": "on", f"method_{listing.seller_id}": "standard"})
    assert client.post(reverse("orders:checkout"), form).status_code == 302
    page = client.get(reverse("orders:checkout_review")).content.decode()
    assert "Import duty and taxes are not included: about" in page and "(DAP)" in page
    # The listing page now defaults to the address just entered at checkout.
    assert "duty and VAT to United Arab Emirates" in client.get(listing.get_absolute_url()).content.decode()
