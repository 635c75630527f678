"""The console is for council staff only: others get 403, anonymous visitors the sign-in page."""

import pytest
from django.urls import reverse

from gembazaar.sellers.models import Seller, SellerMember
from gembazaar.sellers.tests.conftest import make_user
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    return make_seller(status="applied")


def pages(seller):
    return [reverse("council:queue"), reverse("council:seller_list"),
            reverse("council:seller_detail", args=[seller.pk]), reverse("council:origins")]


def test_council_staff_see_every_page(client, council_user, seller):
    client.force_login(council_user)
    for url in pages(seller):
        assert client.get(url).status_code == 200, url


def test_a_superuser_counts_as_council_staff(client, seller):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    assert client.get(reverse("council:queue")).status_code == 200


@pytest.mark.parametrize("who", ["buyer", "seller_owner", "admin_staff_not_in_council"])
def test_everyone_else_is_refused(client, seller, who):
    user = make_user(who, is_staff=(who == "admin_staff_not_in_council"))
    if who == "seller_owner":
        SellerMember.objects.create(seller=make_seller(), user=user, role="owner")
    client.force_login(user)
    for url in pages(seller):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("council:seller_action", args=[seller.pk]), {"action": "start_review"})
    assert response.status_code == 403
    assert Seller.objects.get(pk=seller.pk).status == "applied"


def test_anonymous_visitors_are_sent_to_sign_in(client, seller):
    for url in [*pages(seller), reverse("council:seller_action", args=[seller.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url
    client.post(reverse("council:seller_action", args=[seller.pk]), {"action": "start_review"})
    assert Seller.objects.get(pk=seller.pk).status == "applied"


def test_an_unknown_seller_is_not_found(client, council_user):
    client.force_login(council_user)
    assert client.get(reverse("council:seller_detail", args=[999999])).status_code == 404


def test_the_council_link_shows_for_staff_only(client, council_user, buyer):
    client.force_login(buyer)
    assert reverse("council:queue") not in client.get(reverse("home")).content.decode()
    client.force_login(council_user)
    assert reverse("council:queue") in client.get(reverse("home")).content.decode()
