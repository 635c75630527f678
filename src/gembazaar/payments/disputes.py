"""Trade assurance: disputes from opening to an agreement or a council decision, and the buyer's
cancellation of an order the seller did not ship in time.

Rules enforced here (the database's constraints in models/disputes.py are the backstop):
- only the buyer opens a dispute, on their own shipped, delivered or refund-requested order; the
  order moves to `disputed` through orders' status machine, so the auto-complete clock skips it;
  one active dispute per order (a double click returns the one just opened);
- for DISPUTE_NEGOTIATION_DAYS buyer and seller exchange messages (with photos checked by their
  content) and offers: a partial refund (the buyer keeps the piece) or a return for a full refund;
  the other side accepts or declines. Either side may escalate at any time; the beat task
  escalates what is still open after the window;
- an accepted partial refund asks for the refund (payments.refunds.refund_request) and completes
  the order; an accepted return waits for the seller to confirm the piece came back, then asks
  for the full refund, marks the order refunded and puts the stock back, in one transaction;
- council staff (only they) decide: refund in full, in part (never more than the order can still
  get back: refunds.refundable), or release to the seller; with a written reason; the order
  moves to refunded (full) or completed (part, release);
- the buyer may withdraw: the order goes back to where it stood, and can complete;
- every step appends to the audit trail (DisputeEvent) and emails the other party after commit;
  each runs under the dispute's row lock, so a double click acts once.
Money moves only through refunds.refund_request: a card refund is sent by its provider, a bank
refund waits for council staff to send and confirm it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError, Forbidden
from gembazaar.core.images import process_upload
from gembazaar.core.money import quantize
from gembazaar.orders.models import Order, OrderEvent
from gembazaar.orders.rules import BUYER, SELLER, STAFF, SYSTEM
from gembazaar.orders.services.transitions import (
    order_cancel_late_shipment,
    order_confirm_return,
    order_transition,
)

from . import dispute_selectors as selectors
from .dispute_emails import send_dispute_email
from .models import (
    Dispute,
    DisputeEvent,
    DisputeEventKind,
    DisputeOffer,
    DisputeOfferKind,
    DisputeOfferStatus,
    DisputeOutcome,
    DisputePhoto,
    DisputeReason,
    DisputeStatus,
    Payment,
    Refund,
)
from .refunds import refund_request, refundable
from .services import actor_name, clean_amount

S = Order.Status
E = DisputeEventKind
TEXT_MAX = 2000
REASON_MAX = 2000
PHOTOS_MAX = 5
# Uploads are read no further than this: core.images refuses anything above IMAGE_MAX_BYTES anyway.
UPLOAD_READ_MAX = 12 * 1024 * 1024
OPENABLE = (S.SHIPPED, S.DELIVERED, S.REFUND_REQUESTED)
NEGOTIABLE = (DisputeStatus.OPEN, DisputeStatus.ESCALATED)
PARTIES = (BUYER, SELLER)


def negotiation_days() -> int:
    return int(getattr(settings, "DISPUTE_NEGOTIATION_DAYS", 3))


# --- Input -----------------------------------------------------------------------------------


def clean_text(value: object, *, field: str, required: bool = True, max_length: int = TEXT_MAX) -> str:
    """A person's words: a string, no NUL bytes, at most `max_length` characters; blank only if allowed."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError(_("Enter text."), code="invalid", field=field)
    value = value.strip()
    if "\x00" in value:
        raise DomainError(_("The text holds a character that is not allowed."), code="invalid", field=field)
    if len(value) > max_length:
        raise DomainError(_("At most %(n)d characters.") % {"n": max_length}, code="too_long", field=field)
    if required and not value:
        raise DomainError(_("This field is required."), code="required", field=field)
    return value


def clean_photos(photos: Sequence[bytes], *, field: str = "photos") -> list:
    """Check every picture by its content (core.images: Pillow's verify and a real decode, size and
    pixel limits) before anything is written; at most PHOTOS_MAX per step."""
    photos = list(photos or [])
    if len(photos) > PHOTOS_MAX:
        raise DomainError(_("At most %(n)d photos at a time.") % {"n": PHOTOS_MAX}, code="too_many_photos",
                          field=field)
    processed = []
    for data in photos:
        try:
            processed.append(process_upload(data, field=field))
        except ValidationError as exc:
            [(_name, messages)] = exc.message_dict.items()
            raise DomainError(messages[0], code="invalid_photo", field=field) from None
    return processed


def _clean_reason_code(reason: object) -> str:
    if not isinstance(reason, str) or reason not in DisputeReason.values:
        raise DomainError(_("Choose one of the reasons offered."), code="invalid_choice", field="reason")
    return reason


# --- The audit trail -------------------------------------------------------------------------


def _record(*, dispute: Dispute, kind: str, actor, role: str, text: str = "", amount: Decimal | None = None,
            offer: DisputeOffer | None = None, detail: str = "", photos: Sequence = (),
            at: datetime | None = None) -> DisputeEvent:
    """Append one step to the audit trail (with its photos) and email about it after commit."""
    event = DisputeEvent.objects.create(
        dispute=dispute, kind=kind, actor=actor, actor_name=actor_name(actor), role=role, text=text, amount=amount,
        currency=dispute.currency if amount is not None else "", offer=offer, detail=detail,
        at=at or timezone.now())
    for processed in photos:
        stem = uuid.uuid4().hex
        photo = DisputePhoto(event=event, width=processed.width, height=processed.height)
        photo.image.save(f"{stem}.jpg", ContentFile(processed.image), save=False)
        photo.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(processed.thumbnail), save=False)
        photo.save()
    event_id = event.pk
    transaction.on_commit(lambda: send_dispute_email.delay(event_id), robust=True)
    return event


def _locked(dispute: Dispute) -> Dispute:
    return Dispute.objects.select_for_update().select_related("order").get(pk=dispute.pk)


def _refuse_closed(dispute: Dispute) -> None:
    if not dispute.is_active:
        raise DomainError(_("This dispute is closed."), code="dispute_closed", field="status")


def _party_role(role: str) -> str:
    if role not in PARTIES:
        raise DomainError(_("Only the buyer or the seller can do this."), code="not_a_party", field="role")
    return role


def _close(dispute: Dispute, *, status: str, outcome: str, fields: Sequence[str] = ()) -> None:
    dispute.status, dispute.outcome, dispute.closed_at = status, outcome, timezone.now()
    dispute.save(update_fields=["status", "outcome", "closed_at", *fields])
    DisputeOffer.objects.filter(dispute=dispute, status=DisputeOfferStatus.PENDING).update(
        status=DisputeOfferStatus.SUPERSEDED, answered_at=timezone.now())


def _ask_refund(*, dispute: Dispute, amount: Decimal, actor, role: str, key: str) -> Refund | None:
    """Ask for `amount` back through refunds.refund_request (idempotent by `key`) and log it."""
    if amount <= 0:
        return None
    payment = selectors.order_payment(order=dispute.order)
    refund = refund_request(payment=payment, order=dispute.order, amount=quantize(amount, payment.currency),
                            actor=actor, reason=dispute.description[:1000], idempotency_key=key)
    dispute.refund, dispute.refund_amount = refund, refund.amount
    dispute.save(update_fields=["refund", "refund_amount"])
    _record(dispute=dispute, kind=E.REFUND_REQUESTED, actor=actor, role=role, amount=refund.amount)
    return refund


def _order_to(dispute: Dispute, *, to_status: str, actor, role: str, note: str = "") -> Order:
    order = dispute.order
    return order_transition(order=order, to_status=to_status, actor=actor, role=role, note=note,
                            tracking_number=order.tracking_number, carrier=order.carrier)


# --- Opening ---------------------------------------------------------------------------------


def _status_before(order: Order) -> str:
    """Where the order stood before the buyer raised the problem (before a refund request that
    led to the dispute): where a withdrawal puts it back."""
    if order.status in (S.SHIPPED, S.DELIVERED):
        return order.status
    events = OrderEvent.objects.filter(order=order, to_status__in=(S.REFUND_REQUESTED, S.DISPUTED)) \
        .exclude(from_status__in=("", S.REFUND_REQUESTED, S.DISPUTED)).order_by("-at", "-id")
    return events.values_list("from_status", flat=True).first() or S.DELIVERED


def dispute_open(*, order: Order, actor, reason: str, description: str, photos: Sequence[bytes] = ()) -> Dispute:
    """The buyer opens a dispute on their shipped, delivered or refund-requested order (an order
    already moved to disputed from the order page gets its dispute here). A second open while one
    is active returns it (a double click)."""
    if actor is None or order.buyer_id != actor.pk:
        raise Order.DoesNotExist  # a stranger's order reads as an unknown one (404)
    reason = _clean_reason_code(reason)
    description = clean_text(description, field="description")
    processed = clean_photos(photos)
    if (active := selectors.dispute_active_for_order(order=order)) is not None:
        return active
    order.refresh_from_db(fields=["status"])
    if order.status not in (*OPENABLE, S.DISPUTED):
        raise DomainError(_("A dispute can be opened once the order has shipped, until it is completed."),
                          code="not_disputable", field="status")
    payment = selectors.order_payment(order=order)
    now = timezone.now()
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                order=order, buyer=actor, reason=reason, description=description, opened_at=now,
                order_status_before=_status_before(order), currency=payment.currency,
                negotiate_until=now + timedelta(days=negotiation_days()))
            if order.status != S.DISPUTED:
                order_transition(order=order, to_status=S.DISPUTED, actor=actor, role=BUYER, note=description)
            _record(dispute=dispute, kind=E.OPENED, actor=actor, role=BUYER, text=description, detail=reason,
                    photos=processed, at=now)
    except IntegrityError:  # the same buyer's other click won the unique active dispute
        active = selectors.dispute_active_for_order(order=order)
        if active is None:
            raise
        return active
    return dispute


# --- Negotiation -----------------------------------------------------------------------------


def dispute_message(*, dispute: Dispute, actor, role: str, text: str, photos: Sequence[bytes] = ()) -> DisputeEvent:
    """A message from the buyer, the seller or council staff, with up to PHOTOS_MAX photos."""
    processed = clean_photos(photos)
    text = clean_text(text, field="text", required=not processed)
    with transaction.atomic():
        locked = _locked(dispute)
        _refuse_closed(locked)
        return _record(dispute=locked, kind=E.MESSAGE, actor=actor, role=role, text=text, photos=processed)


def dispute_offer_make(*, dispute: Dispute, actor, role: str, kind: str, amount: object = None,
                       note: str = "") -> DisputeOffer:
    """The buyer or the seller proposes a way out; it replaces their side's earlier pending offer.
    A partial refund names its amount (positive, the currency's decimals, at most what the order
    can still get back); a return is for the full refund. The same offer again (a double click)
    returns the pending one."""
    role = _party_role(role)
    if kind not in DisputeOfferKind.values:
        raise DomainError(_("Choose a partial refund or a return."), code="invalid_choice", field="kind")
    note = clean_text(note, field="note", required=False)
    with transaction.atomic():
        locked = _locked(dispute)
        _refuse_closed(locked)
        if locked.status not in NEGOTIABLE or locked.awaiting_return:
            raise DomainError(_("An offer was already agreed."), code="already_agreed", field="status")
        value = None
        if kind == DisputeOfferKind.PARTIAL_REFUND:
            value = clean_amount(amount, currency=locked.currency)
            left = selectors.dispute_refundable(dispute=locked)
            if value > left:
                raise DomainError(_("At most %(left)s %(currency)s can be refunded.")
                                  % {"left": quantize(left, locked.currency), "currency": locked.currency},
                                  code="refund_exceeds_received", field="amount")
        pending = DisputeOffer.objects.filter(dispute=locked, status=DisputeOfferStatus.PENDING).first()
        if pending is not None:
            if (pending.made_by_role, pending.kind, pending.amount) == (role, kind, value):
                return pending
            pending.status, pending.answered_at = DisputeOfferStatus.SUPERSEDED, timezone.now()
            pending.save(update_fields=["status", "answered_at"])
        offer = DisputeOffer.objects.create(dispute=locked, kind=kind, amount=value, currency=locked.currency,
                                            made_by=actor, made_by_role=role, note=note)
        _record(dispute=locked, kind=E.OFFER_MADE, actor=actor, role=role, text=note, amount=value, offer=offer,
                detail=kind)
    return offer


def _pending_for(*, offer: DisputeOffer, role: str) -> DisputeOffer:
    role = _party_role(role)
    locked = DisputeOffer.objects.select_for_update().get(pk=offer.pk)
    if locked.made_by_role == role:
        raise DomainError(_("The other side answers an offer, not the one who made it."), code="own_offer",
                          field="offer")
    return locked


def dispute_offer_accept(*, offer: DisputeOffer, actor, role: str) -> Dispute:
    """The other side accepts. A partial refund: the refund is asked for and the order completes.
    A return: the dispute is agreed and waits for the seller to confirm the piece came back
    (dispute_return_received). Accepting an offer already accepted changes nothing."""
    with transaction.atomic():
        dispute = _locked(offer.dispute)
        locked = _pending_for(offer=offer, role=role)
        if locked.status == DisputeOfferStatus.ACCEPTED:
            return dispute
        _refuse_closed(dispute)
        if locked.status != DisputeOfferStatus.PENDING:
            raise DomainError(_("This offer is no longer open."), code="offer_not_pending", field="offer")
        locked.status, locked.answered_at = DisputeOfferStatus.ACCEPTED, timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        _record(dispute=dispute, kind=E.OFFER_ACCEPTED, actor=actor, role=role, amount=locked.amount, offer=locked,
                detail=locked.kind)
        if locked.kind == DisputeOfferKind.PARTIAL_REFUND:
            if locked.amount > selectors.dispute_refundable(dispute=dispute):
                raise DomainError(_("The order can no longer get this much back."), code="refund_exceeds_received",
                                  field="amount")
            _ask_refund(dispute=dispute, amount=locked.amount, actor=actor, role=role,
                        key=f"dispute:{dispute.pk}:offer:{locked.pk}")
            _order_to(dispute, to_status=S.COMPLETED, actor=actor, role=SYSTEM)
            _close(dispute, status=DisputeStatus.AGREED, outcome=DisputeOutcome.PARTIAL_REFUND)
        else:
            dispute.status, dispute.outcome = DisputeStatus.AGREED, DisputeOutcome.RETURN
            dispute.save(update_fields=["status", "outcome"])
    return dispute


def dispute_offer_decline(*, offer: DisputeOffer, actor, role: str, note: str = "") -> DisputeOffer:
    """The other side declines; negotiation goes on (or escalates)."""
    note = clean_text(note, field="note", required=False)
    with transaction.atomic():
        dispute = _locked(offer.dispute)
        locked = _pending_for(offer=offer, role=role)
        if locked.status == DisputeOfferStatus.DECLINED:
            return locked
        if locked.status != DisputeOfferStatus.PENDING:
            raise DomainError(_("This offer is no longer open."), code="offer_not_pending", field="offer")
        locked.status, locked.answered_at = DisputeOfferStatus.DECLINED, timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        _record(dispute=dispute, kind=E.OFFER_DECLINED, actor=actor, role=role, text=note, amount=locked.amount,
                offer=locked, detail=locked.kind)
    return locked


def dispute_return_received(*, dispute: Dispute, actor, role: str = SELLER) -> Dispute:
    """The seller (or staff) has the returned piece in hand, after an agreed return: the full
    refund is asked for, the order is refunded and its stock goes back on sale, all at once."""
    if role not in (SELLER, STAFF):
        raise Forbidden(_("Only the seller confirms the piece came back."), code="not_the_seller")
    with transaction.atomic():
        locked = _locked(dispute)
        if locked.outcome == DisputeOutcome.RETURN and not locked.is_active:
            return locked  # confirmed a moment ago
        if not locked.awaiting_return:
            raise DomainError(_("No return was agreed on this dispute."), code="no_return_agreed", field="status")
        _record(dispute=locked, kind=E.RETURN_RECEIVED, actor=actor, role=role)
        _ask_refund(dispute=locked, amount=selectors.dispute_refundable(dispute=locked), actor=actor, role=role,
                    key=f"dispute:{locked.pk}:return")
        _order_to(locked, to_status=S.REFUNDED, actor=actor, role=SYSTEM)
        order_confirm_return(order=locked.order, actor=actor, role=role)
        _close(locked, status=DisputeStatus.AGREED, outcome=DisputeOutcome.RETURN)
    return locked


# --- Escalation, withdrawal, decision --------------------------------------------------------


def dispute_escalate(*, dispute: Dispute, actor, role: str, text: str = "", now: datetime | None = None) -> Dispute:
    """Either party (at any time), staff, or the beat task (role system) hands the dispute to the
    council. An agreed return the seller never confirmed may be escalated too. Escalating again
    changes nothing."""
    text = clean_text(text, field="text", required=False)
    with transaction.atomic():
        locked = _locked(dispute)
        if locked.status == DisputeStatus.ESCALATED:
            return locked
        _refuse_closed(locked)
        if locked.status != DisputeStatus.OPEN and not locked.awaiting_return:
            raise DomainError(_("This dispute cannot be escalated now."), code="not_escalatable", field="status")
        now = now or timezone.now()
        locked.status, locked.escalated_at = DisputeStatus.ESCALATED, now
        if locked.awaiting_return:
            locked.outcome = ""  # the return was never confirmed: the council decides
        locked.save(update_fields=["status", "escalated_at", "outcome"])
        _record(dispute=locked, kind=E.AUTO_ESCALATED if role == SYSTEM else E.ESCALATED, actor=actor, role=role,
                text=text, at=now)
    return locked


def disputes_escalate_overdue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Escalate every open dispute past its negotiation window; returns how many."""
    now = now or timezone.now()
    due = list(Dispute.objects.filter(status=DisputeStatus.OPEN, negotiate_until__lte=now)
               .order_by("pk").values_list("pk", flat=True)[:limit])
    escalated = 0
    for pk in due:
        with transaction.atomic():
            dispute = Dispute.objects.select_for_update().get(pk=pk)
            if dispute.status != DisputeStatus.OPEN:
                continue  # agreed or escalated a moment ago
            dispute_escalate(dispute=dispute, actor=None, role=SYSTEM, now=now)
            escalated += 1
    return escalated


def disputes_adopt_orphans(*, limit: int = 500) -> int:
    """Give a dispute to each disputed order that has none (moved there by the order pages' own
    button): reason "other", the words given there, the window counted from that moment; so it
    reaches the council like any other. Returns how many."""
    active = Dispute.objects.filter(order=OuterRef("pk"), closed_at__isnull=True)
    orphans = Order.objects.filter(status=S.DISPUTED).filter(~Exists(active)).order_by("pk")
    adopted = 0
    for order in orphans[:limit]:
        event = OrderEvent.objects.filter(order=order, to_status=S.DISPUTED).order_by("-at", "-id").first()
        if event is None:
            continue
        try:
            with transaction.atomic():
                dispute = Dispute.objects.create(
                    order=order, buyer_id=order.buyer_id, reason=DisputeReason.OTHER, description=event.note,
                    opened_at=event.at, order_status_before=_status_before(order),
                    currency=selectors.order_payment(order=order).currency,
                    negotiate_until=event.at + timedelta(days=negotiation_days()))
                _record(dispute=dispute, kind=E.OPENED, actor=event.actor, role=event.role, text=event.note,
                        detail=DisputeReason.OTHER, at=event.at)
        except (IntegrityError, Payment.DoesNotExist):
            continue  # the buyer completed it a moment ago; or no payment to dispute
        adopted += 1
    return adopted


@shared_task(name="payments.escalate_overdue_disputes")
def escalate_overdue_disputes() -> int:
    """Beat task (hourly): disputed orders without a dispute get one; disputes open past
    DISPUTE_NEGOTIATION_DAYS go to council staff."""
    disputes_adopt_orphans()
    return disputes_escalate_overdue()


def dispute_withdraw(*, dispute: Dispute, actor, text: str = "") -> Dispute:
    """The buyer withdraws: the dispute closes and the order goes back where it stood (delivered
    orders then complete by the clock or the buyer). Withdrawing twice changes nothing."""
    if actor is None or dispute.buyer_id != actor.pk:
        raise Forbidden(_("Only the buyer can withdraw a dispute."), code="not_the_buyer")
    text = clean_text(text, field="text", required=False)
    with transaction.atomic():
        locked = _locked(dispute)
        if locked.status == DisputeStatus.WITHDRAWN:
            return locked
        _refuse_closed(locked)
        if locked.order.status == S.DISPUTED:
            _order_to(locked, to_status=locked.order_status_before, actor=actor, role=SYSTEM)
        _close(locked, status=DisputeStatus.WITHDRAWN, outcome=DisputeOutcome.WITHDRAWN)
        _record(dispute=locked, kind=E.WITHDRAWN, actor=actor, role=BUYER, text=text)
    return locked


DECISIONS = (DisputeOutcome.REFUND_FULL, DisputeOutcome.REFUND_PART, DisputeOutcome.RELEASE)


def dispute_decide(*, dispute: Dispute, actor, outcome: str, reason: str, amount: object = None) -> Dispute:
    """Council staff decide, with a written reason: refund in full (what the order can still get
    back), refund in part (`amount`, never more than that), or release the money to the seller.
    The order moves to refunded (full) or completed (part, release). Deciding twice (a double
    click) returns the first decision."""
    if actor is None or not getattr(actor, "is_council_staff", False):
        raise Forbidden(_("Only council staff can decide a dispute."), code="not_council_staff")
    if outcome not in DECISIONS:
        raise DomainError(_("Choose a full refund, a partial refund or a release."), code="invalid_choice",
                          field="outcome")
    reason = clean_text(reason, field="reason", max_length=REASON_MAX)
    with transaction.atomic():
        locked = _locked(dispute)
        if locked.status == DisputeStatus.DECIDED:
            return locked
        _refuse_closed(locked)
        left = selectors.dispute_refundable(dispute=locked)
        value = Decimal(0)
        if outcome == DisputeOutcome.REFUND_PART:
            value = clean_amount(amount, currency=locked.currency)
            if value > left:
                raise DomainError(_("At most %(left)s %(currency)s can be refunded.")
                                  % {"left": quantize(left, locked.currency), "currency": locked.currency},
                                  code="refund_exceeds_received", field="amount")
        elif outcome == DisputeOutcome.REFUND_FULL:
            value = left
        locked.status, locked.decided_by, locked.decided_by_name = DisputeStatus.DECIDED, actor, actor_name(actor)
        locked.decision_reason = reason
        _close(locked, status=DisputeStatus.DECIDED, outcome=outcome,
               fields=["decided_by", "decided_by_name", "decision_reason"])
        _record(dispute=locked, kind=E.DECIDED, actor=actor, role=STAFF, text=reason, detail=outcome,
                amount=value if value > 0 else None)
        _ask_refund(dispute=locked, amount=value, actor=actor, role=STAFF, key=f"dispute:{locked.pk}:decision")
        to_status = S.REFUNDED if outcome == DisputeOutcome.REFUND_FULL else S.COMPLETED
        if locked.order.status == S.DISPUTED:
            _order_to(locked, to_status=to_status, actor=actor, role=STAFF, note=reason)
    return locked


# --- Late shipment ---------------------------------------------------------------------------


def order_cancel_for_late_shipment(*, order: Order, actor, reason: str = "") -> Refund | None:
    """The buyer cancels a paid order the seller did not ship within ORDERS_SHIP_WITHIN_DAYS: the
    order is cancelled (its stock goes back) and everything it can still get back is asked for
    in the same transaction. Refused before the ship-by date (code "not_late_yet", field
    "status"). Returns the refund (None when nothing was captured, e.g. cash on delivery)."""
    if actor is None or order.buyer_id != actor.pk:
        raise Order.DoesNotExist
    reason = clean_text(reason, field="reason", required=False, max_length=1000)
    payment = selectors.order_payment(order=order)
    with transaction.atomic():
        cancelled = order_cancel_late_shipment(order=order, actor=actor, reason=reason)
        left = refundable(payment=payment, order=cancelled)
        if left <= 0:
            return None
        return refund_request(payment=payment, order=cancelled, amount=quantize(left, payment.currency), actor=actor,
                              reason=reason,  # the buyer's words; the order's event says why
                              idempotency_key=f"late-shipment:{cancelled.pk}")
