"""The dashboard: the seller's own counts by status, and why an unverified seller cannot publish."""

import pytest
from django.urls import reverse

from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db


def test_dashboard_counts_only_the_sellers_own_listings_by_status(seller_client, seller, other_seller):
    make_gem_listing(seller=seller)
    make_gem_listing(seller=seller, publish=False)
    make_gem_listing(seller=seller, publish=False)
    make_gem_listing(seller=other_seller)
    response = seller_client.get(reverse("sellercentre:dashboard"))
    assert response.status_code == 200
    counts = {row["status"]: row["count"] for row in response.context["counts"]}
    assert counts == {"draft": 2, "active": 1, "reserved": 0, "sold": 0, "archived": 0}
    assert len(response.context["recent"]) == 3


def test_an_unverified_seller_is_told_why_they_cannot_publish(seller_client, seller):
    Seller.objects.filter(pk=seller.pk).update(status=Seller.Status.UNDER_REVIEW, verified_at=None)
    response = seller_client.get(reverse("sellercentre:dashboard"))
    assert "Only a seller verified by the council can publish" in response.content.decode()


def test_a_verified_seller_sees_no_warning(seller_client):
    response = seller_client.get(reverse("sellercentre:dashboard"))
    assert "You cannot publish yet" not in response.content.decode()


def test_the_seller_centre_is_reached_from_the_account_page_and_the_application(client):
    from django.urls import reverse

    from gembazaar.accounts.models import User
    from gembazaar.sellers.models import SellerMember
    from gembazaar.testing import make_seller

    user = User.objects.create_user(username="owner9", email="owner9@example.org", password="pw")
    SellerMember.objects.create(seller=make_seller(), user=user, role=SellerMember.Role.OWNER)
    client.force_login(user)
    centre = reverse("sellercentre:dashboard")
    assert centre in client.get(reverse("account")).content.decode()
    assert centre in client.get(reverse("seller_application")).content.decode()
