"""The council console: the verification queue, every seller, one application and its decisions,
and the listings whose origin is unusual for the stone.

Staff only (accounts.permissions.council_staff_required: anonymous → sign-in, others → 403).
Reads go through sellers.selectors, every decision through sellers.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import council_staff_required
from gembazaar.catalogue import selectors as catalogue_selectors
from gembazaar.catalogue import services as catalogue_services
from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError
from gembazaar.sellers import selectors, services
from gembazaar.sellers.models import Seller, SellerDocument

from .forms import SellerActionForm

PAGE_SIZE = 50
DONE_MESSAGES = {
    "start_review": gettext_lazy("Review started: %(name)s has been told."),
    "approve": gettext_lazy("Approved: %(name)s is verified and its shop is open."),
    "reject": gettext_lazy("Rejected: %(name)s has been sent your reason."),
    "suspend": gettext_lazy("Suspended: %(name)s and its listings are hidden from buyers."),
    "reinstate": gettext_lazy("Reinstated: %(name)s is verified again."),
}


def _status_tabs(counts: dict[str, int]) -> list[dict]:
    return [{"code": code, "label": label, "count": counts.get(code, 0)} for code, label in Seller.Status.choices]


@council_staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Applications waiting for a decision, the longest-waiting first."""
    counts = selectors.seller_status_counts()
    page = Paginator(selectors.sellers_verification_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/queue.html", {
        "page": page, "counts": counts, "tabs": _status_tabs(counts),
        "waiting": counts["applied"] + counts["under_review"], "council_section": "queue",
    })


@council_staff_required
@require_GET
def seller_list(request: HttpRequest) -> HttpResponse:
    """Every seller, by name, filtered by status and searched by name, membership no. or NTN."""
    status = request.GET.get("status", "")
    if status not in Seller.Status.values:
        status = ""
    query = request.GET.get("q", "").strip()[:100]
    counts = selectors.seller_status_counts()
    sellers = selectors.sellers_for_council(status=status, query=query)
    page = Paginator(sellers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/seller_list.html", {
        "page": page, "status": status, "query": query, "tabs": _status_tabs(counts),
        "total": sum(counts.values()), "council_section": "sellers",
    })


def _detail(request: HttpRequest, seller: Seller, *, failed: SellerActionForm | None = None,
            error: str = "", status: int = 200) -> HttpResponse:
    documents = list(SellerDocument.objects.filter(seller=seller).order_by("kind", "-uploaded_at", "-id"))
    current = selectors.seller_documents_current(seller=seller)
    current_ids = {document.pk for document in current}
    actions = []
    for move in services.council_actions_for(seller.status):
        if failed is not None and failed.data.get("action") == move.action:
            form = failed
        else:
            form = SellerActionForm(initial={"action": move.action}, auto_id=f"{move.action}_%s")
        actions.append({"move": move, "form": form})
    return render(request, "council/seller_detail.html", {
        "seller": seller,
        "owners": [member.user for member in seller.owner_members],
        "documents": current,
        "earlier_documents": [document for document in documents if document.pk not in current_ids],
        "events": selectors.seller_status_events(seller=seller),
        "actions": actions,
        "action_error": error,
        "council_section": "queue" if seller.status in selectors.VERIFICATION_QUEUE_STATUSES else "sellers",
    }, status=status)


def _get_seller(pk: int) -> Seller:
    try:
        return selectors.seller_get_for_council(seller_id=pk)
    except Seller.DoesNotExist:
        raise Http404(_("No such seller.")) from None


@council_staff_required
@require_GET
def seller_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One application: business details, documents, the audit trail and the decisions to take."""
    return _detail(request, _get_seller(pk))


@council_staff_required
@require_POST
def seller_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Start review, approve, reject, suspend or reinstate (POST, CSRF-protected); back to the page after."""
    seller = _get_seller(pk)
    posted = request.POST.get("action", "")
    form = SellerActionForm(request.POST, auto_id=f"{posted if posted in services.COUNCIL_ACTIONS else 'action'}_%s")
    if not form.is_valid():
        return _detail(request, seller, failed=form, status=400)
    action = form.cleaned_data["action"]
    try:
        services.seller_council_action(seller=seller, actor=request.user, action=action,
                                       reason=form.cleaned_data["reason"])
    except DomainError as exc:
        if exc.field == "reason":
            form.add_error("reason", exc.message)
            return _detail(request, seller, failed=form, status=400)
        return _detail(request, _get_seller(pk), error=exc.message, status=409 if exc.code == "conflict" else 400)
    messages.success(request, DONE_MESSAGES[action] % {"name": seller.trade_name})
    return redirect("council:seller_detail", pk=seller.pk)


# --- Unusual origins -----------------------------------------------------------------------------

ORIGIN_DONE = {
    "accept": gettext_lazy("Origin accepted: %(title)s keeps its origin, shown as the seller's claim."),
    "remove": gettext_lazy("Origin removed: %(title)s stays on sale without an origin."),
}


@council_staff_required
@require_GET
def origins(request: HttpRequest) -> HttpResponse:
    """Listings whose origin the locality vocabulary does not know for the stone (a ruby "from
    Mingora"): listed, held here until staff accept the claim or remove it."""
    page = Paginator(catalogue_selectors.listings_with_origin_held(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"listing": listing, "place": vocab.LOCALITIES_BY_CODE.get(listing.origin_locality),
             "known_for": vocab.known_for_labels(listing.origin_locality)} for listing in page.object_list]
    return render(request, "council/origins.html", {"page": page, "rows": rows, "council_section": "origins"})


@council_staff_required
@require_POST
def origin_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the held origin, or remove it (POST, CSRF-protected); back to the queue after."""
    action = request.POST.get("action", "")
    if action not in ORIGIN_DONE:
        return HttpResponseBadRequest(_("Choose accept or remove."))
    try:
        listing = catalogue_selectors.listing_get_origin_held(listing_id=pk)
    except Listing.DoesNotExist:
        raise Http404(_("This listing's origin is not waiting for a review.")) from None
    if action == "accept":
        catalogue_services.listing_origin_accept(listing=listing)
    else:
        catalogue_services.listing_origin_remove(listing=listing)
    messages.success(request, ORIGIN_DONE[action] % {"title": listing.disclosed_title})
    return redirect("council:origins")
