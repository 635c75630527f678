"""Council staff's payments (`/council/payments…`), with a staff session: the list, one payment
with its ledger, and recording money received by bank transfer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Header, Query, Router, Status

from gembazaar.accounts.api_auth import CouncilSessionAuth
from gembazaar.core.api import PageQuery, paginate
from gembazaar.core.money import quantize
from gembazaar.orders.api_common import errors

from . import selectors, services
from .models import Payment
from .providers.bank_transfer import BANK_TRANSFER
from .schemas import PaymentFilter, PaymentOut, PaymentPageOut, ReceiptIn

router = Router(tags=["payments"])


def payment_out(payment: Payment) -> dict:
    return {"reference": payment.reference, "provider": payment.provider, "status": payment.status,
            "amount_due": quantize(payment.amount_due, payment.currency), "currency": payment.currency,
            "created_at": payment.created_at,
            "received": quantize(selectors.payment_received(payment=payment), payment.currency),
            "orders": list(payment.checkout.orders.order_by("pk").values_list("number", flat=True)),
            "entries": selectors.payment_entries(payment=payment)}


@router.get("/council/payments", response={200: PaymentPageOut, **errors(401, 403, 422)}, auth=CouncilSessionAuth(),
            operation_id="council_payments_list", summary="Payments (council staff)")
def council_payments_list(request: HttpRequest, filters: Query[PaymentFilter], pages: Query[PageQuery]):
    """Newest first; filter by `status`, search by reference or buyer email with `q`."""
    status = filters.status if filters.status in Payment.Status.values else ""
    return paginate(request, selectors.payments_for_staff(status=status, query=filters.q.strip()),
                    page=pages.page, page_size=pages.page_size)


@router.get("/council/payments/{reference}", response={200: PaymentOut, **errors(401, 403, 404)},
            auth=CouncilSessionAuth(), operation_id="council_payment_get", summary="One payment and its ledger")
def council_payment_get(request: HttpRequest, reference: str):
    return payment_out(selectors.payment_get_for_staff(reference=reference))


@router.post("/council/payments/{reference}/receipts",
             response={201: PaymentOut, **errors(400, 401, 403, 404, 409, 422)}, auth=CouncilSessionAuth(),
             operation_id="council_payment_receipt", summary="Record money received (idempotent)")
def council_payment_receipt(request: HttpRequest, response: HttpResponse, reference: str, payload: ReceiptIn,
                            idempotency_key: str = Header(..., alias="Idempotency-Key", max_length=255)):
    """A bank transfer arrived: a capture in the payment's currency. Part and over-payments are
    recorded; when the received total reaches the amount due, the checkout's orders move to paid.

    Retrying with the same `Idempotency-Key` returns the first result (header
    `Idempotent-Replayed: true`); the same key with another amount answers 409. Too many decimals
    for the currency, zero or a negative amount answer 400 naming `amount`.
    """
    key = services.clean_key(idempotency_key, required=True)  # "" or spaces would record twice
    payment = selectors.payment_get_for_staff(reference=reference)
    result = BANK_TRANSFER.receipt_record(payment=payment, amount=payload.amount, actor=request.user,
                                          bank_transaction_id=payload.bank_transaction_id,
                                          value_date=payload.value_date, note=payload.note, idempotency_key=key)
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, payment_out(result.payment))
