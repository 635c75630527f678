"""Export document downloads (commercial invoice, packing list) for the seller's members and council
staff. Another seller's order, an unknown or hostile number and an unpaid order all answer 404.
`?lang=en|ur|ar` picks the language; without it (or with one not offered), the reader's."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from gembazaar.accounts.permissions import council_staff_required, seller_member_required
from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order

from . import export_documents
from .pdf.document import pdf_language
from .pdf.export_documents import commercial_invoice_pdf, packing_list_pdf

DOCUMENTS = {"commercial-invoice": commercial_invoice_pdf, "packing-list": packing_list_pdf}


def export_document_response(order: Order, *, document: str, language: str) -> HttpResponse:
    """The PDF as a download named by the document and order number (also used by the API)."""
    response = HttpResponse(DOCUMENTS[document](order, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document}-{order.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _download(request: HttpRequest, find: Callable[[], Order], document: str) -> HttpResponse:
    try:
        order = find()
    except Order.DoesNotExist:
        raise Http404 from None
    try:
        language = pdf_language(request.GET.get("lang"), default=get_language() or "en")
    except DomainError:
        language = get_language() or "en"
    return export_document_response(order, document=document, language=language)


@require_GET
@seller_member_required
def seller_commercial_invoice(request: HttpRequest, number: str) -> HttpResponse:
    return _download(request, lambda: export_documents.export_order_get_for_seller(seller=request.seller,
                                                                                  number=number),
                     "commercial-invoice")


@require_GET
@seller_member_required
def seller_packing_list(request: HttpRequest, number: str) -> HttpResponse:
    return _download(request, lambda: export_documents.export_order_get_for_seller(seller=request.seller,
                                                                                  number=number),
                     "packing-list")


@require_GET
@council_staff_required
def council_commercial_invoice(request: HttpRequest, number: str) -> HttpResponse:
    return _download(request, lambda: export_documents.export_order_get_for_staff(number=number),
                     "commercial-invoice")


@require_GET
@council_staff_required
def council_packing_list(request: HttpRequest, number: str) -> HttpResponse:
    return _download(request, lambda: export_documents.export_order_get_for_staff(number=number), "packing-list")
