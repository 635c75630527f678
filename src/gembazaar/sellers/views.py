"""Seller directory pages. A seller's own storefront page is catalogue.views.seller_detail."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors

PAGE_SIZE = 24


@require_GET
def seller_list(request: HttpRequest) -> HttpResponse:
    # Name, then id: a total order, so no seller appears on two pages or none.
    sellers = selectors.sellers_verified().order_by("trade_name", "id")
    page = Paginator(sellers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sellers/seller_list.html", {"page": page, "section": "sellers"})
