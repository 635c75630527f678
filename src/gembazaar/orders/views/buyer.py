"""The buyer's "My orders": the list, one order with its timeline, and the moves the buyer may make."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.core.errors import DomainError

from .. import selectors
from ..models import Order
from ..services.transitions import BUYER
from ._common import page_of
from ._orders import actions_for, failed_elsewhere, perform, with_lines


def _own_order(request: HttpRequest, number: str) -> Order:
    try:
        return selectors.order_get_for_buyer(user=request.user, number=number)
    except Order.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.orders_for_buyer(user=request.user))
    with_lines(page)
    return render(request, "orders/my_orders.html", {"page": page})


@require_GET
@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _own_order(request, number))


def _detail(request: HttpRequest, order: Order, *, failed: dict | None = None, status: int = 200) -> HttpResponse:
    actions = actions_for(order=order, role=BUYER)
    return render(request, "orders/my_order.html", {
        "order": order, "actions": actions,
        "failed": failed, "failed_elsewhere": failed_elsewhere(failed, actions), "role": BUYER,
        "action_url": "orders:my_order_action",
    }, status=status)


@require_POST
@login_required
def order_action(request: HttpRequest, number: str) -> HttpResponse:
    order = _own_order(request, number)
    to = request.POST.get("to", "")
    try:
        order = perform(order=order, to=to, actor=request.user, role=BUYER, data=request.POST)
    except DomainError as exc:
        failed = {"to": to, "field": exc.field, "message": exc.message, "data": request.POST}
        return _detail(request, _own_order(request, number), failed=failed, status=exc.status)
    messages.success(request, _("Order %(number)s is now “%(status)s”.")
                     % {"number": order.number, "status": order.get_status_display()})
    return redirect("orders:my_order", number=order.number)
