"""The fake provider speaks Stripe's and Safepay's shapes closely enough that the real adapters
(and the official stripe library) work against it, and refuses what the real ones refuse."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import stripe

from gembazaar.fakepay import state

pytestmark = pytest.mark.django_db

STRIPE = "/_fakepay/stripe/v1"
SESSION = {"mode": "payment", "client_reference_id": "GBC-2612-AB12CD34", "success_url": "http://x/ok",
           "cancel_url": "http://x/no", "line_items[0][quantity]": "1",
           "line_items[0][price_data][currency]": "usd", "line_items[0][price_data][unit_amount]": "123456",
           "line_items[0][price_data][product_data][name]": "GemBazaar GBC-2612-AB12CD34"}


@pytest.fixture(autouse=True)
def _keys(settings):
    settings.STRIPE_SECRET_KEY, settings.SAFEPAY_API_KEY, settings.SAFEPAY_SECRET = "sk_test_f", "sec_f", "v1_f"
    settings.STRIPE_WEBHOOK_SECRETS, settings.SAFEPAY_WEBHOOK_SECRETS = ["whsec_f"], ["sfpy_f"]
    settings.FAKEPAY_WEBHOOK_BASE = "http://127.0.0.1:9"  # these tests do not listen for webhooks
    state.reset()
    yield
    state.reset()


def bearer(key: str = "sk_test_f") -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def paid_session(client) -> dict:
    session = client.post(f"{STRIPE}/checkout/sessions", SESSION, **bearer()).json()
    client.post(f"/_fakepay/pay/stripe/{session['id']}/", {"card_number": "4242 4242 4242 4242", "action": "pay"})
    return client.get(f"{STRIPE}/checkout/sessions/{session['id']}", **bearer()).json()


@pytest.mark.parametrize("headers", [{}, bearer("sk_test_wrong")])
def test_stripe_calls_without_the_secret_key_are_refused_as_stripe_does(client, headers):
    response = client.post(f"{STRIPE}/checkout/sessions", SESSION, **headers)
    assert response.status_code == 401 and response.json()["error"]["type"] == "authentication_error"


def test_a_checkout_session_is_made_from_the_librarys_bracketed_form(client):
    session = client.post(f"{STRIPE}/checkout/sessions", SESSION, **bearer()).json()

    assert session["id"].startswith("cs_test_") and session["amount_total"] == 123456
    assert (session["currency"], session["payment_status"], session["client_reference_id"]) == \
        ("usd", "unpaid", "GBC-2612-AB12CD34")
    assert session["url"].endswith(f"/_fakepay/pay/stripe/{session['id']}/")
    page = client.get(f"/_fakepay/pay/stripe/{session['id']}/")
    assert page.status_code == 200 and "1234.56" in page.content.decode()


def test_a_session_without_a_price_is_refused_naming_it(client):
    response = client.post(f"{STRIPE}/checkout/sessions", {"mode": "payment"}, **bearer())
    assert response.status_code == 400 and response.json()["error"]["param"] == "line_items"


def test_refunds_replay_by_idempotency_key_and_never_exceed_the_payment(client):
    session = paid_session(client)
    assert session["payment_status"] == "paid" and session["payment_intent"].startswith("pi_")
    refund = {"payment_intent": session["payment_intent"], "amount": "100000"}

    first = client.post(f"{STRIPE}/refunds", refund, HTTP_IDEMPOTENCY_KEY="refund-1", **bearer()).json()
    again = client.post(f"{STRIPE}/refunds", refund, HTTP_IDEMPOTENCY_KEY="refund-1", **bearer()).json()
    reused = client.post(f"{STRIPE}/refunds", {**refund, "amount": "1"}, HTTP_IDEMPOTENCY_KEY="refund-1", **bearer())
    too_much = client.post(f"{STRIPE}/refunds", {**refund, "amount": "23457"}, HTTP_IDEMPOTENCY_KEY="r2", **bearer())

    assert first["id"] == again["id"] and first["status"] == "succeeded" and first["amount"] == 100000
    assert reused.status_code == 400 and reused.json()["error"]["type"] == "idempotency_error"
    assert too_much.status_code == 400 and too_much.json()["error"]["param"] == "amount"


def test_the_official_library_reads_the_fakes_errors(live_server, settings):
    client = stripe.StripeClient("sk_test_wrong", base_addresses={"api": f"{live_server.url}/_fakepay/stripe"},
                                 max_network_retries=0)
    with pytest.raises(stripe.AuthenticationError):
        client.v1.checkout.sessions.retrieve("cs_test_nothing")
    client = stripe.StripeClient("sk_test_f", base_addresses={"api": f"{live_server.url}/_fakepay/stripe"},
                                 max_network_retries=0)
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.retrieve("cs_test_nothing")


def test_an_unknown_card_number_is_explained_and_pays_nothing(client):
    session = client.post(f"{STRIPE}/checkout/sessions", SESSION, **bearer()).json()
    response = client.post(f"/_fakepay/pay/stripe/{session['id']}/", {"card_number": "1234", "action": "pay"})
    assert response.status_code == 402 and "4242 4242 4242 4242" in response.content.decode()
    assert client.get(f"{STRIPE}/checkout/sessions/{session['id']}", **bearer()).json()["payment_status"] == "unpaid"


def init(http, **body):
    return http.post("/_fakepay/safepay/order/v1/init", json.dumps(body), content_type="application/json")


def test_safepay_init_needs_the_merchant_key_and_a_sound_amount(client):
    assert init(client, client="sec_wrong", amount=10, currency="PKR").status_code == 401
    assert init(client, client="sec_f", amount="1.001", currency="USD").status_code == 400
    assert init(client, client="sec_f", amount=-5, currency="PKR").status_code == 400
    assert init(client, client="sec_f", amount="12.5", currency="USDX").status_code == 400
    tracker = init(client, client="sec_f", amount="2056.50", currency="USD").json()["data"]["token"]

    status = client.get(f"/_fakepay/safepay/reporter/api/v1/payments/{tracker}", HTTP_X_SFPY_MERCHANT_SECRET="v1_f")
    assert status.json()["data"] == {"token": tracker, "state": "TRACKER_STARTED", "amount": "2056.50",
                                     "currency": "USD", "metadata": {"order_id": ""}}
    assert state.get("safepay", tracker).amount == Decimal("2056.50")
    assert client.get(f"/_fakepay/safepay/reporter/api/v1/payments/{tracker}",
                      HTTP_X_SFPY_MERCHANT_SECRET="wrong").status_code == 401


def test_unknown_pages_and_trackers_are_not_found(client):
    assert client.get("/_fakepay/safepay/components?beacon=track_nothing").status_code == 404
    assert client.get("/_fakepay/pay/stripe/cs_test_nothing/").status_code == 404
    assert client.get("/_fakepay/pay/paypal/anything/").status_code == 404
    assert client.get("/_fakepay/safepay/reporter/api/v1/payments/track_x",
                      HTTP_X_SFPY_MERCHANT_SECRET="v1_f").status_code == 404
