import pytest
from django.db import IntegrityError
from django.urls import reverse

from gembazaar.accounts import services
from gembazaar.accounts.models import User
from gembazaar.core.errors import DomainError

from .conftest import make_user

pytestmark = pytest.mark.django_db

GOOD = {"email": "Bilal@Example.PK", "full_name": "Bilal  Ahmed Khan", "country": "PK",
        "password1": "emerald-from-swat-42", "password2": "emerald-from-swat-42"}


def sign_up(client, **changes):
    return client.post(reverse("signup"), {**GOOD, **changes})


def test_the_sign_up_page_asks_for_email_name_country_and_the_password_twice(client):
    html = client.get(reverse("signup")).content.decode()
    for name in ("email", "full_name", "country", "password1", "password2"):
        assert f'name="{name}"' in html
    assert '<option value="PK">Pakistan</option>' in html


def test_signing_up_creates_a_signed_in_buyer_whose_email_is_not_yet_confirmed(
        client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    user = User.objects.get()
    assert user.email == "Bilal@example.pk"  # the domain is lower-cased, the inbox name kept
    assert (user.first_name, user.last_name, user.country.code) == ("Bilal", "Ahmed Khan", "PK")
    assert user.username == "Bilal"
    assert user.check_password("emerald-from-swat-42")
    assert not user.email_confirmed and user.email_confirmed_at is None
    assert not user.is_staff and not user.seller_memberships.exists()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["Bilal@example.pk"]
    assert "/accounts/confirm/" in mailoutbox[0].body


def test_the_country_is_optional(client):
    assert sign_up(client, country="").status_code == 302
    assert User.objects.get().country == ""


def test_a_safe_next_address_is_followed_after_sign_up_and_a_foreign_one_is_not(client):
    assert sign_up(client, next="/search/?q=ruby")["Location"] == "/search/?q=ruby"
    client.logout()
    response = sign_up(client, email="other@example.org", next="https://evil.example/")
    assert response["Location"] == reverse("account")


@pytest.mark.parametrize(("password", "reason"), [
    ("short1", "too short"),
    ("password123", "too common"),
    ("4815162342108", "entirely numeric"),
    ("bilal@example.pk", "too similar"),
])
def test_a_weak_password_is_refused_naming_the_field_and_nothing_is_written(client, mailoutbox, password, reason):
    response = sign_up(client, password1=password, password2=password)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["password1"]
    assert reason in " ".join(errors["password1"])
    assert not User.objects.exists() and mailoutbox == []
    assert "_auth_user_id" not in client.session


def test_mismatched_passwords_are_refused_on_the_second_password(client):
    response = sign_up(client, password2="emerald-from-swat-43")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password2"]
    assert "do not match" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("email", ["amina@example.org", "AMINA@EXAMPLE.ORG", " Amina@example.org "])
def test_an_email_already_in_use_is_refused_whatever_its_case(client, buyer, email):
    response = sign_up(client, email=email)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(("field", "value"), [("email", "not-an-email"), ("full_name", ""), ("country", "XX")])
def test_bad_input_is_refused_naming_the_field(client, field, value):
    response = sign_up(client, **{field: value})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not User.objects.exists()


def test_the_service_refuses_a_duplicate_email_naming_the_field(buyer):
    with pytest.raises(DomainError) as caught:
        services.user_sign_up(email="AMINA@example.org", full_name="A", password="emerald-from-swat-42")
    assert caught.value.field == "email"


def test_the_database_refuses_two_accounts_on_one_inbox_in_different_case(buyer):
    with pytest.raises(IntegrityError):
        User.objects.create_user(username="other", email="AMINA@EXAMPLE.ORG", password="x")


def test_a_taken_username_gets_a_suffix(client):
    make_user(username="Bilal", email="someone@example.org")
    sign_up(client)
    user = User.objects.get(email="Bilal@example.pk")
    assert user.username.startswith("Bilal-") and len(user.username) == len("Bilal-") + 6


def test_a_signed_in_person_is_sent_to_their_account_from_the_sign_up_page(client, buyer):
    client.force_login(buyer)
    assert client.get(reverse("signup"))["Location"] == reverse("account")
