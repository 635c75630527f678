"""Bulk actions from the listings table: a confirmation step with the count, then one call to the
catalogue's bulk service. Small selections finish in the request (a summary in messages); large
ones become a job whose page follows the progress. Thin handlers, scoped to request.seller."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import seller_member_required
from gembazaar.catalogue import selectors as catalogue_selectors
from gembazaar.catalogue.bulk.services import listings_bulk_apply, listings_bulk_check
from gembazaar.catalogue.models import BulkJob
from gembazaar.core.errors import DomainError

from .forms import BulkActionForm
from .redirects import back_url

PROBLEMS_SHOWN = 200
SAMPLE_SHOWN = 10
SKUS_PER_MESSAGE = 5


def _done_message(action: str, count: int) -> str:
    if action == BulkJob.Action.PUBLISH:
        text = ngettext("%(count)d listing published.", "%(count)d listings published.", count)
    elif action == BulkJob.Action.UNPUBLISH:
        text = ngettext("%(count)d listing taken off sale.", "%(count)d listings taken off sale.", count)
    elif action == BulkJob.Action.ARCHIVE:
        text = ngettext("%(count)d listing archived.", "%(count)d listings archived.", count)
    else:
        text = ngettext("%(count)d price changed.", "%(count)d prices changed.", count)
    return text % {"count": count}


def _summary_messages(request: HttpRequest, job: BulkJob) -> None:
    """What a finished job did, and why listings were left: one message per reason, naming SKUs."""
    if job.done_count:
        messages.success(request, _done_message(job.action, job.done_count))
    by_reason: dict[str, list[str]] = defaultdict(list)
    for problem in job.problems:
        by_reason[problem["reason"]].append(problem["sku"] or f"#{problem['listing_id']}")
    for reason, names in by_reason.items():
        shown = ", ".join(names[:SKUS_PER_MESSAGE]) + (" …" if len(names) > SKUS_PER_MESSAGE else "")
        messages.error(request, ngettext("%(count)d left as it was: %(reason)s (%(skus)s)",
                                         "%(count)d left as they were: %(reason)s (%(skus)s)", len(names))
                       % {"count": len(names), "reason": reason, "skus": shown})


def _confirmation(request: HttpRequest, form: BulkActionForm, params: dict) -> HttpResponse | None:
    """The page that shows how many listings the action will change; None when it would change none."""
    selection = form.selection()
    chosen = catalogue_selectors.listings_of_seller_selected(
        seller=request.seller, listing_ids=selection.get("listing_ids"),
        status=selection["filters"]["status"] if "filters" in selection else None)
    count = chosen.count()
    if not count:
        return None
    sample = list(chosen.order_by("-updated_at", "-id").values("sku", "title")[:SAMPLE_SHOWN])
    return render(request, "sellercentre/listings_bulk_confirm.html", {
        "action": form.cleaned_data["action"], "params": params, "count": count, "sample": sample,
        "more": count - len(sample), "listing_ids": selection.get("listing_ids", []),
        "filters": selection.get("filters"),
        "next": back_url(request, reverse("sellercentre:listings")), "sc_section": "listings"})


@require_POST
@seller_member_required
def listings_bulk(request: HttpRequest) -> HttpResponse:
    """The action bar posts here: first the confirmation page, then (`confirm`) the action itself."""
    back = back_url(request, reverse("sellercentre:listings"))
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect(back)
    action = form.cleaned_data["action"]
    try:
        params = listings_bulk_check(seller=request.seller, action=action, params=form.price_params())
        if not form.cleaned_data["confirm"]:
            page = _confirmation(request, form, params)
            if page is not None:
                return page
            raise DomainError(_("Select at least one of your listings."), code="empty_selection")
        job = listings_bulk_apply(seller=request.seller, action=action, params=form.price_params(),
                                  actor=request.user, **form.selection())
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    job.refresh_from_db()  # without a Celery worker a queued job already ran
    if job.is_running or job.total > settings.LISTINGS_BULK_INLINE_MAX:  # a large one has its page either way
        return redirect("sellercentre:bulk_job", job_id=job.pk)
    _summary_messages(request, job)
    return redirect(back)


def _own_job(request: HttpRequest, job_id: int) -> BulkJob:
    try:
        return catalogue_selectors.bulk_job_get_for_seller(seller=request.seller, job_id=job_id)
    except BulkJob.DoesNotExist:
        raise Http404 from None


def _job_context(job: BulkJob) -> dict:
    return {"job": job, "problems_shown": job.problems[:PROBLEMS_SHOWN], "sc_section": "listings"}


@require_GET
@seller_member_required
def bulk_job(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "sellercentre/bulk_job.html", _job_context(_own_job(request, job_id)))


@require_GET
@seller_member_required
def bulk_job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job panel alone, polled by htmx every second while the job runs."""
    return render(request, "sellercentre/_bulk_job_panel.html", _job_context(_own_job(request, job_id)))
