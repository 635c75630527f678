"""Export documents of a paid order: the commercial invoice says what customs needs (parties, HS
code, disclosed description, carats and grams, values, currency, origin, incoterm, tracking), the
packing list the same contents with no prices; the Form-E check at the US$5,000 courier limit; who
may download them (the order's seller and council staff only; unpaid: 404)."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.orders.tests.conftest import UAE_ADDRESS, make_buyer, make_member
from gembazaar.payments import export_documents, services
from gembazaar.payments.export_documents import FORM_E_REQUIRED, export_checks
from gembazaar.payments.pdf.export_documents import commercial_invoice_pdf, packing_list_pdf
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.sellers.api_keys import api_key_create
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

from .conftest import add, place, placed_payment

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pay(payment, staff, capture) -> Order:
    with capture(execute=True):
        BANK_TRANSFER.receipt_record(payment=payment, amount=payment.amount_due.quantize(Decimal("0.01")),
                                     actor=staff)
    return payment.checkout.orders.get()


@pytest.fixture
def shipped_order(buyer, seller, staff, django_capture_on_commit_callbacks) -> Order:
    seller.council_membership_no, seller.tax_number = "PGJDC-0042", "1234567-8"
    seller.address = "Shop 12, Namak Mandi"
    seller.save()
    emerald = make_gem_listing(seller=seller, title="Emerald 1.25 ct oval", price=Decimal("1250.00"),
                               hs_code="7103.91", origin_country="PK")
    synthetic = make_gem_listing(seller=seller, title="Ruby 2.05 ct cushion", price=Decimal("90.00"),
                                 hs_code="7104.91",
                                 gem={"species": "corundum", "variety": "ruby", "nature": "synthetic",
                                      "treatments": "N", "carat": Decimal("2.050"), "colour": "red"})
    ring = make_jewelry_listing(seller=seller, title="22K gold ring", price=Decimal("700.00"), currency="USD",
                                hs_code="7113.19")
    for listing in (emerald, synthetic, ring):
        add(buyer, listing)
    payment = services.payment_open(checkout=place(buyer, address=UAE_ADDRESS).checkout)
    order = pay(payment, staff, django_capture_on_commit_callbacks)
    member = make_member(seller, "shipper")
    transitions.order_accept(order=order, actor=member)
    return transitions.order_ship(order=order, actor=member, tracking_number="EE123456789PK",
                                  carrier="Pakistan Post EMS")


def test_the_commercial_invoice_says_what_customs_needs(shipped_order):
    text = text_of(commercial_invoice_pdf(shipped_order, language="en"))

    for said in ("Commercial invoice", f"CI-{shipped_order.number}", shipped_order.number,
                 shipped_order.seller.legal_name, "Namak Mandi", "NTN 1234567-8", "PGJDC-0042", "Pakistan",
                 "Omar Ali", "United Arab Emirates", "+971501234567",
                 "7103.91", "7104.91", "7113.19", "Emerald 1.25 ct oval", "Synthetic Ruby 2.05 ct cushion",
                 "Treatments: Oiling / resin infusion (O)",
                 "1.25 ct", "0.25 g", "2.05 ct", "0.41 g", "5.2 g",
                 "$1,250.00", "$90.00", "$700.00", f"${shipped_order.total:,.2f}", "USD", "DAP",
                 "not stated", "Pakistan Post EMS", "EE123456789PK", "We declare", "Signature"):
        assert said in text, said


def test_a_synthetic_stone_has_no_origin_and_a_mined_one_keeps_its_own(shipped_order):
    rows = {row.line.hs_code: row for row in export_documents.export_lines(shipped_order)}

    assert rows["7103.91"].origin_country == "PK"
    assert rows["7104.91"].origin_country == ""  # man-made: not the seller's country
    assert rows["7113.19"].origin_country == "PK"  # jewelry made by a Pakistani seller
    assert (rows["7103.91"].carats, rows["7103.91"].grams) == (Decimal("1.250"), Decimal("0.250"))


def test_the_packing_list_lists_contents_and_weights_but_no_prices(shipped_order):
    text = text_of(packing_list_pdf(shipped_order, language="en"))

    for said in ("Packing list", f"PL-{shipped_order.number}", "NTN 1234567-8", "United Arab Emirates",
                 "7103.91", "Synthetic Ruby 2.05 ct cushion", "1.25 ct", "0.25 g", "EE123456789PK"):
        assert said in text, said
    for price in ("$1,250.00", "$90.00", "$700.00", "1,250", "Total value", "Unit value"):
        assert price not in text, price


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_the_documents_are_drawn_in_urdu_and_arabic(shipped_order, language):
    pdf = commercial_invoice_pdf(shipped_order, language=language)
    text = text_of(pdf)

    # Codes and numbers survive right-to-left layout in one piece; the document says its language.
    for said in ("7103.91", shipped_order.number, "EE123456789PK", "1234567-8"):
        assert said in text, said
    assert str(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"]) == language


# --- Form-E: the US$5,000 courier limit ---------------------------------------------------------


def _order_of(buyer, seller, staff, capture, price: str) -> Order:
    listing = make_gem_listing(seller=seller, price=Decimal(price), currency="USD")
    return pay(placed_payment(buyer, listing), staff, capture)


def test_form_e_is_required_over_the_courier_limit_and_not_at_it(buyer, seller, staff,
                                                                  django_capture_on_commit_callbacks, settings):
    order = _order_of(buyer, seller, staff, django_capture_on_commit_callbacks, "1000.00")
    limit = export_documents.declared_value_usd(order)

    settings.EXPORT_COURIER_LIMIT_USD = limit  # exactly at the limit: the courier declares it
    assert FORM_E_REQUIRED not in export_checks(order)
    settings.EXPORT_COURIER_LIMIT_USD = limit - Decimal("0.01")  # a cent over: Form-E
    assert FORM_E_REQUIRED in export_checks(order)


def test_the_default_limit_is_5000_dollars(buyer, seller, staff, django_capture_on_commit_callbacks):
    under = _order_of(buyer, seller, staff, django_capture_on_commit_callbacks, "4000.00")
    over = _order_of(make_buyer("rich"), seller, staff, django_capture_on_commit_callbacks, "5000.00")

    assert export_documents.courier_limit_usd() == Decimal("5000")
    assert export_checks(under) == []
    assert export_checks(over) == [FORM_E_REQUIRED]  # 5,000 of goods plus shipping is over


def test_the_seller_page_warns_of_form_e_and_links_the_documents(client, buyer, seller, staff,
                                                                  django_capture_on_commit_callbacks):
    over = _order_of(buyer, seller, staff, django_capture_on_commit_callbacks, "6000.00")
    under = _order_of(make_buyer("modest"), seller, staff, django_capture_on_commit_callbacks, "100.00")
    client.force_login(make_member(seller, "owner4"))

    page = client.get(f"/seller/orders/{over.number}/").content.decode()
    assert 'data-check="form_e_required"' in page and "Form-E" in page
    assert f"/seller/orders/{over.number}/commercial-invoice.pdf" in page
    assert f"/seller/orders/{over.number}/packing-list.pdf" in page
    assert "form_e_required" not in client.get(f"/seller/orders/{under.number}/").content.decode()


# --- Who may download ---------------------------------------------------------------------------


def is_pdf(response, name: str) -> bool:
    return (response.status_code == 200 and response["Content-Type"] == "application/pdf"
            and name in response["Content-Disposition"])


def test_only_the_orders_seller_and_council_staff_get_the_documents(client, buyer, seller, staff, shipped_order,
                                                                     django_capture_on_commit_callbacks):
    number = shipped_order.number
    other = pay(placed_payment(buyer, make_gem_listing(seller=make_seller(trade_name="Hunza Ruby Co"))), staff,
                django_capture_on_commit_callbacks)
    unpaid = placed_payment(make_buyer("slow"), make_gem_listing(seller=seller)).checkout.orders.get()

    client.force_login(make_member(seller, "clerk", role="staff"))
    assert is_pdf(client.get(f"/seller/orders/{number}/commercial-invoice.pdf"), "commercial-invoice")
    assert is_pdf(client.get(f"/seller/orders/{number}/packing-list.pdf?lang=ur"), "packing-list")
    assert client.get(f"/seller/orders/{other.number}/commercial-invoice.pdf").status_code == 404
    assert client.get(f"/seller/orders/{unpaid.number}/commercial-invoice.pdf").status_code == 404
    for hostile in ("A" * 300, "1%27%20OR%201=1", "NOPE-0000"):
        assert client.get(f"/seller/orders/{hostile}/packing-list.pdf").status_code == 404, hostile

    client.force_login(buyer)  # the buyer is not the exporter
    assert client.get(f"/seller/orders/{number}/commercial-invoice.pdf").status_code in (302, 403, 404)
    assert client.get(f"/council/orders/{number}/commercial-invoice.pdf").status_code == 403

    client.force_login(staff)
    assert is_pdf(client.get(f"/council/orders/{number}/commercial-invoice.pdf"), "commercial-invoice")
    assert is_pdf(client.get(f"/council/orders/{number}/packing-list.pdf"), "packing-list")


def test_the_seller_api_serves_the_documents_of_its_own_orders(client, seller, buyer, staff, shipped_order,
                                                                django_capture_on_commit_callbacks):
    key = api_key_create(seller=seller, name="ERP", created_by=make_member(seller, "owner3"))[1]
    auth = {"Authorization": f"Bearer {key}"}
    other = pay(placed_payment(buyer, make_gem_listing(seller=make_seller(trade_name="Quetta Gems"))), staff,
                django_capture_on_commit_callbacks)
    base = "/api/v1/seller/orders"

    response = client.get(f"{base}/{shipped_order.number}/commercial-invoice.pdf", headers=auth)
    assert is_pdf(response, "commercial-invoice") and "EE123456789PK" in text_of(response.content)
    assert is_pdf(client.get(f"{base}/{shipped_order.number}/packing-list.pdf?lang=ar", headers=auth),
                  "packing-list")
    assert client.get(f"{base}/{other.number}/packing-list.pdf", headers=auth).status_code == 404
    assert client.get(f"{base}/{shipped_order.number}/packing-list.pdf").status_code == 401
    refused = client.get(f"{base}/{shipped_order.number}/packing-list.pdf?lang=klingon", headers=auth)
    assert refused.status_code == 400 and refused.json()["field"] == "lang"


def test_the_export_endpoints_are_in_the_schema_as_pdf(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in ("/api/v1/seller/orders/{number}/commercial-invoice.pdf",
                 "/api/v1/seller/orders/{number}/packing-list.pdf"):
        operation = paths[path]["get"]
        assert "application/pdf" in operation["responses"]["200"]["content"], path
        assert {"404", "401", "400"} <= set(operation["responses"]), path


def test_a_rough_diamond_without_its_kp_certificate_is_flagged_and_named_on_the_documents(
        buyer, seller, staff, django_capture_on_commit_callbacks):
    rough = {"species": "diamond", "variety": "", "nature": "natural", "shape": "rough", "cutting_style": "",
             "carat": Decimal("3.400"), "colour": "", "clarity": "", "treatments": "N",
             "kp_certificate": "PK-KP-2026-0042"}
    listing = make_gem_listing(seller=seller, title="Rough diamond 3.40 ct", hs_code="7102.31", gem=rough,
                               origin_locality="", price=Decimal("300.00"))
    order = pay(placed_payment(buyer, listing), staff, django_capture_on_commit_callbacks)

    assert export_checks(order) == []
    assert "Kimberley Process certificate PK-KP-2026-0042" in text_of(packing_list_pdf(order, language="en"))

    line = order.lines.get()
    line.spec = {key: value for key, value in line.spec.items() if key != "kp_certificate"}
    line.save(update_fields=["spec"])
    assert export_checks(order) == [export_documents.KP_CERTIFICATE_MISSING]


def test_the_council_order_page_links_its_downloads_and_the_buyers_page_does_not(client, buyer, staff,
                                                                                 shipped_order):
    client.force_login(staff)
    page = client.get(f"/council/orders/{shipped_order.number}/").content.decode()
    assert f"/council/orders/{shipped_order.number}/commercial-invoice.pdf" in page
    assert f"/council/orders/{shipped_order.number}/packing-list.pdf" in page

    client.force_login(buyer)
    assert "commercial-invoice.pdf" not in client.get(f"/orders/{shipped_order.number}/").content.decode()
