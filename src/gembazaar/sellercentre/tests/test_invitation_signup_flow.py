"""An invitee without an account: invitation email → sign up → confirmation email → back on the invitation."""

import html
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.accounts.models import User
from gembazaar.sellers import invitations
from gembazaar.sellers.models import SellerMember

from .conftest import make_member

pytestmark = pytest.mark.django_db

PASSWORD = "emerald-swat-2024"


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # Sign-ups are rate-limited per network, counted in the cache: each test gets an empty one.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"sellercentre-test-{uuid.uuid4().hex}"}}


def emailed_path(message, pattern: str) -> str:
    return urlsplit(re.search(rf"https?://\S+{pattern}\S*/", message.body).group(0)).path


def links_to(body: str, path: str) -> list[str]:
    """Every href on the page that starts with this path, unescaped."""
    return [html.unescape(href) for href in re.findall(rf'href="({re.escape(path)}[^"]*)"', body)]


def invite_by_email(seller, capture, mailoutbox) -> str:
    owner = Client()
    owner.force_login(make_member(seller, "alice"))
    with capture(execute=True):
        response = owner.post(reverse("sellercentre:team"), {"email": "carol@example.org", "role": "staff"})
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["carol@example.org"]
    return emailed_path(mailoutbox[-1], "/seller/invitations/")


def sign_up_from_the_invitation(client, here, capture, mailoutbox) -> str:
    page = client.get(here)
    assert page.status_code == 200
    assert page.context["signup_form"]["email"].value() == "carol@example.org"
    with capture(execute=True):
        response = client.post(reverse("signup"), {"email": "carol@example.org", "full_name": "Carol Khan",
                                                   "password1": PASSWORD, "password2": PASSWORD, "next": here})
    assert response.status_code == 302 and response.url == here
    assert client.get(here).context["problem"].code == "email_unconfirmed"
    assert mailoutbox[-1].to == ["carol@example.org"]
    return emailed_path(mailoutbox[-1], "/accounts/confirm/")


def accept_and_check(client, here, seller):
    page = client.get(here)
    assert page.status_code == 200 and page.context["problem"] is None
    response = client.post(here, follow=True)
    assert response.redirect_chain[-1][0] == reverse("sellercentre:dashboard")
    member = SellerMember.objects.get(seller=seller, user__email="carol@example.org")
    assert member.role == SellerMember.Role.STAFF


def test_confirming_in_the_same_browser_lands_back_on_the_invitation_ready_to_accept(
        seller, mailoutbox, django_capture_on_commit_callbacks):
    here = invite_by_email(seller, django_capture_on_commit_callbacks, mailoutbox)
    client = Client()
    confirm = sign_up_from_the_invitation(client, here, django_capture_on_commit_callbacks, mailoutbox)
    response = client.get(confirm, follow=True)
    assert response.redirect_chain == [(here, 302)]
    assert response.context["problem"] is None
    assert "Your email address is confirmed." in response.content.decode()
    assert User.objects.get(email="carol@example.org").email_confirmed
    accept_and_check(client, here, seller)


def test_confirming_on_another_device_asks_to_sign_in_then_lands_on_the_invitation(
        seller, mailoutbox, django_capture_on_commit_callbacks):
    here = invite_by_email(seller, django_capture_on_commit_callbacks, mailoutbox)
    confirm = sign_up_from_the_invitation(Client(), here, django_capture_on_commit_callbacks, mailoutbox)
    phone = Client()
    page = phone.get(confirm)
    assert page.status_code == 200 and page.context["outcome"] == "confirmed"
    login_links = links_to(page.content.decode(), reverse("login"))
    login_link = next(link for link in login_links if parse_qs(urlsplit(link).query).get("next") == [here])
    form_page = phone.get(login_link)
    assert form_page.context["next"] == here
    response = phone.post(reverse("login"), {"username": "carol@example.org", "password": PASSWORD, "next": here})
    assert response.status_code == 302 and response.url == here
    accept_and_check(phone, here, seller)


def test_the_sign_up_page_reached_from_the_invitation_suggests_the_invited_address(seller):
    _invitation, token = invitations.seller_invitation_create(
        seller=seller, email="carol@example.org", role="staff", invited_by=make_member(seller, "alice"))
    here = reverse("sellercentre:invitation_accept", args=[token])
    client = Client()
    # Invitation → "Sign in to accept" → "Create an account": the address is filled in.
    login_page = client.get(reverse("login"), {"next": here}).content.decode()
    signup_link = next(link for link in links_to(login_page, reverse("signup"))
                       if parse_qs(urlsplit(link).query).get("next") == [here])
    assert client.get(signup_link).context["form"]["email"].value() == "carol@example.org"
    # An unknown or withdrawn invitation suggests nothing.
    assert client.get(reverse("signup"), {"next": reverse("sellercentre:invitation_accept", args=["nope"])}) \
        .context["form"]["email"].value() is None
    invitations.seller_invitation_revoke(seller=seller, invitation_id=_invitation.pk)
    assert client.get(reverse("signup"), {"next": here}).context["form"]["email"].value() is None


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_an_unsafe_next_on_sign_up_is_ignored_through_the_confirmation(unsafe, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), {"email": "carol@example.org", "full_name": "Carol Khan",
                                                   "password1": PASSWORD, "password2": PASSWORD, "next": unsafe})
    assert response.url == reverse("account")
    page = Client().get(emailed_path(mailoutbox[-1], "/accounts/confirm/"))
    assert page.status_code == 200 and page.context["next"] == ""
    assert "evil.example" not in page.content.decode() and "javascript:" not in page.content.decode()
    assert client.get(emailed_path(mailoutbox[-1], "/accounts/confirm/")).status_code == 200  # no redirect
