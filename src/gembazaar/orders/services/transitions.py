"""The order status machine: an explicit table of allowed transitions and who may make them.

    placed → awaiting_payment → paid → processing → shipped → delivered → completed
    with cancelled, refund_requested, refunded and disputed on the side.

Every change locks the order row, checks the table, applies its side effects (stock back on a
cancellation before shipment, the stock hold made permanent on payment), appends an OrderEvent
(who, when, from, to, note) and emails the buyer once the transaction has committed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from ..email_tasks import send_order_status_email, send_seller_paid_email
from ..event_notes import ActorVia, NoteCode
from ..export_rules import require_kp_certificates
from ..models import Order, OrderEvent
from ..rules import BUYER, REASON_REQUIRED, ROLES, SELLER, STAFF, SYSTEM, can_transition
from ..ship_by import order_shipping_late
from . import stock

S = Order.Status


def _actor_name(actor) -> str:
    if actor is None:
        return "GemBazaar"
    return (actor.get_full_name() or actor.get_username() or actor.email)[:254]


def order_transition(*, order: Order, to_status: str, actor, role: str, note: str = "", note_code: str = "",
                     tracking_number: str = "", carrier: str = "", actor_name: str | None = None,
                     actor_via: str = ActorVia.PERSON) -> Order:
    """Move `order` to `to_status` as `role` (buyer, seller, staff, system).

    The caller has already established that `actor` acts for that role on this order (the
    selectors scope orders by buyer and seller). Refused moves raise DomainError
    (code "transition_not_allowed", field "status"); a missing reason or tracking number names
    its field. `actor_name` overrides the name the log records and `actor_via` says how they acted
    (an API key's name with via="api_key"); `note` is a person's words, `note_code` the
    marketplace's own sentence (event_notes.NoteCode), rendered in each reader's language.
    Returns the order as saved.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    note = (note or "").strip()
    tracking_number = (tracking_number or "").strip()
    carrier = (carrier or "").strip()
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        from_status = locked.status
        if not can_transition(from_status=from_status, to_status=to_status, role=role):
            raise DomainError(
                _("An order that is “%(from)s” cannot be moved to “%(to)s” by the %(role)s.")
                % {"from": S(from_status).label, "to": S(to_status).label if to_status in S.values else to_status,
                   "role": role},
                code="transition_not_allowed", field="status")
        if (to_status, role) in REASON_REQUIRED and not note:
            raise DomainError(_("Please give a reason."), code="reason_required", field="reason")
        fields = ["status", "updated_at"]
        if to_status == S.SHIPPED:
            if not tracking_number:
                raise DomainError(_("Enter the tracking number."), code="required", field="tracking_number")
            if not carrier:
                raise DomainError(_("Enter the carrier."), code="required", field="carrier")
            require_kp_certificates(locked)
            locked.tracking_number, locked.carrier = tracking_number[:60], carrier[:60]
            fields += ["tracking_number", "carrier"]
        if to_status == S.CANCELLED:
            locked.cancel_reason, locked.cancel_code = note, note_code
            fields += ["cancel_reason", "cancel_code"]
        locked.status = to_status
        locked.updated_at = timezone.now()
        locked.save(update_fields=fields)

        if to_status == S.CANCELLED and from_status in stock.RESTOCK_FROM:
            stock.order_restock(order=locked)
        elif to_status == S.PAID or (from_status, to_status) == (S.AWAITING_PAYMENT, S.PROCESSING):
            stock.reservations_convert(order=locked)  # paid, or to be paid on delivery: no longer expires
        name = (actor_name or _actor_name(actor))[:254]
        event = OrderEvent.objects.create(order=locked, actor=actor, actor_name=name, actor_via=actor_via, role=role,
                                          from_status=from_status, to_status=to_status, note=note,
                                          note_code=note_code)
        queue_status_email(event)
    return locked


def queue_status_email(event: OrderEvent) -> None:
    """Email the buyer about this change once it is committed (never about a rollback); and the
    seller when the order may ship now (paid, or cash on delivery confirmed)."""
    event_id = event.pk
    transaction.on_commit(lambda: send_order_status_email.delay(event_id), robust=True)
    if event.from_status == S.AWAITING_PAYMENT and event.to_status in (S.PAID, S.PROCESSING):
        transaction.on_commit(lambda: send_seller_paid_email.delay(event_id), robust=True)


# --- Named moves for the doors (API, pages) --------------------------------------------------


def order_accept(*, order: Order, actor, actor_name: str | None = None, actor_via: str = ActorVia.PERSON) -> Order:
    """The seller accepts a paid order and starts preparing it (paid → processing)."""
    return order_transition(order=order, to_status=S.PROCESSING, actor=actor, role=SELLER, actor_name=actor_name,
                            actor_via=actor_via)


def order_ship(*, order: Order, actor, tracking_number: str, carrier: str, role: str = SELLER,
               actor_name: str | None = None, actor_via: str = ActorVia.PERSON) -> Order:
    """The seller hands the parcel to a carrier (processing → shipped); tracking number and carrier required."""
    return order_transition(order=order, to_status=S.SHIPPED, actor=actor, role=role,
                            tracking_number=tracking_number, carrier=carrier, actor_name=actor_name,
                            actor_via=actor_via)


def order_cancel(*, order: Order, actor, role: str, reason: str = "", actor_name: str | None = None,
                 actor_via: str = ActorVia.PERSON) -> Order:
    """Cancel: the buyer before paying; the seller or staff until shipment, with a reason."""
    return order_transition(order=order, to_status=S.CANCELLED, actor=actor, role=role, note=reason,
                            actor_name=actor_name, actor_via=actor_via)


def order_cancel_late_shipment(*, order: Order, actor, reason: str = "") -> Order:
    """The buyer (`actor`) cancels a paid order the seller did not ship in time (paid/processing →
    cancelled); the stock goes back. The move is the marketplace's rule (role system, the buyer
    named as actor), so the buyer's own buttons never offer it. Refused before the ship-by date
    (code "not_late_yet", field "status"), checked under the order's lock."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.buyer_id != getattr(actor, "pk", None):
            raise Order.DoesNotExist
        if not order_shipping_late(order=locked):
            raise DomainError(_("A paid order can be cancelled by the buyer only once the seller has missed the "
                                "date to ship it by."), code="not_late_yet", field="status")
        return order_transition(order=locked, to_status=S.CANCELLED, actor=actor, role=SYSTEM, note=reason)


def order_mark_paid(*, order: Order, actor, note: str = "", note_code: str = NoteCode.BANK_TRANSFER_RECEIVED) -> Order:
    """The money arrived (awaiting_payment → paid): recorded by council staff, or by the
    marketplace itself (`actor` None) when a card provider confirmed it. A person's `note`
    replaces the marketplace's sentence."""
    return order_transition(order=order, to_status=S.PAID, actor=actor, role=SYSTEM if actor is None else STAFF,
                            note=note, note_code="" if note else note_code)


def order_confirm_cash_on_delivery(*, order: Order) -> Order:
    """The buyer chose cash on delivery (awaiting_payment → processing): the seller prepares and
    ships now, the stock hold becomes permanent, and the courier collects the money."""
    return order_transition(order=order, to_status=S.PROCESSING, actor=None, role=SYSTEM,
                            note_code=NoteCode.CASH_ON_DELIVERY)


def order_confirm_delivered(*, order: Order, actor) -> Order:
    """The buyer confirms the parcel arrived (shipped → delivered)."""
    return order_transition(order=order, to_status=S.DELIVERED, actor=actor, role=BUYER)


def order_complete(*, order: Order, actor, role: str = BUYER) -> Order:
    """The buyer is satisfied (delivered → completed)."""
    return order_transition(order=order, to_status=S.COMPLETED, actor=actor, role=role)


def order_request_refund(*, order: Order, actor, reason: str) -> Order:
    """The buyer asks for a refund, with a reason."""
    return order_transition(order=order, to_status=S.REFUND_REQUESTED, actor=actor, role=BUYER, note=reason)


def order_confirm_return(*, order: Order, actor, role: str = SELLER, actor_name: str | None = None,
                         actor_via: str = ActorVia.PERSON) -> Order:
    """The seller has the refunded pieces back: their stock goes back on sale, once.

    A refund alone never restocks (the buyer may keep a piece on a partial refund); only this
    confirmation does. Refused unless the order is refunded (code "not_refunded", field "status")
    or when its stock is already back (code "already_returned")."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != S.REFUNDED:
            raise DomainError(_("Only a refunded order's pieces can be confirmed as back."), code="not_refunded",
                              field="status")
        if not stock.order_restock(order=locked):
            raise DomainError(_("These pieces are already back on sale."), code="already_returned", field="status")
        OrderEvent.objects.create(order=locked, actor=actor, actor_name=(actor_name or _actor_name(actor))[:254],
                                  actor_via=actor_via, role=role, from_status=S.REFUNDED, to_status=S.REFUNDED,
                                  note_code=NoteCode.RETURN_RECEIVED)
    return locked
