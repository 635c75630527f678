"""Invoices are issued when an order is paid, once, numbered gap-free per seller and year, and keep
what they said when the seller's details change later."""

from decimal import Decimal

import pytest
from django.utils import timezone

from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.payments import invoices
from gembazaar.payments.models import Invoice, InvoiceCounter
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing, make_seller

from .conftest import placed_payment

pytestmark = pytest.mark.django_db


def pay(payment, staff, django_capture_on_commit_callbacks):
    """Record the whole amount by bank transfer, running what waits for the commit (the invoice)."""
    with django_capture_on_commit_callbacks(execute=True):
        BANK_TRANSFER.receipt_record(payment=payment, amount=payment.amount_due.quantize(Decimal("0.01")), actor=staff)


def test_paying_an_order_issues_its_invoice_with_the_first_number_of_the_year(
        buyer, seller, staff, django_capture_on_commit_callbacks):
    payment = placed_payment(buyer, make_gem_listing(seller=seller, price=Decimal("1250.00")))
    pay(payment, staff, django_capture_on_commit_callbacks)

    order = payment.checkout.orders.get()
    invoice = Invoice.objects.get(order=order)
    year = timezone.localdate().year
    assert invoice.number == f"S{seller.pk:04d}-{year}-000001"
    assert (invoice.seller, invoice.year, invoice.sequence) == (seller, year, 1)
    assert invoice.snapshot["order"]["number"] == order.number
    assert invoice.snapshot["order"]["total"] == str(order.total)


def test_each_seller_counts_its_own_invoices(buyer, seller, staff, django_capture_on_commit_callbacks):
    other = make_seller(trade_name="Hunza Ruby Co")
    for listing in (make_gem_listing(seller=seller), make_gem_listing(seller=other),
                    make_gem_listing(seller=seller)):
        pay(placed_payment(buyer, listing), staff, django_capture_on_commit_callbacks)

    assert sorted(Invoice.objects.filter(seller=seller).values_list("sequence", flat=True)) == [1, 2]
    assert list(Invoice.objects.filter(seller=other).values_list("sequence", flat=True)) == [1]
    assert InvoiceCounter.objects.get(seller=seller).last_number == 2


def test_a_second_issue_returns_the_same_invoice_and_takes_no_number(
        buyer, seller, staff, django_capture_on_commit_callbacks):
    payment = placed_payment(buyer, make_gem_listing(seller=seller))
    pay(payment, staff, django_capture_on_commit_callbacks)
    order = payment.checkout.orders.get()

    again = invoices.invoice_issue(order=order)

    assert again == Invoice.objects.get(order=order)
    assert InvoiceCounter.objects.get(seller=seller).last_number == 1


def test_an_unpaid_order_gets_no_invoice(buyer, seller):
    order = placed_payment(buyer, make_gem_listing(seller=seller)).checkout.orders.get()

    with pytest.raises(DomainError) as refused:
        invoices.invoice_issue(order=order)

    assert (refused.value.code, refused.value.field) == ("order_not_paid", "order")
    assert not Invoice.objects.exists() and not InvoiceCounter.objects.filter(last_number__gt=0).exists()


def test_an_order_paid_before_invoices_existed_gets_one_on_demand(buyer, seller, staff):
    payment = placed_payment(buyer, make_gem_listing(seller=seller))
    # Outside django_capture_on_commit_callbacks: the receiver's on_commit never runs, as before invoices.
    BANK_TRANSFER.receipt_record(payment=payment, amount=payment.amount_due.quantize(Decimal("0.01")), actor=staff)
    order = payment.checkout.orders.get()
    assert not Invoice.objects.exists()

    invoice = invoices.invoice_get_for_buyer(user=buyer, number=order.number)

    assert invoice.order == order and invoice.sequence == 1


def test_an_order_cancelled_after_payment_keeps_its_invoice_available(
        buyer, seller, staff, django_capture_on_commit_callbacks):
    payment = placed_payment(buyer, make_gem_listing(seller=seller))
    pay(payment, staff, django_capture_on_commit_callbacks)
    order = payment.checkout.orders.get()
    issued = Invoice.objects.get(order=order)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)  # however it got there

    assert invoices.invoice_get_for_staff(number=order.number) == issued


def test_the_invoice_keeps_the_seller_as_it_was_when_issued(buyer, seller, staff, django_capture_on_commit_callbacks):
    seller.council_membership_no, seller.tax_number = "PGJDC-0042", "1234567-8"
    seller.save()
    payment = placed_payment(buyer, make_gem_listing(seller=seller))
    pay(payment, staff, django_capture_on_commit_callbacks)

    seller.legal_name, seller.city, seller.tax_number = "Renamed Gems (Pvt) Ltd", "Karachi", "7654321-0"
    seller.save()

    snapshot = Invoice.objects.get().snapshot["seller"]
    assert snapshot["legal_name"] != "Renamed Gems (Pvt) Ltd"
    assert (snapshot["city"], snapshot["tax_number"], snapshot["council_membership_no"]) == (
        "Peshawar", "1234567-8", "PGJDC-0042")


def test_a_paid_transition_by_hand_issues_the_invoice_too(buyer, seller, staff, django_capture_on_commit_callbacks):
    order = placed_payment(buyer, make_gem_listing(seller=seller)).checkout.orders.get()

    with django_capture_on_commit_callbacks(execute=True):
        transitions.order_mark_paid(order=order, actor=staff)

    assert Invoice.objects.filter(order=order).exists()


def test_hostile_order_numbers_are_simply_not_found(buyer):
    for number in ("x\x00y", "9" * 500, "' OR 1=1 --", ""):
        with pytest.raises(Order.DoesNotExist):
            invoices.invoice_get_for_buyer(user=buyer, number=number)


@pytest.mark.parametrize(("language", "pdf_language"), [("ur", "ur"), ("zh-hans", "en")])
def test_the_buyer_is_emailed_the_invoice_in_their_language(buyer, seller, staff, mailoutbox, language, pdf_language,
                                                           django_capture_on_commit_callbacks):
    buyer.preferred_language = language
    buyer.save()
    payment = placed_payment(buyer, make_gem_listing(seller=seller, price=Decimal("1250.00")))
    mailoutbox.clear()
    pay(payment, staff, django_capture_on_commit_callbacks)

    invoice = Invoice.objects.get()
    [message] = [m for m in mailoutbox if m.attachments]
    assert message.to == [buyer.email] and message.extra_headers["Content-Language"] == language
    assert invoice.number in message.subject and "Invoice" not in message.subject  # the reader's language
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == (f"invoice-{invoice.number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF") and f"/Lang ({pdf_language})".encode() in content
