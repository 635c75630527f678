"""The Team page invites by email and lists pending invitations; the emailed link lets the invitee join."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gembazaar.accounts.models import User
from gembazaar.sellers import invitations
from gembazaar.sellers.models import SellerInvitation, SellerMember

from .conftest import make_member, make_user

pytestmark = pytest.mark.django_db


def invite(seller, email="carol@example.org", role="staff"):
    membership = seller.members.filter(role="owner").select_related("user").first()
    owner = membership.user if membership else make_member(seller, "alice")
    return invitations.seller_invitation_create(seller=seller, email=email, role=role, invited_by=owner)


def accept_url(token):
    return reverse("sellercentre:invitation_accept", args=[token])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- The Team page -------------------------------------------------------------------------------

def test_the_owner_invites_by_email_and_the_link_is_emailed(seller_client, seller, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(reverse("sellercentre:team"), {"email": "dan@example.org", "role": "owner"})
    assert response.status_code == 302 and response.url == reverse("sellercentre:team")
    invitation = SellerInvitation.objects.get(seller=seller)
    assert (invitation.email, invitation.role, invitation.invited_by.username) == ("dan@example.org", "owner",
                                                                                    "alice")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["dan@example.org"]
    token = re.search(r"/seller/invitations/([\w-]+)/", mailoutbox[0].body).group(1)
    assert invitations.invitation_token_hash(token) == invitation.token_hash
    assert not SellerMember.objects.filter(seller=seller, user__email="dan@example.org").exists()


def test_the_team_page_lists_pending_invitations_with_a_revoke_button(seller_client, seller):
    invitation, _token = invite(seller, email="dan@example.org", role="owner")
    body = seller_client.get(reverse("sellercentre:team")).content.decode()
    assert "dan@example.org" in body
    assert reverse("sellercentre:invitation_revoke", args=[invitation.pk]) in body
    assert "Alice" in body or "alice@example.org" in body  # invited by


def test_an_invalid_invitation_names_the_field_and_writes_nothing(seller_client, seller):
    response = seller_client.post(reverse("sellercentre:team"), {"email": "not-an-email", "role": "staff"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    response = seller_client.post(reverse("sellercentre:team"), {"email": "dan@example.org", "role": "boss"})
    assert response.status_code == 400 and "role" in response.context["form"].errors
    assert not SellerInvitation.objects.exists()


def test_inviting_a_pending_address_again_is_refused_on_the_field(seller_client, seller):
    invite(seller, email="dan@example.org")
    response = seller_client.post(reverse("sellercentre:team"), {"email": "DAN@example.org", "role": "staff"})
    assert response.status_code == 400 and "email" in response.context["form"].errors
    assert SellerInvitation.objects.count() == 1


def test_staff_cannot_invite_or_revoke(seller):
    invitation, _token = invite(seller)
    staff = make_user("sam")
    SellerMember.objects.create(seller=seller, user=staff, role=SellerMember.Role.STAFF)
    client = signed_in(staff)
    assert client.post(reverse("sellercentre:team"), {"email": "x@example.org", "role": "owner"}).status_code == 403
    revoke = reverse("sellercentre:invitation_revoke", args=[invitation.pk])
    assert client.post(revoke).status_code == 403
    assert SellerInvitation.objects.count() == 1 and SellerInvitation.objects.get().revoked_at is None


def test_the_owner_revokes_an_invitation(seller_client, seller):
    invitation, _token = invite(seller)
    response = seller_client.post(reverse("sellercentre:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert list(seller_client.get(reverse("sellercentre:team")).context["invitations"]) == []


def test_another_sellers_owner_gets_404_revoking_and_nothing_changes(seller, other_client):
    invitation, _token = invite(seller)
    response = other_client.post(reverse("sellercentre:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_team_page_never_shows_another_sellers_invitations(seller, other_client):
    invitation, _token = invite(seller, email="secret-hire@example.org")
    body = other_client.get(reverse("sellercentre:team")).content.decode()
    assert "secret-hire@example.org" not in body
    assert reverse("sellercentre:invitation_revoke", args=[invitation.pk]) not in body


def test_revoking_needs_a_post(seller_client, seller):
    invitation, _token = invite(seller)
    assert seller_client.get(reverse("sellercentre:invitation_revoke", args=[invitation.pk])).status_code == 405


# --- The accept page -----------------------------------------------------------------------------

def test_an_anonymous_visitor_is_offered_sign_in_and_sign_up_coming_back_here(seller):
    _invitation, token = invite(seller)
    response = Client().get(accept_url(token))
    assert response.status_code == 200
    body = response.content.decode()
    here = accept_url(token)
    assert f'{reverse("login")}?next={here}' in body
    assert response.context["signup_form"]["email"].value() == "carol@example.org"
    assert f'name="next" value="{here}"' in body
    assert SellerMember.objects.filter(seller=seller).count() == 1


def test_an_anonymous_post_goes_to_sign_in_and_joins_no_one(seller):
    _invitation, token = invite(seller)
    response = Client().post(accept_url(token))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert SellerMember.objects.filter(seller=seller).count() == 1


def test_the_invited_user_accepts_and_lands_on_the_dashboard(seller):
    _invitation, token = invite(seller, role="staff")
    carol = make_user("carol")
    client = signed_in(carol)
    page = client.get(accept_url(token))
    assert page.status_code == 200 and seller.trade_name in page.content.decode()
    assert not SellerMember.objects.filter(user=carol).exists()  # opening the link changes nothing
    response = client.post(accept_url(token), follow=True)
    assert response.redirect_chain[-1][0] == reverse("sellercentre:dashboard")
    assert "Welcome to" in response.content.decode()
    assert SellerMember.objects.get(user=carol).role == SellerMember.Role.STAFF


def test_a_member_of_another_seller_accepts_and_acts_for_the_new_one(seller, other_seller):
    carol = make_member(other_seller, "carol")
    _invitation, token = invite(seller)
    client = signed_in(carol)
    response = client.post(accept_url(token), follow=True)
    assert response.status_code == 200
    assert response.context["request"].seller == seller


def test_the_wrong_account_sees_why_and_cannot_join(seller):
    _invitation, token = invite(seller)
    mallory = make_user("mallory")
    client = signed_in(mallory)
    page = client.get(accept_url(token))
    assert page.context["problem"].code == "email_mismatch"
    assert "carol@example.org" in page.content.decode()
    response = client.post(accept_url(token), follow=True)
    assert "carol@example.org" in response.content.decode()
    assert not SellerMember.objects.filter(user=mallory).exists()


def test_an_unconfirmed_invitee_is_asked_to_confirm_first(seller):
    _invitation, token = invite(seller)
    carol = User.objects.create_user(username="carol", email="carol@example.org", password="pw")
    client = signed_in(carol)
    page = client.get(accept_url(token))
    assert page.context["problem"].code == "email_unconfirmed"
    assert reverse("email_confirmation_resend") in page.content.decode()
    client.post(accept_url(token))
    assert not SellerMember.objects.filter(user=carol).exists()


@pytest.mark.parametrize("state", ["expired", "revoked", "used"])
def test_a_closed_invitation_says_so_and_joins_no_one(seller, state):
    invitation, token = invite(seller)
    carol = make_user("carol")
    if state == "expired":
        now = timezone.now()
        SellerInvitation.objects.filter(pk=invitation.pk).update(created_at=now - timedelta(days=8),
                                                                 expires_at=now - timedelta(days=1))
    elif state == "revoked":
        invitations.seller_invitation_revoke(seller=seller, invitation_id=invitation.pk)
    else:
        invitations.seller_invitation_accept(token=token, user=carol)
        SellerMember.objects.filter(user=carol).delete()
    client = signed_in(carol)
    page = client.get(accept_url(token))
    assert page.status_code == 410
    assert page.context["problem"].code == f"invitation_{state}"
    client.post(accept_url(token))
    assert not SellerMember.objects.filter(user=carol).exists()


def test_an_unknown_token_is_404(db):
    assert Client().get(accept_url("no-such-token")).status_code == 404
    assert Client().post(accept_url("no-such-token")).status_code == 404


def test_sign_up_from_the_invitation_comes_back_to_it(seller):
    _invitation, token = invite(seller)
    client = Client()
    response = client.post(reverse("signup"), {
        "email": "carol@example.org", "full_name": "Carol Khan", "password1": "emerald-swat-2024",
        "password2": "emerald-swat-2024", "next": accept_url(token)})
    assert response.status_code == 302 and response.url == accept_url(token)
    page = client.get(response.url)
    # A new account must confirm its address before it can join.
    assert page.context["problem"].code == "email_unconfirmed"
    assert not SellerMember.objects.filter(user__email="carol@example.org").exists()


def test_signing_out_from_a_wrong_account_comes_back_to_the_invitation(seller):
    _invitation, token = invite(seller)
    client = signed_in(make_user("mallory"))
    response = client.post(reverse("logout"), {"next": accept_url(token)})
    assert response.status_code == 302 and response.url == accept_url(token)
    assert client.get(accept_url(token)).context["signup_form"] is not None  # signed out now
