"""Invoice PDFs through the API: the buyer's (session), the seller's (API key or a member's
session) and council staff's (staff session). Another buyer's or seller's order, an unknown
number and an unpaid order all answer 404; `lang` outside the site's languages answers 400."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Query, Router
from ninja.security import django_auth

from gembazaar.accounts.api_auth import CouncilSessionAuth
from gembazaar.orders.api_common import errors
from gembazaar.sellers.api_auth import seller_auth

from . import export_documents, invoices
from .export_views import export_document_response
from .invoice_views import invoice_response
from .pdf.document import pdf_language

router = Router(tags=["invoices"])

PDF = {"responses": {200: {
    "description": "The invoice as a PDF (Content-Disposition: attachment; filename=\"invoice-<number>.pdf\").",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}}}
LANG = ("The invoice's language: `en`, `ur` or `ar` (labels, names of stones, countries); "
        "the reader's language when left out.")


def _pdf(invoice, lang: str | None) -> HttpResponse:
    return invoice_response(invoice, language=pdf_language(lang, default=get_language() or "en"))


@router.get("/orders/{number}/invoice.pdf", response=errors(400, 401, 404), auth=django_auth, openapi_extra=PDF,
            operation_id="order_invoice_pdf", summary="The invoice of one of your orders (PDF)")
def order_invoice_pdf(request: HttpRequest, number: str, lang: str | None = Query(None, description=LANG)):
    """Issued when the order was paid; an unpaid order has none (404)."""
    return _pdf(invoices.invoice_get_for_buyer(user=request.user, number=number), lang)


@router.get("/seller/orders/{number}/invoice.pdf", response=errors(400, 401, 403, 404, 429), auth=seller_auth,
            openapi_extra=PDF, operation_id="seller_order_invoice_pdf",
            summary="The invoice of one of your business's orders (PDF)")
def seller_order_invoice_pdf(request: HttpRequest, number: str, lang: str | None = Query(None, description=LANG)):
    return _pdf(invoices.invoice_get_for_seller(seller=request.seller, number=number), lang)


@router.get("/council/orders/{number}/invoice.pdf", response=errors(400, 401, 403, 404),
            auth=CouncilSessionAuth(), openapi_extra=PDF, operation_id="council_order_invoice_pdf",
            summary="The invoice of any order (council staff, PDF)")
def council_order_invoice_pdf(request: HttpRequest, number: str, lang: str | None = Query(None, description=LANG)):
    return _pdf(invoices.invoice_get_for_staff(number=number), lang)


EXPORT_PDF = {"responses": {200: {
    "description": "The export document as a PDF (Content-Disposition: attachment).",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}}}


def _export_pdf(order, document: str, lang: str | None) -> HttpResponse:
    return export_document_response(order, document=document,
                                    language=pdf_language(lang, default=get_language() or "en"))


@router.get("/seller/orders/{number}/commercial-invoice.pdf", response=errors(400, 401, 403, 404, 429),
            auth=seller_auth, openapi_extra=EXPORT_PDF, operation_id="seller_order_commercial_invoice_pdf",
            summary="The commercial invoice (customs) of one of your business's paid orders (PDF)")
def seller_order_commercial_invoice_pdf(request: HttpRequest, number: str,
                                        lang: str | None = Query(None, description=LANG)):
    """Exporter and importer, HS codes, disclosed descriptions, carats and grams, values, origin,
    incoterm, carrier and tracking number. Exists once the order is paid (else 404)."""
    return _export_pdf(export_documents.export_order_get_for_seller(seller=request.seller, number=number),
                       "commercial-invoice", lang)


@router.get("/seller/orders/{number}/packing-list.pdf", response=errors(400, 401, 403, 404, 429),
            auth=seller_auth, openapi_extra=EXPORT_PDF, operation_id="seller_order_packing_list_pdf",
            summary="The packing list of one of your business's paid orders (PDF, no prices)")
def seller_order_packing_list_pdf(request: HttpRequest, number: str,
                                  lang: str | None = Query(None, description=LANG)):
    return _export_pdf(export_documents.export_order_get_for_seller(seller=request.seller, number=number),
                       "packing-list", lang)
