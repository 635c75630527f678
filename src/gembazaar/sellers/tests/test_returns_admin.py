"""Council staff edit a seller's returns policy inline on the seller's admin page, through the service."""

import pytest
from django.urls import reverse

from gembazaar.sellers.models import ReturnsPolicy
from gembazaar.sellers.tests.returns_helpers import set_policy
from gembazaar.testing import make_seller

from .conftest import make_council_user

pytestmark = pytest.mark.django_db

PREFIX = "returns_policy"


@pytest.fixture
def staff_client(client):
    user = make_council_user()
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    client.force_login(user)
    return client


def change_form(client, seller) -> dict:
    """The seller's change form as a browser posts it back: the seller's fields and every inline's."""
    response = client.get(reverse("admin:sellers_seller_change", args=[seller.pk]))
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is not None and value is not False:
                data[field.html_name] = value
    return data


def test_the_policy_is_an_inline_of_the_seller_admin(staff_client):
    seller = make_seller()
    set_policy(seller)
    html = staff_client.get(reverse("admin:sellers_seller_change", args=[seller.pk])).content.decode()
    assert f'name="{PREFIX}-0-window_days"' in html and 'value="no_sized_rings"' in html


def test_staff_change_the_policy_inline_through_the_service(staff_client):
    seller = make_seller()
    set_policy(seller)
    data = change_form(staff_client, seller)
    data.update({f"{PREFIX}-0-window_days": "45", f"{PREFIX}-0-conditions": ["no_custom"]})

    response = staff_client.post(reverse("admin:sellers_seller_change", args=[seller.pk]), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    policy = ReturnsPolicy.objects.get(seller=seller)
    assert (policy.window_days, policy.conditions) == (45, ["no_custom"])
    assert policy.updated_by.username == "council"


def test_a_broken_rule_is_shown_on_the_inline_field(staff_client):
    seller = make_seller()
    set_policy(seller)
    data = change_form(staff_client, seller)
    data[f"{PREFIX}-0-window_days"] = "120"

    response = staff_client.post(reverse("admin:sellers_seller_change", args=[seller.pk]), data)

    assert response.status_code == 200
    [inline] = [f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == PREFIX]
    assert "window_days" in inline.forms[0].errors
    assert ReturnsPolicy.objects.get(seller=seller).window_days == 14


def test_an_empty_inline_sets_nothing_and_deleting_brings_back_the_minimum(staff_client):
    seller = make_seller()
    data = change_form(staff_client, seller)
    assert staff_client.post(reverse("admin:sellers_seller_change", args=[seller.pk]), data).status_code == 302
    assert not ReturnsPolicy.objects.exists()

    set_policy(seller)
    data = change_form(staff_client, seller)
    data[f"{PREFIX}-0-DELETE"] = "on"
    assert staff_client.post(reverse("admin:sellers_seller_change", args=[seller.pk]), data).status_code == 302
    assert not ReturnsPolicy.objects.exists()
