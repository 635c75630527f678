"""The part of Stripe's API the Stripe adapter uses, as the official library calls it: form-encoded
POSTs with bracketed keys, a bearer secret key, Idempotency-Key replays, Stripe's error shape."""

from __future__ import annotations

import hmac
import json
import re
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from gembazaar.core.money import minor_units

from . import state, webhooks

KEY_PART = re.compile(r"\[([^\]]*)\]")


def error(status: int, message: str, *, kind: str = "invalid_request_error", param: str = "") -> JsonResponse:
    return JsonResponse({"error": {"type": kind, "message": message, "param": param}}, status=status)


def nested(form) -> dict:
    """`line_items[0][price_data][unit_amount]=1234` → {"line_items": {"0": {"price_data": {…}}}}."""
    result: dict = {}
    for key, value in form.items():
        head = key.split("[", 1)[0]
        parts = [head, *KEY_PART.findall(key)]
        place = result
        for part in parts[:-1]:
            place = place.setdefault(part, {})
            if not isinstance(place, dict):
                break
        else:
            place[parts[-1]] = value
    return result


def authorised(request: HttpRequest) -> bool:
    given = request.headers.get("Authorization", "")
    wanted = f"Bearer {settings.STRIPE_SECRET_KEY}"
    return bool(settings.STRIPE_SECRET_KEY) and hmac.compare_digest(given.encode(), wanted.encode())


def _minor(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 16 else None


def session_json(checkout: state.Checkout, request: HttpRequest) -> dict:
    places = minor_units(checkout.currency)
    return {
        "id": checkout.id, "object": "checkout.session", "mode": "payment",
        "amount_total": int(checkout.amount.scaleb(places)), "currency": checkout.currency.lower(),
        "client_reference_id": checkout.reference, "metadata": checkout.metadata,
        "payment_status": "paid" if checkout.paid else "unpaid", "status": "complete" if checkout.paid else "open",
        "payment_intent": checkout.payment_id or None, "success_url": checkout.success_url,
        "cancel_url": checkout.cancel_url,
        "url": request.build_absolute_uri(reverse("fakepay:page", kwargs={"kind": "stripe",
                                                                          "checkout_id": checkout.id})),
    }


def replay_or(request: HttpRequest, asked: dict, make) -> JsonResponse:
    """Stripe's idempotency: the same key answers the first answer; with other parameters, a 400."""
    key = request.headers.get("Idempotency-Key", "")
    if key:
        with state.LOCK:
            if key in state.ANSWERS:
                first_asked, answer = state.ANSWERS[key]
                if first_asked != asked:
                    return error(400, "Keys for idempotent requests can only be used with the same parameters.",
                                 kind="idempotency_error")
                return JsonResponse(answer)
            response = make()
            if response.status_code == 200:
                state.ANSWERS[key] = (asked, json.loads(response.content))
            return response
    return make()


@csrf_exempt
@require_POST
def sessions_create(request: HttpRequest) -> JsonResponse:
    if not authorised(request):
        return error(401, "Invalid API Key provided.", kind="authentication_error")
    asked = nested(request.POST)
    items = asked.get("line_items")
    item = items.get("0") if isinstance(items, dict) else None
    price = item.get("price_data") if isinstance(item, dict) else None
    if not isinstance(price, dict):
        return error(400, "Missing required param: line_items.", param="line_items")
    currency = str(price.get("currency", "")).upper()
    unit, quantity = _minor(price.get("unit_amount")), _minor(item.get("quantity") or "1")
    if len(currency) != 3 or not currency.isalpha() or not unit or not quantity:
        return error(400, "Invalid amount or currency.", param="line_items[0][price_data]")
    metadata = asked.get("metadata") if isinstance(asked.get("metadata"), dict) else {}
    checkout = state.add(state.Checkout(
        kind="stripe", id=state.new_id("cs_test"), currency=currency,
        amount=Decimal(unit * quantity).scaleb(-minor_units(currency)),
        reference=str(asked.get("client_reference_id", "")), success_url=str(asked.get("success_url", "")),
        cancel_url=str(asked.get("cancel_url", "")), metadata=metadata))
    return JsonResponse(session_json(checkout, request))


@require_GET
def sessions_retrieve(request: HttpRequest, session_id: str) -> JsonResponse:
    if not authorised(request):
        return error(401, "Invalid API Key provided.", kind="authentication_error")
    checkout = state.get("stripe", session_id)
    if checkout is None:
        return error(404, f"No such checkout.session: '{session_id}'", param="id")
    return JsonResponse(session_json(checkout, request))


@csrf_exempt
@require_POST
def refunds_create(request: HttpRequest) -> JsonResponse:
    if not authorised(request):
        return error(401, "Invalid API Key provided.", kind="authentication_error")
    asked = nested(request.POST)
    return replay_or(request, asked, lambda: _refund(asked))


def _refund(asked: dict) -> JsonResponse:
    checkout = state.by_payment("stripe", str(asked.get("payment_intent", "")))
    if checkout is None:
        return error(404, "No such payment_intent.", param="payment_intent")
    places = minor_units(checkout.currency)
    minor = _minor(asked.get("amount"))
    amount = Decimal(minor).scaleb(-places) if minor else checkout.amount - checkout.refunded
    with state.LOCK:
        if amount <= 0 or amount > checkout.amount - checkout.refunded:
            return error(400, "Refund amount is greater than unrefunded amount on charge.", param="amount")
        checkout.refunded += amount
    refund = {"id": state.new_id("re"), "object": "refund", "amount": int(amount.scaleb(places)),
              "currency": checkout.currency.lower(), "payment_intent": checkout.payment_id, "status": "succeeded",
              "metadata": asked.get("metadata") if isinstance(asked.get("metadata"), dict) else {}}
    # Stripe's webhook may arrive before its answer: the fake sends it first, the harder order.
    webhooks.send("stripe", webhooks.stripe_event("refund.created", refund))
    return JsonResponse(refund)
