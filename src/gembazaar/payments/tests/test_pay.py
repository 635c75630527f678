"""The payment step: which ways to pay a checkout offers (country, currency, amount), the buyer's
payment page and API, bank transfer by SWIFT or Raast, cash on delivery, and the refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order, StockReservation
from gembazaar.orders.tests.conftest import UAE_ADDRESS, add, make_buyer, place
from gembazaar.payments import paying
from gembazaar.payments.methods import payment_methods
from gembazaar.payments.models import Payment, PaymentEntry
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db

BANK = {"account_name": "PGJDC Trade Assurance", "bank": "Habib Bank Limited", "iban": "PK36SCBL0000001123456702",
        "swift": "HABBPKKA", "raast_id": "03001234567"}


@pytest.fixture(autouse=True)
def _card_keys(settings):
    settings.SAFEPAY_API_KEY, settings.STRIPE_SECRET_KEY = "sec_test", "sk_test"
    settings.BANK_TRANSFER = BANK


def checkout_payment(buyer, seller, *, price="1250.00", currency="USD", charge="USD", address=None) -> Payment:
    add(buyer, make_gem_listing(seller=seller, price=Decimal(price), currency=currency))
    return place(buyer, currency=charge, address=address).checkout.payments.get()


def offered(payment) -> dict[str, tuple[bool, str]]:
    return {o.method: (o.available, o.provider) for o in payment_methods(payment=payment)}


# --- Which ways are offered ------------------------------------------------------------------


def test_a_buyer_abroad_pays_by_stripe_card_or_swift_and_never_cash(buyer, seller):
    payment = checkout_payment(buyer, seller, address=UAE_ADDRESS)
    methods = {o.method: o for o in payment_methods(payment=payment)}
    assert (methods["card"].available, methods["card"].provider) == (True, "stripe")
    assert (methods["bank_transfer"].available, methods["bank_transfer"].rail) == (True, "swift")
    assert not methods["cash_on_delivery"].available and methods["cash_on_delivery"].reason


def test_a_buyer_in_pakistan_paying_rupees_gets_safepay_raast_and_cash(buyer, seller):
    payment = checkout_payment(buyer, seller, price="50000.00", currency="PKR", charge="PKR")
    methods = {o.method: o for o in payment_methods(payment=payment)}
    assert (methods["card"].available, methods["card"].provider) == (True, "safepay")
    assert methods["bank_transfer"].rail == "raast"
    assert methods["cash_on_delivery"].available


def test_cash_on_delivery_stops_at_the_limit_and_cards_at_theirs(buyer, seller, settings):
    settings.PAYMENTS_COD_LIMIT_PKR, settings.PAYMENTS_CARD_MAX_USD = 40000, 100
    payment = checkout_payment(buyer, seller, price="50000.00", currency="PKR", charge="PKR")
    assert offered(payment)["cash_on_delivery"][0] is False
    assert offered(payment)["card"][0] is False  # 50,000 PKR is more than 100 USD
    assert offered(payment)["bank_transfer"][0] is True


def test_safepay_is_not_offered_in_a_currency_it_does_not_charge(buyer, seller):
    payment = checkout_payment(buyer, seller, charge="EUR")
    assert offered(payment)["card"] == (False, "safepay")


def test_a_card_provider_without_its_key_is_not_offered(buyer, seller, settings):
    settings.STRIPE_SECRET_KEY = ""
    payment = checkout_payment(buyer, seller, address=UAE_ADDRESS)
    assert offered(payment)["card"] == (False, "stripe")
    with pytest.raises(DomainError) as refused:
        paying.payment_start(payment=payment, method="card")
    assert (refused.value.code, refused.value.field) == ("method_not_offered", "method")
    assert not PaymentEntry.objects.exists()


# --- Starting ---------------------------------------------------------------------------------


def test_cash_on_delivery_sends_the_orders_to_the_sellers_and_keeps_the_stock(buyer, seller):
    payment = checkout_payment(buyer, seller, price="50000.00", currency="PKR", charge="PKR")

    paying.payment_start(payment=payment, method="cash_on_delivery")

    order = Order.objects.get()
    assert order.status == Order.Status.PROCESSING
    assert order.events.last().note_code == "cash_on_delivery"
    assert StockReservation.objects.get().converted_at is not None  # the hold no longer expires
    with pytest.raises(DomainError) as refused:  # the sellers already have it: no switching to a card now
        paying.payment_start(payment=payment, method="card")
    assert refused.value.code == "method_locked"


def test_a_part_paid_transfer_is_finished_the_same_way(buyer, seller, staff):
    payment = checkout_payment(buyer, seller)
    paying.payment_start(payment=payment, method="bank_transfer")
    BANK_TRANSFER.receipt_record(payment=payment, amount="100.00", actor=staff)
    payment.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        paying.payment_start(payment=payment, method="card")
    assert (refused.value.code, refused.value.field) == ("method_locked", "method")
    assert Payment.objects.get().provider == "bank_transfer"


def test_a_paid_checkout_cannot_be_paid_again(buyer, seller, staff):
    payment = checkout_payment(buyer, seller)
    BANK_TRANSFER.receipt_record(payment=payment, amount=str(payment.amount_due.quantize(Decimal("0.01"))),
                                 actor=staff)
    payment.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        paying.payment_start(payment=payment, method="bank_transfer")
    assert refused.value.code == "already_paid"


# --- The page ---------------------------------------------------------------------------------


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


def test_the_page_shows_what_is_due_in_which_currency_and_the_ways_to_pay(buyer_client, buyer, seller):
    payment = checkout_payment(buyer, seller, price="350000.00", currency="PKR", charge="USD",
                               address=UAE_ADDRESS)
    page = buyer_client.get(reverse("payments:pay", args=[payment.reference])).content.decode()
    assert 'data-testid="method-card"' in page and 'data-testid="method-bank_transfer"' in page
    assert "You pay in USD." in page and "1 USD = 28" in page  # the rate, as a person reads it
    assert 'data-testid="bank-details"' not in page  # not before the buyer chose a transfer


def test_choosing_a_transfer_shows_the_swift_details_and_the_reference(buyer_client, buyer, seller):
    payment = checkout_payment(buyer, seller, address=UAE_ADDRESS)
    response = buyer_client.post(reverse("payments:pay_start", args=[payment.reference]),
                                 {"method": "bank_transfer"})
    assert response.status_code == 302
    page = buyer_client.get(response["Location"]).content.decode()
    assert 'data-testid="bank-details"' in page
    for value in ("PGJDC Trade Assurance", "PK36SCBL0000001123456702", "HABBPKKA", payment.reference):
        assert value in page
    assert "OUR" in page  # all charges paid by the sender, so the full amount arrives
    assert PaymentEntry.objects.filter(kind="attempt").count() == 1


def test_a_buyer_in_pakistan_is_shown_raast(buyer_client, buyer, seller):
    payment = checkout_payment(buyer, seller, price="50000.00", currency="PKR", charge="PKR")
    buyer_client.post(reverse("payments:pay_start", args=[payment.reference]), {"method": "bank_transfer"})
    page = buyer_client.get(reverse("payments:pay", args=[payment.reference])).content.decode()
    assert "Raast ID" in page and "03001234567" in page and "HABBPKKA" not in page


@pytest.mark.parametrize("method", ["cash_on_delivery", "cheque", "", "card\x00"])
def test_a_method_not_offered_is_refused_on_the_page_naming_why(buyer_client, buyer, seller, method):
    payment = checkout_payment(buyer, seller, address=UAE_ADDRESS)
    response = buyer_client.post(reverse("payments:pay_start", args=[payment.reference]), {"method": method})
    assert response.status_code == 400
    if "\x00" not in method:  # a NUL byte is refused before the view, by the site's input guard
        assert 'data-testid="pay-error"' in response.content.decode()
    assert not PaymentEntry.objects.exists()


def test_another_buyers_payment_is_not_found(client, buyer, seller):
    payment = checkout_payment(buyer, seller)
    client.force_login(make_buyer("intruder"))
    assert client.get(reverse("payments:pay", args=[payment.reference])).status_code == 404
    assert client.post(reverse("payments:pay_start", args=[payment.reference]),
                       {"method": "bank_transfer"}).status_code == 404
    assert not PaymentEntry.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, buyer, seller):
    payment = checkout_payment(buyer, seller)
    response = client.get(reverse("payments:pay", args=[payment.reference]))
    assert response.status_code == 302 and "login" in response["Location"]


# --- The API ----------------------------------------------------------------------------------


def test_the_api_lists_the_ways_and_starts_a_transfer(buyer_client, buyer, seller):
    payment = checkout_payment(buyer, seller, address=UAE_ADDRESS)
    url = f"/api/v1/payments/{payment.reference}"

    body = buyer_client.get(url).json()
    assert body["amount_due"] == str(payment.amount_due.quantize(Decimal("0.01"))) and body["currency"] == "USD"
    assert {m["method"]: m["available"] for m in body["methods"]} == {
        "card": True, "bank_transfer": True, "cash_on_delivery": False}
    assert body["instructions"] == {}

    started = buyer_client.post(f"{url}/start", {"method": "bank_transfer"}, content_type="application/json")
    assert started.status_code == 200, started.content
    instructions = started.json()["payment"]["instructions"]
    assert instructions["swift"] == "HABBPKKA" and instructions["reference"] == payment.reference


@pytest.mark.parametrize("body", [{"method": "cash_on_delivery"}, {"method": "x" * 21}, {"method": "card\x00"},
                                  {"method": 5}, {}])
def test_the_api_refuses_a_method_not_offered_naming_the_field(buyer_client, buyer, seller, body):
    payment = checkout_payment(buyer, seller, address=UAE_ADDRESS)
    response = buyer_client.post(f"/api/v1/payments/{payment.reference}/start", body,
                                 content_type="application/json")
    assert response.status_code in (400, 422), response.content
    assert "method" in response.content.decode()
    assert not PaymentEntry.objects.exists()


def test_the_api_hides_another_buyers_payment(client, buyer, seller):
    payment = checkout_payment(buyer, seller)
    assert client.get(f"/api/v1/payments/{payment.reference}").status_code == 401
    client.force_login(make_buyer("intruder"))
    assert client.get(f"/api/v1/payments/{payment.reference}").status_code == 404
