"""The verification queue: waiting applications oldest first, counts by status, bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gembazaar.sellers.models import Seller
from gembazaar.sellers.tests.conftest import make_owner
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db
QUEUE = reverse("council:queue")


def applicant_seller(name: str, *, days_ago: int, status: str = "applied") -> Seller:
    seller = make_seller(status=status, trade_name=name, applied_at=timezone.now() - dt.timedelta(days=days_ago))
    make_owner(seller, name.lower().replace(" ", ""))
    return seller


def test_the_queue_lists_waiting_applications_oldest_first_with_counts(client, council_user):
    applicant_seller("Newest Gems", days_ago=1)
    applicant_seller("Oldest Gems", days_ago=20, status="under_review")
    applicant_seller("Middle Gems", days_ago=5)
    make_seller(trade_name="Already Verified")
    make_seller(status="rejected", trade_name="Rejected Gems")
    make_seller(status="suspended", trade_name="Suspended Gems")
    client.force_login(council_user)

    response = client.get(QUEUE)

    names = [seller.trade_name for seller in response.context["page"].object_list]
    assert names == ["Oldest Gems", "Middle Gems", "Newest Gems"]
    assert response.context["counts"] == {"applied": 2, "under_review": 1, "verified": 1, "rejected": 1,
                                          "suspended": 1}
    html = response.content.decode()
    assert "3 waiting" in html and "oldestgems@example.org" in html
    assert reverse("council:seller_detail", args=[Seller.objects.get(trade_name="Oldest Gems").pk]) in html


def test_an_empty_queue_says_so(client, council_user):
    client.force_login(council_user)
    assert "No application is waiting." in client.get(QUEUE).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [QUEUE, reverse("council:seller_list")])
def test_the_page_costs_the_same_queries_for_3_or_30_applications(client, council_user, url):
    client.force_login(council_user)
    for n in range(3):
        applicant_seller(f"Gems {n}", days_ago=n)
    few = _queries(client, url)
    for n in range(3, 30):
        applicant_seller(f"Gems {n}", days_ago=n)
    many = _queries(client, url)
    assert many == few
    assert few <= 10  # session, user, council check, counts, page count, page, owners (+ savepoints)
