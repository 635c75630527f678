"""The seller centre's Payouts: what the business is owed (held, available, paid out), its ledger by
month, its payouts, and the monthly statement as CSV or PDF. Read-only (council staff send the
money); every read is scoped to request.seller, so another seller's payout is a 404.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from gembazaar.accounts.permissions import seller_member_required
from gembazaar.core.errors import DomainError
from gembazaar.core.spreadsheets import CSV_CONTENT_TYPE
from gembazaar.payments import payout_selectors
from gembazaar.payments.models import Payout
from gembazaar.payments.payout_statements import (
    month_bounds,
    parse_month,
    statement_csv,
    statement_filename,
    statement_for,
)
from gembazaar.payments.pdf.statement import statement_pdf

PAGE_SIZE = 50


def _month(text: str):
    try:
        return parse_month(text)
    except DomainError:
        raise Http404 from None


@require_GET
@seller_member_required
def payouts(request: HttpRequest) -> HttpResponse:
    """The balance, the ledger (all, or one month with ?month=YYYY-MM), payouts and statements."""
    seller = request.seller
    month_text = request.GET.get("month", "").strip()[:7]
    try:
        month = parse_month(month_text) if month_text else None
    except DomainError as exc:
        month, error = None, exc.message
    else:
        error = ""
    start, end = month_bounds(month) if month else (None, None)
    entries = payout_selectors.seller_entries(seller=seller, start=start, end=end)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    months = payout_selectors.seller_ledger_months(seller=seller)
    return render(request, "sellercentre/payouts.html", {
        "balance": payout_selectors.seller_balance(seller=seller),
        "commission_percent": payout_selectors.commission_percent_for(seller=seller),
        "page": page, "month": month, "month_error": error, "months": months,
        "payouts": payout_selectors.payouts_for_seller(seller=seller)[:20],
        "sc_section": "payouts",
    }, status=400 if error else 200)


@require_GET
@seller_member_required
def payout_detail(request: HttpRequest, payout_id: int) -> HttpResponse:
    """One of the business's payouts and its ledger entries."""
    try:
        if payout_id >= 2**63:  # beyond a BIGINT the database would fail, not answer
            raise Payout.DoesNotExist
        payout = payout_selectors.payout_get_for_seller(seller=request.seller, payout_id=payout_id)
    except Payout.DoesNotExist:
        raise Http404 from None
    return render(request, "sellercentre/payouts_detail.html", {
        "payout": payout, "entries": payout.entries.order_by("created_at", "id"), "sc_section": "payouts"})


@require_GET
@seller_member_required
def statement_csv_download(request: HttpRequest, month: str) -> HttpResponse:
    statement = statement_for(seller=request.seller, month=_month(month))
    response = HttpResponse(statement_csv(statement), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement, "csv")}"'
    return response


@require_GET
@seller_member_required
def statement_pdf_download(request: HttpRequest, month: str) -> HttpResponse:
    statement = statement_for(seller=request.seller, month=_month(month))
    response = HttpResponse(statement_pdf(statement, language=get_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement, "pdf")}"'
    return response
