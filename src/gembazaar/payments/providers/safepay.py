"""Card payments through Safepay (Pakistan): international Visa and Mastercard, the council as the
merchant in Pakistan.

The protocol, as Safepay's public SDKs and docs describe it:
- POST {api}/order/v1/init {"client": <API key>, "amount": <major units>, "currency", "environment"}
  → {"data": {"token": <tracker>}};
- the buyer goes to {checkout}?beacon=<tracker>&order_id=<our reference>&redirect_url=…&cancel_url=…
  &source=custom&webhooks=true&env=…; Safepay sends them back to redirect_url (with tracker and sig,
  which we do not need: we ask the status API instead);
- webhooks carry `X-SFPY-Signature`: hex HMAC-SHA512 of the raw body with the webhook secret;
  `payment:created` (state PAID) and `refund:created`; the body's `created_at` must be within
  signatures.TOLERANCE_SECONDS (a captured request cannot be replayed later).
The status and refund calls authenticate with `X-SFPY-MERCHANT-SECRET`. Their paths and the field
names read from answers are in PATHS and FIELDS below, with the API base, the hosted page's
address and the secrets in settings (docs/payments/CARDS.md): check them against your Safepay
account's API reference before going live.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, urlencode

from django.conf import settings

from gembazaar.core.money import quantize

from .. import cards, selectors, services
from ..models import Payment, PaymentEntry, Provider, Refund
from ..signatures import TOLERANCE_SECONDS
from . import hosted
from .base import ProviderError, ProviderStatus, StartResult

log = logging.getLogger("gembazaar.payments.cards")

LIVE_API = {"production": "https://api.getsafepay.com", "sandbox": "https://sandbox.api.getsafepay.com"}
LIVE_CHECKOUT = {"production": "https://getsafepay.com/components",
                 "sandbox": "https://sandbox.api.getsafepay.com/components"}
PATHS = {"init": "/order/v1/init", "status": "/reporter/api/v1/payments/{tracker}", "refund": "/order/v1/refund"}
# Where each value sits in Safepay's answers (dotted paths).
FIELDS = {"tracker": "data.token", "state": "data.state", "amount": "data.amount", "currency": "data.currency",
          "refund_id": "data.token", "refund_state": "data.state"}
PAID_STATES = {"PAID", "TRACKER_ENDED"}
SIGNATURE_HEADER = "X-SFPY-Signature"


def _dig(data: object, path: str) -> object:
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _major(value: object) -> Decimal | None:
    """An amount Safepay writes in major units ("150", 150.5 read as Decimal)."""
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _api() -> str:
    environment = settings.SAFEPAY_ENVIRONMENT
    return hosted.api_base(settings.SAFEPAY_API_BASE, fake_path="safepay",
                           live=LIVE_API.get(environment, LIVE_API["sandbox"]))


def _checkout() -> str:
    return hosted.api_base(settings.SAFEPAY_CHECKOUT_URL, fake_path="safepay/components",
                           live=LIVE_CHECKOUT.get(settings.SAFEPAY_ENVIRONMENT, LIVE_CHECKOUT["sandbox"]))


def _merchant_headers() -> dict[str, str]:
    return {"X-SFPY-MERCHANT-SECRET": settings.SAFEPAY_SECRET}


def verify_signature(body: bytes, header: str | None, *, secrets, now: float | None = None) -> dict:
    """The verified body as a JSON object: HMAC-SHA512 of the raw body with one of `secrets`
    (constant-time, every secret tried: rotation), and `created_at` within the tolerance."""
    secrets = [secret for secret in secrets if secret]
    if not header or not secrets:
        raise hosted.WebhookRefused("no signature header" if secrets else "no signing secret configured")
    candidate = header.strip().lower().encode()
    matched = False
    for secret in secrets:
        wanted = hmac.new(secret.encode(), body, hashlib.sha512).hexdigest().encode()
        matched |= hmac.compare_digest(candidate, wanted)
    if not matched:
        raise hosted.WebhookRefused("no signature matches")
    message = hosted.parse_json_object(body)
    event = message.get("data", message)
    created = event.get("created_at") if isinstance(event, dict) else None
    try:
        when = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
    except ValueError:
        raise hosted.WebhookRefused("no created_at") from None
    if when.tzinfo is None:  # a time without its zone could be anything
        raise hosted.WebhookRefused("created_at without a time zone")
    at = when.timestamp()
    if abs((time.time() if now is None else now) - at) > TOLERANCE_SECONDS:
        raise hosted.WebhookRefused("created_at outside the tolerance")
    return event


class Safepay:
    code = Provider.SAFEPAY
    sends_refunds = True

    def start(self, *, payment: Payment) -> StartResult:
        payment = services.payment_provider_set(payment=payment, provider=self.code)
        reference, currency = payment.reference, payment.currency
        answer = hosted.request_json("POST", _api() + PATHS["init"], headers={}, body=hosted.exact_json({
            "client": settings.SAFEPAY_API_KEY, "amount": quantize(payment.amount_due, currency),
            "currency": currency, "environment": settings.SAFEPAY_ENVIRONMENT}))
        tracker = _dig(answer, FIELDS["tracker"])
        if not isinstance(tracker, str) or not tracker:
            raise ProviderError("Safepay gave no tracker.", code="provider_bad_answer")
        cards.payment_session_set(payment=payment, session_id=tracker)
        services.payment_attempt_record(payment=payment, note=tracker)
        query = urlencode({"beacon": tracker, "order_id": reference, "env": settings.SAFEPAY_ENVIRONMENT,
                           "redirect_url": hosted.return_url(self.code, reference),
                           "cancel_url": hosted.absolute(hosted.pay_page_path(reference)),
                           "source": "custom", "webhooks": "true"})
        return StartResult(reference=reference, amount=payment.amount_due, currency=currency,
                           redirect_url=f"{_checkout()}?{query}")

    def handle_return(self, *, payment: Payment, params: Mapping[str, str]) -> ProviderStatus:
        return self.fetch_status(payment=payment)  # tracker and sig in the URL are not believed

    def handle_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> PaymentEntry | None:
        event = verify_signature(body, headers.get(SIGNATURE_HEADER), secrets=settings.SAFEPAY_WEBHOOK_SECRETS)
        kind, note = event.get("type"), event.get("notification")
        if not isinstance(note, dict):
            log.info("safepay event %r without a notification: ignored", event.get("token"))
            return None
        source = f"safepay webhook {event.get('token')}"
        tracker = note.get("tracker")
        metadata = note.get("metadata") if isinstance(note.get("metadata"), dict) else {}
        payment = hosted.payment_for(provider=self.code, session_id=tracker, reference=metadata.get("order_id"))
        if payment is None:
            log.warning("%s: tracker %r names no payment of ours: ignored", source, tracker)
            return None
        currency = str(note.get("currency") or "").upper()
        if kind == "payment:created" and note.get("state") in PAID_STATES:
            return hosted.capture(payment, amount=_major(note.get("amount")), currency=currency,
                                  provider_payment_id=tracker if isinstance(tracker, str) else "", source=source)
        if kind == "refund:created":
            if currency != payment.currency:
                log.warning("%s: refund in %s: ignored", source, currency)
                return None
            return hosted.refund_went_back(payment, provider_refund_id=str(note.get("refund") or ""),
                                           amount=_major(note.get("amount")), refund_pk=metadata.get("refund"),
                                           source=source)
        log.info("%s of type %r: ignored", source, kind)
        return None

    def refund(self, *, refund: Refund) -> str:
        payment = refund.payment
        paid = hosted.provider_payment_ids(payment)
        if not paid:
            raise ProviderError("Nothing was captured through Safepay for this payment.", code="nothing_captured")
        answer = hosted.request_json(
            "POST", _api() + PATHS["refund"],
            headers={**_merchant_headers(), "Idempotency-Key": f"refund-{refund.pk}"},
            body=hosted.exact_json({"tracker": paid[-1], "amount": quantize(refund.amount, refund.currency),
                                    "currency": refund.currency, "reference": payment.reference,
                                    "refund": str(refund.pk)}))
        refund_id = _dig(answer, FIELDS["refund_id"])
        if not isinstance(refund_id, str) or not refund_id:
            raise ProviderError("Safepay gave no refund id.", code="provider_bad_answer")
        if _dig(answer, FIELDS["refund_state"]) not in {"REFUNDED", "PARTIALLY REFUNDED"}:
            raise ProviderError("Safepay did not refund.", code="refund_failed")
        return refund_id

    def fetch_status(self, *, payment: Payment) -> ProviderStatus:
        payment.refresh_from_db(fields=["provider", "provider_session_id"])  # the caller's copy may be old
        tracker = payment.provider_session_id
        if payment.provider == self.code and tracker:
            answer = hosted.request_json("GET", _api() + PATHS["status"].format(tracker=quote(tracker, safe="")),
                                         headers=_merchant_headers())
            if _dig(answer, FIELDS["state"]) in PAID_STATES:
                hosted.capture(payment, amount=_major(_dig(answer, FIELDS["amount"])),
                               currency=str(_dig(answer, FIELDS["currency"]) or "").upper(),
                               provider_payment_id=tracker, source="safepay return")
        payment.refresh_from_db(fields=["status"])
        return ProviderStatus(status=payment.status, received=selectors.payment_received(payment=payment))


SAFEPAY = Safepay()
