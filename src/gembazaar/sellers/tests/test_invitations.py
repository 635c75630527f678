"""Owners invite people by email; the invited person accepts with a signed-in, confirmed, matching address."""

import hashlib
import re
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gembazaar.core.errors import DomainError, NotFound
from gembazaar.sellers import invitations, services
from gembazaar.sellers.models import SellerInvitation, SellerMember
from gembazaar.testing import make_seller

from .conftest import make_council_user, make_owner, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    return make_seller()


@pytest.fixture
def owner(seller):
    return make_owner(seller, "olivia")


def expire(invitation):
    """Make it as if the invitation went out eight days ago and ran out yesterday."""
    now = timezone.now()
    SellerInvitation.objects.filter(pk=invitation.pk).update(created_at=now - timedelta(days=8),
                                                             expires_at=now - timedelta(days=1))


def invite(seller, owner, email="carol@example.org", role="staff"):
    return invitations.seller_invitation_create(seller=seller, email=email, role=role, invited_by=owner)


def test_creating_an_invitation_emails_the_link_after_commit(seller, owner, mailoutbox,
                                                             django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://gembazaar.example"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invitation, token = invite(seller, owner, email="Carol@Example.org", role="owner")
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["Carol@Example.org"]
    assert seller.trade_name in message.subject
    assert f"https://gembazaar.example/seller/invitations/{token}/" in message.body
    assert "Olivia" in message.body and "Owner" in message.body


def test_only_the_hash_of_the_token_is_stored(seller, owner):
    invitation, token = invite(seller, owner)
    assert len(token) >= 40
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not SellerInvitation.objects.filter(token_hash=token).exists()


def test_the_invitation_expires_after_the_configured_days(seller, owner, settings):
    settings.SELLER_INVITATION_DAYS = 3
    invitation, _token = invite(seller, owner)
    assert invitation.expires_at - invitation.created_at == timedelta(days=3)


def test_a_rolled_back_invitation_sends_nothing(seller, owner, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        invite(seller, owner)
        raise RuntimeError
    assert mailoutbox == []
    assert not SellerInvitation.objects.exists()


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b@example.org"])
def test_a_bad_address_is_refused_on_the_email_field(seller, owner, email):
    with pytest.raises(ValidationError) as caught:
        invite(seller, owner, email=email)
    assert "email" in caught.value.message_dict
    assert not SellerInvitation.objects.exists()


def test_an_unknown_role_is_refused_on_the_role_field(seller, owner):
    with pytest.raises(ValidationError) as caught:
        invite(seller, owner, role="admin")
    assert "role" in caught.value.message_dict
    assert not SellerInvitation.objects.exists()


def test_inviting_a_member_is_refused_on_the_email_field(seller, owner):
    with pytest.raises(ValidationError) as caught:
        invite(seller, owner, email="OLIVIA@example.org")
    assert "already a member" in caught.value.message_dict["email"][0]
    assert not SellerInvitation.objects.exists()


def test_a_member_of_another_seller_can_be_invited(seller, owner):
    make_owner(make_seller(), "carol")
    invitation, _token = invite(seller, owner, email="carol@example.org")
    assert invitation.pk


def test_a_second_pending_invitation_for_the_same_address_is_refused(seller, owner):
    invite(seller, owner, email="carol@example.org")
    with pytest.raises(ValidationError) as caught:
        invite(seller, owner, email="CAROL@example.org")
    assert "pending invitation" in caught.value.message_dict["email"][0]
    assert SellerInvitation.objects.count() == 1


def test_an_expired_invitation_gives_way_to_a_new_one(seller, owner):
    old, _token = invite(seller, owner)
    expire(old)
    new, _token = invite(seller, owner, email="Carol@example.org")
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None
    assert SellerInvitation.objects.open().count() == 1


def test_the_database_allows_one_open_invitation_per_address_in_any_case(seller, owner):
    invite(seller, owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        SellerInvitation.objects.create(seller=seller, email="CAROL@EXAMPLE.ORG", token_hash="x" * 64,
                                        expires_at=timezone.now() + timedelta(days=1))


def test_staff_cannot_invite(seller):
    staff = make_user("sam")
    SellerMember.objects.create(seller=seller, user=staff, role=SellerMember.Role.STAFF)
    with pytest.raises(services.NotPermitted) as caught:
        invite(seller, staff)
    assert caught.value.status == 403
    assert not SellerInvitation.objects.exists()


def test_an_owner_of_another_seller_cannot_invite_to_this_one(seller):
    stranger = make_owner(make_seller(), "mallory")
    with pytest.raises(services.NotPermitted):
        invite(seller, stranger)


def test_council_staff_can_invite(seller):
    invitation, _token = invite(seller, make_council_user())
    assert invitation.pk


# --- Accepting ---------------------------------------------------------------------------------

def test_the_invited_user_joins_with_the_role(seller, owner):
    _invitation, token = invite(seller, owner, email="CAROL@example.org", role="owner")
    carol = make_user("carol")
    member = invitations.seller_invitation_accept(token=token, user=carol)
    assert (member.seller, member.user, member.role) == (seller, carol, SellerMember.Role.OWNER)
    invitation = SellerInvitation.objects.get()
    assert invitation.accepted_by == carol and invitation.accepted_at is not None


def test_accepting_twice_returns_the_same_membership(seller, owner):
    _invitation, token = invite(seller, owner)
    carol = make_user("carol")
    first = invitations.seller_invitation_accept(token=token, user=carol)
    second = invitations.seller_invitation_accept(token=token, user=carol)
    assert first.pk == second.pk
    assert SellerMember.objects.filter(seller=seller).count() == 2


def test_someone_with_another_address_cannot_accept(seller, owner):
    _invitation, token = invite(seller, owner)
    with pytest.raises(DomainError) as caught:
        invitations.seller_invitation_accept(token=token, user=make_user("mallory"))
    assert caught.value.code == "email_mismatch" and caught.value.field == "email"
    assert "carol@example.org" in caught.value.message
    assert not SellerMember.objects.filter(user__username="mallory").exists()
    assert SellerInvitation.objects.get().accepted_at is None


def test_an_unconfirmed_address_cannot_accept(seller, owner):
    _invitation, token = invite(seller, owner)
    carol = make_user("carol", confirmed=False)
    with pytest.raises(DomainError) as caught:
        invitations.seller_invitation_accept(token=token, user=carol)
    assert caught.value.code == "email_unconfirmed"
    assert not SellerMember.objects.filter(user=carol).exists()


def test_an_expired_invitation_cannot_be_accepted(seller, owner):
    invitation, token = invite(seller, owner)
    expire(invitation)
    carol = make_user("carol")
    with pytest.raises(DomainError) as caught:
        invitations.seller_invitation_accept(token=token, user=carol)
    assert caught.value.code == "invitation_expired"
    assert not SellerMember.objects.filter(user=carol).exists()


def test_a_revoked_invitation_cannot_be_accepted(seller, owner):
    invitation, token = invite(seller, owner)
    invitations.seller_invitation_revoke(seller=seller, invitation_id=invitation.pk)
    carol = make_user("carol")
    with pytest.raises(DomainError) as caught:
        invitations.seller_invitation_accept(token=token, user=carol)
    assert caught.value.code == "invitation_revoked"
    assert not SellerMember.objects.filter(user=carol).exists()


def test_a_used_token_does_not_work_again(seller, owner):
    _invitation, token = invite(seller, owner)
    carol = make_user("carol")
    invitations.seller_invitation_accept(token=token, user=carol)
    SellerMember.objects.filter(user=carol).delete()  # the owner removed her from the team
    with pytest.raises(DomainError) as caught:
        invitations.seller_invitation_accept(token=token, user=carol)
    assert caught.value.code == "invitation_used"
    assert not SellerMember.objects.filter(user=carol).exists()


def test_an_unknown_token_is_not_found(seller, owner):
    invite(seller, owner)
    with pytest.raises(NotFound):
        invitations.seller_invitation_accept(token="made-up", user=make_user("carol"))


def test_someone_signed_out_cannot_accept(seller, owner):
    from django.contrib.auth.models import AnonymousUser

    _invitation, token = invite(seller, owner)
    with pytest.raises(services.NotPermitted):
        invitations.seller_invitation_accept(token=token, user=AnonymousUser())
    assert SellerMember.objects.filter(seller=seller).count() == 1


def test_a_user_who_is_already_a_member_keeps_their_role(seller, owner):
    _invitation, token = invite(seller, owner, role="owner")
    carol = make_user("carol")
    # Added by another door after the invitation went out.
    SellerMember.objects.create(seller=seller, user=carol, role=SellerMember.Role.STAFF)
    member = invitations.seller_invitation_accept(token=token, user=carol)
    assert member.role == SellerMember.Role.STAFF
    assert SellerMember.objects.filter(seller=seller, user=carol).count() == 1
    assert SellerInvitation.objects.get().accepted_by == carol


# --- Revoking ----------------------------------------------------------------------------------

def test_revoking_closes_the_invitation(seller, owner):
    invitation, _token = invite(seller, owner)
    invitations.seller_invitation_revoke(seller=seller, invitation_id=invitation.pk)
    assert SellerInvitation.objects.get().revoked_at is not None
    assert not SellerInvitation.objects.open().exists()


def test_another_seller_cannot_revoke_an_invitation(seller, owner):
    invitation, _token = invite(seller, owner)
    with pytest.raises(NotFound):
        invitations.seller_invitation_revoke(seller=make_seller(), invitation_id=invitation.pk)
    assert SellerInvitation.objects.get().revoked_at is None


def test_an_accepted_invitation_cannot_be_revoked(seller, owner):
    invitation, token = invite(seller, owner)
    invitations.seller_invitation_accept(token=token, user=make_user("carol"))
    with pytest.raises(DomainError) as caught:
        invitations.seller_invitation_revoke(seller=seller, invitation_id=invitation.pk)
    assert caught.value.code == "invitation_used"
    assert SellerInvitation.objects.get().revoked_at is None


# --- Races (PostgreSQL) ------------------------------------------------------------------------

def _race(count, work):
    barrier = threading.Barrier(count)
    outcomes: list = []

    def run(i):
        barrier.wait()
        try:
            outcomes.append(work(i))
        except (DomainError, ValidationError) as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_make_one_membership():
    seller = make_seller()
    owner = make_owner(seller, "olivia")
    _invitation, token = invite(seller, owner)
    carol = make_user("carol")
    outcomes = _race(6, lambda i: invitations.seller_invitation_accept(token=token, user=carol))
    assert all(isinstance(outcome, SellerMember) for outcome in outcomes), outcomes
    assert len({outcome.pk for outcome in outcomes}) == 1
    assert SellerMember.objects.filter(seller=seller, user=carol).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_invitations_to_one_address_leave_one_open():
    seller = make_seller()
    owners = [make_owner(seller, f"owner{i}") for i in range(6)]
    outcomes = _race(6, lambda i: invite(seller, owners[i], email=f"{'CAROL' if i % 2 else 'carol'}@example.org"))
    assert sum(isinstance(outcome, tuple) for outcome in outcomes) == 1
    errors = [outcome for outcome in outcomes if not isinstance(outcome, tuple)]
    assert all(re.search("pending invitation", " ".join(e.messages)) for e in errors), errors
    assert SellerInvitation.objects.open().count() == 1
