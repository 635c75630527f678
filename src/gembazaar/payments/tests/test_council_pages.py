"""The council console's payment pages: list, ledger and receipt form, statement upload; and the
doors closed to buyers, sellers and strangers."""

import csv
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gembazaar.payments import refunds, selectors, services
from gembazaar.payments.models import Payment, PaymentEntry, Refund

from .conftest import make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def upload(client, text: str, name: str = "statement.csv"):
    return client.post(reverse("council:payment_statement"),
                       {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


def test_the_list_shows_payments_filtered_by_status_and_searched_by_reference(staff_client):
    pending = make_payment()
    paid = make_payment()
    paid.status = "paid"
    paid.save()

    everything = staff_client.get(reverse("council:payment_list"))
    only_paid = staff_client.get(reverse("council:payment_list"), {"status": "paid"})
    searched = staff_client.get(reverse("council:payment_list"), {"q": pending.reference.lower().replace("-", " ")})

    assert everything.status_code == 200
    assert pending.reference in everything.text and paid.reference in everything.text
    assert paid.reference in only_paid.text and pending.reference not in only_paid.text
    assert pending.reference in searched.text and paid.reference not in searched.text
    assert 'aria-current="page">Payments' in everything.text


def test_the_list_shows_a_placed_checkouts_payment_and_opens_nothing(staff_client, two_seller_payment):
    response = staff_client.get(reverse("council:payment_list"))
    assert two_seller_payment.reference in response.text
    Payment.objects.all().delete()
    staff_client.get(reverse("council:payment_list"))
    assert not Payment.objects.exists()  # a GET writes nothing: payments open when checkouts are placed


def test_checkouts_placed_before_payments_existed_get_theirs_from_the_migration(two_seller_payment):
    migration = importlib.import_module("gembazaar.payments.migrations.0002_open_payments_of_earlier_checkouts")
    Payment.objects.all().delete()
    migration.open_payments(django_apps, None)
    migration.open_payments(django_apps, None)  # and again: nothing twice
    payment = Payment.objects.get()
    assert (payment.reference, payment.amount_due) == (two_seller_payment.reference, two_seller_payment.amount_due)


def test_staff_record_a_part_then_the_rest_and_the_orders_are_paid(staff_client, two_seller_payment):
    url = reverse("council:payment_detail", args=[two_seller_payment.reference])
    page = staff_client.get(url)
    key = page.context["form"]["idempotency_key"].value()

    part = staff_client.post(url, {"amount": "1000.00", "idempotency_key": key})
    repeated = staff_client.post(url, {"amount": "1000.00", "idempotency_key": key})  # a double click
    rest = staff_client.post(url, {"amount": "1056", "idempotency_key": "another", "bank_transaction_id": "TX-7"},
                             follow=True)

    assert part.status_code == repeated.status_code == 302
    assert rest.status_code == 200
    assert PaymentEntry.objects.filter(kind="capture").count() == 2
    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == "paid"
    assert set(two_seller_payment.checkout.orders.values_list("status", flat=True)) == {"paid"}
    assert "TX-7" in rest.text and "$2,056.00" in rest.text
    assert "Recorded 1056.00 USD received." in rest.text  # not "1.056E+3"


@pytest.mark.parametrize(("amount", "message"), [
    ("10.001", "USD allows at most 2 decimal places."),
    ("0", "Must be greater than zero."),
    ("-5", "Must be greater than zero."),
    ("1E+20", "Enter a number."),
    ("10000000000000", "Ensure that there are no more than 12 digits before the decimal point."),
])
def test_a_bad_amount_answers_400_naming_the_field(staff_client, amount, message):
    payment = make_payment()

    response = staff_client.post(reverse("council:payment_detail", args=[payment.reference]),
                                 {"amount": amount, "idempotency_key": "k"})

    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == [message]
    assert not PaymentEntry.objects.exists()


def test_a_bank_transaction_recorded_with_another_amount_is_refused_at_its_field(staff_client):
    payment = make_payment()
    url = reverse("council:payment_detail", args=[payment.reference])
    staff_client.post(url, {"amount": "10", "idempotency_key": "a", "bank_transaction_id": "TX-1"})

    response = staff_client.post(url, {"amount": "12", "idempotency_key": "b", "bank_transaction_id": "TX-1"})

    assert response.status_code == 409
    assert response.context["form"].errors["bank_transaction_id"]
    assert PaymentEntry.objects.count() == 1


def test_an_unknown_reference_is_404(staff_client):
    assert staff_client.get(reverse("council:payment_detail", args=["GBC-0000-NOPE0000"])).status_code == 404


def test_a_statement_is_previewed_then_applied_once(staff_client, two_seller_payment):
    text = ("date,reference,amount,currency,bank transaction id\n"
            f"2026-12-07,{two_seller_payment.reference},2056.00,USD,T1\n"
            "2026-12-07,=HYPERLINK(\"http://evil.example\"),5.00,USD,T2\n")

    preview = upload(staff_client, text)
    assert preview.status_code == 200
    assert not PaymentEntry.objects.exists()
    match = preview.context["match"]
    assert (len(match.matched), len(match.unmatched)) == (1, 1)
    encoded = preview.context["encoded"]

    applied = staff_client.post(reverse("council:payment_statement_apply"), {"statement": encoded})
    again = staff_client.post(reverse("council:payment_statement_apply"), {"statement": encoded})
    second_preview = upload(staff_client, text)

    assert applied.status_code == again.status_code == 302
    assert PaymentEntry.objects.filter(kind="capture").count() == 1
    assert len(second_preview.context["match"].already_recorded) == 1
    assert set(two_seller_payment.checkout.orders.values_list("status", flat=True)) == {"paid"}

    unmatched = staff_client.post(reverse("council:payment_statement_unmatched"), {"statement": encoded})
    rows = list(csv.reader(io.StringIO(unmatched.content.decode("utf-8-sig"))))
    assert rows[1][2] == "'=HYPERLINK(\"http://evil.example\")"


@pytest.mark.parametrize(("text", "where"), [
    ("date,reference,amount,currency\n2026-12-07,GBC-2612-AAAAAAAA,1,USD\n",
     "Row 1, column “bank_transaction_id”"),
    ("date,reference,amount,currency,bank_transaction_id\n2026-12-07,GBC-2612-AAAAAAAA,1.999,USD,T\n",
     "Row 2, column “amount”"),
    ("date,reference,amount,currency,bank_transaction_id\n31-31-2026,GBC-2612-AAAAAAAA,1,USD,T\n",
     "Row 2, column “date”"),
])
def test_a_bad_statement_answers_400_naming_the_row_and_column(staff_client, text, where):
    response = upload(staff_client, text)

    assert response.status_code == 400
    assert where in response.text


def test_a_statement_over_1_mb_answers_400(staff_client):
    response = upload(staff_client, "date,reference,amount,currency,bank transaction id\n" + "x" * (1024 * 1024))

    assert response.status_code == 400
    assert "larger than 1 MB" in response.text


def test_the_list_reads_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    make_payment()
    staff_client.get(reverse("council:payment_list"))  # warm: session, user, groups
    with django_assert_max_num_queries(12) as few:
        staff_client.get(reverse("council:payment_list"))
    for _ in range(15):
        make_payment()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("council:payment_list"))

    assert response.context["page"].paginator.count == 16


def test_a_tampered_apply_answers_400(staff_client):
    response = staff_client.post(reverse("council:payment_statement_apply"), {"statement": "not base64!"})
    assert response.status_code == 400


@pytest.fixture
def pages():
    payment = make_payment(amount_due=Decimal("10.00"))
    return [("get", reverse("council:payment_list"), {}),
            ("get", reverse("council:payment_detail", args=[payment.reference]), {}),
            ("post", reverse("council:payment_detail", args=[payment.reference]),
             {"amount": "10", "idempotency_key": "x"}),
            ("get", reverse("council:payment_statement"), {}),
            ("post", reverse("council:payment_statement_apply"), {"statement": ""}),
            ("post", reverse("council:payment_statement_unmatched"), {"statement": ""}),
            ("post", reverse("council:payment_refund", args=[payment.reference]),
             {"refund_amount": "1", "refund_bank_transaction_id": "R", "refund_reason": "x", "refund_key": "k"})]


@pytest.mark.parametrize("who", ["buyer", "seller_user"])
def test_buyers_and_sellers_get_403_on_every_payment_page(client, request, who, pages):
    client.force_login(request.getfixturevalue(who))

    for method, url, data in pages:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert not PaymentEntry.objects.exists()


def test_strangers_are_sent_to_sign_in(client, pages):
    for method, url, data in pages:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "login" in response["Location"], url


def refund(client, payment, amount, key="r1", bank_id="REF-1"):
    return client.post(reverse("council:payment_refund", args=[payment.reference]), {
        "refund_amount": amount, "refund_bank_transaction_id": bank_id,
        "refund_reason": "Stone returned: not as described", "refund_key": key}, follow=True)


def test_staff_record_a_part_refund_once_and_the_ledger_shows_it(staff_client, staff):
    payment = make_payment(amount_due=Decimal("100.00"))
    services.payment_capture_record(payment=payment, amount="100.00", currency="USD", actor=staff)
    page = staff_client.get(reverse("council:payment_detail", args=[payment.reference])).text
    assert 'id="refund-title"' in page  # offered once money was received

    first = refund(staff_client, payment, "40.00")
    again = refund(staff_client, payment, "40.00")  # the same form sent twice

    assert first.status_code == again.status_code == 200
    assert "Recorded 40.00 USD paid back." in first.text
    assert list(PaymentEntry.objects.filter(kind="refund").values_list("amount", "provider_event_id", "note")) == [
        (Decimal("40.000"), "REF-1", "Stone returned: not as described")]
    assert selectors.payment_received(payment=payment) == Decimal("60.00")


def test_a_refund_beyond_what_was_received_is_refused_at_its_field(staff_client, staff):
    payment = make_payment(amount_due=Decimal("100.00"))
    services.payment_capture_record(payment=payment, amount="30.00", currency="USD", actor=staff)

    response = refund(staff_client, payment, "30.01")

    assert response.status_code == 400
    assert "At most 30.00 USD can be refunded." in response.context["refund_form"].errors["refund_amount"][0]
    assert not PaymentEntry.objects.filter(kind="refund").exists() and not Refund.objects.exists()


def test_a_bank_refund_left_without_its_bank_id_waits_to_be_confirmed_sent(staff_client, staff):
    payment = make_payment(amount_due=Decimal("100.00"))
    services.payment_capture_record(payment=payment, amount="100.00", currency="USD", actor=staff)

    page = refund(staff_client, payment, "25.00", bank_id="").content.decode()

    pending = Refund.objects.get()
    assert pending.status == Refund.Status.REQUESTED and 'data-testid="refunds"' in page
    assert not PaymentEntry.objects.filter(kind="refund").exists()  # nothing went back yet
    sent_url = reverse("council:refund_sent", args=[payment.reference, pending.pk])
    staff_client.post(sent_url, {"bank_transaction_id": "FT-BACK-7"})
    pending.refresh_from_db()
    assert pending.status == Refund.Status.SUCCEEDED
    assert PaymentEntry.objects.get(kind="refund").provider_event_id == "FT-BACK-7"


def test_a_refund_of_another_payment_cannot_be_confirmed_through_this_one(staff_client, staff):
    payment, other = make_payment(), make_payment()
    services.payment_capture_record(payment=other, amount="100.00", currency="USD", actor=staff)
    foreign = refunds.refund_request(payment=other, amount="5.00", actor=staff)
    response = staff_client.post(reverse("council:refund_sent", args=[payment.reference, foreign.pk]),
                                 {"bank_transaction_id": "X"})
    assert response.status_code == 404
    assert Refund.objects.get().status == Refund.Status.REQUESTED


def test_a_refused_bank_id_leaves_no_refund_request_behind(staff_client, staff):
    payment = make_payment(amount_due=Decimal("100.00"))
    services.payment_capture_record(payment=payment, amount="100.00", currency="USD", actor=staff,
                                    provider_event_id="FT-IN-1")
    response = refund(staff_client, payment, "10.00", bank_id="FT-IN-1")  # the incoming transfer's id
    assert response.status_code == 409
    assert not Refund.objects.exists() and not PaymentEntry.objects.filter(kind="refund").exists()


def test_no_refund_form_before_money_arrives(staff_client):
    payment = make_payment()
    assert 'id="refund-title"' not in staff_client.get(
        reverse("council:payment_detail", args=[payment.reference])).text
