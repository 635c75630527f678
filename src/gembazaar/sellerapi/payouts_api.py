"""The seller's payouts through the API (`/api/v1/seller/payouts…`), with the seller API key: the
balance, the ledger (by month), payouts and the monthly statement as CSV.

No seller id anywhere: the key names the seller, and another seller's payout id is a 404.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Field, Path, Query, Router, Schema

from gembazaar.core.api import ErrorOut, PageQuery, ValidationErrorOut, paginate
from gembazaar.core.spreadsheets import CSV_CONTENT_TYPE
from gembazaar.payments import payout_selectors
from gembazaar.payments.payout_schemas import BalanceOut, EntryPageOut, PayoutOut, PayoutPageOut, balance_out
from gembazaar.payments.payout_statements import (
    month_bounds,
    parse_month,
    statement_csv,
    statement_filename,
    statement_for,
)
from gembazaar.payments.pdf.document import pdf_language
from gembazaar.payments.pdf.statement import statement_pdf
from gembazaar.sellers.api_auth import KEY_ERRORS, SellerApiKeyAuth

PayoutId = Annotated[int, Field(ge=1, le=2**63 - 1)]  # beyond a BIGINT the database would fail, not answer
router = Router(tags=["seller payouts"], auth=SellerApiKeyAuth())

PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
PDF_RESPONSE = {"responses": {200: {"description": "The statement as a PDF.", "content": PDF}}}
CSV_RESPONSE = {"responses": {200: {"description": "The statement as CSV (UTF-8 with a byte-order mark).",
                                    "content": {"text/csv": {"schema": {"type": "string"}}}}}}


class LedgerFilter(Schema):
    month: str = Field("", max_length=7, description="YYYY-MM: only that month's entries (Karachi time); "
                                                     "empty for all.")


@router.get("/seller/payouts/balance", response={200: BalanceOut, **KEY_ERRORS},
            operation_id="seller_payouts_balance", summary="What you are owed")
def seller_payouts_balance(request: HttpRequest):
    """Held money becomes available when its order completes; payouts take only what is available."""
    return balance_out(payout_selectors.seller_balance(seller=request.seller),
                       commission_percent=payout_selectors.commission_percent_for(seller=request.seller))


@router.get("/seller/payouts/ledger",
            response={200: EntryPageOut, **KEY_ERRORS, 400: ErrorOut, 422: ValidationErrorOut},
            operation_id="seller_payouts_ledger", summary="Your payout ledger")
def seller_payouts_ledger(request: HttpRequest, filters: Query[LedgerFilter], pages: Query[PageQuery]):
    """Oldest first. A month not written YYYY-MM is a 400 naming `month`."""
    start = end = None
    if filters.month.strip():
        start, end = month_bounds(parse_month(filters.month))
    entries = payout_selectors.seller_entries(seller=request.seller, start=start, end=end)
    return paginate(request, entries, page=pages.page, page_size=pages.page_size)


@router.get("/seller/payouts", response={200: PayoutPageOut, **KEY_ERRORS, 422: ValidationErrorOut},
            operation_id="seller_payouts_list", summary="Your payouts")
def seller_payouts_list(request: HttpRequest, pages: Query[PageQuery]):
    """Newest first: requested, sent (with the bank's reference) or cancelled."""
    return paginate(request, payout_selectors.payouts_for_seller(seller=request.seller), page=pages.page,
                    page_size=pages.page_size)


@router.get("/seller/payouts/statements/{month}.csv", response={**KEY_ERRORS, 400: ErrorOut},
            operation_id="seller_payouts_statement_csv", summary="A monthly statement (CSV)",
            openapi_extra=CSV_RESPONSE)
def seller_payouts_statement_csv(request: HttpRequest, month: str):
    """`month` as YYYY-MM: the opening balance, each entry with the running balance, the closing
    balance, what was held and available at the month's end and what was paid out in it."""
    statement = statement_for(seller=request.seller, month=parse_month(month))
    response = HttpResponse(statement_csv(statement), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement, "csv")}"'
    return response


@router.get("/seller/payouts/statements/{month}.pdf", response={**KEY_ERRORS, 400: ErrorOut, 422: ValidationErrorOut},
            operation_id="seller_payouts_statement_pdf", summary="A monthly statement (PDF)",
            openapi_extra=PDF_RESPONSE)
def seller_payouts_statement_pdf(request: HttpRequest, month: str,
                                 lang: str | None = Query(None, description="en, ur or ar; the reader's language "
                                                                            "when left out.")):
    """The same statement as the CSV, as a PDF in English, Urdu or Arabic (shaped right to left)."""
    statement = statement_for(seller=request.seller, month=parse_month(month))
    language = pdf_language(lang, default=get_language() or "en")
    response = HttpResponse(statement_pdf(statement, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(statement, "pdf")}"'
    return response


@router.get("/seller/payouts/{payout_id}",
            response={200: PayoutOut, **KEY_ERRORS, 404: ErrorOut, 422: ValidationErrorOut},
            operation_id="seller_payout_get", summary="One of your payouts")
def seller_payout_get(request: HttpRequest, payout_id: Path[PayoutId]):
    """Another seller's payout id is a 404, as is one that does not exist."""
    return payout_selectors.payout_get_for_seller(seller=request.seller, payout_id=payout_id)
