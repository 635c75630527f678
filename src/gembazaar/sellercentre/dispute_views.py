"""The seller centre's disputes (`/seller/disputes/`): the disputes on the business's orders, one
with its timeline, and the steps a seller may take (message with photos, offer, accept or decline
the buyer's offer, escalate, confirm a returned piece). Scoped to request.seller: another
seller's dispute answers 404. Thin: payments.disputes writes, payments.dispute_selectors reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import seller_member_required
from gembazaar.orders.rules import SELLER
from gembazaar.payments import dispute_selectors as selectors
from gembazaar.payments.dispute_forms import page_context, step_perform
from gembazaar.payments.models import Dispute

PAGE_SIZE = 20


def _dispute(request: HttpRequest, dispute_id: int) -> Dispute:
    try:
        return selectors.dispute_get_for_seller(seller=request.seller, dispute_id=dispute_id)
    except Dispute.DoesNotExist:
        raise Http404 from None


@require_GET
@seller_member_required
def dispute_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.disputes_for_seller(seller=request.seller), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sellercentre/disputes.html", {"page": page, "sc_section": "disputes"})


@require_GET
@seller_member_required
def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    context = page_context(dispute=_dispute(request, dispute_id), role=SELLER)
    return render(request, "sellercentre/dispute_detail.html", {**context, "sc_section": "disputes"})


@require_POST
@seller_member_required
def dispute_step(request: HttpRequest, dispute_id: int, step: str) -> HttpResponse:
    dispute = _dispute(request, dispute_id)
    try:
        done, forms = step_perform(dispute=dispute, step=step, role=SELLER, actor=request.user, data=request.POST,
                                   files=request.FILES)
    except ObjectDoesNotExist:
        raise Http404 from None
    if not done:
        context = page_context(dispute=_dispute(request, dispute_id), role=SELLER, forms=forms)
        return render(request, "sellercentre/dispute_detail.html", {**context, "sc_section": "disputes"}, status=400)
    messages.success(request, _("Done."))
    return redirect("sellercentre:dispute_detail", dispute_id=dispute.pk)


# Mounted by sellercentre/urls.py at /seller/disputes/ (one include; the names stay in "sellercentre").
urlpatterns = [
    path("", dispute_list, name="disputes"),
    path("<int:dispute_id>/", dispute_detail, name="dispute_detail"),
    path("<int:dispute_id>/<slug:step>/", dispute_step, name="dispute_step"),
]
