"""Who may download an invoice, on the site and through the API: the buyer (their own orders), the
seller's members and API keys (their seller's orders), council staff (any order). Anyone else, an
unknown number and an unpaid order: 404; anonymous: sign in (site) or 401 (API)."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from gembazaar.core.errors import DomainError
from gembazaar.orders.tests.conftest import make_buyer, make_member
from gembazaar.payments.models import Invoice
from gembazaar.payments.pdf import document
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.sellers.api_keys import api_key_create
from gembazaar.testing import make_gem_listing, make_seller

from .conftest import placed_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer, seller, staff, django_capture_on_commit_callbacks):
    payment = placed_payment(buyer, make_gem_listing(seller=seller, price=Decimal("1250.00")))
    with django_capture_on_commit_callbacks(execute=True):
        BANK_TRANSFER.receipt_record(payment=payment, amount=payment.amount_due.quantize(Decimal("0.01")),
                                     actor=staff)
    return payment.checkout.orders.get()


@pytest.fixture
def unpaid_order(buyer, seller):
    return placed_payment(buyer, make_gem_listing(seller=seller)).checkout.orders.get()


@pytest.fixture
def other_seller_order(buyer, staff, django_capture_on_commit_callbacks):
    payment = placed_payment(buyer, make_gem_listing(seller=make_seller(trade_name="Hunza Ruby Co")))
    with django_capture_on_commit_callbacks(execute=True):
        BANK_TRANSFER.receipt_record(payment=payment, amount=payment.amount_due.quantize(Decimal("0.01")),
                                     actor=staff)
    return payment.checkout.orders.get()


def is_invoice_pdf(response, order) -> bool:
    invoice = Invoice.objects.get(order=order)
    return (response.status_code == 200 and response["Content-Type"] == "application/pdf"
            and f'filename="invoice-{invoice.number}.pdf"' in response["Content-Disposition"]
            and invoice.number in PdfReader(io.BytesIO(response.content)).pages[0].extract_text())


def pdf_language(response) -> str:
    return str(PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Lang"])


# --- the site -----------------------------------------------------------------------------------


def test_the_buyer_downloads_their_invoice_in_the_language_asked(client, buyer, order):
    client.force_login(buyer)

    response = client.get(f"/orders/{order.number}/invoice.pdf?lang=ur")

    assert is_invoice_pdf(response, order)
    assert pdf_language(response) == "ur"


def test_a_language_the_site_does_not_offer_falls_back_to_the_readers(client, buyer, order):
    client.force_login(buyer)
    response = client.get(f"/orders/{order.number}/invoice.pdf?lang=xx")
    assert is_invoice_pdf(response, order) and pdf_language(response) == "en"


def test_another_buyer_and_an_unpaid_order_get_404_and_anonymous_signs_in(client, order, unpaid_order):
    assert client.get(f"/orders/{order.number}/invoice.pdf").status_code == 302

    client.force_login(make_buyer("stranger"))
    assert client.get(f"/orders/{order.number}/invoice.pdf").status_code == 404

    client.force_login(order.buyer)
    assert client.get(f"/orders/{unpaid_order.number}/invoice.pdf").status_code == 404
    assert client.get("/orders/NOPE-0000/invoice.pdf").status_code == 404


def test_the_sellers_member_downloads_only_its_own_sellers_invoices(client, seller, order, other_seller_order):
    client.force_login(make_member(seller, "clerk", role="staff"))

    assert is_invoice_pdf(client.get(f"/seller/orders/{order.number}/invoice.pdf"), order)
    assert client.get(f"/seller/orders/{other_seller_order.number}/invoice.pdf").status_code == 404


def test_council_staff_download_any_invoice_and_others_may_not(client, staff, buyer, order):
    client.force_login(buyer)
    assert client.get(f"/council/orders/{order.number}/invoice.pdf").status_code == 403

    client.force_login(staff)
    assert is_invoice_pdf(client.get(f"/council/orders/{order.number}/invoice.pdf"), order)


def test_the_order_pages_link_the_invoice_once_paid(client, buyer, staff, order, unpaid_order):
    client.force_login(buyer)
    assert f"/orders/{order.number}/invoice.pdf" in client.get(f"/orders/{order.number}/").content.decode()
    assert "invoice.pdf" not in client.get(f"/orders/{unpaid_order.number}/").content.decode()

    client.force_login(staff)
    page = client.get(f"/council/orders/{order.number}/").content.decode()
    assert f"/council/orders/{order.number}/invoice.pdf" in page


def test_the_seller_order_page_links_the_sellers_download(client, seller, order):
    client.force_login(make_member(seller, "owner2"))
    page = client.get(f"/seller/orders/{order.number}/").content.decode()
    assert f"/seller/orders/{order.number}/invoice.pdf" in page


# --- the API ------------------------------------------------------------------------------------


def test_the_buyer_gets_their_invoice_from_the_api(client, buyer, order, other_seller_order):
    assert client.get(f"/api/v1/orders/{order.number}/invoice.pdf").status_code == 401

    client.force_login(buyer)
    assert is_invoice_pdf(client.get(f"/api/v1/orders/{order.number}/invoice.pdf?lang=ar"), order)

    client.force_login(make_buyer("stranger"))
    response = client.get(f"/api/v1/orders/{order.number}/invoice.pdf")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_an_unknown_language_is_refused_naming_the_field(client, buyer, order):
    client.force_login(buyer)

    response = client.get(f"/api/v1/orders/{order.number}/invoice.pdf?lang=klingon")

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid_language", "lang")


def test_an_unpaid_order_has_no_invoice_in_the_api(client, buyer, unpaid_order):
    client.force_login(buyer)
    assert client.get(f"/api/v1/orders/{unpaid_order.number}/invoice.pdf").status_code == 404
    assert not Invoice.objects.filter(order=unpaid_order).exists()


def test_a_seller_api_key_reaches_its_own_sellers_invoices_only(client, seller, order, other_seller_order):
    key = api_key_create(seller=seller, name="ERP", created_by=make_member(seller, "owner3"))[1]
    auth = {"Authorization": f"Bearer {key}"}

    assert is_invoice_pdf(client.get(f"/api/v1/seller/orders/{order.number}/invoice.pdf", headers=auth), order)
    assert client.get(f"/api/v1/seller/orders/{other_seller_order.number}/invoice.pdf",
                      headers=auth).status_code == 404
    assert client.get(f"/api/v1/seller/orders/{order.number}/invoice.pdf").status_code == 401


def test_council_staff_get_any_invoice_from_the_api_and_buyers_are_forbidden(client, staff, buyer, order):
    client.force_login(buyer)
    assert client.get(f"/api/v1/council/orders/{order.number}/invoice.pdf").status_code == 403

    client.force_login(staff)
    assert is_invoice_pdf(client.get(f"/api/v1/council/orders/{order.number}/invoice.pdf"), order)


def test_hostile_numbers_are_not_found(client, staff):
    client.force_login(staff)
    for number in ("A" * 300, "1%27%20OR%201=1", "%E2%80%AE"):
        assert client.get(f"/api/v1/council/orders/{number}/invoice.pdf").status_code == 404, number
        assert client.get(f"/council/orders/{number}/invoice.pdf").status_code == 404, number
    # A NUL byte is refused by the site's guard before any view (400), never a 500.
    assert client.get("/api/v1/council/orders/%00/invoice.pdf").status_code == 400
    assert client.get("/council/orders/%00/invoice.pdf").status_code in (400, 404)


def test_the_invoice_endpoints_are_in_the_schema_as_pdf(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in ("/api/v1/orders/{number}/invoice.pdf", "/api/v1/seller/orders/{number}/invoice.pdf",
                 "/api/v1/council/orders/{number}/invoice.pdf"):
        operation = paths[path]["get"]
        assert "application/pdf" in operation["responses"]["200"]["content"], path
        assert {"404", "401"} <= set(operation["responses"]), path
        assert any(parameter["name"] == "lang" for parameter in operation["parameters"]), path


def test_a_chinese_reader_gets_the_invoice_in_english_and_chinese_is_refused_by_name():
    assert document.pdf_language(None, default="zh-hans") == "en"
    assert document.pdf_language("ur", default="zh-hans") == "ur"
    with pytest.raises(DomainError) as refused:
        document.pdf_language("zh-hans", default="en")
    assert refused.value.field == "lang"
