import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from gembazaar.accounts import ratelimit
from gembazaar.accounts.models import User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "pink-topaz-from-katlang-7"


def reset_link(message) -> str:
    return urlsplit(re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)).path


def test_a_forgotten_password_is_reset_by_email_end_to_end(client, buyer, mailoutbox, settings):
    settings.SITE_URL = "https://gembazaar.example"
    response = client.post(reverse("password_reset"), {"email": "AMINA@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["Amina@example.org"] and message.subject == "Reset your GemBazaar password"
    assert "https://gembazaar.example/accounts/password/reset/" in message.body
    assert "amina" in message.body  # the username, for people who forgot that too
    assert message.alternatives and reset_link(message) in message.alternatives[0][0]

    form_page = client.get(reset_link(message), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("password_reset_complete")
    assert client.get(done["Location"]).status_code == 200

    user = User.objects.get(pk=buyer.pk)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert user.email_confirmed  # the link reached the inbox: the address is proven
    assert client.post(reverse("login"), {"username": "amina", "password": NEW_PASSWORD}).status_code == 302


def test_a_reset_link_works_only_once(client, buyer, mailoutbox):
    client.post(reverse("password_reset"), {"email": "amina@example.org"})
    link = reset_link(mailoutbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link does not work" in again.content.decode()


def test_a_weak_new_password_is_refused_naming_the_field(client, buyer, mailoutbox):
    client.post(reverse("password_reset"), {"email": "amina@example.org"})
    page = client.get(reset_link(mailoutbox[0]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    assert User.objects.get(pk=buyer.pk).check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, buyer, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_resetting_the_password_lifts_a_sign_in_lockout(client, buyer, mailoutbox):
    for _ in range(5):
        client.post(reverse("login"), {"username": "amina", "password": "guess"})
    assert ratelimit.LOGIN_ACCOUNT.is_limited(f"user:{buyer.pk}")
    client.post(reverse("password_reset"), {"email": "amina@example.org"})
    page = client.get(reset_link(mailoutbox[0]), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.post(reverse("login"), {"username": "amina", "password": NEW_PASSWORD}).status_code == 302


def test_a_signed_in_person_changes_their_password(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                                        "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("account")
    assert User.objects.get(pk=buyer.pk).check_password(NEW_PASSWORD)
    # Still signed in: the session was moved to the new password's hash.
    assert client.get(reverse("account")).status_code == 200


def test_changing_the_password_needs_the_current_one(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("password_change"), {"old_password": "wrong", "new_password1": NEW_PASSWORD,
                                                        "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    assert User.objects.get(pk=buyer.pk).check_password(PASSWORD)


def test_changing_the_password_needs_a_sign_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
