"""The part of Safepay's API the Safepay adapter uses: order init with the merchant's API key, the
hosted page's address (components?beacon=…), the payment status and refunds with the merchant
secret (X-SFPY-MERCHANT-SECRET), webhooks signed X-SFPY-Signature."""

from __future__ import annotations

import hmac
import json
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from gembazaar.core.money import minor_units

from . import state, webhooks


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"status": {"errors": [message], "message": "error"}}, status=status)


def _same(given: str, wanted: str) -> bool:
    return bool(wanted) and hmac.compare_digest(given.encode(), wanted.encode())


def _body(request: HttpRequest) -> dict | None:
    try:
        parsed = json.loads(request.body, parse_float=Decimal)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _amount(value: object, currency: str) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount <= 0 or -amount.as_tuple().exponent > minor_units(currency):
        return None
    return amount


def status_json(checkout: state.Checkout) -> dict:
    return {"data": {"token": checkout.id, "state": "PAID" if checkout.paid else "TRACKER_STARTED",
                     "amount": str(checkout.amount), "currency": checkout.currency,
                     "metadata": {"order_id": checkout.reference}}}


@csrf_exempt
@require_POST
def order_init(request: HttpRequest) -> JsonResponse:
    asked = _body(request)
    if asked is None:
        return error(400, "invalid JSON")
    if not _same(str(asked.get("client", "")), settings.SAFEPAY_API_KEY):
        return error(401, "invalid client")
    currency = str(asked.get("currency", "")).upper()
    if len(currency) != 3 or not currency.isalpha() or (amount := _amount(asked.get("amount"), currency)) is None:
        return error(400, "invalid amount or currency")
    checkout = state.add(state.Checkout(kind="safepay", id=state.new_id("track"), amount=amount, currency=currency))
    return JsonResponse({"data": {"token": checkout.id, "environment": asked.get("environment", "")}})


@require_GET
def components(request: HttpRequest):
    """The hosted page's address: remember where to send the buyer back, then show the page."""
    checkout = state.get("safepay", request.GET.get("beacon", ""))
    if checkout is None:
        raise Http404
    with state.LOCK:
        checkout.reference = request.GET.get("order_id", "")[:64]
        checkout.success_url = request.GET.get("redirect_url", "")
        checkout.cancel_url = request.GET.get("cancel_url", "")
    return redirect(reverse("fakepay:page", kwargs={"kind": "safepay", "checkout_id": checkout.id}))


@require_GET
def payment_status(request: HttpRequest, tracker: str) -> JsonResponse:
    if not _same(request.headers.get("X-SFPY-MERCHANT-SECRET", ""), settings.SAFEPAY_SECRET):
        return error(401, "invalid merchant secret")
    checkout = state.get("safepay", tracker)
    if checkout is None:
        return error(404, "tracker not found")
    return JsonResponse(status_json(checkout))


@csrf_exempt
@require_POST
def refund(request: HttpRequest) -> JsonResponse:
    if not _same(request.headers.get("X-SFPY-MERCHANT-SECRET", ""), settings.SAFEPAY_SECRET):
        return error(401, "invalid merchant secret")
    asked = _body(request)
    if asked is None:
        return error(400, "invalid JSON")
    key = request.headers.get("Idempotency-Key", "")
    with state.LOCK:
        if key and key in state.ANSWERS:
            first_asked, answer = state.ANSWERS[key]
            return JsonResponse(answer) if first_asked == asked else error(409, "idempotency key reused")
        checkout = state.get("safepay", str(asked.get("tracker", "")))
        if checkout is None or not checkout.paid:
            return error(404, "tracker not found or not paid")
        amount = _amount(asked.get("amount"), checkout.currency)
        if amount is None or amount > checkout.amount - checkout.refunded:
            return error(400, "refund amount exceeds what is left")
        checkout.refunded += amount
        full = checkout.refunded == checkout.amount
        answer = {"data": {"token": state.new_id("rfnd"), "state": "REFUNDED" if full else "PARTIALLY REFUNDED",
                           "amount": str(amount), "currency": checkout.currency}}
        if key:
            state.ANSWERS[key] = (asked, answer)
    webhooks.send("safepay", webhooks.safepay_event("refund:created", {
        "tracker": checkout.id, "intent": "CYBERSOURCE", "state": answer["data"]["state"], "amount": str(amount),
        "balance": str(checkout.amount - checkout.refunded), "currency": checkout.currency,
        "refund": answer["data"]["token"],
        "metadata": {"order_id": checkout.reference, "refund": str(asked.get("refund", ""))}}))
    return JsonResponse(answer)
