"""Invitations in the admin: sent through the service (email and all), revoked by an action, token never shown."""

import pytest
from django.urls import reverse

from gembazaar.sellers import invitations
from gembazaar.sellers.models import SellerInvitation
from gembazaar.testing import make_seller

from .conftest import make_owner, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def test_adding_an_invitation_in_the_admin_sends_it_through_the_service(admin_client, mailoutbox,
                                                                        django_capture_on_commit_callbacks):
    seller = make_seller()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:sellers_sellerinvitation_add"),
                                     {"seller": seller.pk, "email": "dan@example.org", "role": "staff"})
    assert response.status_code == 302
    invitation = SellerInvitation.objects.get()
    assert invitation.invited_by.username == "root" and len(invitation.token_hash) == 64
    assert len(mailoutbox) == 1 and "/seller/invitations/" in mailoutbox[0].body


def test_the_admin_refuses_inviting_a_member(admin_client):
    seller = make_seller()
    make_owner(seller, "olivia")
    response = admin_client.post(reverse("admin:sellers_sellerinvitation_add"),
                                 {"seller": seller.pk, "email": "OLIVIA@example.org", "role": "staff"})
    assert response.status_code == 200 and "already a member" in response.content.decode()
    assert not SellerInvitation.objects.exists()


def test_the_revoke_action_closes_open_invitations(admin_client):
    seller = make_seller()
    owner = make_owner(seller, "olivia")
    invitation, token = invitations.seller_invitation_create(seller=seller, email="dan@example.org", role="staff",
                                                          invited_by=owner)
    change = admin_client.get(reverse("admin:sellers_sellerinvitation_change", args=[invitation.pk]))
    assert change.status_code == 200 and token not in change.content.decode()
    admin_client.post(reverse("admin:sellers_sellerinvitation_changelist"),
                      {"action": "revoke", "_selected_action": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
