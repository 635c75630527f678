"""Whatever page a person lands on says what just happened: one messages include in the base
layout, shown once; sign-up and confirmation say what to do next."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from gembazaar.accounts.models import User
from gembazaar.testing import make_gem_listing, make_seller

from .conftest import make_member, make_user

pytestmark = pytest.mark.django_db
NOTE = "A message from the last step."
SIGN_UP = {"email": "hina@example.pk", "full_name": "Hina Baig", "country": "PK",
           "password1": "emerald-from-swat-42", "password2": "emerald-from-swat-42"}


def with_message(client):
    """Leave a flash message in the visitor's cookie, as a view that redirects would."""
    client.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode(
        [Message(constants.SUCCESS, NOTE)])


def landing_pages() -> list[str]:
    seller = make_seller(trade_name="Landing Gems")
    listing = make_gem_listing(seller=make_seller())
    return ["/", "/gems/", "/jewelry/", "/search/?q=ruby", listing.get_absolute_url(), seller.get_absolute_url(),
            "/sellers/", "/rates/", reverse("account"), reverse("orders:cart"), reverse("orders:my_orders"),
            "/seller/", reverse("alerts:saved_search_list")]


def test_every_landing_page_shows_a_waiting_message_once(client):
    pages = landing_pages()
    user = make_user()
    make_member(user, make_seller())
    client.force_login(user)
    newcomer = type(client)()
    newcomer.force_login(make_user(email_confirmed=True, email_confirmed_at=timezone.now()))
    for client, path in [*((client, path) for path in pages), (newcomer, reverse("seller_apply"))]:
        with_message(client)
        response = client.get(path, follow=True)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert html.count(NOTE) == 1, path
        assert 'class="wrap site-messages"' in html, path


def test_after_sign_up_the_landing_page_welcomes_and_says_what_next(client):
    response = client.post(reverse("signup"), SIGN_UP, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("account")
    assert "We have sent a link to hina@example.pk" in html and "apply to sell" in html
    assert 'data-testid="next-steps"' in html and reverse("seller_apply") in html


def test_sign_up_from_the_home_page_shows_the_welcome_on_the_home_page(client):
    response = client.post(reverse("signup") + "?next=/", SIGN_UP, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "We have sent a link to hina@example.pk" in response.content.decode()


def test_the_confirmation_page_offers_to_shop_or_apply_to_sell(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), SIGN_UP)
    link = next(line for line in mailoutbox[-1].body.split() if "/accounts/confirm/" in line)
    html = client.get(link[link.index("/accounts/"):]).content.decode()
    assert User.objects.get(email="hina@example.pk").email_confirmed
    assert 'data-testid="next-steps"' in html
    assert reverse("seller_apply") in html and reverse("search") in html


def test_a_member_of_a_business_is_not_asked_to_apply_to_sell(client):
    user = make_user()
    make_member(user, make_seller())
    client.force_login(user)
    assert 'data-testid="next-steps"' not in client.get(reverse("account")).content.decode()
