"""What the two hosted card checkouts (Stripe, Safepay) share: our addresses on SITE_URL, the API
base (the provider's own, or the local fake), JSON over HTTP, and recording what a provider
reports — a payment succeeded, a refund went back — through payments.services only.

A provider's word is checked before it changes anything: the amount and currency must be the
payment's, to the minor unit; anything else is logged and ignored, never recorded. The provider's
payment id (a PaymentIntent, a Safepay tracker) is the capture's provider event id, so the buyer's
return and the webhook, however often and in whatever order they arrive, record one capture.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from gembazaar.core.errors import DomainError
from gembazaar.core.money import minor_units, quantize

from .. import services
from ..models import EntryKind, Payment, PaymentEntry, Refund
from .base import ProviderError

log = logging.getLogger("gembazaar.payments.cards")

TIMEOUT_SECONDS = 20


class WebhookRefused(Exception):
    """The webhook is not genuine (no, wrong or stale signature; a tampered body): answered 400."""


# --- Addresses ------------------------------------------------------------------------------


def pay_page_path(reference: str) -> str:
    """The buyer's payment page (payments:pay, built by the pay step)."""
    return f"/payments/{reference}/"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def return_url(code: str, reference: str) -> str:
    return absolute(reverse("payments:card_return", kwargs={"provider": code, "reference": reference}))


def webhook_url(code: str) -> str:
    return absolute(reverse("payments:card_webhook", kwargs={"provider": code}))


def api_base(configured: str, *, fake_path: str, live: str) -> str:
    """The configured base; else the local fake when it is on (development, tests); else the live API."""
    if configured:
        return configured.rstrip("/")
    if settings.PAYMENTS_FAKE_PROVIDER:
        return absolute(f"/_fakepay/{fake_path}")
    return live


# --- Money ----------------------------------------------------------------------------------


def to_minor(amount: Decimal, currency: str) -> int:
    """An amount in the currency's minor units (USD 12.34 → 1234), exactly."""
    return int(quantize(amount, currency).scaleb(minor_units(currency)))


def from_minor(value: object, currency: str) -> Decimal | None:
    """Minor units (a JSON integer, as Stripe sends them) back to a Decimal; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return Decimal(value).scaleb(-minor_units(currency))


def matches(payment: Payment, *, amount: Decimal | None, currency: object) -> bool:
    """The provider reports exactly what the payment is due, in its currency."""
    if amount is None or not isinstance(currency, str) or currency.upper() != payment.currency:
        return False
    return amount == payment.amount_due  # exact Decimal equality: 2056 == 2056.000, never rounded to fit


# --- Recording ------------------------------------------------------------------------------


def capture(payment: Payment, *, amount: Decimal | None, currency: object, provider_payment_id: str,
            source: str) -> PaymentEntry | None:
    """Record the money a provider says it took, once per provider payment id; a mismatch in
    amount or currency is logged and recorded as nothing."""
    if not provider_payment_id or not matches(payment, amount=amount, currency=currency):
        log.warning("card %s: %s for %s ignored: %s %s does not match %s %s (payment id %r)", payment.provider,
                    source, payment.reference, amount, currency, payment.amount_due, payment.currency,
                    provider_payment_id)
        return None
    try:
        recorded = services.payment_capture_record(
            payment=payment, amount=quantize(amount, payment.currency), currency=payment.currency, actor=None,
            provider_event_id=provider_payment_id)  # no note: stored words would be in one language
    except DomainError as exc:
        log.warning("card %s: %s for %s refused: %s", payment.provider, source, payment.reference, exc.message)
        return None
    return recorded.entry


def provider_payment_ids(payment: Payment) -> list[str]:
    """The provider's ids of the payments captured for this one (oldest first)."""
    return list(PaymentEntry.objects.filter(payment=payment, kind=EntryKind.CAPTURE).exclude(provider_event_id="")
                .order_by("created_at", "id").values_list("provider_event_id", flat=True))


def refund_went_back(payment: Payment, *, provider_refund_id: str, amount: Decimal | None, refund_pk: object,
                     source: str) -> PaymentEntry | None:
    """A provider says a refund went back. A refund we asked for is recorded exactly as
    refund_sending records it (same provider event id and key, so whichever comes first writes
    the one entry and the other finds it); a refund made elsewhere (the provider's dashboard) is
    recorded when it fits what was received. Without the provider's refund id nothing can be
    deduplicated, so nothing is recorded."""
    if not provider_refund_id or amount is None:
        log.warning("card %s: %s for %s without a refund id or amount: ignored", payment.provider, source,
                    payment.reference)
        return None
    asked = Refund.objects.filter(payment=payment, provider_refund_id=provider_refund_id).first()
    pk = str(refund_pk or "")
    if asked is None and pk.isascii() and pk.isdigit() and len(pk) <= 18:  # fits a bigint, never a DataError
        asked = Refund.objects.filter(payment=payment, pk=int(pk)).first()
    try:
        if asked is not None:
            if asked.amount != amount:
                log.warning("card %s: %s %s reports %s, refund %s was %s: ignored", payment.provider, source,
                            provider_refund_id, amount, asked.pk, asked.amount)
                return None
            return services.payment_refund_record(
                payment=payment, amount=quantize(asked.amount, payment.currency), actor=None, order=asked.order,
                note=asked.reason, provider_event_id=provider_refund_id, idempotency_key=f"refund:{asked.pk}").entry
        return services.payment_refund_record(payment=payment, amount=amount, actor=None,
                                              provider_event_id=provider_refund_id).entry  # amount checked there
    except DomainError as exc:
        log.warning("card %s: %s %s for %s refused: %s", payment.provider, source, provider_refund_id,
                    payment.reference, exc.message)
        return None


def payment_for(*, provider: str, reference: object = "", session_id: object = "") -> Payment | None:
    """The payment a provider's (verified) message names, of this provider: by its session (the
    one the buyer was last sent to), else by our reference (an earlier session, also paid)."""
    payments = Payment.objects.filter(provider=provider)
    found = None
    if isinstance(session_id, str) and session_id:
        found = payments.filter(provider_session_id=session_id[:255]).first()
    if found is None and isinstance(reference, str) and reference:
        found = payments.filter(reference=reference[:20]).first()
    return found


# --- HTTP -----------------------------------------------------------------------------------


def exact_json(data: dict) -> bytes:
    """JSON with Decimals written exactly as they are (json.dumps would need floats)."""
    parts = []
    for key, value in data.items():
        rendered = format(value, "f") if isinstance(value, Decimal) else json.dumps(value)
        parts.append(f"{json.dumps(key)}:{rendered}")
    return ("{" + ",".join(parts) + "}").encode()


def request_json(method: str, url: str, *, headers: dict[str, str], body: bytes | None = None) -> dict:
    """Call a provider's JSON API; ProviderError when it cannot be reached or refuses."""
    request = urllib.request.Request(url, data=body, method=method,  # noqa: S310 (the URL is from settings)
                                     headers={"Accept": "application/json", "Content-Type": "application/json",
                                              **headers})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            payload = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        log.warning("card API %s %s answered %s", method, url, exc.code)
        raise ProviderError(f"The card provider refused the request ({exc.code}).", code="provider_refused") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.warning("card API %s %s unreachable: %s", method, url, exc)
        raise ProviderError("The card provider could not be reached.", code="provider_unreachable") from None
    try:
        parsed = json.loads(payload, parse_float=Decimal)
    except ValueError:
        raise ProviderError("The card provider answered something that is not JSON.", code="provider_bad_answer") \
            from None
    if not isinstance(parsed, dict):
        raise ProviderError("The card provider answered something unexpected.", code="provider_bad_answer")
    return parsed


def parse_json_object(body: bytes) -> dict:
    """A webhook's body (already verified) as a JSON object, or WebhookRefused."""
    try:
        parsed = json.loads(body, parse_float=Decimal)
    except ValueError:
        raise WebhookRefused("the body is not JSON") from None
    if not isinstance(parsed, dict):
        raise WebhookRefused("the body is not a JSON object")
    return parsed
