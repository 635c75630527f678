"""The seller centre's Shipping page: see the defaults, set, change and remove your own rates."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.sellers.models import Seller, SellerMember
from gembazaar.shipping.models import ShippingRate
from gembazaar.shipping.selectors import options_for_sellers
from gembazaar.shipping.services import shipping_rate_set
from gembazaar.testing import seed_shipping_zones

from .conftest import make_user

pytestmark = pytest.mark.django_db

PAGE = reverse("sellercentre:shipping")
GOOD = {"price": "9000", "currency": "PKR", "days_min": "2", "days_max": "4"}


@pytest.fixture(autouse=True)
def _zones(db):
    seed_shipping_zones()  # transactional tests elsewhere may have emptied the seeded zones


def edit_url(zone="europe", method="express"):
    return reverse("sellercentre:shipping_rate_edit", args=[zone, method])


def remove_url(zone="europe", method="express"):
    return reverse("sellercentre:shipping_rate_remove", args=[zone, method])


def own_rates(seller):
    return list(ShippingRate.objects.filter(seller=seller).values_list(
        "zone__code", "method", "price", "currency", "days_min", "days_max"))


def express_to_france(seller, currency="USD"):
    return options_for_sellers(seller_ids=[seller.pk], country="FR", currency=currency)[seller.pk][1]


def staff_client(seller) -> Client:
    user = make_user("stella")
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.STAFF)
    client = Client()
    client.force_login(user)
    return client


# --- The page --------------------------------------------------------------------------------


def test_the_page_shows_every_zone_and_method_with_the_platform_default(seller_client):
    response = seller_client.get(PAGE)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 12 and {row.method for row in rows} == {"standard", "express"}
    assert all(row.default is not None and row.own is None for row in rows)
    body = response.content.decode()
    assert "Europe" in body and "Rest of world" in body and "$65.00" in body
    assert edit_url() in body and 'aria-current="page">Shipping' in body


def test_the_navigation_and_the_dashboard_link_to_the_page(seller_client):
    body = seller_client.get(reverse("sellercentre:dashboard")).content.decode()
    assert body.count(f'href="{PAGE}"') >= 2  # the navigation and the dashboard's shipping section


def test_the_edit_form_starts_from_the_platform_default(seller_client):
    response = seller_client.get(edit_url())
    assert response.status_code == 200
    assert response.context["form"].initial == {"price": Decimal("65"), "currency": "USD", "days_min": 3,
                                                  "days_max": 5}


# --- Set, change, remove ---------------------------------------------------------------------


def test_set_change_and_remove_a_rate_and_checkout_follows(seller_client, seller):
    assert express_to_france(seller).price == Decimal("65.00")

    response = seller_client.post(edit_url(), GOOD)
    assert response.status_code == 302 and response.url == PAGE
    assert own_rates(seller) == [("europe", "express", Decimal("9000"), "PKR", 2, 4)]
    option = express_to_france(seller, currency="PKR")
    assert (option.price, option.days_min, option.days_max) == (Decimal("9000.00"), 2, 4)
    body = seller_client.get(PAGE).content.decode()
    assert remove_url() in body and "Rs\xa09,000" in body

    seller_client.post(edit_url(), {**GOOD, "price": "0", "currency": "usd", "days_max": "6"})  # free, lower case
    assert own_rates(seller) == [("europe", "express", Decimal("0"), "USD", 2, 6)]
    assert express_to_france(seller).price == Decimal("0")
    assert seller_client.get(edit_url()).context["form"].initial["price"] == Decimal("0")

    response = seller_client.post(remove_url())
    assert response.status_code == 302 and response.url == PAGE
    assert own_rates(seller) == []
    assert express_to_france(seller).price == Decimal("65.00")
    assert ShippingRate.objects.filter(seller__isnull=True).count() == 12  # the defaults are untouched

    assert seller_client.post(remove_url()).status_code == 302  # removing again: nothing to do, no error


@pytest.mark.parametrize(("change", "field"), [
    ({"price": "-1"}, "price"),
    ({"price": "abc"}, "price"),
    ({"price": "12.345"}, "price"),              # PKR has 2 decimals
    ({"price": "1e12"}, "price"),                # beyond what the column holds
    ({"price": ""}, "price"),
    ({"currency": "XYZ"}, "currency"),
    ({"currency": "XYZ", "price": "0"}, "currency"),  # free shipping still needs a real currency
    ({"currency": ""}, "currency"),
    ({"days_min": "5", "days_max": "2"}, "days_min"),
    ({"days_min": "0"}, "days_min"),
    ({"days_max": "91"}, "days_max"),
    ({"days_min": "two"}, "days_min"),
    ({"days_max": ""}, "days_max"),
])
def test_bad_input_is_400_on_the_field_and_writes_nothing(seller_client, seller, change, field):
    shipping_rate_set(seller=seller, zone_code="europe", method="express", price="50", currency="USD",
                      days_min=3, days_max=5)
    before = own_rates(seller)
    response = seller_client.post(edit_url(), {**GOOD, **change})
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert 'class="apply-field apply-field--invalid"' in response.content.decode()
    assert own_rates(seller) == before


def test_yen_takes_no_decimals(seller_client, seller):
    response = seller_client.post(edit_url(), {**GOOD, "currency": "JPY", "price": "1500.5"})
    assert response.status_code == 400 and "price" in response.context["form"].errors
    assert seller_client.post(edit_url(), {**GOOD, "currency": "JPY", "price": "1500"}).status_code == 302


# --- Who may do what -------------------------------------------------------------------------


def test_staff_see_the_rates_but_cannot_change_them(seller, seller_client):
    seller_client.post(edit_url(), GOOD)
    client = staff_client(seller)
    response = client.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rs\xa09,000" in body and edit_url() not in body and remove_url() not in body
    assert client.get(edit_url()).status_code == 403
    assert client.post(edit_url(), {**GOOD, "price": "1"}).status_code == 403
    assert client.post(remove_url()).status_code == 403
    assert own_rates(seller) == [("europe", "express", Decimal("9000"), "PKR", 2, 4)]


@pytest.mark.parametrize("status", [Seller.Status.SUSPENDED, Seller.Status.REJECTED])
def test_a_suspended_or_rejected_seller_sees_its_rates_but_cannot_change_them(seller, seller_client, status):
    seller_client.post(edit_url(), GOOD)
    Seller.objects.filter(pk=seller.pk).update(status=status)
    body = seller_client.get(PAGE).content.decode()
    assert "cannot be changed" in body and remove_url() not in body
    response = seller_client.post(edit_url(), {**GOOD, "price": "1"})
    assert response.status_code == 403 and response.context["form"].non_field_errors()
    seller_client.post(remove_url())
    assert own_rates(seller) == [("europe", "express", Decimal("9000"), "PKR", 2, 4)]


def test_anonymous_visitors_and_buyers_are_kept_out(db):
    assert reverse("login") in Client().get(PAGE).url
    buyer = Client()
    buyer.force_login(make_user("erin"))
    assert buyer.get(PAGE).status_code == 403
    assert buyer.post(edit_url(), GOOD).status_code == 403
    assert not ShippingRate.objects.filter(seller__isnull=False).exists()


# --- Tenancy ---------------------------------------------------------------------------------


def test_another_sellers_member_neither_sees_nor_changes_our_rates(seller, seller_client, other_seller,
                                                                   other_client):
    seller_client.post(edit_url(), GOOD)
    mine = own_rates(seller)

    response = other_client.get(PAGE)
    assert all(row.own is None for row in response.context["rows"])
    assert "Rs\xa09,000" not in response.content.decode()

    # The same address acts on the other seller's own rate only.
    other_client.post(edit_url(), {**GOOD, "price": "100", "currency": "USD"})
    other_client.post(remove_url())
    assert own_rates(seller) == mine
    assert own_rates(other_seller) == []
    assert express_to_france(seller, currency="PKR").price == Decimal("9000.00")


@pytest.mark.parametrize(("zone", "method"), [("mars", "express"), ("europe", "overnight"), ("99", "standard")])
def test_an_unknown_zone_or_method_is_404_and_writes_nothing(seller_client, seller, zone, method):
    assert seller_client.get(edit_url(zone, method)).status_code == 404
    assert seller_client.post(edit_url(zone, method), GOOD).status_code == 404
    assert seller_client.post(remove_url(zone, method)).status_code == 404
    assert own_rates(seller) == []


def test_get_never_removes(seller_client, seller):
    seller_client.post(edit_url(), GOOD)
    assert seller_client.get(remove_url()).status_code == 405
    assert len(own_rates(seller)) == 1
