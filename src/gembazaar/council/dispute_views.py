"""The council console's disputes: the queue (escalated first), one dispute with its timeline, a
message to both parties, and the decision (refund in full or in part, or release, with a reason).
Staff only. Reads through payments.dispute_selectors, writes through payments.disputes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import council_staff_required
from gembazaar.core.errors import DomainError
from gembazaar.orders.rules import STAFF
from gembazaar.payments import dispute_selectors as selectors
from gembazaar.payments import disputes
from gembazaar.payments.dispute_forms import page_context, step_perform
from gembazaar.payments.models import Dispute, DisputeStatus

from .dispute_forms import DecisionForm

PAGE_SIZE = 50


def _dispute(dispute_id: int) -> Dispute:
    try:
        return selectors.dispute_get_for_staff(dispute_id=dispute_id)
    except Dispute.DoesNotExist:
        raise Http404(_("No such dispute.")) from None


def _detail(request: HttpRequest, dispute: Dispute, *, forms=None, decision: DecisionForm | None = None,
            status: int = 200) -> HttpResponse:
    context = page_context(dispute=dispute, role=STAFF, forms=forms)
    return render(request, "council/dispute_detail.html", {
        **context, "decision_form": decision or DecisionForm(), "council_section": "disputes"}, status=status)


@council_staff_required
@require_GET
def dispute_list(request: HttpRequest) -> HttpResponse:
    """Escalated disputes first (oldest escalation first), then open ones by deadline, then the rest."""
    status = request.GET.get("status", "")
    if status not in DisputeStatus.values:
        status = ""
    page = Paginator(selectors.disputes_for_staff(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "council/disputes.html", {
        "page": page, "status": status, "statuses": DisputeStatus.choices, "council_section": "disputes"})


@council_staff_required
@require_GET
def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    return _detail(request, _dispute(dispute_id))


@council_staff_required
@require_POST
def dispute_step(request: HttpRequest, dispute_id: int, step: str) -> HttpResponse:
    """A message from the council to both parties."""
    dispute = _dispute(dispute_id)
    try:
        done, forms = step_perform(dispute=dispute, step=step, role=STAFF, actor=request.user, data=request.POST,
                                   files=request.FILES)
    except ObjectDoesNotExist:
        raise Http404 from None
    if not done:
        return _detail(request, _dispute(dispute_id), forms=forms, status=400)
    messages.success(request, _("Done."))
    return redirect("council:dispute_detail", dispute_id=dispute.pk)


@council_staff_required
@require_POST
def dispute_decide(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """The decision: bad input re-shows the form with the field named (400), nothing recorded."""
    dispute = _dispute(dispute_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            disputes.dispute_decide(dispute=dispute, actor=request.user, outcome=data["outcome"],
                                    amount=data["amount"] or None, reason=data["reason"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The dispute is decided; both parties have been told."))
            return redirect("council:dispute_detail", dispute_id=dispute.pk)
    return _detail(request, _dispute(dispute_id), decision=form, status=400)


# Mounted by council/urls.py at /council/disputes/ (one include; the names stay in "council").
urlpatterns = [
    path("", dispute_list, name="dispute_list"),
    path("<int:dispute_id>/", dispute_detail, name="dispute_detail"),
    path("<int:dispute_id>/decide/", dispute_decide, name="dispute_decide"),
    path("<int:dispute_id>/<slug:step>/", dispute_step, name="dispute_step"),
]
