"""Council staff's payments (`/council/payments…`), with a staff session: the list, one payment
with its ledger, and recording money received by bank transfer."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from ninja.errors import HttpError

from gembazaar.accounts.api_auth import CouncilSessionAuth
from gembazaar.core.api import PageQuery, paginate
from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.orders.api_common import errors

from . import refunds, selectors, services
from .models import Payment, Refund
from .providers.bank_transfer import BANK_TRANSFER
from .schemas import PaymentFilter, PaymentOut, PaymentPageOut, ReceiptIn, RefundIn, RefundOut, RefundSentIn

router = Router(tags=["payments"])


def payment_out(payment: Payment) -> dict:
    return {"reference": payment.reference, "provider": payment.provider, "status": payment.status,
            "amount_due": quantize(payment.amount_due, payment.currency), "currency": payment.currency,
            "created_at": payment.created_at,
            "received": quantize(selectors.payment_received(payment=payment), payment.currency),
            "orders": list(payment.checkout.orders.order_by("pk").values_list("number", flat=True)),
            "entries": selectors.payment_entries(payment=payment),
            "refunds": [refund_out(refund) for refund in selectors.payment_refunds(payment=payment)]}


def refund_out(refund: Refund) -> dict:
    return {"id": refund.pk, "order": refund.order.number if refund.order else None,
            "amount": quantize(refund.amount, refund.currency), "currency": refund.currency, "status": refund.status,
            "provider": refund.provider, "provider_refund_id": refund.provider_refund_id, "reason": refund.reason,
            "failure": refund.failure, "requested_by": refund.requested_by_name, "created_at": refund.created_at,
            "completed_at": refund.completed_at}


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


@router.post("/council/payments/{reference}/refunds",
             response={201: RefundOut, **errors(400, 401, 403, 404, 409, 422)}, auth=CouncilSessionAuth(),
             operation_id="council_payment_refund", summary="Refund the buyer (idempotent)")
def council_payment_refund(request: HttpRequest, response: HttpResponse, reference: str, payload: RefundIn,
                           idempotency_key: str = Header(..., alias="Idempotency-Key", max_length=255)):
    """Pay money back for one order (`order`) or the whole checkout. A card payment is refunded
    through its provider (status `requested` until the provider confirms, then `succeeded`); a
    bank transfer with `bank_transaction_id` is recorded as sent, without it as `requested`, to be
    confirmed with `…/refunds/{id}/sent`. More than is still refundable answers 400 naming
    `amount`; an order of another checkout 400 naming `order`; a replayed key returns the first
    refund (`Idempotent-Replayed: true`)."""
    key = services.clean_key(idempotency_key, required=True)
    payment = selectors.payment_get_for_staff(reference=reference)
    order = None
    if payload.order:
        order = next((o for o in selectors.payment_orders(payment=payment) if o.number == payload.order.strip()), None)
        if order is None:
            raise DomainError(_("No order of this checkout has that number."), code="unknown_order", field="order")
    earlier = Refund.objects.filter(idempotency_key=key).exists()
    with transaction.atomic():  # a refused bank id leaves no request behind
        refund = refunds.refund_request(payment=payment, order=order, amount=payload.amount, actor=request.user,
                                        reason=payload.reason, idempotency_key=key)
        if payload.bank_transaction_id and refund.status == Refund.Status.REQUESTED and not earlier:
            refund = refunds.refund_confirm_sent(refund=refund, actor=request.user,
                                                 bank_transaction_id=payload.bank_transaction_id)
    if earlier:
        response["Idempotent-Replayed"] = "true"
    return Status(201, refund_out(refund))


@router.post("/council/payments/{reference}/refunds/{refund_id}/sent",
             response={200: RefundOut, **errors(400, 401, 403, 404, 409, 422)}, auth=CouncilSessionAuth(),
             operation_id="council_refund_sent", summary="A bank refund was sent")
def council_refund_sent(request: HttpRequest, reference: str, refund_id: int, payload: RefundSentIn):
    """Staff sent the transfer back from the escrow account: recorded with the bank's id, once."""
    payment = selectors.payment_get_for_staff(reference=reference)
    refund = Refund.objects.filter(pk=refund_id, payment=payment).first()
    if refund is None:
        raise HttpError(404, "Not found.")
    refunds.refund_confirm_sent(refund=refund, actor=request.user, bank_transaction_id=payload.bank_transaction_id)
    return refund_out(Refund.objects.select_related("order").get(pk=refund.pk))
