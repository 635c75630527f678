"""The buyer's payment endpoints (`/payments/{reference}`), with the buyer's session: what is
due, in which currency at which rates, the ways to pay offered, and starting one. Another
buyer's reference answers 404, as an unknown one does. Council staff's are in council_api.py."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.security import django_auth

from gembazaar.core.money import quantize
from gembazaar.orders.api_common import errors

from . import selectors
from .buyer_schemas import BuyerPaymentOut, StartIn, StartOut
from .methods import bank_rail, payment_methods
from .models import Payment, Provider
from .paying import payment_start

router = Router(tags=["payments"])


def _own(request: HttpRequest, reference: str) -> Payment:
    try:
        return selectors.payment_get_for_buyer(user=request.user, reference=reference)
    except Payment.DoesNotExist:
        raise HttpError(404, "Not found.") from None


def _instructions(payment: Payment) -> dict[str, str]:
    started = selectors.payment_started(payment=payment)
    if payment.provider != Provider.BANK_TRANSFER or not started:
        return {}
    account = settings.BANK_TRANSFER
    keys = ("account_name", "bank", "iban", "raast_id" if bank_rail(payment) == "raast" else "swift")
    return {**{key: account.get(key) or "" for key in keys}, "reference": payment.reference,
            "amount": str(quantize(payment.amount_due, payment.currency))}


def payment_out(payment: Payment) -> dict:
    return {
        "reference": payment.reference, "status": payment.status, "provider": payment.provider,
        "amount_due": quantize(payment.amount_due, payment.currency), "currency": payment.currency,
        "received": quantize(selectors.payment_received(payment=payment), payment.currency),
        "exchange_rates": [{"currency": c, "rate": r} for c, r in selectors.checkout_exchange_rates(payment=payment)],
        "methods": [{"method": o.method, "provider": o.provider, "label": o.label, "available": o.available,
                     "reason": o.reason, "rail": o.rail} for o in payment_methods(payment=payment)],
        "orders": [order.number for order in selectors.payment_orders(payment=payment)],
        "instructions": _instructions(payment),
    }


@router.get("/payments/{reference}", response={200: BuyerPaymentOut, **errors(401, 404)}, auth=django_auth,
            operation_id="payment_get", summary="Your payment: what is due and the ways to pay")
def payment_get(request: HttpRequest, reference: str):
    return payment_out(_own(request, reference))


@router.post("/payments/{reference}/start", response={200: StartOut, **errors(400, 401, 403, 404, 422, 502)},
             auth=django_auth, operation_id="payment_start", summary="Pay by a method offered")
def payment_start_endpoint(request: HttpRequest, reference: str, payload: StartIn):
    """Choose how to pay. A card answers a `redirect_url` to the provider's secure page; a bank
    transfer answers the account and the reference to quote in `payment.instructions`; cash on
    delivery confirms the orders to the sellers at once. A method not offered for this checkout
    (country, currency or amount) answers 400 naming `method` with the reason; once money has
    arrived by one method the rest is paid the same way (400 `method_locked`)."""
    payment = _own(request, reference)
    started = payment_start(payment=payment, method=payload.method)
    payment.refresh_from_db()
    return {"redirect_url": started.redirect_url, "payment": payment_out(payment)}
