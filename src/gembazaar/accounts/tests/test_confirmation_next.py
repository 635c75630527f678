"""A sign-up that started on another page (an invitation) leads back there after the confirmation link."""

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse

from gembazaar.accounts import signup_hints
from gembazaar.accounts.models import User
from gembazaar.accounts.tokens import make_email_confirmation_token, read_email_confirmation_token

from .conftest import make_user

pytestmark = pytest.mark.django_db

GOOD = {"email": "zara@example.org", "full_name": "Zara Khan", "password1": "emerald-from-swat-42",
        "password2": "emerald-from-swat-42"}
UNSAFE = ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "http://testserver//evil.example/",
          "/\\evil.example/", "\\\\evil.example/", "data:text/html,hi", "ftp://testserver/x"]


def sign_up_and_get_link(client, capture, mailoutbox, **changes) -> str:
    with capture(execute=True):
        response = client.post(reverse("signup"), {**GOOD, **changes})
    assert response.status_code == 302
    return urlsplit(re.search(r"https?://\S+/accounts/confirm/\S+/", mailoutbox[-1].body).group(0)).path


def links_to(body: str, path: str) -> list[str]:
    """Every href on the page that starts with this path, unescaped."""
    return [html.unescape(href) for href in re.findall(rf'href="({re.escape(path)}[^"]*)"', body)]


def token_of(path: str) -> str:
    return unquote(path.rstrip("/").rpartition("/")[2])


def test_the_confirmation_link_carries_next_and_a_signed_in_person_lands_there(
        client, mailoutbox, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks, mailoutbox, next="/search/?q=ruby")
    assert read_email_confirmation_token(token_of(link)).next_url == "/search/?q=ruby"
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/search/?q=ruby"
    assert User.objects.get().email_confirmed
    assert "Your email address is confirmed." in client.get("/search/?q=ruby").content.decode()


def test_in_another_browser_the_link_confirms_and_offers_to_sign_in_towards_next(
        client, mailoutbox, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks, mailoutbox, next="/search/?q=ruby")
    client.logout()
    response = client.get(link)
    assert response.status_code == 200 and response.context["outcome"] == "confirmed"
    assert User.objects.get().email_confirmed
    login_links = links_to(response.content.decode(), reverse("login"))
    assert {"next": ["/search/?q=ruby"]} in [parse_qs(urlsplit(link).query) for link in login_links]
    signed_in = client.post(reverse("login"), {"username": "zara@example.org", "password": GOOD["password1"],
                                               "next": "/search/?q=ruby"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/search/?q=ruby"


def test_signed_in_as_someone_else_the_link_confirms_and_offers_to_continue(client, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks, mailoutbox, next="/search/")
    other = make_user()
    client.force_login(other)
    response = client.get(link)
    assert response.status_code == 200 and response.context["next"] == "/search/"
    assert User.objects.get(email="zara@example.org").email_confirmed


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_an_unsafe_next_is_neither_kept_in_the_link_nor_followed(client, mailoutbox,
                                                                 django_capture_on_commit_callbacks, unsafe):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks, mailoutbox, next=unsafe)
    assert read_email_confirmation_token(token_of(link)).next_url == ""
    response = client.get(link)
    assert response.status_code == 200 and response.context["next"] == ""
    assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("unsafe", UNSAFE)
def test_a_genuine_token_naming_an_unsafe_next_is_not_followed(client, unsafe):
    # Defence in depth: even a signed token (say, from a careless caller) never redirects off the site.
    user = make_user()
    client.force_login(user)
    token = make_email_confirmation_token(user_id=user.pk, email=user.email, next_url=unsafe)
    response = client.get(reverse("email_confirm", kwargs={"token": token}))
    assert response.status_code == 200 and response.context["next"] == ""
    assert User.objects.get(pk=user.pk).email_confirmed


def test_without_next_the_link_behaves_as_before(client, mailoutbox, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks, mailoutbox)
    assert read_email_confirmation_token(token_of(link)).next_url == ""
    response = client.get(link)  # still signed in from the sign-up
    assert response.status_code == 200 and response.context["outcome"] == "confirmed"
    assert reverse("account") in response.content.decode()
    client.logout()
    again = client.get(link)
    assert again.status_code == 200 and again.context["outcome"] == "already"


def test_a_token_without_next_reads_as_before():
    token = make_email_confirmation_token(user_id=7, email="a@example.org")
    assert "n" not in __import__("django.core.signing", fromlist=["loads"]).loads(
        token, salt="gembazaar.accounts.email-confirmation")
    assert read_email_confirmation_token(token).next_url == ""


def test_a_new_link_asked_for_from_a_page_carries_that_page(client, mailoutbox):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("email_confirmation_resend"), {"next": "/search/?q=spinel"})
    assert response["Location"] == "/search/?q=spinel"
    link = urlsplit(re.search(r"https?://\S+/accounts/confirm/\S+/", mailoutbox[-1].body).group(0)).path
    assert read_email_confirmation_token(token_of(link)).next_url == "/search/?q=spinel"
    assert client.get(link)["Location"] == "/search/?q=spinel"


def test_a_registered_hint_fills_in_the_sign_up_email(client, monkeypatch):
    monkeypatch.setattr(signup_hints, "_hints", [])
    signup_hints.register_signup_email_hint(lambda path: "guest@example.org" if path == "/hinted/" else "")
    form = client.get(reverse("signup"), {"next": "/hinted/"}).context["form"]
    assert form["email"].value() == "guest@example.org"
    assert client.get(reverse("signup"), {"next": "/elsewhere/"}).context["form"]["email"].value() is None
    assert client.get(reverse("signup")).context["form"]["email"].value() is None
    # An unsafe address is never handed to a hint.
    assert client.get(reverse("signup"), {"next": "https://evil.example/hinted/"}).context["form"]["email"] \
        .value() is None
