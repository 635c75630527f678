import pytest
from django.urls import reverse

from gembazaar.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return User.objects.create_user(username="amina", email="Amina@Example.org", password="a-long-pass-phrase")


@pytest.mark.parametrize("login", ["amina", "amina@example.org", "Amina@Example.org"])
def test_a_buyer_signs_in_with_username_or_email(client, buyer, login):
    response = client.post(reverse("login"), {"username": login, "password": "a-long-pass-phrase"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(buyer.pk)


@pytest.mark.parametrize("login", ["amina@example.org", "nobody@example.org", "amina"])
def test_a_wrong_password_or_unknown_email_is_refused(client, buyer, login):
    response = client.post(reverse("login"), {"username": login, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_login_page_renders(client):
    assert client.get(reverse("login")).status_code == 200
