"""The owner invites people to the business; staff cannot; another seller's team stays apart."""

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.sellers.models import SellerInvitation, SellerMember

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_owner_invites_a_registered_user_who_joins_on_accepting(seller_client, seller):
    # Adding people is by invitation now: they consent, and prove the address, by accepting.
    carol = make_user("carol")
    response = seller_client.post(reverse("sellercentre:team"), {"email": "CAROL@example.org", "role": "staff"})
    assert response.status_code == 302
    assert not SellerMember.objects.filter(seller=seller, user=carol).exists()
    invitation = SellerInvitation.objects.get(seller=seller)
    assert invitation.email == "CAROL@example.org" and invitation.role == SellerMember.Role.STAFF


def test_an_unknown_email_is_invited_too(seller_client, seller):
    response = seller_client.post(reverse("sellercentre:team"), {"email": "nobody@example.org", "role": "staff"})
    assert response.status_code == 302
    assert SellerInvitation.objects.filter(seller=seller, email="nobody@example.org").exists()
    assert seller.members.count() == 1


def test_adding_someone_twice_is_refused(seller_client, seller):
    response = seller_client.post(reverse("sellercentre:team"), {"email": "alice@example.org", "role": "staff"})
    assert "email" in response.context["form"].errors


def test_staff_cannot_open_the_team_page(seller):
    staff = make_user("dave")
    SellerMember.objects.create(seller=seller, user=staff, role=SellerMember.Role.STAFF)
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("sellercentre:team")).status_code == 403
    assert client.get(reverse("sellercentre:dashboard")).status_code == 200


def test_the_team_page_lists_only_this_sellers_members(seller_client, other_client):
    body = other_client.get(reverse("sellercentre:team")).content.decode()
    assert "bob@example.org" in body and "alice@example.org" not in body


def test_anonymous_and_buyers_are_kept_out_of_the_team_page(db):
    assert reverse("login") in Client().get(reverse("sellercentre:team")).url
    buyer = Client()
    buyer.force_login(make_user("erin"))
    assert buyer.get(reverse("sellercentre:team")).status_code == 403
