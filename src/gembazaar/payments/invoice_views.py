"""Invoice downloads on the site, one per door: the buyer's own orders, the seller's orders (its
members), and any order for council staff. An order the reader may not see, an unknown number and
an order never paid all answer 404; anonymous readers are sent to sign in.

`?lang=en|ur|ar` picks the invoice's language; without it (or with one the site does not offer),
the reader's language."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from gembazaar.accounts.permissions import council_staff_required, seller_member_required
from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order

from . import invoices
from .models import Invoice
from .pdf.document import pdf_language
from .pdf.invoice import invoice_pdf


def invoice_response(invoice: Invoice, *, language: str) -> HttpResponse:
    """The PDF as a download named by the invoice number (also used by the API)."""
    response = HttpResponse(invoice_pdf(invoice, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _download(request: HttpRequest, find: Callable[[], Invoice]) -> HttpResponse:
    try:
        invoice = find()
    except (Order.DoesNotExist, Invoice.DoesNotExist):
        raise Http404 from None
    try:
        language = pdf_language(request.GET.get("lang"), default=get_language() or "en")
    except DomainError:
        language = get_language() or "en"
    return invoice_response(invoice, language=language)


@require_GET
@login_required
def buyer_invoice(request: HttpRequest, number: str) -> HttpResponse:
    return _download(request, lambda: invoices.invoice_get_for_buyer(user=request.user, number=number))


@require_GET
@seller_member_required
def seller_invoice(request: HttpRequest, number: str) -> HttpResponse:
    return _download(request, lambda: invoices.invoice_get_for_seller(seller=request.seller, number=number))


@require_GET
@council_staff_required
def council_invoice(request: HttpRequest, number: str) -> HttpResponse:
    return _download(request, lambda: invoices.invoice_get_for_staff(number=number))
