import importlib

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from gembazaar.accounts.models import User


def test_argon2_is_the_first_password_hasher_in_the_settings():
    # The suite swaps in a fast hasher (conftest.py); the settings module itself must say argon2.
    project_settings = importlib.import_module("gembazaar.settings")
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_a_sign_up_stores_an_argon2_hash(client, settings):
    settings.PASSWORD_HASHERS = importlib.import_module("gembazaar.settings").PASSWORD_HASHERS
    client.post(reverse("signup"), {"email": "zara@example.org", "full_name": "Zara",
                                    "password1": "emerald-from-swat-42", "password2": "emerald-from-swat-42"})
    user = User.objects.get()
    assert user.password.startswith("argon2$argon2id$")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("emerald-from-swat-42")
