"""Council staff can open every orders model in the admin, and mark a bank transfer paid there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from gembazaar.orders.models import Order

from .conftest import add, make_buyer, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = make_buyer("root")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_every_orders_model_is_in_the_admin_and_renders(staff_client, buyer, stone):
    from django.apps import apps

    add(buyer, stone)
    place(buyer)
    for model in apps.get_app_config("orders").get_models():
        assert model in admin.site._registry, model
        url = reverse(f"admin:orders_{model._meta.model_name}_changelist")
        assert staff_client.get(url, {"q": "a"}).status_code == 200, url
    order = Order.objects.get()
    assert staff_client.get(reverse("admin:orders_order_change", args=[order.pk])).status_code == 200


def test_mark_paid_action_goes_through_the_status_machine(staff_client, buyer, stone):
    add(buyer, stone)
    order = place(buyer).orders[0]
    response = staff_client.post(reverse("admin:orders_order_changelist"),
                                 {"action": "mark_paid", "_selected_action": [order.pk]})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "paid"
    assert order.events.last().role == "staff"
