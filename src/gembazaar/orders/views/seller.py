"""The seller centre's orders: the list with filters, one order, accept / ship / cancel.

Every order is reached through selectors scoped by request.seller: another seller's number is
a 404, exactly like an unknown one."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import seller_member_required

from .. import selectors
from ..models import Order
from ..services.transitions import SELLER
from ._common import page_of
from ._orders import (
    OrderPage,
    filter_form,
    filtered,
    order_page,
    order_page_action,
    with_lines,
)

PAGE = OrderPage(role=SELLER, template="orders/seller_order.html", url_name="orders:seller_order",
                 context={"sc_section": "orders"})


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
    return order_page(request, PAGE, _own_order(request, number))


@require_POST
@seller_member_required
def order_action(request: HttpRequest, number: str) -> HttpResponse:
    return order_page_action(request, PAGE, lambda: _own_order(request, number))
