"""The buyer's "My orders": the list, one order with its timeline, and the moves the buyer may make."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from .. import selectors
from ..models import Order
from ..services.transitions import BUYER
from ._common import page_of
from ._orders import OrderPage, order_page, order_page_action, with_lines

PAGE = OrderPage(role=BUYER, template="orders/my_order.html", url_name="orders:my_order",
                 context={})


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
    return order_page(request, PAGE, _own_order(request, number))


@require_POST
@login_required
def order_action(request: HttpRequest, number: str) -> HttpResponse:
    return order_page_action(request, PAGE, lambda: _own_order(request, number))
