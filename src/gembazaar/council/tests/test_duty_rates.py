"""The council console's duty-rate table: staff only, source and year on every row, an edit that
writes history, bad input that names the field and writes nothing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from gembazaar.shipping.duty_table import FIELDS
from gembazaar.shipping.models import DutyRate, DutyRateChange

pytestmark = pytest.mark.django_db
URL = reverse("council:duty_rates")


def form_values(rate, **changes):
    values = {name: getattr(rate, name) for name in FIELDS}
    values = {name: ("" if value is None else value) for name, value in values.items()}
    return {**values, **changes}


def test_the_table_shows_source_and_year_on_every_row_and_is_in_the_console_nav(client, council_user):
    client.force_login(council_user)
    page = client.get(URL).content.decode()
    for rate in DutyRate.objects.all():
        assert rate.source in page
    assert "Executive Order 14326" in page and 'href="/council/duty-rates/"' in page
    assert "DE" in client.get(URL, {"country": "de"}).content.decode()


def test_only_staff(client, buyer):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(buyer)
    rate = DutyRate.objects.get(country="DE", hs_prefix="7117")
    assert client.get(URL).status_code == 403
    edit = reverse("council:duty_rate_edit", args=[rate.pk])
    assert client.post(edit, form_values(rate, duty_percent="9")).status_code == 403
    assert DutyRate.objects.get(pk=rate.pk).duty_percent == D("4")


def test_an_edit_is_saved_with_a_history_row(client, council_user):
    client.force_login(council_user)
    rate = DutyRate.objects.get(country="DE", hs_prefix="7117")
    edit = reverse("council:duty_rate_edit", args=[rate.pk])
    assert client.get(edit).status_code == 200
    answer = client.post(edit, form_values(rate, duty_percent="4.7", year="2026", source="EU TARIC 2026"))
    assert answer.status_code == 302
    rate.refresh_from_db()
    assert (rate.duty_percent, rate.year, rate.source) == (D("4.7"), 2026, "EU TARIC 2026")
    change = DutyRateChange.objects.latest("id")
    assert (change.kind, change.changed_by, change.before["duty_percent"], change.after["duty_percent"]) == \
        ("edit", council_user, "4", "4.7")
    page = client.get(URL).content.decode()
    assert "4.7" in page and council_user.email in page


@pytest.mark.parametrize(("change", "field"), [
    ({"duty_percent": "-1"}, "duty_percent"), ({"vat_percent": "abc"}, "vat_percent"),
    ({"extra_percent": "1e400"}, "extra_percent"), ({"source": "  "}, "source"), ({"year": "20x6"}, "year"),
    ({"confidence": "sure"}, "confidence"), ({"de_minimis_value": "150", "de_minimis_currency": "EU"},
                                             "de_minimis_currency"),
    ({"de_minimis_value": "-5"}, "de_minimis_value"), ({"note": "x" * 2001}, "note"),
])
def test_bad_input_names_the_field_and_writes_nothing(client, council_user, change, field):
    client.force_login(council_user)
    rate = DutyRate.objects.get(country="DE", hs_prefix="7117")
    history = DutyRateChange.objects.count()
    answer = client.post(reverse("council:duty_rate_edit", args=[rate.pk]), form_values(rate, **change))
    assert answer.status_code == 400
    assert field in answer.content.decode()
    assert DutyRateChange.objects.count() == history
    assert DutyRate.objects.get(pk=rate.pk).duty_percent == D("4")


def test_unknown_row_is_404(client, council_user):
    client.force_login(council_user)
    assert client.get(reverse("council:duty_rate_edit", args=[999999])).status_code == 404
