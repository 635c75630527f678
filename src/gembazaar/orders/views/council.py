"""The council console's orders: every order, filters, one order, and the staff moves
(mark a bank transfer paid, cancel with a reason, settle a dispute)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import council_staff_required

from .. import selectors
from ..models import Order
from ..services.transitions import STAFF
from ._common import page_of
from ._orders import (
    OrderPage,
    filter_form,
    filtered,
    order_page,
    order_page_action,
    with_lines,
)

PAGE = OrderPage(role=STAFF, template="orders/council_order.html", url_name="orders:council_order",
                 context={"council_section": "orders"})


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
    return order_page(request, PAGE, _order(number))


@require_POST
@council_staff_required
def order_action(request: HttpRequest, number: str) -> HttpResponse:
    return order_page_action(request, PAGE, lambda: _order(number))
