"""Storefront pages. Thin: selectors do the reading, templates the showing."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gembazaar.core.page_cache import anonymous_cacheable
from gembazaar.sellers import selectors as seller_selectors
from gembazaar.sellers.models import Seller

from . import selectors
from .models import Listing

PAGE_SIZE = 24


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    # get_page() turns "abc" into page 1 and a page past the end into the last page: never a 500.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@anonymous_cacheable
@require_GET
def listing_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    try:
        listing = selectors.listing_get_public(listing_id=pk)
    except Listing.DoesNotExist:
        raise Http404(_("This listing is not on sale.")) from None
    if slug != (listing.slug or "item"):
        return redirect(listing, permanent=True)
    return render(request, "catalogue/listing_detail.html", {
        "listing": listing,
        "spec": listing.spec,
        "images": list(listing.images.all()),
        "more_from_seller": selectors.listings_more_from_seller(listing=listing),
    })


@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    """The old "everything on sale" address: the search page does that now."""
    query = request.GET.copy()
    query.pop("page", None)  # search pages by cursor, not by number
    if query.get("sort") == "newest" and not query.get("q"):
        query.pop("sort")  # the search page's default
    return redirect(reverse("search") + (f"?{query.urlencode()}" if query else ""), permanent=True)


@anonymous_cacheable
@require_GET
def seller_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # A seller's storefront shows listings, so it lives here: sellers must not import the catalogue.
    try:
        seller = seller_selectors.seller_get_public(slug=slug, with_count=False)
    except Seller.DoesNotExist:
        raise Http404(_("No verified seller has this address.")) from None
    page = paginate(request, selectors.listings_public(seller=seller))
    seller.listing_count = page.paginator.count  # one COUNT the paginator makes anyway
    return render(request, "sellers/seller_detail.html", {"seller": seller, "section": "sellers", "page": page})
