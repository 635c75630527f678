"""The seller centre's orders: the list with filters, one order, accept / ship / cancel.

Every order is reached through selectors scoped by request.seller: another seller's number is
a 404, exactly like an unknown one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import seller_member_required
from gembazaar.core.errors import DomainError

from .. import selectors
from ..models import Order
from ..services.transitions import SELLER
from ._common import page_of
from ._orders import actions_for, failed_elsewhere, filter_form, filtered, perform, with_lines


def _own_order(request: HttpRequest, number: str) -> Order:
    try:
        return selectors.order_get_for_seller(seller=request.seller, number=number)
    except Order.DoesNotExist:
        raise Http404 from None


@require_GET
@seller_member_required
def order_list(request: HttpRequest) -> HttpResponse:
    form = filter_form(request)
    orders = filtered(lambda status: selectors.orders_for_seller(seller=request.seller, status=status), form)
    page = page_of(request, orders)
    with_lines(page)
    return render(request, "orders/seller_orders.html", {
        "page": page, "form": form, "sc_section": "orders",
    }, status=400 if form.errors else 200)


@require_GET
@seller_member_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _own_order(request, number))


def _detail(request: HttpRequest, order: Order, *, failed: dict | None = None, status: int = 200) -> HttpResponse:
    actions = actions_for(order=order, role=SELLER)
    return render(request, "orders/seller_order.html", {
        "order": order, "actions": actions,
        "failed": failed, "failed_elsewhere": failed_elsewhere(failed, actions), "role": SELLER,
        "action_url": "orders:seller_order_action", "sc_section": "orders",
    }, status=status)


@require_POST
@seller_member_required
def order_action(request: HttpRequest, number: str) -> HttpResponse:
    order = _own_order(request, number)
    to = request.POST.get("to", "")
    try:
        order = perform(order=order, to=to, actor=request.user, role=SELLER, data=request.POST)
    except DomainError as exc:
        failed = {"to": to, "field": exc.field, "message": exc.message, "data": request.POST}
        return _detail(request, _own_order(request, number), failed=failed, status=exc.status)
    messages.success(request, _("Order %(number)s is now “%(status)s”.")
                     % {"number": order.number, "status": order.get_status_display()})
    return redirect("orders:seller_order", number=order.number)
