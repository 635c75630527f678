"""Invoice numbers under concurrency, on PostgreSQL with real threads and real transactions: many
orders of one seller paid at the same moment get consecutive numbers, with no gap and no twin, and
one order's invoice asked for by many at once is issued once.

Without PostgreSQL these tests are deselected (see conftest.py at the root) and skip if reached
anyway, except with CI=true, where a missing database is a failure.
"""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection

from conftest import missing_service
from gembazaar.payments import invoices
from gembazaar.payments.models import Invoice, InvoiceCounter
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing, race

from .conftest import placed_payment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        missing_service("the invoice race tests need PostgreSQL (DATABASE_URL=postgres://…)")


def test_orders_of_one_seller_paid_at_once_get_consecutive_numbers(buyer, seller, staff):
    payments = [placed_payment(buyer, make_gem_listing(seller=seller)) for _ in range(10)]

    results = race(lambda payment: BANK_TRANSFER.receipt_record(
        payment=payment, amount=payment.amount_due.quantize(Decimal("0.01")), actor=staff).created, payments)

    assert results == [("ok", True)] * len(payments), results
    issued = Invoice.objects.filter(seller=seller)
    assert sorted(issued.values_list("sequence", flat=True)) == list(range(1, len(payments) + 1))
    assert len(set(issued.values_list("number", flat=True))) == len(payments)
    assert issued.values("order").distinct().count() == len(payments)
    assert InvoiceCounter.objects.get(seller=seller).last_number == len(payments)


def test_one_orders_invoice_asked_for_by_many_at_once_is_issued_once(buyer, seller, staff):
    first = placed_payment(buyer, make_gem_listing(seller=seller))
    BANK_TRANSFER.receipt_record(payment=first, amount=first.amount_due.quantize(Decimal("0.01")), actor=staff)
    order = first.checkout.orders.get()
    Invoice.objects.filter(order=order).delete()  # as an order paid before invoices existed
    InvoiceCounter.objects.filter(seller=seller).update(last_number=0)

    results = race(lambda _: invoices.invoice_issue(order=order).number, list(range(8)))

    assert Counter(code for code, _ in results) == {"ok": 8}, results
    assert len({number for _, number in results}) == 1
    assert Invoice.objects.filter(order=order).count() == 1
    assert InvoiceCounter.objects.get(seller=seller).last_number == 1
