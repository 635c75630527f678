"""The seller centre's Returns page: see the policy, set it (errors name the field), remove it; staff
only look; no request can reach another seller's policy."""

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.sellers.models import ReturnsPolicy, SellerMember
from gembazaar.sellers.tests.returns_helpers import set_policy

from .conftest import make_user

pytestmark = pytest.mark.django_db

PAGE = reverse("sellercentre:returns_policy")
EDIT = reverse("sellercentre:returns_policy_edit")
REMOVE = reverse("sellercentre:returns_policy_remove")
FORM = {"accepts_returns": "yes", "window_days": "14", "conditions": ["unworn", "no_sized_rings"],
        "return_shipping_paid_by": "buyer", "refund_method": "original", "refund_days": "7",
        "note": "Resized once for free."}


def staff_client(seller) -> Client:
    user = make_user("stella")
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.STAFF)
    client = Client()
    client.force_login(user)
    return client


def test_the_page_is_in_the_seller_centre_navigation(seller_client):
    html = seller_client.get(reverse("sellercentre:dashboard")).content.decode()
    assert f'href="{PAGE}"' in html


def test_without_a_policy_the_page_shows_the_marketplace_minimum(seller_client):
    response = seller_client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Returns: the marketplace minimum" in html and "Set your returns policy" in html


def test_an_owner_sets_the_policy_and_buyers_read_it(seller_client, seller):
    response = seller_client.post(EDIT, FORM)

    assert response.status_code == 302 and response["Location"] == PAGE
    policy = ReturnsPolicy.objects.get(seller=seller)
    assert (policy.accepts_returns, policy.window_days, policy.conditions) == (True, 14, ["unworn", "no_sized_rings"])
    assert policy.note == "Resized once for free." and policy.updated_by.username == "alice"
    html = seller_client.get(PAGE).content.decode()
    assert "Accepted within 14 days of delivery" in html and "Not for rings sized or resized for the buyer" in html


def test_the_form_starts_from_the_saved_policy(seller_client, seller):
    set_policy(seller, window_days=30, return_shipping_paid_by="seller")
    form = seller_client.get(EDIT).context["form"]
    assert form.initial["window_days"] == 30 and form.initial["return_shipping_paid_by"] == "seller"


def test_saying_no_keeps_no_window(seller_client, seller):
    response = seller_client.post(EDIT, {**FORM, "accepts_returns": "no", "window_days": ""})
    assert response.status_code == 302
    policy = ReturnsPolicy.objects.get(seller=seller)
    assert (policy.accepts_returns, policy.window_days, policy.conditions) == (False, 0, [])


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"window_days": "0"}, "window_days", "Give buyers at least 1 day to return a piece"),
    ({"window_days": "120"}, "window_days", "from 0 to 90"),
    ({"window_days": "two weeks"}, "window_days", "from 0 to 90"),
    ({"refund_days": "0"}, "refund_days", "from 1 to 30"),
    ({"refund_days": ""}, "refund_days", "from 1 to 30"),
    ({"conditions": ["unworn", "as_new"]}, "conditions", "Select a valid choice"),
    ({"conditions": ["not_as_described"]}, "conditions", "Select a valid choice"),
    ({"return_shipping_paid_by": ""}, "return_shipping_paid_by", "the buyer or the seller"),
    ({"refund_method": "cash"}, "refund_method", "Select a valid choice"),
    ({"accepts_returns": "maybe"}, "accepts_returns", "Select a valid choice"),
    ({"note": "x" * 501}, "note", "at most 500 characters"),
])
def test_a_broken_rule_is_a_400_naming_the_field_and_nothing_is_saved(seller_client, seller, changes, field,
                                                                     message):
    response = seller_client.post(EDIT, {**FORM, **changes})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ReturnsPolicy.objects.filter(seller=seller).exists()


def test_removing_the_policy_brings_back_the_minimum(seller_client, seller):
    set_policy(seller)
    response = seller_client.post(REMOVE)
    assert response.status_code == 302
    assert not ReturnsPolicy.objects.filter(seller=seller).exists()
    assert "Returns: the marketplace minimum" in seller_client.get(PAGE).content.decode()


def test_staff_see_the_policy_but_cannot_change_it(seller):
    set_policy(seller)
    client = staff_client(seller)

    html = client.get(PAGE).content.decode()
    assert "Accepted within 14 days of delivery" in html and "Only an owner of the business" in html
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {**FORM, "window_days": "60"}).status_code == 403
    assert client.post(REMOVE).status_code == 403
    assert ReturnsPolicy.objects.get(seller=seller).window_days == 14


def test_a_visitor_is_sent_to_sign_in_and_a_buyer_is_refused(client):
    for url in (PAGE, EDIT):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(make_user("bilal"))
    assert client.get(PAGE).status_code == 403
    assert client.post(EDIT, FORM).status_code == 403
    assert not ReturnsPolicy.objects.exists()


def test_no_request_reaches_another_sellers_policy(seller_client, seller, other_seller, other_client):
    set_policy(other_seller, window_days=30)

    # A seller id in the form or the address is not read: the signed-in seller's own policy changes.
    response = seller_client.post(f"{EDIT}?seller={other_seller.pk}",
                                  {**FORM, "seller": other_seller.pk, "seller_id": other_seller.pk})
    assert response.status_code == 302
    assert ReturnsPolicy.objects.get(seller=other_seller).window_days == 30
    assert ReturnsPolicy.objects.get(seller=seller).window_days == 14
    assert seller_client.get(f"{PAGE}?seller={other_seller.pk}").context["terms"].window_days == 14

    seller_client.post(f"{REMOVE}?seller={other_seller.pk}", {"seller": other_seller.pk})
    assert not ReturnsPolicy.objects.filter(seller=seller).exists()
    assert ReturnsPolicy.objects.filter(seller=other_seller).exists()
    terms = other_client.get(PAGE).context["terms"]
    assert not terms.marketplace_minimum and terms.window_days == 30
