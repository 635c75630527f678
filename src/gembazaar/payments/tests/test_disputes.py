"""Disputes from a real placed and paid order: opening, agreement by a partial refund or a return,
escalation by the beat task after the window, the council's decision, withdrawal; the audit trail
that nobody can edit; bad input that writes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gembazaar.core.errors import DomainError, Forbidden
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.orders.services.auto_complete import orders_complete_delivered
from gembazaar.payments import disputes, refunds
from gembazaar.payments.dispute_selectors import dispute_refundable
from gembazaar.payments.models import (
    Dispute,
    DisputeEvent,
    DisputeOffer,
    DisputePhoto,
    PaymentEntry,
    Refund,
)
from gembazaar.payments.tasks import escalate_overdue_disputes

from .conftest import make_buyer
from .test_disputes_helpers import (  # noqa: F401 (_private_media: autouse)
    _private_media,
    paid_order,
    payment_of,
    png_bytes,
    shipped_order,
    status_of,
)

pytestmark = pytest.mark.django_db

S = Order.Status


@pytest.fixture
def order(buyer, seller, seller_user, staff):
    return shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)


def open_dispute(order, buyer, **kw) -> Dispute:
    values = {"reason": "not_as_described", "description": "The stone is glass-filled, not a natural ruby."}
    values.update(kw)
    return disputes.dispute_open(order=order, actor=buyer, **values)


def kinds(dispute) -> list[str]:
    return list(dispute.events.order_by("at", "id").values_list("kind", flat=True))


# --- Opening ---------------------------------------------------------------------------------


def test_the_buyer_opens_a_dispute_and_the_order_is_disputed_and_skipped_by_the_clock(order, buyer, settings):
    settings.ORDERS_AUTO_COMPLETE_DAYS = 0
    dispute = open_dispute(order, buyer, photos=[png_bytes()])

    assert status_of(order) == S.DISPUTED
    assert (dispute.status, dispute.order_status_before, dispute.currency) == ("open", S.DELIVERED, "USD")
    assert dispute.negotiate_until - dispute.opened_at == timedelta(days=3)
    event = dispute.events.get()
    assert (event.kind, event.role, event.detail, event.text) == ("opened", "buyer", "not_as_described",
                                                                  dispute.description)
    assert event.photos.count() == 1
    assert orders_complete_delivered(now=timezone.now() + timedelta(days=30)) == 0
    assert status_of(order) == S.DISPUTED


def test_opening_twice_returns_the_same_dispute(order, buyer):
    first = open_dispute(order, buyer)
    again = open_dispute(order, buyer)
    assert again.pk == first.pk and Dispute.objects.count() == 1


def test_the_seller_hears_of_a_new_dispute_in_their_language(order, buyer, seller_user,
                                                              django_capture_on_commit_callbacks):
    seller_user.preferred_language = "ur"
    seller_user.save(update_fields=["preferred_language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        open_dispute(order, buyer)
    dispute_mail = [m for m in mail.outbox if m.to == [seller_user.email]]
    assert dispute_mail and dispute_mail[0].extra_headers["Content-Language"] == "ur"
    assert order.number in dispute_mail[0].subject


def test_another_buyer_cannot_open_a_dispute_on_this_order(order):
    with pytest.raises(Order.DoesNotExist):
        open_dispute(order, make_buyer("stranger"))
    assert not Dispute.objects.exists()


def test_an_order_not_yet_shipped_cannot_be_disputed(buyer, seller, seller_user, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    with pytest.raises(DomainError) as refused:
        open_dispute(order, buyer)
    assert (refused.value.code, refused.value.field) == ("not_disputable", "status")


@pytest.mark.parametrize(("field", "values"), [
    ("reason", {"reason": "because"}),
    ("description", {"description": ""}),
    ("description", {"description": "bad\x00byte"}),
    ("description", {"description": "x" * 2001}),
    ("photos", {"photos": [b"%PDF-1.4 not a picture"]}),
    ("photos", {"photos": [png_bytes()] * 6}),
])
def test_bad_input_names_the_field_and_writes_nothing(order, buyer, field, values):
    with pytest.raises(DomainError) as refused:
        open_dispute(order, buyer, **values)
    assert refused.value.field == field
    assert not Dispute.objects.exists() and not DisputeEvent.objects.exists()
    assert status_of(order) == S.DELIVERED


# --- Agreement -------------------------------------------------------------------------------


def test_an_accepted_partial_refund_asks_for_the_refund_and_completes_the_order(order, buyer, seller_user, staff):
    dispute = open_dispute(order, buyer)
    disputes.dispute_message(dispute=dispute, actor=seller_user, role="seller", text="Send me photos please.")
    offer = disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="partial_refund",
                                        amount="300.00", note="Keep it, with 300 back.")
    again = disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="partial_refund",
                                        amount="300.00")
    assert again.pk == offer.pk  # a double click

    with pytest.raises(DomainError) as own:
        disputes.dispute_offer_accept(offer=offer, actor=seller_user, role="seller")
    assert own.value.code == "own_offer"

    disputes.dispute_offer_accept(offer=offer, actor=buyer, role="buyer")
    disputes.dispute_offer_accept(offer=offer, actor=buyer, role="buyer")  # a double click: nothing more

    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome, dispute.refund_amount) == ("agreed", "partial_refund", Decimal("300"))
    assert dispute.closed_at is not None
    refund = Refund.objects.get()
    assert (refund.order, refund.amount, refund.status) == (order, Decimal("300.000"), "requested")
    assert dispute.refund == refund
    assert status_of(order) == S.COMPLETED
    assert kinds(dispute) == ["opened", "message", "offer_made", "offer_accepted", "refund_requested"]

    # Bank transfer: staff send it and confirm; the ledger shows it.
    refunds.refund_confirm_sent(refund=refund, actor=staff, bank_transaction_id="FT-R-9")
    entry = PaymentEntry.objects.get(kind="refund")
    assert (entry.amount, entry.order) == (Decimal("300.000"), order)


def test_a_partial_refund_offer_is_checked(order, buyer, seller_user):
    dispute = open_dispute(order, buyer)
    for amount, code in (("10.005", "invalid_amount"), ("999999.00", "refund_exceeds_received"),
                         ("-1", "invalid_amount"), ("abc", "invalid_amount")):
        with pytest.raises(DomainError) as refused:
            disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="partial_refund",
                                        amount=amount)
        assert (refused.value.code, refused.value.field) == (code, "amount")
    with pytest.raises(DomainError) as refused:
        disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="gift")
    assert refused.value.field == "kind"
    assert not DisputeOffer.objects.exists()


def test_a_declined_offer_leaves_the_dispute_open_and_a_new_offer_replaces_the_old(order, buyer, seller_user):
    dispute = open_dispute(order, buyer)
    first = disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="partial_refund",
                                        amount="50.00")
    disputes.dispute_offer_decline(offer=first, actor=buyer, role="buyer", note="Too little.")
    second = disputes.dispute_offer_make(dispute=dispute, actor=buyer, role="buyer", kind="partial_refund",
                                         amount="400.00")
    third = disputes.dispute_offer_make(dispute=dispute, actor=buyer, role="buyer", kind="return")
    second.refresh_from_db()
    assert second.status == "superseded" and third.status == "pending"
    dispute.refresh_from_db()
    assert dispute.status == "open" and status_of(order) == S.DISPUTED


def test_an_agreed_return_refunds_in_full_once_the_seller_has_the_piece_back(order, buyer, seller_user):
    dispute = open_dispute(order, buyer)
    offer = disputes.dispute_offer_make(dispute=dispute, actor=buyer, role="buyer", kind="return")
    disputes.dispute_offer_accept(offer=offer, actor=seller_user, role="seller")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome, dispute.closed_at) == ("agreed", "return", None)
    assert status_of(order) == S.DISPUTED and not Refund.objects.exists()  # nothing until the piece is back

    with pytest.raises(Forbidden):
        disputes.dispute_return_received(dispute=dispute, actor=buyer, role="buyer")
    disputes.dispute_return_received(dispute=dispute, actor=seller_user)
    disputes.dispute_return_received(dispute=dispute, actor=seller_user)  # a double click

    refund = Refund.objects.get()
    assert refund.amount == order.total
    assert status_of(order) == S.REFUNDED
    line = order.lines.get()
    line.listing.refresh_from_db()
    assert line.listing.quantity == 1 and line.listing.status == "active"  # on sale again
    dispute.refresh_from_db()
    assert dispute.closed_at is not None and dispute.refund == refund


# --- Escalation and decision ------------------------------------------------------------------


def test_the_beat_task_escalates_what_is_still_open_after_the_window(order, buyer, django_capture_on_commit_callbacks,
                                                                      staff):
    dispute = open_dispute(order, buyer)
    assert disputes.disputes_escalate_overdue(now=timezone.now() + timedelta(days=2)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert disputes.disputes_escalate_overdue(now=timezone.now() + timedelta(days=3, minutes=1)) == 1
    dispute.refresh_from_db()
    assert dispute.status == "escalated" and dispute.escalated_at is not None
    event = dispute.events.last()
    assert (event.kind, event.role, event.actor) == ("auto_escalated", "system", None)
    assert staff.email in {address for message in mail.outbox for address in message.to}
    assert escalate_overdue_disputes() == 0  # once


def test_either_party_may_escalate_at_once_and_twice_is_harmless(order, buyer, seller_user):
    dispute = open_dispute(order, buyer)
    disputes.dispute_escalate(dispute=dispute, actor=seller_user, role="seller", text="The buyer will not answer.")
    disputes.dispute_escalate(dispute=dispute, actor=buyer, role="buyer")
    assert kinds(dispute).count("escalated") == 1


def test_staff_decide_a_partial_refund_and_the_order_completes(order, buyer, staff):
    dispute = open_dispute(order, buyer)
    disputes.dispute_escalate(dispute=dispute, actor=buyer, role="buyer")
    disputes.dispute_decide(dispute=dispute, actor=staff, outcome="refund_part", amount="450.00",
                            reason="The report shows lead-glass filling the listing did not disclose.")
    disputes.dispute_decide(dispute=dispute, actor=staff, outcome="refund_part", amount="450.00",
                            reason="Double click.")
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome, dispute.refund_amount) == ("decided", "refund_part", Decimal("450"))
    assert dispute.decision_reason.startswith("The report")
    refund = Refund.objects.get()
    assert (refund.amount, refund.order) == (Decimal("450.000"), order)
    assert status_of(order) == S.COMPLETED
    refunds.refund_confirm_sent(refund=refund, actor=staff, bank_transaction_id="FT-R-10")
    payment = payment_of(order)
    payment.refresh_from_db()
    assert payment.refunded_total == Decimal("450.000")


def test_a_full_refund_decision_refunds_what_is_left_and_the_order_is_refunded(order, buyer, staff):
    dispute = open_dispute(order, buyer)
    disputes.dispute_decide(dispute=dispute, actor=staff, outcome="refund_full", reason="Not as described.")
    assert Refund.objects.get().amount == order.total
    assert status_of(order) == S.REFUNDED
    assert dispute_refundable(dispute=dispute) == 0


def test_a_release_decision_pays_nothing_back_and_completes_the_order(order, buyer, staff):
    dispute = open_dispute(order, buyer)
    disputes.dispute_decide(dispute=dispute, actor=staff, outcome="release", reason="The stone matches its report.")
    assert not Refund.objects.exists() and status_of(order) == S.COMPLETED
    dispute.refresh_from_db()
    assert (dispute.outcome, dispute.decided_by) == ("release", staff)


def test_only_council_staff_decide(order, buyer, seller_user):
    dispute = open_dispute(order, buyer)
    for person in (buyer, seller_user, None):
        with pytest.raises(Forbidden):
            disputes.dispute_decide(dispute=dispute, actor=person, outcome="release", reason="Mine.")
    dispute.refresh_from_db()
    assert dispute.status == "open"


@pytest.mark.parametrize(("values", "field"), [
    ({"outcome": "refund_part", "amount": "1.005", "reason": "r"}, "amount"),
    ({"outcome": "refund_part", "amount": "99999.00", "reason": "r"}, "amount"),
    ({"outcome": "refund_part", "amount": None, "reason": "r"}, "amount"),
    ({"outcome": "refund_full", "reason": ""}, "reason"),
    ({"outcome": "refund_full", "reason": "x" * 2001}, "reason"),
    ({"outcome": "keep_it", "reason": "r"}, "outcome"),
])
def test_a_bad_decision_names_the_field_and_changes_nothing(order, buyer, staff, values, field):
    dispute = open_dispute(order, buyer)
    with pytest.raises(DomainError) as refused:
        disputes.dispute_decide(dispute=dispute, actor=staff, **values)
    assert refused.value.field == field
    dispute.refresh_from_db()
    assert dispute.status == "open" and not Refund.objects.exists() and status_of(order) == S.DISPUTED


# --- Withdrawal ------------------------------------------------------------------------------


def test_a_withdrawn_dispute_puts_the_order_back_where_it_can_complete(order, buyer, seller_user, settings):
    dispute = open_dispute(order, buyer)
    with pytest.raises(Forbidden):
        disputes.dispute_withdraw(dispute=dispute, actor=seller_user)
    disputes.dispute_withdraw(dispute=dispute, actor=buyer, text="The seller explained; all fine.")
    disputes.dispute_withdraw(dispute=dispute, actor=buyer)  # twice: nothing more
    dispute.refresh_from_db()
    assert (dispute.status, dispute.outcome) == ("withdrawn", "withdrawn")
    assert status_of(order) == S.DELIVERED
    settings.ORDERS_AUTO_COMPLETE_DAYS = 0
    assert orders_complete_delivered() == 1 and status_of(order) == S.COMPLETED


def test_a_withdrawn_dispute_on_a_shipped_order_goes_back_to_shipped(buyer, seller, seller_user, staff):
    order = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff, delivered=False)
    dispute = open_dispute(order, buyer, reason="not_received", description="Nothing arrived after 3 weeks.")
    disputes.dispute_withdraw(dispute=dispute, actor=buyer)
    assert status_of(order) == S.SHIPPED


def test_a_closed_dispute_takes_no_more_steps(order, buyer, seller_user):
    dispute = open_dispute(order, buyer)
    disputes.dispute_withdraw(dispute=dispute, actor=buyer)
    with pytest.raises(DomainError) as refused:
        disputes.dispute_message(dispute=dispute, actor=seller_user, role="seller", text="Hello?")
    assert refused.value.code == "dispute_closed"


# --- The audit trail -------------------------------------------------------------------------


def test_the_audit_trail_cannot_be_edited_or_deleted(order, buyer):
    dispute = open_dispute(order, buyer, photos=[png_bytes()])
    event = dispute.events.get()
    event.text = "Changed my mind"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        DisputeEvent.objects.filter(pk=event.pk).update(text="edited")
    with pytest.raises(TypeError):
        DisputeEvent.objects.all().delete()
    with pytest.raises(TypeError):
        DisputePhoto.objects.all().delete()
    assert DisputeEvent.objects.get(pk=event.pk).text == dispute.description


def test_the_database_keeps_one_active_dispute_per_order(order, buyer):
    dispute = open_dispute(order, buyer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.create(order=order, buyer=buyer, reason="other", description="again",
                               order_status_before="delivered", currency="USD",
                               negotiate_until=dispute.negotiate_until)


def test_a_message_needs_words_or_a_photo_and_refuses_bad_pictures(order, buyer, seller_user):
    dispute = open_dispute(order, buyer)
    with pytest.raises(DomainError) as refused:
        disputes.dispute_message(dispute=dispute, actor=buyer, role="buyer", text="  ")
    assert refused.value.field == "text"
    with pytest.raises(DomainError) as refused:
        disputes.dispute_message(dispute=dispute, actor=buyer, role="buyer", text="see", photos=[b"GIF89a junk"])
    assert refused.value.field == "photos"
    event = disputes.dispute_message(dispute=dispute, actor=buyer, role="buyer", text="", photos=[png_bytes()])
    assert event.photos.count() == 1 and dispute.events.count() == 2


def test_each_step_emails_the_other_side_with_a_link_to_their_page(order, buyer, seller_user, staff,
                                                                   django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dispute = open_dispute(order, buyer)
    with django_capture_on_commit_callbacks(execute=True):
        offer = disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="partial_refund",
                                            amount="80.00")
    with django_capture_on_commit_callbacks(execute=True):
        disputes.dispute_offer_decline(offer=offer, actor=buyer, role="buyer", note="No thanks")
    with django_capture_on_commit_callbacks(execute=True):
        disputes.dispute_escalate(dispute=dispute, actor=buyer, role="buyer")
    with django_capture_on_commit_callbacks(execute=True):
        disputes.dispute_decide(dispute=dispute, actor=staff, outcome="release", reason="As described.")
    dispute_mails = [m for m in mail.outbox if "Dispute on order" in m.subject]
    for message in dispute_mails:
        assert "{%" not in message.body and "{{" not in message.body
    to_seller = [m for m in dispute_mails if m.to == [seller_user.email]]
    to_buyer = [m for m in dispute_mails if m.to == [buyer.email]]
    to_staff = [m for m in dispute_mails if m.to == [staff.email]]
    assert len(to_seller) == 4  # opened, declined, escalated, decided (not their own offer)
    assert len(to_buyer) == 2   # the offer, the decision (not their own steps)
    assert len(to_staff) == 1   # the escalation (not their own decision)
    assert f"/seller/disputes/{dispute.pk}/" in to_seller[0].body
    assert f"/disputes/{dispute.pk}/" in to_buyer[0].body and "80.00" in to_buyer[0].body
    assert f"/council/disputes/{dispute.pk}/" in to_staff[0].body


def test_a_dispute_after_a_refund_request_before_shipping_goes_back_to_processing(buyer, seller, seller_user,
                                                                                   staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    transitions.order_accept(order=order, actor=seller_user)
    transitions.order_request_refund(order=order, actor=buyer, reason="Changed my mind, please refund.")
    dispute = open_dispute(order, buyer, reason="other", description="The seller does not answer.")
    assert dispute.order_status_before == S.PROCESSING
    disputes.dispute_withdraw(dispute=dispute, actor=buyer)
    assert status_of(order) == S.PROCESSING


def test_an_order_disputed_from_the_order_page_gets_its_dispute_and_reaches_the_council(order, buyer, staff):
    transitions.order_transition(order=order, to_status=S.DISPUTED, actor=buyer, role="buyer",
                                 note="Open a dispute button: the colour is wrong.")
    assert disputes.disputes_adopt_orphans() == 1
    assert disputes.disputes_adopt_orphans() == 0  # once
    dispute = Dispute.objects.get(order=order)
    assert (dispute.reason, dispute.description, dispute.order_status_before) == (
        "other", "Open a dispute button: the colour is wrong.", S.DELIVERED)
    assert dispute.events.get().role == "buyer"
    assert disputes.disputes_escalate_overdue(now=timezone.now() + timedelta(days=4)) == 1
    # The buyer following the order page's link finds the same dispute.
    assert open_dispute(order, buyer).pk == dispute.pk
