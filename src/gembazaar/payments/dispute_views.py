"""The buyer's dispute centre: their disputes, one dispute with its timeline and the steps they may
take, opening a dispute from an order, cancelling an order not shipped in time; and the dispute
photos, served only to the parties and council staff. Thin: payments.disputes writes,
payments.dispute_selectors reads, scoped to the signed-in buyer (another's id → 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gembazaar.core.errors import DomainError
from gembazaar.orders import selectors as order_selectors
from gembazaar.orders.models import Order
from gembazaar.orders.rules import BUYER

from . import dispute_selectors as selectors
from . import disputes
from .dispute_forms import DisputeOpenForm, LateCancelForm, page_context, step_perform
from .models import Dispute, DisputePhoto

PAGE_SIZE = 20


def _own(request: HttpRequest, dispute_id: int) -> Dispute:
    try:
        return selectors.dispute_get_for_buyer(user=request.user, dispute_id=dispute_id)
    except Dispute.DoesNotExist:
        raise Http404 from None


def _own_order(request: HttpRequest, number: str) -> Order:
    try:
        return order_selectors.order_get_for_buyer(user=request.user, number=number)
    except Order.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def dispute_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.disputes_for_buyer(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "payments/disputes.html", {"page": page})


@require_GET
@login_required
def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    return render(request, "payments/dispute_detail.html", page_context(dispute=_own(request, dispute_id),
                                                                          role=BUYER))


@require_POST
@login_required
def dispute_step(request: HttpRequest, dispute_id: int, step: str) -> HttpResponse:
    """One step posted from the dispute's page: done → back to it; refused → the page with the
    error beside the field (400)."""
    dispute = _own(request, dispute_id)
    try:
        done, forms = step_perform(dispute=dispute, step=step, role=BUYER, actor=request.user, data=request.POST,
                                   files=request.FILES)
    except ObjectDoesNotExist:
        raise Http404 from None
    if not done:
        return render(request, "payments/dispute_detail.html",
                      page_context(dispute=_own(request, dispute_id), role=BUYER, forms=forms), status=400)
    messages.success(request, _("Done."))
    return redirect("payments:dispute_detail", dispute_id=dispute.pk)


@require_http_methods(["GET", "POST"])
@login_required
def dispute_open(request: HttpRequest, number: str) -> HttpResponse:
    """Open a dispute on one of the buyer's orders (with photos)."""
    order = _own_order(request, number)
    if (active := selectors.dispute_active_for_order(order=order)) is not None:
        return redirect("payments:dispute_detail", dispute_id=active.pk)
    form = DisputeOpenForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                dispute = disputes.dispute_open(order=order, actor=request.user, reason=data["reason"],
                                                description=data["description"], photos=data["photos"])
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Your dispute is open. The seller has been told."))
                return redirect("payments:dispute_detail", dispute_id=dispute.pk)
    return render(request, "payments/dispute_open.html", {"order": order, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def order_cancel_late(request: HttpRequest, number: str) -> HttpResponse:
    """Cancel a paid order the seller did not ship in time, for a full refund."""
    order = _own_order(request, number)
    late = selectors.order_late_shipment(order=order)
    form = LateCancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                disputes.order_cancel_for_late_shipment(order=order, actor=request.user,
                                                        reason=form.cleaned_data["reason"])
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Your order is cancelled and your full refund is on its way."))
                return redirect("orders:my_order", number=order.number)
    return render(request, "payments/dispute_late_cancel.html", {"order": order, "late": late, "form": form},
                  status=status)


@require_GET
@login_required
def dispute_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """A dispute's photo (or its thumbnail with ?size=thumb), for its buyer, the seller's members
    and council staff only; anyone else gets 404."""
    try:
        photo = selectors.dispute_photo_get(photo_id=photo_id, user=request.user)
    except DisputePhoto.DoesNotExist:
        raise Http404 from None
    image = photo.thumbnail if request.GET.get("size") == "thumb" else photo.image
    response = FileResponse(image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
