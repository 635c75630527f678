"""The language a person reads: stored at sign-up, on switching the site language and on the
account page; every email to them is written in it (accounts/language.py)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gembazaar.accounts import services
from gembazaar.accounts.language import email_language, group_by_language, language_for, normalize_language
from gembazaar.accounts.models import User

from .conftest import make_user

pytestmark = pytest.mark.django_db

SIGN_UP = {"email": "bilal@example.pk", "full_name": "Bilal Khan", "country": "PK",
           "password1": "emerald-from-swat-42", "password2": "emerald-from-swat-42"}


# --- The helper ------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "expected"), [
    ("ur", "ur"), ("AR", "ar"), ("ar-ae", "ar"), ("zh_Hans", "zh-hans"), ("zh-hans", "zh-hans"), ("de", ""), ("", ""),
    (None, ""),
])
def test_only_languages_the_site_offers_are_recognised(code, expected):
    assert normalize_language(code) == expected


def test_the_language_for_a_person_is_their_preference_else_the_default_else_the_sites():
    assert language_for(User(preferred_language="ur")) == "ur"
    assert language_for(User(preferred_language="ur"), default="ar") == "ur"
    assert language_for(User(preferred_language=""), default="ar") == "ar"
    assert language_for(User(preferred_language="")) == settings.LANGUAGE_CODE
    assert language_for(None) == settings.LANGUAGE_CODE


def test_email_language_activates_and_gives_back_the_language():
    with translation.override("fr"):
        with email_language(User(preferred_language="ar")) as language:
            assert language == translation.get_language() == "ar"
        with email_language("ur") as language:
            assert language == "ur"
        assert translation.get_language() == "fr"


def test_people_are_grouped_by_language_in_the_sites_order():
    people = [User(username="a", preferred_language="ur"), User(username="b"), User(username="c",
                                                                                       preferred_language="ur")]
    groups = group_by_language(people)
    assert list(groups) == ["en", "ur"]
    assert [p.username for p in groups["ur"]] == ["a", "c"]


# --- Where the preference is set -------------------------------------------------------------

def test_switching_the_site_language_while_signed_in_stores_it(client):
    user = make_user()
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "ur", "next": "/"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"  # Django's view still runs
    assert User.objects.get(pk=user.pk).preferred_language == "ur"


def test_a_language_the_site_does_not_offer_changes_nothing(client):
    user = make_user(preferred_language="ar")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert User.objects.get(pk=user.pk).preferred_language == "ar"


def test_switching_while_signed_out_still_works(client):
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"


def test_sign_up_stores_the_active_language_and_confirms_in_it(client, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), SIGN_UP)

    assert response.status_code == 302
    assert User.objects.get(email="bilal@example.pk").preferred_language == "ar"
    [message] = mailoutbox
    assert message.subject == "أكّد عنوان بريدك الإلكتروني لـ GemBazaar"
    assert '<html lang="ar" dir="rtl">' in message.alternatives[0][0]


def test_sign_up_in_english_stores_english(client):
    client.post(reverse("signup"), SIGN_UP, HTTP_ACCEPT_LANGUAGE="en")
    assert User.objects.get(email="bilal@example.pk").preferred_language == "en"


def test_the_account_page_offers_and_saves_the_language(client):
    user = make_user(first_name="Amina")
    client.force_login(user)
    html = client.get(reverse("account")).content.decode()
    assert 'name="preferred_language"' in html and "اردو" in html

    response = client.post(reverse("account"), {"first_name": "Amina", "last_name": "", "country": "",
                                                "preferred_language": "ur"})

    assert response["Location"] == reverse("account")
    assert User.objects.get(pk=user.pk).preferred_language == "ur"


def test_the_account_page_can_go_back_to_the_site_default_and_refuses_unknown_languages(client):
    user = make_user(preferred_language="ur")
    client.force_login(user)
    response = client.post(reverse("account"), {"first_name": "", "last_name": "", "country": "",
                                                "preferred_language": "xx"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["preferred_language"]
    client.post(reverse("account"), {"first_name": "", "last_name": "", "country": "", "preferred_language": ""})
    assert User.objects.get(pk=user.pk).preferred_language == ""


def test_a_profile_post_without_the_field_keeps_the_language(client):
    user = make_user(preferred_language="ar")
    client.force_login(user)
    client.post(reverse("account"), {"first_name": "Omar", "last_name": "", "country": ""})
    assert User.objects.get(pk=user.pk).preferred_language == "ar"


def test_switching_to_the_stored_language_writes_nothing():
    user = make_user(preferred_language="ur")
    assert services.user_language_switch(user=user, language="ur") is False
    assert services.user_language_switch(user=user, language="ar") is True
    assert User.objects.get(pk=user.pk).preferred_language == "ar"


# --- Account emails --------------------------------------------------------------------------

def test_the_confirmation_link_goes_in_the_persons_language_whatever_is_active(mailoutbox):
    user = make_user(preferred_language="ur")
    with translation.override("en"):
        services.email_confirmation_send(user=user)
    [message] = mailoutbox
    assert message.subject == "GemBazaar کے لیے اپنے ای میل پتے کی تصدیق کریں"
    assert '<html lang="ur" dir="rtl">' in message.alternatives[0][0]
    assert message.extra_headers["Content-Language"] == "ur"


def test_the_password_reset_email_goes_in_the_account_holders_language(client, mailoutbox):
    make_user(email="omar@example.org", preferred_language="ar")
    client.post(reverse("password_reset"), {"email": "omar@example.org"}, HTTP_ACCEPT_LANGUAGE="en")
    [message] = mailoutbox
    assert message.subject == "أعد تعيين كلمة مرور GemBazaar"


def test_the_password_reset_email_without_a_preference_follows_the_page(client, mailoutbox):
    make_user(email="omar@example.org")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    client.post(reverse("password_reset"), {"email": "omar@example.org"})
    [message] = mailoutbox
    assert message.subject == "أعد تعيين كلمة مرور GemBazaar"


def test_signing_in_switches_the_site_to_the_persons_language(client):
    """A person who chose Urdu signs in on a new device: the site is in Urdu at once."""
    from django.conf import settings
    from django.urls import reverse

    from gembazaar.accounts.models import User

    User.objects.create_user(username="zainab", email="zainab@example.org", password="a-long-pass-phrase",
                             preferred_language="ur")
    response = client.post(reverse("login"), {"username": "zainab", "password": "a-long-pass-phrase"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    assert client.get("/").headers["Content-Language"] == "ur"


def test_signing_in_without_a_preference_leaves_the_language_alone(client):
    from django.conf import settings
    from django.urls import reverse

    from gembazaar.accounts.models import User

    User.objects.create_user(username="omar", email="omar@example.org", password="a-long-pass-phrase")
    response = client.post(reverse("login"), {"username": "omar", "password": "a-long-pass-phrase"})
    assert response.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in response.cookies
