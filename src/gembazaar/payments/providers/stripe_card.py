"""Card payments through Stripe Checkout, for a council entity abroad (official `stripe` library).

start: a Checkout Session (mode payment, one line for the checkout's total in minor units, our
reference as client_reference_id); the buyer is sent to its hosted page. The capture's provider
event id is the session's PaymentIntent id, whether the buyer's return (the session asked again,
never the query string) or the webhook (`checkout.session.completed`, signed t=…,v1=…) reports it
first. Refunds go through POST /v1/refunds with the idempotency key `refund-<pk>`.
Settings: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRETS, STRIPE_API_BASE (docs/payments/CARDS.md).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal

import stripe
from django.conf import settings

from .. import cards, selectors, services
from ..models import Payment, PaymentEntry, Provider, Refund
from ..signatures import SignatureError, verify
from . import hosted
from .base import ProviderError, ProviderStatus, StartResult

log = logging.getLogger("gembazaar.payments.cards")

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
REFUND_EVENTS = {"refund.created", "refund.updated", "charge.refund.updated"}


def _client() -> stripe.StripeClient:
    base = hosted.api_base(settings.STRIPE_API_BASE, fake_path="stripe", live="https://api.stripe.com")
    # No retries inside a request: refunds carry their own idempotency key and the task retries.
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": base}, max_network_retries=0)


def _call(what: str, function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except stripe.StripeError as exc:
        log.warning("stripe %s failed: %s", what, exc)
        message = getattr(exc, "user_message", None) or "Stripe refused the request."
        raise ProviderError(str(message)[:255], code="provider_refused") from None


def _id(value) -> str:
    """An expandable field's id (a string, or an object with an id)."""
    if isinstance(value, str):
        return value
    return str(value.get("id") or "") if isinstance(value, Mapping) else ""


class StripeCard:
    code = Provider.STRIPE
    sends_refunds = True

    def start(self, *, payment: Payment) -> StartResult:
        payment = services.payment_provider_set(payment=payment, provider=self.code)
        reference, currency = payment.reference, payment.currency
        session = _call("checkout session", _client().v1.checkout.sessions.create, params={
            "mode": "payment",
            "client_reference_id": reference,
            "success_url": hosted.return_url(self.code, reference),
            "cancel_url": hosted.absolute(hosted.pay_page_path(reference)),
            "line_items": [{"quantity": 1, "price_data": {
                "currency": currency.lower(), "unit_amount": hosted.to_minor(payment.amount_due, currency),
                "product_data": {"name": f"GemBazaar {reference}"}}}],
            "metadata": {"reference": reference},
            "payment_intent_data": {"metadata": {"reference": reference}},
        })
        cards.payment_session_set(payment=payment, session_id=session.id)
        services.payment_attempt_record(payment=payment, note=session.id)
        return StartResult(reference=reference, amount=payment.amount_due, currency=currency,
                           redirect_url=session.url)

    def handle_return(self, *, payment: Payment, params: Mapping[str, str]) -> ProviderStatus:
        return self.fetch_status(payment=payment)  # the query string says nothing we would believe

    def handle_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> PaymentEntry | None:
        try:
            verify(body, headers.get("Stripe-Signature"), secrets=settings.STRIPE_WEBHOOK_SECRETS)
        except SignatureError as exc:
            raise hosted.WebhookRefused(str(exc)) from None
        event = hosted.parse_json_object(body)
        kind, data = event.get("type"), event.get("data")
        thing = data.get("object") if isinstance(data, dict) else None
        if not isinstance(thing, dict):
            log.info("stripe event %r without an object: ignored", event.get("id"))
            return None
        if kind in PAID_EVENTS:
            return self._session_paid(thing, source=f"webhook {event.get('id')}")
        if kind in REFUND_EVENTS:
            return self._refunded(thing, source=f"webhook {event.get('id')}")
        log.info("stripe event %r of type %r: ignored", event.get("id"), kind)
        return None

    def refund(self, *, refund: Refund) -> str:
        payment = refund.payment
        paid = hosted.provider_payment_ids(payment)
        if not paid:
            raise ProviderError("Nothing was captured through Stripe for this payment.", code="nothing_captured")
        made = _call("refund", _client().v1.refunds.create, params={
            "payment_intent": paid[-1],
            "amount": hosted.to_minor(refund.amount, refund.currency),
            "metadata": {"refund": str(refund.pk), "reference": payment.reference},
        }, options={"idempotency_key": f"refund-{refund.pk}"})
        answer = made.to_dict()
        if answer.get("status") in {"failed", "canceled"}:
            raise ProviderError(f"Stripe did not refund: {answer.get('failure_reason') or answer.get('status')}.",
                                code="refund_failed")
        if not answer.get("id"):
            raise ProviderError("Stripe gave no refund id.", code="provider_bad_answer")
        return str(answer["id"])

    def fetch_status(self, *, payment: Payment) -> ProviderStatus:
        payment.refresh_from_db(fields=["provider", "provider_session_id"])  # the caller's copy may be old
        if payment.provider == self.code and payment.provider_session_id:
            session = _call("session status", _client().v1.checkout.sessions.retrieve, payment.provider_session_id)
            self._session_paid(session.to_dict(), source="return", payment=payment)
        payment.refresh_from_db(fields=["status"])
        return ProviderStatus(status=payment.status, received=selectors.payment_received(payment=payment))

    # --- What Stripe reports -------------------------------------------------------------

    def _session_paid(self, session: dict, *, source: str, payment: Payment | None = None) -> PaymentEntry | None:
        if session.get("payment_status") != "paid":
            return None
        payment = payment or hosted.payment_for(provider=self.code, reference=session.get("client_reference_id"))
        if payment is None:
            log.warning("stripe %s: session %r names no payment of ours: ignored", source, session.get("id"))
            return None
        currency = str(session.get("currency") or "").upper()
        return hosted.capture(payment, amount=hosted.from_minor(session.get("amount_total"), currency),
                              currency=currency, provider_payment_id=_id(session.get("payment_intent")),
                              source=f"stripe {source}")

    def _refunded(self, refund: dict, *, source: str) -> PaymentEntry | None:
        if refund.get("status") != "succeeded":
            return None
        intent = _id(refund.get("payment_intent"))
        entry = PaymentEntry.objects.filter(provider=self.code, kind="capture", provider_event_id=intent).first() \
            if intent else None
        if entry is None:
            log.warning("stripe %s: refund %r of an unknown payment: ignored", source, refund.get("id"))
            return None
        currency = str(refund.get("currency") or "").upper()
        if currency != entry.payment.currency:
            log.warning("stripe %s: refund %r in %s: ignored", source, refund.get("id"), currency)
            return None
        metadata = refund.get("metadata") if isinstance(refund.get("metadata"), dict) else {}
        amount: Decimal | None = hosted.from_minor(refund.get("amount"), currency)
        return hosted.refund_went_back(entry.payment, provider_refund_id=_id(refund.get("id")), amount=amount,
                                       refund_pk=metadata.get("refund"), source=f"stripe {source}")


STRIPE_CARD = StripeCard()
