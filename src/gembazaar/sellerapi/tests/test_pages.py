"""The API keys page in the seller centre: owners only; a key is shown once; revoking is per seller."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.sellercentre.tests.conftest import make_user
from gembazaar.sellers import api_keys as services
from gembazaar.sellers.models import SellerApiKey, SellerMember

pytestmark = pytest.mark.django_db

URL = "/seller/api-keys/"


def test_the_owner_sees_the_page_and_the_nav_link(seller_client):
    response = seller_client.get(URL)
    assert response.status_code == 200
    assert reverse("sellerapi:api_keys") == URL
    dashboard = seller_client.get(reverse("sellercentre:dashboard")).content.decode()
    assert f'href="{URL}"' in dashboard


def test_creating_a_key_shows_it_once_and_stores_only_its_hash(seller_client, seller):
    response = seller_client.post(URL, {"name": "Inventory"})
    assert response.status_code == 200
    plaintext = response.context["plaintext"]
    assert plaintext in response.content.decode()
    key = SellerApiKey.objects.get(seller=seller)
    assert key.name == "Inventory"
    assert key.hashed_key == hashlib.sha256(plaintext.encode()).hexdigest()
    again = seller_client.get(URL).content.decode()
    assert plaintext not in again
    assert key.prefix in again


def test_staff_members_are_refused(seller):
    user = make_user("staffer")
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.STAFF)
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "Sneaky"}).status_code == 403
    assert not SellerApiKey.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_owner_revokes_a_key(seller_client, seller):
    key, _ = services.api_key_create(seller=seller, name="ERP", created_by=None)
    response = seller_client.post(reverse("sellerapi:api_key_revoke", args=[key.pk]))
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_another_seller_cannot_revoke_the_key(seller, other_client):
    key, _ = services.api_key_create(seller=seller, name="ERP", created_by=None)
    response = other_client.post(reverse("sellerapi:api_key_revoke", args=[key.pk]))
    assert response.status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_another_sellers_keys_are_not_listed(seller, other_client):
    services.api_key_create(seller=seller, name="Secret ERP", created_by=None)
    assert "Secret ERP" not in other_client.get(URL).content.decode()


def test_revoking_needs_a_post(seller_client, seller):
    key, _ = services.api_key_create(seller=seller, name="ERP", created_by=None)
    assert seller_client.get(reverse("sellerapi:api_key_revoke", args=[key.pk])).status_code == 405
