"""The search page: thin over params.parse_search_params and engine.run_search."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing
from gembazaar.core.page_cache import anonymous_cacheable

from . import discovery
from .engine import run_search
from .params import parse_search_params
from .types import RANGE_FILTERS


def _without_blanks(query: QueryDict) -> QueryDict:
    """The query minus empty fields: a plain GET form sends every empty box (`carat_min=`)."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        values = [value for value in values if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept


def _value_count(query: QueryDict) -> int:
    return sum(len(values) for _name, values in query.lists())


def _parameter_errors(error: ValidationError, query: QueryDict) -> list[dict]:
    """One entry per bad parameter, with a link to the same search without it."""
    if hasattr(error, "error_dict"):
        pairs = [(name, message) for name, messages in error.message_dict.items() for message in messages]
    else:
        pairs = [("", message) for message in error.messages]
    return [{"param": name, "message": message, "remove_url": _search_url(_without_keys(query, _keys_of(name)))}
            for name, message in pairs]


def _without_keys(query: QueryDict, keys) -> QueryDict:
    kept = query.copy()
    for key in keys:
        kept.pop(key, None)
    return kept


def _search_url(query: QueryDict) -> str:
    return reverse("search") + (f"?{query.urlencode()}" if query else "")


def _keys_of(name: str) -> tuple[str, ...]:
    """The URL keys to drop for an error on `name`: both bounds of a range ("carat_min" → carat_*)."""
    prefix = name.removesuffix("_min").removesuffix("_max")
    if prefix in RANGE_FILTERS:
        return (f"{prefix}_min", f"{prefix}_max")
    return (name,) if name else ()


def _only_q(text: str) -> str:
    kept = QueryDict(mutable=True)
    kept["q"] = text
    return kept.urlencode()


def _sort_options(current: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected). The default sort's value is empty, so it stays out of the URL."""
    options = [
        ("relevance", _("Best match")), ("newest", _("Newest first")),
        ("price_asc", _("Price: low to high")), ("price_desc", _("Price: high to low")),
        ("carat_asc", _("Carat: low to high")), ("carat_desc", _("Carat: high to low")),
    ]
    return [("" if value == "relevance" else value, label, value == current) for value, label in options]


def _search_heading(query: QueryDict, chips: list) -> str:
    """The page's title: the words searched, else the one thing browsed (Emerald, Bangles), else the kind."""
    text = query.get("q", "").strip()
    if text:
        return _("Results for “%(q)s”") % {"q": text[:100]}
    for param in ("variety", "species", "jewelry_type"):
        named = [chip.label for chip in chips if chip.param == param]
        if len(named) == 1:
            return named[0]
    kinds = {kind for value in query.getlist("kind") for kind in value.split(",")}
    if kinds == {Listing.Kind.JEWELRY}:
        return _("Jewelry")
    if kinds and kinds <= {Listing.Kind.GEMSTONE, Listing.Kind.LOT}:
        return _("Gemstones")
    return _("Gems and jewelry")


def _parse(query: QueryDict, given: QueryDict) -> tuple:
    """(params, errors, query shown). On bad parameters: the errors, and the search without them.

    `query` is the URL's; `given` adds what the page supplies (the display currency). When an
    error names no parameter there is nothing to leave out, and params is None.
    """
    try:
        return parse_search_params(given), [], query
    except ValidationError as error:
        errors = _parameter_errors(error, query)
    bad_keys = [key for entry in errors for key in _keys_of(entry["param"])]
    params = None
    if all(entry["param"] for entry in errors):
        try:
            params = parse_search_params(_without_keys(given, bad_keys))
        except ValidationError:
            params = None
    return params, errors, _without_keys(query, bad_keys)


@anonymous_cacheable
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Faceted search. The URL holds the whole state; htmx requests get the results panel only.

    Bad parameters answer 400 with each one named, and the results as if it were not there.
    """
    return _search_page(request)


def _search_page(request: HttpRequest, *, preset: dict[str, str] | None = None, section: str = "search",
                 extra: dict | None = None) -> HttpResponse:
    """The search page; category pages (/gems/, /jewelry/ …) are the same page with `preset`
    filters the URL does not repeat. Counts and pages come from the engine: no COUNT(*), no
    OFFSET, whatever the size of the catalogue."""
    query = _without_blanks(request.GET)
    query.pop("page", None)  # category pages were paged by number once: keyset cursors now
    if _value_count(query) != _value_count(request.GET) and not request.htmx:
        # a shareable address without `&carat_min=&carat_max=`
        return redirect(request.path + (f"?{query.urlencode()}" if query else ""))
    expanded = query.pop("more", [""])[-1]  # the facet whose every value is asked for ("Show 12 more")
    explicit_currency = "currency" in query
    given = query.copy()
    for name, value in (preset or {}).items():
        if name not in given:
            given[name] = value
    if not explicit_currency:
        given["currency"] = request.display_currency  # price ranges are typed in the buyer's currency
    params, errors, query = _parse(query, given)
    result = run_search(params) if params is not None else None
    ranges = result.ranges if result else []
    context = {
        "params": params,
        "result": result,
        "errors": errors,
        "errors_fixed_url": _search_url(query),
        "query": query.get("q", "").strip(),
        "heading": _search_heading(given, result.chips if result else []),
        "query_string": params.to_query_string() if params else "",
        "clear_query": _only_q(params.q) if params and params.q else "",  # "clear all" keeps the words
        "sort_options": _sort_options(params.sort if params else "relevance"),
        # Pin the currency into the form once prices are filtered, so a currency switch keeps the range's meaning.
        "pin_currency": explicit_currency or any(
            facet.name == "price" and (facet.selected_min is not None or facet.selected_max is not None)
            for facet in ranges),
        "section": section,
        "expanded": expanded,
        "more_url": f"{request.path}?{query.urlencode() + '&' if query else ''}more=",
        **(extra or {}),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    if partial and expanded:
        template = "search/_facet_tail.html"  # only the values "Show more" asked for
    else:
        template = "search/_search_htmx.html" if partial else "search/search.html"
    response = render(request, template, context, status=400 if errors else 200)
    patch_vary_headers(response, ("HX-Request",))  # the partial and the page must not share a cache entry
    return response


# --- Category pages: the search page with a preset filter ------------------------------------

GEM_KINDS = f"{Listing.Kind.GEMSTONE},{Listing.Kind.LOT}"


@anonymous_cacheable
@require_GET
def gem_list(request: HttpRequest) -> HttpResponse:
    return _search_page(request, preset={"kind": GEM_KINDS, "sort": "newest"}, section="gems",
                        extra={"intro": _("Loose stones and parcels, each with its nature and treatments disclosed.")})


@anonymous_cacheable
@require_GET
def gem_species_list(request: HttpRequest, species_code: str) -> HttpResponse:
    species = vocab.SPECIES_BY_CODE.get(species_code)
    if species is None:
        raise Http404(_("Unknown gem species."))
    preset = {"kind": GEM_KINDS, "species": species.code, "sort": "newest"}
    variety = species.variety(request.GET.get("variety", ""))
    if variety is not None:
        preset["variety"] = variety.code
    return _search_page(request, preset=preset, section="gems")


@anonymous_cacheable
@require_GET
def jewelry_list(request: HttpRequest) -> HttpResponse:
    return _search_page(request, preset={"kind": Listing.Kind.JEWELRY.value, "sort": "newest"}, section="jewelry",
                        extra={"intro": _("Gold, silver and platinum pieces with metal weights and making charges "
                                          "shown.")})


# --- The home page -------------------------------------------------------------------------


@anonymous_cacheable
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Counts and newest listings come from the search engine's snapshot; the only queries are a
    few primary-key lookups and the featured listings (an indexed flag), so the page costs the
    same at a thousand listings and at a million."""
    return render(request, "catalogue/home.html", discovery.home_context())
