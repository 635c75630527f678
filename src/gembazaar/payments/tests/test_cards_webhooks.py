"""Card webhooks under attack and disorder: a wrong, stale or missing signature or a tampered body
is refused (400) and changes nothing; an unknown event, an unknown payment, an amount or currency
that does not match is ignored (200) and changes nothing; secrets rotate; a replayed or
out-of-order webhook changes nothing twice."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from gembazaar.payments import cards, services
from gembazaar.payments.models import EntryKind, Payment, PaymentEntry
from gembazaar.payments.signatures import header_for

pytestmark = pytest.mark.django_db

STRIPE_URL, SAFEPAY_URL = "/payments/webhooks/stripe/", "/payments/webhooks/safepay/"


def use(payment: Payment, provider: str, session_id: str) -> Payment:
    payment = services.payment_provider_set(payment=payment, provider=provider)
    return cards.payment_session_set(payment=payment, session_id=session_id)


@pytest.fixture
def stripe_payment(card_settings, two_seller_payment):
    return use(two_seller_payment, "stripe", "cs_test_1")


@pytest.fixture
def safepay_payment(card_settings, two_seller_payment):
    return use(two_seller_payment, "safepay", "track_1")


def stripe_paid(payment: Payment, *, amount: object = 205600, currency: str = "usd", intent: str = "pi_1",
                event_id: str = "evt_1", reference: str | None = None, kind: str = "checkout.session.completed"):
    return json.dumps({"id": event_id, "type": kind, "data": {"object": {
        "id": "cs_test_1", "object": "checkout.session", "client_reference_id": reference or payment.reference,
        "payment_status": "paid", "amount_total": amount, "currency": currency, "payment_intent": intent}}}).encode()


def stripe_refunded(*, refund_id: str = "re_1", amount: int = 10000, intent: str = "pi_1") -> bytes:
    return json.dumps({"id": f"evt_{refund_id}", "type": "refund.created", "data": {"object": {
        "id": refund_id, "object": "refund", "amount": amount, "currency": "usd", "payment_intent": intent,
        "status": "succeeded", "metadata": {}}}}).encode()


def post_stripe(client, body: bytes, *, secrets=("whsec_cards",), timestamp: int | None = None, header=None):
    header = header if header is not None else header_for(body, secrets=secrets, timestamp=timestamp)
    return client.post(STRIPE_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def safepay_note(*, kind: str = "payment:created", tracker: str = "track_1", amount: str = "2056.00",
                 currency: str = "USD", age: timedelta = timedelta(0), **extra) -> bytes:
    created = (datetime.now(UTC) - age).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps({"data": {"token": "EVT1", "type": kind, "created_at": created, "notification": {
        "tracker": tracker, "state": "PAID", "amount": amount, "currency": currency, **extra}}}).encode()


WEBHOOK_SECRET = "safepay_webhook_cards"


def post_safepay(client, body: bytes, *, secret: str = WEBHOOK_SECRET, signature: str | None = None):
    signature = signature if signature is not None else hmac.new(secret.encode(), body, hashlib.sha512).hexdigest()
    return client.post(SAFEPAY_URL, data=body, content_type="application/json", HTTP_X_SFPY_SIGNATURE=signature)


def ledger(payment: Payment, kind: str = EntryKind.CAPTURE) -> int:
    return PaymentEntry.objects.filter(payment=payment, kind=kind).count()


def unchanged(payment: Payment) -> bool:
    payment.refresh_from_db()
    return ledger(payment) == 0 and payment.status == Payment.Status.PENDING and \
        not payment.checkout.orders.filter(status="paid").exists()


# --- Stripe -----------------------------------------------------------------------------------


def test_a_genuine_stripe_webhook_captures_and_its_replays_change_nothing(client, stripe_payment):
    body = stripe_paid(stripe_payment)
    for _ in range(3):
        assert post_stripe(client, body).status_code == 200
    assert post_stripe(client, stripe_paid(stripe_payment, event_id="evt_2")).status_code == 200  # a duplicate

    assert ledger(stripe_payment) == 1
    stripe_payment.refresh_from_db()
    assert stripe_payment.status == Payment.Status.PAID
    assert set(stripe_payment.checkout.orders.values_list("status", flat=True)) == {"paid"}


@pytest.mark.parametrize("attack", ["wrong secret", "stale", "future", "tampered", "no header", "malformed",
                                    "empty v1"])
def test_a_forged_stripe_webhook_is_refused_and_changes_nothing(client, stripe_payment, attack):
    body = stripe_paid(stripe_payment)
    now = int(time.time())
    if attack == "wrong secret":
        response = post_stripe(client, body, secrets=["whsec_attacker"])
    elif attack == "stale":
        response = post_stripe(client, body, timestamp=now - 301)
    elif attack == "future":
        response = post_stripe(client, body, timestamp=now + 301)
    elif attack == "tampered":
        header = header_for(stripe_paid(stripe_payment, amount=100), secrets=["whsec_cards"])
        response = post_stripe(client, body, header=header)  # signed for 1.00, claims 2056.00
    elif attack == "no header":
        response = client.post(STRIPE_URL, data=body, content_type="application/json")
    elif attack == "malformed":
        response = post_stripe(client, body, header="t=²³,v1=abc")
    else:
        response = post_stripe(client, body, header=f"t={now},v1=")

    assert response.status_code == 400
    assert unchanged(stripe_payment)


@pytest.mark.parametrize("body", [
    pytest.param(lambda p: stripe_paid(p, kind="customer.created"), id="unknown event"),
    pytest.param(lambda p: stripe_paid(p, reference="GBC-0000-NOSUCH00"), id="unknown payment"),
    pytest.param(lambda p: stripe_paid(p, amount=205599), id="amount short by a cent"),
    pytest.param(lambda p: stripe_paid(p, amount=20560000), id="amount a hundred times"),
    pytest.param(lambda p: stripe_paid(p, currency="eur"), id="other currency"),
    pytest.param(lambda p: stripe_paid(p, amount="2056.00"), id="amount not in minor units"),
    pytest.param(lambda p: stripe_paid(p, amount=10**40), id="huge amount"),
    pytest.param(lambda p: stripe_paid(p, intent=""), id="no payment intent"),
    pytest.param(lambda p: json.dumps({"id": "evt", "type": "checkout.session.completed", "data": []}).encode(),
                 id="no object"),
    pytest.param(lambda p: json.dumps([1, 2]).encode(), id="not an object"),
    pytest.param(lambda p: stripe_refunded(), id="refund of an uncaptured payment"),
])
def test_a_genuine_webhook_that_does_not_fit_is_ignored(client, stripe_payment, body):
    response = post_stripe(client, body(stripe_payment))

    assert response.status_code in (200, 400)  # a signed body that is not a JSON object is refused
    assert unchanged(stripe_payment)
    assert ledger(stripe_payment, EntryKind.REFUND) == 0


def test_a_stripe_event_naming_a_bank_transfer_payment_is_ignored(client, card_settings, two_seller_payment):
    assert post_stripe(client, stripe_paid(two_seller_payment)).status_code == 200
    assert unchanged(two_seller_payment)


def test_rotating_secrets_accepts_the_old_and_the_new_and_every_v1_is_tried(client, card_settings, stripe_payment):
    card_settings.STRIPE_WEBHOOK_SECRETS = ["whsec_new", "whsec_cards"]
    assert post_stripe(client, stripe_paid(stripe_payment), secrets=["whsec_cards"]).status_code == 200
    assert post_stripe(client, stripe_paid(stripe_payment), secrets=["whsec_new"]).status_code == 200
    assert post_stripe(client, stripe_paid(stripe_payment), secrets=["whsec_gone", "whsec_new"]).status_code == 200

    card_settings.STRIPE_WEBHOOK_SECRETS = ["whsec_new"]  # rotation over: the old one is refused
    assert post_stripe(client, stripe_paid(stripe_payment), secrets=["whsec_cards"]).status_code == 400
    assert ledger(stripe_payment) == 1


def test_out_of_order_stripe_webhooks_change_nothing_twice(client, stripe_payment):
    # The refund's event first (a payment we have not seen captured): ignored, not remembered wrongly.
    assert post_stripe(client, stripe_refunded()).status_code == 200
    assert ledger(stripe_payment, EntryKind.REFUND) == 0

    post_stripe(client, stripe_paid(stripe_payment))
    for _ in range(2):  # a refund made in Stripe's dashboard, and its retry
        assert post_stripe(client, stripe_refunded()).status_code == 200
    post_stripe(client, stripe_paid(stripe_payment))  # the payment's event, late and again

    assert ledger(stripe_payment) == 1 and ledger(stripe_payment, EntryKind.REFUND) == 1
    [refund] = PaymentEntry.objects.filter(payment=stripe_payment, kind=EntryKind.REFUND)
    assert refund.provider_event_id == "re_1" and refund.amount == 100


@pytest.mark.parametrize("refund_pk", ["²", "9" * 40, -1, {"x": 1}, None])
def test_a_refund_webhook_with_a_hostile_refund_number_is_recorded_once_as_the_providers(client, stripe_payment,
                                                                                        refund_pk):
    post_stripe(client, stripe_paid(stripe_payment))
    body = json.loads(stripe_refunded())
    body["data"]["object"]["metadata"] = {"refund": refund_pk}
    for _ in range(2):
        assert post_stripe(client, json.dumps(body).encode()).status_code == 200
    assert ledger(stripe_payment, EntryKind.REFUND) == 1


def test_webhook_addresses_take_only_posts_for_card_providers(client, card_settings):
    assert client.get(STRIPE_URL).status_code == 405
    assert client.post("/payments/webhooks/bank_transfer/", data=b"{}", content_type="application/json").status_code \
        == 404
    assert client.post("/payments/webhooks/%00/", data=b"{}", content_type="application/json").status_code in (400,
                                                                                                              404)


# --- Safepay ----------------------------------------------------------------------------------


def test_a_genuine_safepay_webhook_captures_once(client, safepay_payment):
    for _ in range(2):
        assert post_safepay(client, safepay_note()).status_code == 200
    assert ledger(safepay_payment) == 1
    safepay_payment.refresh_from_db()
    assert safepay_payment.status == Payment.Status.PAID


@pytest.mark.parametrize("attack", ["wrong secret", "stale", "tampered", "no signature", "no date"])
def test_a_forged_safepay_webhook_is_refused_and_changes_nothing(client, safepay_payment, attack):
    body = safepay_note()
    if attack == "wrong secret":
        response = post_safepay(client, body, secret="attacker")
    elif attack == "stale":
        response = post_safepay(client, safepay_note(age=timedelta(seconds=301)))
    elif attack == "tampered":
        signature = hmac.new(b"safepay_webhook_cards", safepay_note(amount="1.00"), hashlib.sha512).hexdigest()
        response = post_safepay(client, body, signature=signature)
    elif attack == "no signature":
        response = client.post(SAFEPAY_URL, data=body, content_type="application/json")
    else:
        undated = json.dumps({"data": {"type": "payment:created", "notification": {"tracker": "track_1"}}}).encode()
        response = post_safepay(client, undated)

    assert response.status_code == 400
    assert unchanged(safepay_payment)


@pytest.mark.parametrize("body", [
    pytest.param(lambda: safepay_note(kind="error:occurred"), id="error event"),
    pytest.param(lambda: safepay_note(kind="subscription:created"), id="unknown event"),
    pytest.param(lambda: safepay_note(tracker="track_unknown"), id="unknown payment"),
    pytest.param(lambda: safepay_note(amount="2055.99"), id="amount short"),
    pytest.param(lambda: safepay_note(amount="1e999999"), id="absurd amount"),
    pytest.param(lambda: safepay_note(currency="PKR"), id="other currency"),
    pytest.param(lambda: safepay_note(kind="refund:created", refund="rfnd_1", amount="10.00"),
                 id="refund before any capture"),
])
def test_a_genuine_safepay_message_that_does_not_fit_is_ignored(client, safepay_payment, body):
    assert post_safepay(client, body()).status_code == 200
    assert unchanged(safepay_payment)
    assert ledger(safepay_payment, EntryKind.REFUND) == 0


def test_an_earlier_safepay_tracker_of_the_order_is_captured_by_its_order_id(client, safepay_payment):
    # The buyer opened Safepay twice and paid on the first page: the money is real, recorded once.
    earlier = safepay_note(tracker="track_0", metadata={"order_id": safepay_payment.reference})
    for _ in range(2):
        assert post_safepay(client, earlier).status_code == 200
    [capture] = PaymentEntry.objects.filter(payment=safepay_payment, kind=EntryKind.CAPTURE)
    assert capture.provider_event_id == "track_0"


def test_a_safepay_payment_without_its_tracker_is_ignored(client, safepay_payment):
    body = json.loads(safepay_note(metadata={"order_id": safepay_payment.reference}))
    del body["data"]["notification"]["tracker"]
    assert post_safepay(client, json.dumps(body).encode()).status_code == 200
    assert unchanged(safepay_payment)


def test_safepay_secrets_rotate(client, card_settings, safepay_payment):
    card_settings.SAFEPAY_WEBHOOK_SECRETS = ["safepay_webhook_new", "safepay_webhook_cards"]
    assert post_safepay(client, safepay_note(), secret="safepay_webhook_new").status_code == 200
    assert post_safepay(client, safepay_note(), secret="safepay_webhook_cards").status_code == 200
    card_settings.SAFEPAY_WEBHOOK_SECRETS = ["safepay_webhook_new"]
    assert post_safepay(client, safepay_note(), secret="safepay_webhook_cards").status_code == 400
    assert ledger(safepay_payment) == 1


def test_a_safepay_refund_without_its_id_is_not_recorded_twice_or_at_all(client, safepay_payment):
    post_safepay(client, safepay_note())
    # Safepay's documented refund payload names no refund id: it cannot be deduplicated, so it is only logged.
    assert post_safepay(client, safepay_note(kind="refund:created", amount="10.00")).status_code == 200
    for _ in range(2):
        post_safepay(client, safepay_note(kind="refund:created", amount="10.00", refund="rfnd_1"))
    assert ledger(safepay_payment, EntryKind.REFUND) == 1
