"""The council console's payments: the list, one payment with its ledger and a form to record money
received, and the bank statement upload (preview, then apply).

Staff only (council_staff_required). Reads go through payments.selectors, writes through
payments.services and the bank transfer provider.
"""

from __future__ import annotations

import base64
import binascii

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gembazaar.accounts.permissions import council_staff_required
from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.core.spreadsheets import CSV_CONTENT_TYPE, csv_bytes
from gembazaar.payments import refunds, selectors, services, statements
from gembazaar.payments.models import Payment, Refund
from gembazaar.payments.providers import provider_for
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER

from .payment_forms import ReceiptForm, RefundForm, RefundSentForm, StatementUploadForm

PAGE_SIZE = 50


@council_staff_required
@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    """Every payment, newest first; filter by status, search by reference or buyer email."""
    status = request.GET.get("status", "")
    if status not in Payment.Status.values:
        status = ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.payments_for_staff(status=status, query=query), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "council/payments.html", {
        "page": page, "status": status, "query": query, "statuses": Payment.Status.choices,
        "council_section": "payments",
    })


def _payment(reference: str) -> Payment:
    try:
        return selectors.payment_get_for_staff(reference=reference)
    except Payment.DoesNotExist:
        raise Http404(_("No such payment.")) from None


def _detail(request: HttpRequest, payment: Payment, form: ReceiptForm, *, refund_form: RefundForm | None = None,
            status: int = 200) -> HttpResponse:
    orders = selectors.payment_orders(payment=payment)
    return render(request, "council/payment_detail.html", {
        "payment": payment, "entries": selectors.payment_entries(payment=payment),
        "received": selectors.payment_received(payment=payment), "orders": orders,
        "refundable": refunds.refundable(payment=payment), "refunds": selectors.payment_refunds(payment=payment),
        "sends_refunds": provider_for(payment.provider).sends_refunds,
        "form": form, "refund_form": refund_form or RefundForm(orders=orders), "sent_form": RefundSentForm(),
        "council_section": "payments",
    }, status=status)


@council_staff_required
@require_http_methods(["GET", "POST"])
def payment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The ledger, and (POST) money received recorded as a capture."""
    payment = _payment(reference)
    if request.method == "GET":
        return _detail(request, payment, ReceiptForm())
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return _detail(request, payment, form, status=400)
    data = form.cleaned_data
    try:
        result = BANK_TRANSFER.receipt_record(payment=payment, amount=data["amount"], actor=request.user,
                                              bank_transaction_id=data["bank_transaction_id"],
                                              value_date=data["value_date"], note=data["note"],
                                              idempotency_key=f"web:{data['idempotency_key']}")
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _detail(request, payment, form, status=exc.status)
    if result.created:
        messages.success(request, _("Recorded %(amount)s %(currency)s received. The payment is now: %(status)s.")
                         % {"amount": quantize(result.entry.amount, payment.currency), "currency": payment.currency,
                            "status": result.payment.get_status_display()})
    return redirect("council:payment_detail", reference=payment.reference)


@council_staff_required
@require_POST
def payment_refund(request: HttpRequest, reference: str) -> HttpResponse:
    """Pay money back: a card through its provider; a bank transfer recorded as sent (with the
    bank's id) or left as an instruction to carry out. Never more than refunds.refundable."""
    payment = _payment(reference)
    form = RefundForm(request.POST, orders=selectors.payment_orders(payment=payment))
    if not form.is_valid():
        return _detail(request, payment, ReceiptForm(), refund_form=form, status=400)
    data = form.cleaned_data
    try:
        with transaction.atomic():  # a bank id refused (already used) leaves no request behind
            refund = refunds.refund_request(
                payment=payment, order=form.order(), amount=data["refund_amount"], actor=request.user,
                reason=data["refund_reason"], idempotency_key=f"web-refund:{data['refund_key']}")
            if data["refund_bank_transaction_id"] and refund.status == Refund.Status.REQUESTED:
                refund = refunds.refund_confirm_sent(refund=refund, actor=request.user,
                                                     bank_transaction_id=data["refund_bank_transaction_id"])
    except DomainError as exc:
        field = f"refund_{exc.field}" if exc.field in ("amount", "reason", "order", "bank_transaction_id") else None
        form.add_error(field if field in form.fields else None, exc.message)
        return _detail(request, payment, ReceiptForm(), refund_form=form, status=exc.status)
    messages.success(request, _refund_message(refund))
    return redirect("council:payment_detail", reference=payment.reference)


def _refund_message(refund: Refund) -> str:
    amount = f"{quantize(refund.amount, refund.currency)} {refund.currency}"
    if refund.status == Refund.Status.SUCCEEDED:
        return _("Recorded %(amount)s paid back.") % {"amount": amount}
    if provider_for(refund.provider).sends_refunds:
        return _("Refund of %(amount)s sent to the card provider.") % {"amount": amount}
    return _("Refund of %(amount)s recorded as to be sent: send the transfer, then confirm it below.") % {
        "amount": amount}


@council_staff_required
@require_POST
def refund_sent(request: HttpRequest, reference: str, refund_id: int) -> HttpResponse:
    """Staff sent a requested bank refund from the escrow account: record it with the bank's id."""
    payment = _payment(reference)
    refund = get_object_or_404(Refund, pk=refund_id, payment=payment)
    form = RefundSentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the bank's transaction id of the refund."))
        return redirect("council:payment_detail", reference=payment.reference)
    try:
        refunds.refund_confirm_sent(refund=refund, actor=request.user,
                                    bank_transaction_id=form.cleaned_data["bank_transaction_id"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("council:payment_detail", reference=payment.reference)
    messages.success(request, _refund_message(Refund.objects.get(pk=refund.pk)))
    return redirect("council:payment_detail", reference=payment.reference)


# --- Bank statements -------------------------------------------------------------------------


def _statement_page(request: HttpRequest, *, form: StatementUploadForm, match=None, encoded: str = "",
                    error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "council/payment_statement.html", {
        "form": form, "match": match, "encoded": encoded, "error": error, "council_section": "payments",
    }, status=status)


def _decoded(request: HttpRequest) -> bytes:
    try:
        return base64.b64decode(request.POST.get("statement", ""), validate=True)
    except (binascii.Error, ValueError):
        raise DomainError(_("The statement was lost on the way; upload it again."), code="bad_statement",
                          field="file") from None


@council_staff_required
@require_http_methods(["GET", "POST"])
def statement_upload(request: HttpRequest) -> HttpResponse:
    """Upload a statement (POST with a file): the preview, nothing recorded yet."""
    if request.method == "GET":
        return _statement_page(request, form=StatementUploadForm())
    form = StatementUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _statement_page(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(statements.MAX_BYTES + 1)
    try:
        lines = statements.statement_parse(data)
    except DomainError as exc:
        return _statement_page(request, form=form, error=exc.message, status=400)
    return _statement_page(request, form=StatementUploadForm(), match=statements.statement_match(lines),
                           encoded=base64.b64encode(data).decode())


@council_staff_required
@require_POST
def statement_apply(request: HttpRequest) -> HttpResponse:
    """Record the matched lines of the previewed statement (again matched now); a line whose bank
    transaction id is already in the ledger records nothing, so applying twice is harmless."""
    try:
        lines = statements.statement_parse(_decoded(request))
        match = statements.statement_match(lines)
        recorded, skipped = services.statement_apply(lines=match.matched, actor=request.user)
    except DomainError as exc:
        return _statement_page(request, form=StatementUploadForm(), error=exc.message, status=exc.status)
    messages.success(request, _("Statement applied: %(recorded)d receipts recorded, %(skipped)d already recorded, "
                                "%(left)d lines left for you to check.")
                     % {"recorded": recorded, "skipped": skipped + len(match.already_recorded),
                        "left": len(match.unmatched) + len(match.currency_mismatch)})
    return redirect("council:payment_list")


@council_staff_required
@require_POST
def statement_unmatched_csv(request: HttpRequest) -> HttpResponse:
    """The previewed statement's lines that matched no payment, as CSV (cells neutralised)."""
    try:
        match = statements.statement_match(statements.statement_parse(_decoded(request)))
    except DomainError as exc:
        return _statement_page(request, form=StatementUploadForm(), error=exc.message, status=exc.status)
    rows = [("row", "date", "reference", "amount", "currency", "bank_transaction_id", "problem")]
    rows += [(line.row, line.date.isoformat(), line.reference_text, line.amount, line.currency,
              line.transaction_id, "unmatched") for line in match.unmatched]
    rows += [(line.row, line.date.isoformat(), line.reference_text, line.amount, line.currency,
              line.transaction_id, f"currency_mismatch ({payment.currency})")
             for line, payment in match.currency_mismatch]
    response = HttpResponse(csv_bytes(rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="statement-unmatched.csv"'
    return response
