"""Every seller, filtered by status, searched by name, membership number or NTN."""

import pytest
from django.urls import reverse

from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db
URL = reverse("council:seller_list")


@pytest.fixture
def sellers():
    make_seller(trade_name="Anarkali Jewellers", council_membership_no="GGC-LHR-0009")
    make_seller(trade_name="Liberty Silver Works", status="applied", tax_number="1234567-8")
    make_seller(trade_name="Tariq Road Jewellers", status="suspended")


def names(response):
    return [seller.trade_name for seller in response.context["page"].object_list]


def test_all_sellers_by_name(client, council_user, sellers):
    client.force_login(council_user)
    assert names(client.get(URL)) == ["Anarkali Jewellers", "Liberty Silver Works", "Tariq Road Jewellers"]


@pytest.mark.parametrize(("status", "expected"), [
    ("suspended", ["Tariq Road Jewellers"]),
    ("applied", ["Liberty Silver Works"]),
    ("rejected", []),
    ("nonsense", ["Anarkali Jewellers", "Liberty Silver Works", "Tariq Road Jewellers"]),
])
def test_filter_by_status(client, council_user, sellers, status, expected):
    client.force_login(council_user)
    assert names(client.get(URL, {"status": status})) == expected


@pytest.mark.parametrize(("query", "expected"), [("ggc-lhr-0009", ["Anarkali Jewellers"]),
                                                 ("1234567", ["Liberty Silver Works"]),
                                                 ("jewellers", ["Anarkali Jewellers", "Tariq Road Jewellers"])])
def test_search(client, council_user, sellers, query, expected):
    client.force_login(council_user)
    assert names(client.get(URL, {"q": query})) == expected
