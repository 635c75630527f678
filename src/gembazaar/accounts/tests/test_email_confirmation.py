import re
import time
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from gembazaar.accounts import services
from gembazaar.accounts.models import User
from gembazaar.accounts.tokens import CONFIRMATION_MAX_AGE, make_email_confirmation_token
from gembazaar.alerts.tokens import make_unsubscribe_token

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer():
    return make_user(email="zara@example.org", first_name="Zara")


def confirm_url(token):
    return reverse("email_confirm", kwargs={"token": token})


def test_the_link_in_the_sign_up_email_confirms_the_address(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), {"email": "zara@example.org", "full_name": "Zara",
                                        "password1": "emerald-from-swat-42", "password2": "emerald-from-swat-42"})
    message = mailoutbox[0]
    assert message.subject == "Confirm your email address for GemBazaar"
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", message.body).group(0)
    assert link in message.alternatives[0][0]  # the HTML part carries the same link
    client.logout()  # the link works in any browser, signed in or not
    response = client.get(urlsplit(link).path)
    assert response.status_code == 200
    assert "Your email address is confirmed" in response.content.decode()
    user = User.objects.get()
    assert user.email_confirmed and user.email_confirmed_at is not None


def test_the_link_works_once_and_a_second_visit_changes_nothing(client, newcomer):
    url = confirm_url(make_email_confirmation_token(user_id=newcomer.pk, email=newcomer.email))
    assert client.get(url).status_code == 200
    first = User.objects.get(pk=newcomer.pk).email_confirmed_at
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["outcome"] == "already"
    assert User.objects.get(pk=newcomer.pk).email_confirmed_at == first


def test_a_tampered_link_is_refused(client, newcomer):
    token = make_email_confirmation_token(user_id=newcomer.pk, email=newcomer.email)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    response = client.get(confirm_url(tampered))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not User.objects.get(pk=newcomer.pk).email_confirmed


def test_a_link_naming_another_user_cannot_be_forged_from_a_real_one(client, newcomer):
    other = make_user()
    signature = make_email_confirmation_token(user_id=newcomer.pk, email=newcomer.email).rpartition(":")[2]
    forged = make_email_confirmation_token(user_id=other.pk, email=newcomer.email).rpartition(":")[0] + ":" + signature
    assert client.get(confirm_url(forged)).status_code == 400
    assert not User.objects.filter(email_confirmed=True).exists()


def test_another_signed_value_of_the_site_does_not_pass_for_a_confirmation(client, newcomer):
    token = make_unsubscribe_token(user_id=newcomer.pk, saved_search_ids=[1])
    assert client.get(confirm_url(token)).status_code == 400


def test_an_expired_link_is_refused_and_offers_a_new_one(client, newcomer):
    old = time.time() - CONFIRMATION_MAX_AGE - 60
    token = make_email_confirmation_token(user_id=newcomer.pk, email=newcomer.email, now=old)
    client.force_login(newcomer)
    response = client.get(confirm_url(token))
    assert response.status_code == 400
    assert response.context["outcome"] == "expired"
    assert reverse("email_confirmation_resend") in response.content.decode()
    assert not User.objects.get(pk=newcomer.pk).email_confirmed


def test_a_link_still_inside_its_three_days_works(client, newcomer):
    recent = time.time() - CONFIRMATION_MAX_AGE + 60
    token = make_email_confirmation_token(user_id=newcomer.pk, email=newcomer.email, now=recent)
    assert client.get(confirm_url(token)).status_code == 200


def test_a_link_for_an_address_the_account_no_longer_has_is_refused(client, newcomer):
    token = make_email_confirmation_token(user_id=newcomer.pk, email=newcomer.email)
    User.objects.filter(pk=newcomer.pk).update(email="zara.new@example.org")
    assert client.get(confirm_url(token)).status_code == 400
    assert not User.objects.get(pk=newcomer.pk).email_confirmed


def test_a_signed_in_person_can_ask_for_a_new_link(client, newcomer, mailoutbox):
    client.force_login(newcomer)
    response = client.post(reverse("email_confirmation_resend"))
    assert response["Location"] == reverse("account")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["zara@example.org"]
    assert client.get(reverse("email_confirmation_resend")).status_code == 405


def test_no_link_is_sent_to_a_confirmed_address(client, newcomer, mailoutbox):
    services.user_confirm_email(user_id=newcomer.pk, email=newcomer.email)
    client.force_login(newcomer)
    client.post(reverse("email_confirmation_resend"))
    assert mailoutbox == []


def test_new_links_are_limited_to_three_an_hour(client, newcomer, mailoutbox):
    client.force_login(newcomer)
    for _ in range(3):
        assert client.post(reverse("email_confirmation_resend")).status_code == 302
    response = client.post(reverse("email_confirmation_resend"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert len(mailoutbox) == 3


def test_confirming_is_a_conditional_update_that_reports_whether_it_changed_anything(newcomer):
    assert services.user_confirm_email(user_id=newcomer.pk, email="ZARA@example.org") is True
    assert services.user_confirm_email(user_id=newcomer.pk, email=newcomer.email) is False
