"""Storefront pages. Thin: selectors do the reading, templates the showing."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gembazaar.sellers import selectors as seller_selectors
from gembazaar.sellers.models import Seller

from . import selectors, vocab
from .models import Listing

PAGE_SIZE = 24


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    # get_page() turns "abc" into page 1 and a page past the end into the last page: never a 500.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _browse_params(request: HttpRequest) -> dict:
    return {"query": request.GET.get("q", "").strip(), "sort": request.GET.get("sort", "newest")}


def _render_list(request: HttpRequest, queryset: QuerySet, *, heading: str, intro: str = "",
                 **extra) -> HttpResponse:
    context = {"page": paginate(request, queryset), "heading": heading, "intro": intro,
               "species_list": vocab.SPECIES, **_browse_params(request), **extra}
    return render(request, "catalogue/listing_list.html", context)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/home.html", {
        "featured_gems": selectors.listings_featured(kind=Listing.Kind.GEMSTONE, limit=8),
        "featured_jewelry": selectors.listings_featured(kind=Listing.Kind.JEWELRY, limit=4),
        "sellers": seller_selectors.sellers_verified_most_active(limit=6),
        "varieties": selectors.gem_varieties_popular(limit=8),
    })


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


@require_GET
def gem_list(request: HttpRequest) -> HttpResponse:
    return _render_list(
        request, selectors.listings_browse(kinds=selectors.GEM_KINDS, **_browse_params(request)),
        heading=_("Gemstones"),
        intro=_("Loose stones and parcels, each with its nature and treatments disclosed."),
        section="gems",
    )


@require_GET
def gem_species_list(request: HttpRequest, species_code: str) -> HttpResponse:
    species = vocab.SPECIES_BY_CODE.get(species_code)
    if species is None:
        raise Http404(_("Unknown gem species."))
    variety = species.variety(request.GET.get("variety", ""))
    queryset = selectors.listings_browse(kinds=selectors.GEM_KINDS, species=species.code,
                                         variety=variety.code if variety else "", **_browse_params(request))
    return _render_list(request, queryset, heading=str(variety.label if variety else species.label),
                        species=species, variety=variety, section="gems")


@require_GET
def jewelry_list(request: HttpRequest) -> HttpResponse:
    return _render_list(
        request, selectors.listings_browse(kinds=(Listing.Kind.JEWELRY,), **_browse_params(request)),
        heading=_("Jewelry"),
        intro=_("Gold, silver and platinum pieces with metal weights and making charges shown."),
        section="jewelry",
    )


@require_GET
def seller_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # A seller's storefront shows listings, so it lives here: sellers must not import the catalogue.
    try:
        seller = seller_selectors.seller_get_public(slug=slug)
    except Seller.DoesNotExist:
        raise Http404(_("No verified seller has this address.")) from None
    return render(request, "sellers/seller_detail.html", {
        "seller": seller,
        "section": "sellers",
        "page": paginate(request, selectors.listings_public(seller=seller)),
    })
