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
    assert "do not match an account" in response.content.decode()


def test_an_unconfirmed_email_does_not_stop_a_sign_in(client, buyer):
    assert not buyer.email_confirmed
    client.post(reverse("login"), {"username": "amina", "password": "a-long-pass-phrase"})
    assert client.session["_auth_user_id"] == str(buyer.pk)


def test_a_deactivated_account_cannot_sign_in(client, buyer):
    User.objects.filter(pk=buyer.pk).update(is_active=False)
    response = client.post(reverse("login"), {"username": "amina", "password": "a-long-pass-phrase"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_in_returns_to_a_safe_next_address_only(client, buyer):
    data = {"username": "amina", "password": "a-long-pass-phrase"}
    assert client.post(reverse("login"), {**data, "next": "/search/?q=ruby"})["Location"] == "/search/?q=ruby"
    client.logout()
    assert client.post(reverse("login"), {**data, "next": "https://evil.example/"})["Location"] == "/"


def test_the_login_page_renders_with_links_to_sign_up_and_reset(client):
    response = client.get(reverse("login") + "?next=/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("password_reset") in html
    assert f'{reverse("signup")}?next=/search/' in html


def test_logout_refuses_a_get(client, buyer):
    client.force_login(buyer)
    assert client.get(reverse("logout")).status_code == 405
    assert client.session["_auth_user_id"] == str(buyer.pk)


def test_logout_by_post_signs_out(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_header_offers_sign_in_and_sign_up_or_the_account(client, buyer):
    html = client.get(reverse("password_reset")).content.decode()
    assert reverse("signup") in html and reverse("login") in html
    client.force_login(buyer)
    html = client.get(reverse("password_change")).content.decode()
    assert f'href="{reverse("account")}"' in html and f'action="{reverse("logout")}"' in html
