"""The seller centre's Payouts: balance, ledger by month, payouts, statements; a seller sees only
their own (another seller's payout is a 404); council staff actions are not here."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gembazaar.orders.tests.conftest import (  # noqa: F401  (autouse: shipping zones, email backend)
    _email_backend_and_fx_cache,
    _shipping_zones,
    make_buyer,
)
from gembazaar.payments import payouts
from gembazaar.payments.tests.payout_factories import complete, paid_order
from gembazaar.sellers.tests.conftest import make_council_user

pytestmark = pytest.mark.django_db
URL = "/seller/payouts/"


@pytest.fixture
def staff(db):
    return make_council_user("treasurer")


@pytest.fixture
def earned(seller, staff):
    """The seller's completed order, a payout sent, and a second order paid (held)."""
    buyer = make_buyer("zara")
    order = complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)
    payout = payouts.payout_request(seller=seller, amount="10000.00", actor=staff)
    payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="MCB-445566")
    paid_order(buyer=buyer, seller=seller, staff=staff, price="200.00")
    return order, payout


def test_the_page_shows_held_available_and_paid_out_and_the_ledger(seller_client, earned):
    order, payout = earned
    response = seller_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Held until orders complete" in page and "Available to pay out" in page
    assert "Rs\u00a010,000" in page  # paid out
    assert order.number in page and "MCB-445566" in page
    assert f'href="/seller/payouts/{payout.pk}/"' in page
    assert 'href="/seller/payouts/"' in page  # the navigation link
    balance = response.context["balance"]
    assert balance.held > 0 and balance.available > 0 and balance.paid_out == Decimal("10000")


def test_the_ledger_filters_by_month(seller_client, earned):
    this_month = timezone.localdate().strftime("%Y-%m")
    assert len(seller_client.get(URL, {"month": this_month}).context["page"].object_list) == 5
    assert len(seller_client.get(URL, {"month": "2001-01"}).context["page"].object_list) == 0


def test_a_bad_month_is_a_400_with_the_reason(seller_client, earned):
    response = seller_client.get(URL, {"month": "2026-13"})
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_another_seller_sees_none_of_it_and_gets_404_for_its_payout(other_client, earned):
    _, payout = earned
    page = other_client.get(URL)
    assert page.status_code == 200 and "MCB-445566" not in page.content.decode()
    assert page.context["balance"].balance == 0
    assert other_client.get(f"{URL}{payout.pk}/").status_code == 404


def test_a_payout_page_shows_it_and_hostile_ids_are_404(seller_client, earned):
    _, payout = earned
    response = seller_client.get(f"{URL}{payout.pk}/")
    assert response.status_code == 200 and "MCB-445566" in response.content.decode()
    for hostile in ("999999", "9" * 30):
        assert seller_client.get(f"{URL}{hostile}/").status_code == 404


def test_the_statement_csv_downloads_for_the_month(seller_client, earned):
    month = timezone.localdate().strftime("%Y-%m")
    response = seller_client.get(f"{URL}statements/{month}.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"{month}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "Opening balance" in text and "MCB-445566" in text and ",sale," in text


def test_a_bad_statement_month_is_404(seller_client):
    assert seller_client.get(f"{URL}statements/2026-13.csv").status_code == 404
    assert seller_client.get(f"{URL}statements/abcd-ef.pdf").status_code == 404


def test_the_statement_pdf_downloads(seller_client, earned):
    month = timezone.localdate().strftime("%Y-%m")
    response = seller_client.get(f"{URL}statements/{month}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_buyers_and_strangers_cannot_see_payouts(client):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(make_buyer("nobody"))
    assert client.get(URL).status_code == 403
