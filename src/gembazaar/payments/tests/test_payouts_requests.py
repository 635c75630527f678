"""Payouts: at most what is available (never held money), entered when requested, sent with the
bank's reference (the seller is emailed in their language) or cancelled; staff corrections."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.orders.tests.conftest import make_member
from gembazaar.payments import payout_selectors, payouts
from gembazaar.payments.models import Payout, PayoutEntry

from .payout_factories import complete, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(buyer, seller, staff):
    """A seller with one completed order: its money available."""
    complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)
    return seller


def available(seller) -> Decimal:
    return payout_selectors.seller_available(seller=seller)


def test_a_payout_takes_from_available_when_requested(released, staff):
    before = available(released)
    payout = payouts.payout_request(seller=released, amount="1000.00", actor=staff)

    assert (payout.status, payout.amount, payout.currency) == ("requested", Decimal("1000.00"), "PKR")
    assert available(released) == before - 1000
    entry = PayoutEntry.objects.get(payout=payout)
    assert (entry.kind, entry.amount, entry.recorded_by) == ("payout", Decimal("-1000.000"), staff)
    assert payout_selectors.seller_balance(seller=released).requested == Decimal("1000")


def test_a_payout_beyond_available_is_refused_naming_the_amount(released, staff):
    too_much = quantize(available(released), "PKR") + Decimal("0.01")
    with pytest.raises(DomainError) as refused:
        payouts.payout_request(seller=released, amount=str(too_much), actor=staff)
    assert (refused.value.code, refused.value.field) == ("payout_exceeds_available", "amount")
    assert not Payout.objects.exists()


def test_held_money_is_never_paid_out(buyer, seller, staff):
    paid_order(buyer=buyer, seller=seller, staff=staff)  # paid, not completed
    assert payout_selectors.seller_balance(seller=seller).held > 0
    with pytest.raises(DomainError) as refused:
        payouts.payout_request(seller=seller, amount="1.00", actor=staff)
    assert refused.value.code == "payout_exceeds_available"


def test_all_of_available_can_be_paid_and_then_nothing_more(released, staff):
    payouts.payout_request(seller=released, amount=str(quantize(available(released), "PKR")), actor=staff)
    assert available(released) == 0
    with pytest.raises(DomainError):
        payouts.payout_request(seller=released, amount="0.01", actor=staff)


@pytest.mark.parametrize("amount", ["0", "-5", "10.005", "abc", "1e3", 10.5, "\x00", "9" * 40])
def test_bad_amounts_are_refused_naming_the_amount(released, staff, amount):
    with pytest.raises(DomainError) as refused:
        payouts.payout_request(seller=released, amount=amount, actor=staff)
    assert refused.value.field == "amount"
    assert not Payout.objects.exists()


def test_a_replayed_request_returns_the_first_payout_and_a_reused_key_conflicts(released, staff):
    first = payouts.payout_request(seller=released, amount="100.00", actor=staff, idempotency_key="k-1")
    again = payouts.payout_request(seller=released, amount="100.00", actor=staff, idempotency_key="k-1")
    assert first.pk == again.pk and Payout.objects.count() == 1
    with pytest.raises(DomainError) as refused:
        payouts.payout_request(seller=released, amount="200.00", actor=staff, idempotency_key="k-1")
    assert (refused.value.status, refused.value.code) == (409, "idempotency_key_reused")


def test_marking_sent_needs_the_bank_reference_and_emails_the_seller(released, staff,
                                                                      django_capture_on_commit_callbacks):
    make_member(released, "owner1")
    payout = payouts.payout_request(seller=released, amount="500.00", actor=staff)
    for blank in ("", "   "):
        with pytest.raises(DomainError) as refused:
            payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference=blank)
        assert (refused.value.code, refused.value.field) == ("required", "bank_reference")

    with django_capture_on_commit_callbacks(execute=True):
        sent = payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="HBL-FT-778899")

    assert (sent.status, sent.bank_reference, sent.done_by_name) == ("sent", "HBL-FT-778899", "Treasurer")
    assert sent.sent_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["owner1@example.org"]
    assert "HBL-FT-778899" in mail.outbox[0].body and "Rs" in mail.outbox[0].subject
    balance = payout_selectors.seller_balance(seller=released)
    assert (balance.paid_out, balance.requested) == (Decimal("500"), 0)


def test_the_sent_email_is_in_each_members_language(released, staff, django_capture_on_commit_callbacks):
    english, urdu = make_member(released, "eng"), make_member(released, "urdu")
    urdu.preferred_language = "ur"
    urdu.save(update_fields=["preferred_language"])
    payout = payouts.payout_request(seller=released, amount="500.00", actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="REF-1")
    assert sorted(message.extra_headers["Content-Language"] for message in mail.outbox) == ["en", "ur"]
    assert english.email in mail.outbox[0].to + mail.outbox[1].to


def test_sending_twice_with_the_same_reference_is_harmless_and_another_conflicts(released, staff):
    payout = payouts.payout_request(seller=released, amount="500.00", actor=staff)
    payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="REF-1")
    assert payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="REF-1").status == "sent"
    with pytest.raises(DomainError) as refused:
        payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="REF-2")
    assert refused.value.code == "already_sent"


def test_a_cancelled_payout_gives_the_money_back_and_cannot_be_sent(released, staff):
    before = available(released)
    payout = payouts.payout_request(seller=released, amount="500.00", actor=staff)
    payouts.payout_cancel(payout=payout, actor=staff)
    payouts.payout_cancel(payout=payout, actor=staff)  # twice: once in the ledger

    assert available(released) == before
    assert list(PayoutEntry.objects.filter(payout=payout).values_list("kind", flat=True)) == \
        ["payout", "payout_cancelled"]
    with pytest.raises(DomainError) as refused:
        payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="REF")
    assert refused.value.code == "payout_cancelled"


def test_a_sent_payout_cannot_be_cancelled(released, staff):
    payout = payouts.payout_request(seller=released, amount="500.00", actor=staff)
    payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="REF")
    with pytest.raises(DomainError) as refused:
        payouts.payout_cancel(payout=payout, actor=staff)
    assert refused.value.code == "payout_sent"


def test_a_correction_is_signed_needs_a_reason_and_is_recorded_once(released, staff):
    before = available(released)
    with pytest.raises(DomainError) as refused:
        payouts.payout_correction_record(seller=released, amount="-150.00", actor=staff, note=" ")
    assert refused.value.field == "note"
    entry = payouts.payout_correction_record(seller=released, amount="-150.00", actor=staff,
                                             note="Courier fee the seller agreed to pay", idempotency_key="c1")
    again = payouts.payout_correction_record(seller=released, amount="-150.00", actor=staff,
                                             note="Courier fee the seller agreed to pay", idempotency_key="c1")
    assert entry.pk == again.pk and entry.amount == Decimal("-150.00")
    assert available(released) == before - 150
    with pytest.raises(DomainError) as refused:
        payouts.payout_correction_record(seller=released, amount="1.001", actor=staff, note="x")
    assert refused.value.field == "amount"


def test_the_ledger_is_append_only(released):
    entry = PayoutEntry.objects.first()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        PayoutEntry.objects.all().delete()
    with pytest.raises(TypeError):
        PayoutEntry.objects.update(amount=1)
