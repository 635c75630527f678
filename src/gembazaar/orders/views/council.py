"""The council console's orders: every order, filters, one order, and the staff moves
(mark a bank transfer paid, cancel with a reason, settle a dispute)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import council_staff_required
from gembazaar.core.errors import DomainError

from .. import selectors
from ..models import Order
from ..services.transitions import STAFF
from ._common import page_of
from ._orders import actions_for, failed_elsewhere, filter_form, filtered, perform, with_lines


def _order(number: str) -> Order:
    try:
        return selectors.order_get_for_staff(number=number)
    except Order.DoesNotExist:
        raise Http404 from None


@require_GET
@council_staff_required
def order_list(request: HttpRequest) -> HttpResponse:
    form = filter_form(request)
    orders = filtered(lambda status: selectors.orders_for_staff(status=status), form)
    page = page_of(request, orders)
    with_lines(page)
    return render(request, "orders/council_orders.html", {
        "page": page, "form": form, "council_section": "orders",
    }, status=400 if form.errors else 200)


@require_GET
@council_staff_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _order(number))


def _detail(request: HttpRequest, order: Order, *, failed: dict | None = None, status: int = 200) -> HttpResponse:
    actions = actions_for(order=order, role=STAFF)
    return render(request, "orders/council_order.html", {
        "order": order, "actions": actions,
        "failed": failed, "failed_elsewhere": failed_elsewhere(failed, actions), "role": STAFF,
        "action_url": "orders:council_order_action", "council_section": "orders",
    }, status=status)


@require_POST
@council_staff_required
def order_action(request: HttpRequest, number: str) -> HttpResponse:
    order = _order(number)
    to = request.POST.get("to", "")
    try:
        order = perform(order=order, to=to, actor=request.user, role=STAFF, data=request.POST)
    except DomainError as exc:
        failed = {"to": to, "field": exc.field, "message": exc.message, "data": request.POST}
        return _detail(request, _order(number), failed=failed, status=exc.status)
    messages.success(request, _("Order %(number)s is now “%(status)s”.")
                     % {"number": order.number, "status": order.get_status_display()})
    return redirect("orders:council_order", number=order.number)
