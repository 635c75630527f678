"""The verification status machine: every allowed move, every forbidden one, reasons, audit, emails."""

import itertools

import pytest
from django.db import IntegrityError, transaction

from gembazaar.core.errors import DomainError
from gembazaar.sellers import services
from gembazaar.sellers.models import Seller, SellerStatusEvent
from gembazaar.sellers.services import ALLOWED_TRANSITIONS, COUNCIL, OWNER, NotPermitted
from gembazaar.testing import make_seller

from .conftest import make_owner, make_user

pytestmark = pytest.mark.django_db
S = Seller.Status
ALL_MOVES = [(a, b) for a, b in itertools.product(S.values, S.values) if a != b]
FORBIDDEN = [move for move in ALL_MOVES if move not in ALLOWED_TRANSITIONS]


def test_the_table_is_the_documented_machine():
    assert ALLOWED_TRANSITIONS == {
        ("applied", "under_review"): COUNCIL,
        ("under_review", "verified"): COUNCIL,
        ("under_review", "rejected"): COUNCIL,
        ("verified", "suspended"): COUNCIL,
        ("suspended", "verified"): COUNCIL,
        ("rejected", "applied"): OWNER,
    }


def _actor_for(seller, who, council_user):
    return council_user if who == COUNCIL else make_owner(seller, f"owner{seller.pk}")


@pytest.mark.parametrize(("from_status", "to_status"), list(ALLOWED_TRANSITIONS))
def test_every_allowed_move_changes_the_status_and_writes_one_audit_row(council_user, from_status, to_status):
    seller = make_seller(status=from_status)
    actor = _actor_for(seller, ALLOWED_TRANSITIONS[(from_status, to_status)], council_user)

    event = services.seller_transition(seller=seller, to_status=to_status, actor=actor, reason="Checked on site")

    seller.refresh_from_db()
    assert seller.status == to_status
    row = SellerStatusEvent.objects.get(seller=seller)
    assert row == event
    assert (row.from_status, row.to_status, row.actor, row.reason) == (from_status, to_status, actor,
                                                                      "Checked on site")
    assert row.actor_name.startswith(actor.get_full_name()) and actor.email in row.actor_name
    assert row.at is not None


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_every_other_move_is_refused_with_a_clear_message_and_changes_nothing(council_user, from_status, to_status):
    seller = make_seller(status=from_status)

    with pytest.raises(DomainError) as caught:
        services.seller_transition(seller=seller, to_status=to_status, actor=council_user, reason="because")

    assert caught.value.code == "invalid_transition"
    assert str(S(from_status).label) in caught.value.message and str(S(to_status).label) in caught.value.message
    seller.refresh_from_db()
    assert seller.status == from_status
    assert not SellerStatusEvent.objects.exists()


def test_an_unknown_status_is_refused(council_user):
    with pytest.raises(DomainError):
        services.seller_transition(seller=make_seller(status="applied"), to_status="banned", actor=council_user)


@pytest.mark.parametrize(("from_status", "to_status"), [("under_review", "rejected"), ("verified", "suspended")])
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_rejecting_and_suspending_need_a_reason(council_user, from_status, to_status, reason):
    seller = make_seller(status=from_status)
    with pytest.raises(DomainError) as caught:
        services.seller_transition(seller=seller, to_status=to_status, actor=council_user, reason=reason)
    assert caught.value.field == "reason"
    seller.refresh_from_db()
    assert seller.status == from_status and not SellerStatusEvent.objects.exists()


def test_the_database_also_refuses_a_rejection_without_reason():
    seller = make_seller(status="under_review")
    with pytest.raises(IntegrityError), transaction.atomic():
        SellerStatusEvent.objects.create(seller=seller, from_status="under_review", to_status="rejected", reason="")


def test_approval_stamps_the_verification_date(council_user):
    seller = make_seller(status="under_review")
    services.seller_approve(seller=seller, actor=council_user)
    seller.refresh_from_db()
    assert seller.is_verified and seller.verified_at == SellerStatusEvent.objects.get().at


def test_reinstatement_stamps_a_new_verification_date(council_user):
    seller = make_seller()
    first = seller.verified_at
    services.seller_suspend(seller=seller, actor=council_user, reason="Complaint under investigation")
    seller.refresh_from_db()
    assert seller.verified_at == first and not seller.is_verified  # kept, but the badge is gone
    services.seller_reinstate(seller=seller, actor=council_user)
    seller.refresh_from_db()
    assert seller.is_verified and seller.verified_at > first


def test_reapplying_puts_the_seller_back_at_the_end_of_the_queue(council_user):
    seller = make_seller(status="rejected")
    owner = make_owner(seller, "owner")
    services.seller_transition(seller=seller, to_status="applied", actor=owner)
    seller.refresh_from_db()
    assert seller.status == "applied" and seller.applied_at == SellerStatusEvent.objects.get().at


@pytest.mark.parametrize("who", ["buyer", "owner", "plain_staff", "inactive_council"])
def test_only_council_staff_make_council_moves(council_user, who):
    seller = make_seller(status="applied")
    actor = {
        "buyer": lambda: make_user("buyer"),
        "owner": lambda: make_owner(seller, "owner"),
        "plain_staff": lambda: make_user("staffer", is_staff=True),
        "inactive_council": lambda: _deactivated(council_user),
    }[who]()
    with pytest.raises(NotPermitted):
        services.seller_start_review(seller=seller, actor=actor)
    seller.refresh_from_db()
    assert seller.status == "applied"


def _deactivated(user):
    user.is_active = False
    user.save()
    return user


def test_only_an_owner_reapplies(council_user):
    seller = make_seller(status="rejected")
    other_owner = make_owner(make_seller(), "another")
    for actor in (council_user, other_owner, make_user("buyer")):
        with pytest.raises(NotPermitted):
            services.seller_transition(seller=seller, to_status="applied", actor=actor)


def test_a_stale_read_cannot_move_a_seller_twice(council_user):
    seller = make_seller(status="under_review")
    stale = Seller.objects.get(pk=seller.pk)
    services.seller_approve(seller=seller, actor=council_user)
    # The second decision was taken on a page loaded before the approval: it must not apply.
    with pytest.raises(DomainError):
        services.seller_reject(seller=stale, actor=council_user, reason="Documents unreadable")
    assert Seller.objects.get(pk=seller.pk).status == "verified"
    assert SellerStatusEvent.objects.count() == 1


def test_the_audit_log_is_append_only(council_user):
    seller = make_seller(status="applied")
    event = services.seller_start_review(seller=seller, actor=council_user)
    event.reason = "rewritten history"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        SellerStatusEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        SellerStatusEvent.objects.all().delete()
    assert SellerStatusEvent.objects.get().reason == ""


def test_a_seller_with_history_cannot_be_deleted(council_user):
    from django.db.models import ProtectedError

    seller = make_seller(status="applied")
    services.seller_start_review(seller=seller, actor=council_user)
    with pytest.raises(ProtectedError):
        seller.delete()


def test_the_history_keeps_who_acted_after_their_account_is_gone(council_user):
    seller = make_seller(status="applied")
    services.seller_start_review(seller=seller, actor=council_user)
    council_user.delete()
    event = SellerStatusEvent.objects.get()
    assert event.actor is None and "council@example.org" in event.actor_name


# --- Emails: to the owners, after commit ------------------------------------------------------

def test_each_move_emails_the_owners_after_commit(council_user, mailoutbox, django_capture_on_commit_callbacks):
    seller = make_seller(status="under_review", trade_name="Swat Emerald House")
    make_owner(seller, "owner1")
    make_owner(seller, "owner2")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.seller_reject(seller=seller, actor=council_user, reason="The trade licence has expired.")
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["owner1@example.org", "owner2@example.org"]
    assert message.subject == "The application of Swat Emerald House was not approved · GemBazaar"
    assert "The trade licence has expired." in message.body
    assert "http://" in message.body and "/sell/application/" in message.body


def test_a_rolled_back_move_sends_nothing(council_user, mailoutbox, django_capture_on_commit_callbacks):
    seller = make_seller(status="applied")
    make_owner(seller, "owner")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.seller_start_review(seller=seller, actor=council_user)
        raise RuntimeError("rolled back")
    assert mailoutbox == []
    assert Seller.objects.get(pk=seller.pk).status == "applied"


@pytest.mark.parametrize(("from_status", "to_status", "subject"), [
    ("applied", "under_review", "The council is reviewing Hunza Ruby Traders"),
    ("under_review", "verified", "Hunza Ruby Traders is verified by the council"),
    ("verified", "suspended", "Hunza Ruby Traders is suspended"),
    ("suspended", "verified", "Hunza Ruby Traders is reinstated"),
    ("rejected", "applied", "We received the new application of Hunza Ruby Traders"),
])
def test_every_move_has_its_own_email(council_user, mailoutbox, django_capture_on_commit_callbacks, from_status,
                                      to_status, subject):
    seller = make_seller(status=from_status, trade_name="Hunza Ruby Traders")
    owner = make_owner(seller, "owner")
    actor = council_user if ALLOWED_TRANSITIONS[(from_status, to_status)] == COUNCIL else owner
    with django_capture_on_commit_callbacks(execute=True):
        services.seller_transition(seller=seller, to_status=to_status, actor=actor, reason="Noted")
    assert [m.subject for m in mailoutbox] == [f"{subject} · GemBazaar"]


def test_the_applicant_gets_a_receipt(client, mailoutbox, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from .conftest import application_post

    user = make_user("amina")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("seller_apply"), application_post())
    assert [m.to for m in mailoutbox] == [["amina@example.org"]]
    assert mailoutbox[0].subject == "We received the application of Liberty Silver Works · GemBazaar"
