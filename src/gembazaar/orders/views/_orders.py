"""What the buyer's, the seller centre's and the council's order pages share: the buttons each
role may press now, performing one of them, the filters of the lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gembazaar.core.errors import DomainError

from .. import selectors, web_selectors
from ..forms import OrderFilterForm
from ..models import Order
from ..services import transitions as t

S = Order.Status


@dataclass(frozen=True)
class Action:
    to: str
    label: str
    help: str = ""
    reason: str = ""     # "required", "optional" or "" (no reason box)
    tracking: bool = False
    danger: bool = False


# (target status, role) → how the button reads. Anything the table allows but this does not
# name gets a plain "Move to …" button (council staff may make any move in the table).
ACTIONS: dict[tuple[str, str], Action] = {
    (S.CANCELLED, t.BUYER): Action(S.CANCELLED, _("Cancel this order"), _(
        "Before you pay you can cancel: the pieces go back on sale."), reason="optional", danger=True),
    (S.DELIVERED, t.BUYER): Action(S.DELIVERED, _("I have received it"), _(
        "Confirm the parcel arrived. You can still ask for a refund if something is wrong.")),
    (S.COMPLETED, t.BUYER): Action(S.COMPLETED, _("Everything is fine: complete the order")),
    (S.REFUND_REQUESTED, t.BUYER): Action(S.REFUND_REQUESTED, _("Request a refund"), _(
        "Tell the seller what is wrong; the council sees the request too."), reason="required", danger=True),
    (S.PROCESSING, t.SELLER): Action(S.PROCESSING, _("Accept and prepare"), _(
        "The buyer has paid: confirm you are preparing the parcel.")),
    (S.SHIPPED, t.SELLER): Action(S.SHIPPED, _("Mark shipped"), _(
        "The buyer gets the tracking number by email."), tracking=True),
    (S.CANCELLED, t.SELLER): Action(S.CANCELLED, _("Cancel this order"), _(
        "The buyer is told your reason; the stock goes back on sale."), reason="required", danger=True),
    (S.REFUNDED, t.SELLER): Action(S.REFUNDED, _("Refund the buyer"), reason="optional"),
    (S.PAID, t.STAFF): Action(S.PAID, _("Mark paid"), _(
        "The bank transfer has arrived in the council's account."), reason="optional"),
    (S.SHIPPED, t.STAFF): Action(S.SHIPPED, _("Mark shipped"), tracking=True),
    (S.CANCELLED, t.STAFF): Action(S.CANCELLED, _("Cancel this order"), reason="required", danger=True),
    (S.REFUNDED, t.STAFF): Action(S.REFUNDED, _("Mark refunded"), reason="optional"),
}


# Not a status: the seller confirms refunded pieces came back (services.transitions.order_confirm_return).
RETURN_RECEIVED = "return_received"
RETURN_ACTION = Action(RETURN_RECEIVED, _("The pieces came back: put them on sale again"), _(
    "Only when you have them in hand: a refund alone never puts stock back (the buyer may keep a piece)."))


def actions_for(*, order: Order, role: str) -> list[Action]:
    """The buttons `role` may press on `order` now, as the backend's transition table allows."""
    result = [RETURN_ACTION] if role in (t.SELLER, t.STAFF) and selectors.awaiting_return(order=order) else []
    for to in selectors.allowed_actions(order=order, role=role):
        if to == S.DISPUTED or order.status == S.DISPUTED:
            continue  # disputes are opened, argued and decided in the dispute centre (with photos and offers)
        action = ACTIONS.get((to, role))
        if action is None:
            needs = (to, role) in t.REASON_REQUIRED
            action = Action(to, _("Move to “%(status)s”") % {"status": S(to).label},
                            reason="required" if needs else "optional")
        elif (to, role) in t.REASON_REQUIRED and action.reason != "required":
            action = Action(action.to, action.label, action.help, "required", action.tracking, action.danger)
        result.append(action)
    return result


def failed_elsewhere(failed: dict | None, actions: list[Action]) -> bool:
    """True when a refused move has no form on the page to show its error beside."""
    return bool(failed) and all(action.to != failed["to"] for action in actions)


def perform(*, order: Order, to: str, actor, role: str, data) -> Order:
    """Make one move through the named services (each applies its own rules and side effects)."""
    if to == RETURN_RECEIVED and role in (t.SELLER, t.STAFF):
        return t.order_confirm_return(order=order, actor=actor, role=role)
    if to not in S.values:
        raise DomainError(str(_("Unknown status.")), code="transition_not_allowed", field="status")
    reason = (data.get("reason") or "").strip()
    if to == S.PAID and role == t.STAFF:
        return t.order_mark_paid(order=order, actor=actor, note=reason)
    if to == S.SHIPPED:
        return t.order_ship(order=order, actor=actor, tracking_number=data.get("tracking_number", ""),
                            carrier=data.get("carrier", ""), role=role)
    if to == S.PROCESSING and role == t.SELLER:
        return t.order_accept(order=order, actor=actor)
    if to == S.CANCELLED:
        return t.order_cancel(order=order, actor=actor, role=role, reason=reason)
    if to == S.DELIVERED and role == t.BUYER:
        return t.order_confirm_delivered(order=order, actor=actor)
    if to == S.REFUND_REQUESTED and role == t.BUYER:
        return t.order_request_refund(order=order, actor=actor, reason=reason)
    return t.order_transition(order=order, to_status=to, actor=actor, role=role, note=reason)


def filter_form(request: HttpRequest) -> OrderFilterForm:
    return OrderFilterForm(request.GET or None, statuses=S.choices)


def filtered(queryset_for_status, form: OrderFilterForm):
    """Apply the list filters: the status through the scoped selector, the rest here. A form
    with errors filters nothing (the page names the field)."""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = web_selectors.OrderFilters(status=data["status"], date_from=data["date_from"],
                                             date_to=data["date_to"], number=data["q"])
        return web_selectors.orders_filter(queryset_for_status(filters.status or None), filters=filters)
    return queryset_for_status(None)


def with_lines(page) -> None:
    prefetch_related_objects(list(page.object_list), "lines")


@dataclass(frozen=True)
class OrderPage:
    """One role's order page: who acts, which template, where its actions post, nav context."""

    role: str
    template: str
    url_name: str  # the detail page; actions post to f"{url_name}_action"
    context: dict


def order_page(request: HttpRequest, page: OrderPage, order: Order, *, failed: dict | None = None,
               status: int = 200) -> HttpResponse:
    actions = actions_for(order=order, role=page.role)
    return render(request, page.template, {
        "order": order, "actions": actions, "failed": failed, "failed_elsewhere": failed_elsewhere(failed, actions),
        "role": page.role, "action_url": f"{page.url_name}_action", **page.context,
    }, status=status)


def order_page_action(request: HttpRequest, page: OrderPage, load) -> HttpResponse:
    """POST of one move on an order (`load()` reads it for the acting user): done → back to the
    page with a message; refused → the page again with the error beside the action's form."""
    order = load()
    to = request.POST.get("to", "")
    try:
        order = perform(order=order, to=to, actor=request.user, role=page.role, data=request.POST)
    except DomainError as exc:
        failed = {"to": to, "field": exc.field, "message": exc.message, "data": request.POST}
        return order_page(request, page, load(), failed=failed, status=exc.status)
    messages.success(request, gettext("Order %(number)s is now “%(status)s”.")
                     % {"number": order.number, "status": order.get_status_display()})
    return redirect(page.url_name, number=order.number)
