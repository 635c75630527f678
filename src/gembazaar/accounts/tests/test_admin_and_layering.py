import re
from pathlib import Path

import pytest
from django.urls import reverse

from gembazaar.accounts.models import User

from .conftest import make_user

APP = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_the_user_admin_lists_email_status_and_confirms_addresses(client):
    admin = make_user(is_staff=True, is_superuser=True)
    waiting = make_user()
    client.force_login(admin)
    assert client.get(reverse("admin:accounts_user_changelist") + "?email_confirmed__exact=0").status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[waiting.pk])).status_code == 200
    client.post(reverse("admin:accounts_user_changelist"),
                {"action": "confirm_email", "_selected_action": [waiting.pk]})
    assert User.objects.get(pk=waiting.pk).email_confirmed


def test_the_accounts_stylesheet_uses_only_logical_properties():
    # Urdu and Arabic pages mirror only if no rule says left or right.
    css = (APP / "static" / "accounts" / "accounts.css").read_text()
    physical = re.compile(r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:"
                          r"|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)|(top|bottom)-(left|right)-radius")
    assert physical.findall(css) == []
