"""Checkout pages: who may enter, the address form's errors naming the field (nothing created),
the review with totals per seller and the price hold, placing once per idempotency key, and the
confirmation with the order numbers."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gembazaar.catalogue.models import Listing
from gembazaar.core.fx_snapshot import fx_rate
from gembazaar.orders.models import CartLine, Checkout, Order
from gembazaar.orders.views.checkout import DRAFT_SESSION_KEY
from gembazaar.testing import make_gem_listing, make_jewelry_listing

from .conftest import ADDRESS, add, make_buyer

pytestmark = pytest.mark.django_db


def form_data(seller_ids=(), **overrides):
    data = {f"shipping_{key}": value for key, value in ADDRESS.items()}
    data["billing_same"] = "on"
    data.update({f"method_{seller_id}": "standard" for seller_id in seller_ids})
    data.update(overrides)
    return data


def review_key(client) -> str:
    page = client.get(reverse("orders:checkout_review")).content.decode()
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page).group(1)


@pytest.fixture
def shopper(client, buyer, stone):
    add(buyer, stone)
    client.force_login(buyer)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ["orders:checkout", "orders:checkout_review"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    response = client.post(reverse("orders:checkout_place"), {"idempotency_key": "k"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Checkout.objects.exists()


def test_an_unconfirmed_email_gets_a_403_that_says_so(client, stone):
    buyer = make_buyer("unconfirmed", confirmed=False)
    add(buyer, stone)
    client.force_login(buyer)
    assert client.get(reverse("orders:checkout")).status_code == 403


def test_an_empty_cart_goes_back_to_the_cart(client, buyer):
    client.force_login(buyer)
    response = client.get(reverse("orders:checkout"))
    assert response.status_code == 302 and response["Location"] == reverse("orders:cart")


def test_the_form_offers_every_country_and_prices_shipping_per_seller(shopper, seller):
    page = shopper.get(reverse("orders:checkout")).content.decode()

    assert page.count("<option value=") > 240 * 2  # shipping and billing country: all of ISO 3166-1
    assert '<option value="PK"' in page and '<option value="TV"' in page
    assert f'name="method_{seller.pk}"' in page
    assert "From Swat Emerald House" in page


def test_the_shipping_choices_are_repriced_for_the_chosen_country(shopper, seller):
    home = shopper.get(reverse("orders:checkout_shipping"), {"shipping_country": "PK"}, HTTP_HX_REQUEST="true")
    abroad = shopper.get(reverse("orders:checkout_shipping"), {"shipping_country": "US"}, HTTP_HX_REQUEST="true")

    assert home.status_code == abroad.status_code == 200
    assert 'id="shipping-methods"' in home.content.decode()
    prices = [re.findall(r'method__price">([^<]+)<', r.content.decode()) for r in (home, abroad)]
    assert len(prices[0]) == 2 and prices[0] != prices[1]


def test_a_bad_phone_is_refused_naming_the_field_and_nothing_is_created(shopper, seller):
    response = shopper.post(reverse("orders:checkout"), form_data([seller.pk], shipping_phone="12"))

    body = response.content.decode()
    assert response.status_code == 400
    assert 'data-field="shipping_phone"' in body and "Phone: Enter a valid phone number for Pakistan" in body
    assert DRAFT_SESSION_KEY not in shopper.session
    assert not Checkout.objects.exists() and not Order.objects.exists()


def test_a_missing_country_is_refused_naming_the_field(shopper, seller):
    response = shopper.post(reverse("orders:checkout"), form_data([seller.pk], shipping_country=""))

    body = response.content.decode()
    assert response.status_code == 400
    assert "Country: Choose a country." in body
    assert DRAFT_SESSION_KEY not in shopper.session and not Checkout.objects.exists()


def test_an_unknown_country_code_is_refused(shopper, seller):
    response = shopper.post(reverse("orders:checkout"), form_data([seller.pk], shipping_country="XX"))
    assert response.status_code == 400 and "Country: Select a valid choice." in response.content.decode()


def test_a_separate_billing_address_must_be_complete(shopper, seller):
    data = form_data([seller.pk])
    del data["billing_same"]
    response = shopper.post(reverse("orders:checkout"), data)

    body = response.content.decode()
    assert response.status_code == 400
    for label in ["Full name", "Address", "City", "Phone"]:
        assert f'{label}: This field is required.' in body
    assert "Country: Choose a country." in body


def test_a_valid_form_goes_to_the_review_with_the_phone_in_e164(shopper, seller):
    response = shopper.post(reverse("orders:checkout"), form_data([seller.pk], notes="Please pack well."))

    assert response.status_code == 302 and response["Location"] == reverse("orders:checkout_review")
    draft = shopper.session[DRAFT_SESSION_KEY]
    assert draft["shipping_address"]["phone"] == "+923001234567"
    assert draft["billing_address"] is None and draft["notes"] == "Please pack well."
    assert not Checkout.objects.exists()


def test_the_review_shows_totals_per_seller_and_the_grand_total(client, buyer, stone, other_seller):
    ruby = make_gem_listing(seller=other_seller, price=Decimal("800.00"), currency="USD",
                            gem={"species": "corundum", "variety": "ruby", "colour": "red", "treatments": "N"})
    add(buyer, stone)
    add(buyer, ruby)
    client.force_login(buyer)
    client.post(reverse("orders:checkout"), form_data([stone.seller_id, other_seller.pk],
                                                      **{f"method_{other_seller.pk}": "express"}))

    page = client.get(reverse("orders:checkout_review")).content.decode()

    assert page.count('data-testid="review-group"') == 2
    assert "Total for Swat Emerald House" in page and "Total for Hunza Ruby Co" in page
    assert "Shipping: Express" in page and "Shipping: Standard" in page
    grand = re.search(r'data-testid="grand-total">([^<]+)<', page).group(1)
    assert grand.startswith("$") and Decimal(grand[1:].replace(",", "")) > Decimal("2050.00")
    assert "Sara Khan" in page and "+923001234567" in page


def test_the_review_shows_until_when_a_gold_price_is_held(client, buyer, seller):
    from gembazaar.pricing import services as pricing

    pricing.record_metal_rate(metal="gold", fineness=999, unit="tola", price=Decimal("452300"), currency="PKR",
                              source="Lahore Sarafa", confirm=True)
    ring = make_jewelry_listing(seller=seller, price_mode=Listing.PriceMode.METAL_LINKED, quantity=1)
    add(buyer, ring)
    client.force_login(buyer)
    client.post(reverse("orders:checkout"), form_data([seller.pk]))

    page = client.get(reverse("orders:checkout_review")).content.decode()

    line = CartLine.objects.get(cart__user=buyer)
    assert line.locked_until is not None
    from django.utils import timezone
    held = timezone.localtime(line.locked_until).strftime("%H:%M")
    assert f"Gold prices held until {held}" in page and f"Price held until {held}" in page


def test_placing_creates_the_orders_and_leads_to_the_payment_step(shopper, buyer, seller, stone):
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))

    response = shopper.post(reverse("orders:checkout_place"), {"idempotency_key": review_key(shopper)})

    checkout = Checkout.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:checkout_done", args=[checkout.reference])
    order = Order.objects.get()
    assert order.status == Order.Status.AWAITING_PAYMENT and order.buyer == buyer
    page = shopper.get(response["Location"]).content.decode()
    assert "Awaiting payment" in page and order.number in page
    assert reverse("payments:pay", args=[checkout.reference]) in page  # "Pay now": the payment step
    assert not CartLine.objects.filter(cart__user=buyer).exists()


def test_a_double_submit_with_the_same_key_creates_one_checkout(shopper, seller):
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))
    key = review_key(shopper)

    first = shopper.post(reverse("orders:checkout_place"), {"idempotency_key": key})
    second = shopper.post(reverse("orders:checkout_place"), {"idempotency_key": key})

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1


def test_the_same_key_with_other_data_is_refused_with_409(shopper, buyer, seller, lot):
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))
    key = review_key(shopper)
    shopper.post(reverse("orders:checkout_place"), {"idempotency_key": key})
    add(buyer, lot, 2)
    shopper.post(reverse("orders:checkout"), form_data([seller.pk], notes="Another order"))

    response = shopper.post(reverse("orders:checkout_place"), {"idempotency_key": key})

    assert response.status_code == 409
    assert Checkout.objects.count() == 1
    assert re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', response.content.decode()).group(1) != key


def test_a_stone_sold_meanwhile_sends_the_buyer_back_to_the_cart(shopper, seller, stone):
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))
    key = review_key(shopper)
    Listing.objects.filter(pk=stone.pk).update(status=Listing.Status.SOLD, quantity=0)

    response = shopper.post(reverse("orders:checkout_place"), {"idempotency_key": key})

    assert response.status_code == 302 and response["Location"] == reverse("orders:cart")
    assert "has been sold" in shopper.get(response["Location"]).content.decode()
    assert not Checkout.objects.exists()


def test_another_buyers_confirmation_is_not_found(client, shopper, seller, other_buyer):
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))
    shopper.post(reverse("orders:checkout_place"), {"idempotency_key": review_key(shopper)})
    reference = Checkout.objects.get().reference

    client.force_login(other_buyer)
    assert client.get(reverse("orders:checkout_done", args=[reference])).status_code == 404


def test_the_next_checkout_starts_from_the_last_address_but_not_its_notes(shopper, buyer, seller, lot):
    shopper.post(reverse("orders:checkout"), form_data([seller.pk], notes="Gift wrap, please."))
    shopper.post(reverse("orders:checkout_place"), {"idempotency_key": review_key(shopper)})
    add(buyer, lot, 2)

    assert shopper.get(reverse("orders:checkout_review"))["Location"] == reverse("orders:checkout")
    page = shopper.get(reverse("orders:checkout")).content.decode()
    assert 'value="12 Mall Road"' in page and "Gift wrap" not in page


def test_the_review_says_which_currency_is_charged_and_at_what_rate(shopper, seller):
    shopper.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))

    page = shopper.get(reverse("orders:checkout_review")).content.decode()
    note = page[page.index('data-testid="charge-currency"'):]
    note = note[:note.index("</p>")]
    rate = fx_rate("USD", "PKR")
    assert "You pay in PKR." in note and f"1 USD = {rate.normalize():f} PKR" in note


def test_no_rate_is_shown_when_nothing_is_converted(shopper, seller):
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))  # USD listings, USD display
    page = shopper.get(reverse("orders:checkout_review")).content.decode()
    assert "You pay in USD." in page and "1 USD =" not in page


def test_the_order_is_placed_in_the_currency_the_buyer_reviewed(shopper, seller):
    shopper.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})
    shopper.post(reverse("orders:checkout"), form_data([seller.pk]))
    key = review_key(shopper)
    shopper.post(reverse("set_currency"), {"currency": "EUR", "next": "/"})  # in another tab

    shopper.post(reverse("orders:checkout_place"), {"idempotency_key": key, "currency": "PKR"})

    assert Checkout.objects.get().currency == "PKR"
