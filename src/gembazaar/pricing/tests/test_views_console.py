"""The council console's Rates tab: staff only, field errors with nothing recorded, the 50 % jump
confirmation, CSV upload, the recent entries table."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gembazaar.pricing import services
from gembazaar.pricing.models import FXRate, MetalRate
from gembazaar.sellers.models import SellerMember
from gembazaar.sellers.tests.conftest import make_council_user, make_user
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db

CONSOLE = "pricing:console"
POSTS = ["pricing:metal_rate_record", "pricing:fx_rate_record", "pricing:rates_csv_upload"]


@pytest.fixture
def staff(client):
    user = make_council_user("council")
    client.force_login(user)
    return user


def metal_post(**overrides) -> dict:
    data = {"metal-metal": "gold", "metal-fineness": "999", "metal-unit": "tola", "metal-price": "245000",
            "metal-currency": "PKR", "metal-source": "Lahore Sarafa", "metal-effective_at": ""}
    data.update({f"metal-{k}": v for k, v in overrides.items()})
    return data


def fx_post(**overrides) -> dict:
    data = {"fx-currency": "PKR", "fx-per_usd": "281.75", "fx-source": "State Bank of Pakistan",
            "fx-effective_at": ""}
    data.update({f"fx-{k}": v for k, v in overrides.items()})
    return data


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}_error">([^<]+)<', html)
    return match.group(1) if match else ""


# --- Who may use it -------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_recorded(client):
    response = client.get(reverse(CONSOLE))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for name in POSTS:
        response = client.post(reverse(name), metal_post())
        assert response.status_code == 302 and reverse("login") in response["Location"], name
    assert not MetalRate.objects.exists()


@pytest.mark.parametrize("who", ["buyer", "seller_owner", "admin_staff_not_in_council"])
def test_buyers_and_sellers_are_refused(client, who):
    user = make_user(who, is_staff=(who == "admin_staff_not_in_council"))
    if who == "seller_owner":
        SellerMember.objects.create(seller=make_seller(), user=user, role="owner")
    client.force_login(user)
    assert client.get(reverse(CONSOLE)).status_code == 403
    assert client.post(reverse("pricing:metal_rate_record"), metal_post()).status_code == 403
    assert client.post(reverse("pricing:fx_rate_record"), fx_post()).status_code == 403
    fx_before = FXRate.objects.count()
    upload = SimpleUploadedFile("r.csv", b"metal,fineness,unit,price,currency,source\ngold,999,tola,245000,PKR,x\n")
    assert client.post(reverse("pricing:rates_csv_upload"), {"csv-file": upload}).status_code == 403
    assert not MetalRate.objects.exists() and FXRate.objects.count() == fx_before


def test_the_rates_tab_is_in_the_console_nav(client, staff):
    html = client.get(reverse("council:queue")).content.decode()
    assert f'href="{reverse(CONSOLE)}"' in html
    page = client.get(reverse(CONSOLE)).content.decode()
    assert re.search(rf'href="{reverse(CONSOLE)}" aria-current="page"', page)


# --- Recording a metal rate -----------------------------------------------------------------

def test_staff_record_a_metal_rate_and_see_it_in_recent_entries(client, staff):
    response = client.post(reverse("pricing:metal_rate_record"), metal_post())
    assert response.status_code == 302 and response["Location"] == reverse(CONSOLE)
    rate = MetalRate.objects.get()
    assert (rate.metal, rate.fineness, rate.unit, rate.price, rate.currency) == (
        "gold", 999, "tola", Decimal("245000"), "PKR")
    assert rate.recorded_by == staff
    page = client.get(reverse(CONSOLE)).content.decode()
    table = page[page.index('data-testid="recent-metal"'):]
    assert "Lahore Sarafa" in table and "Council" in table  # source and who (the user's name)
    assert "Rs\xa0245,000" in table
    assert "Recorded:" in page and "0 listing prices changed." in page  # the success message


def test_the_success_message_says_how_many_listing_prices_changed(client, staff):
    from gembazaar.testing import make_jewelry_listing

    client.post(reverse("pricing:metal_rate_record"), metal_post())
    make_jewelry_listing(price_mode="metal_linked", jewelry={
        "karat": 22, "fineness": 916, "net_metal_weight_g": Decimal("10"), "gross_weight_g": Decimal("10")})
    response = client.post(reverse("pricing:metal_rate_record"), metal_post(price="247000"), follow=True)
    assert "1 listing price changed." in response.content.decode()


def test_each_rate_form_has_a_working_state_naming_the_listings_it_reprices(client, staff):
    """Recording a rate reprices in the same request (seconds at a million listings): the forms
    carry a hidden status line that console.js shows on submit, with the number of listings."""
    from gembazaar.testing import make_jewelry_listing

    make_jewelry_listing(price_mode="metal_linked")
    make_jewelry_listing(price_mode="metal_linked")
    make_jewelry_listing()  # fixed price: not counted
    page = client.get(reverse(CONSOLE)).content.decode()
    assert page.count("data-busy-form") == 3 and page.count("data-busy hidden") == 3
    assert "repricing up to 2 metal-linked listings" in page
    assert "pricing/console.js" in page


def test_a_karat_typed_by_hand_is_understood(client, staff):
    client.post(reverse("pricing:metal_rate_record"), metal_post(fineness="22K"))
    assert MetalRate.objects.get().fineness == 916


def test_an_effective_time_is_read_in_pakistan_time(client, staff):
    client.post(reverse("pricing:metal_rate_record"), metal_post(effective_at="2026-01-05T09:30"))
    at = MetalRate.objects.get().effective_at
    assert at == dt.datetime(2026, 1, 5, 4, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"price": "-5"}, "price", "greater than zero"),
    ({"price": "0"}, "price", "greater than zero"),
    ({"price": "abc"}, "price", "number"),
    ({"price": ""}, "price", "required"),
    ({"currency": "XYZ"}, "currency", "ISO 4217"),
    ({"fineness": "925"}, "fineness", "Gold comes in"),
    ({"fineness": "23K"}, "fineness", "parts per thousand"),
    ({"metal": "copper"}, "metal", "Choose one of"),
    ({"unit": "masha"}, "unit", "Choose one of"),
    ({"effective_at": "yesterday"}, "effective_at", "Enter a date and time"),
    ({"source": ""}, "source", "Name the source"),
])
def test_bad_input_names_the_field_and_records_nothing(client, staff, overrides, field, words):
    response = client.post(reverse("pricing:metal_rate_record"), metal_post(**overrides))
    assert response.status_code == 400
    message = field_error(response.content.decode(), f"id_metal-{field}")
    assert words in message
    assert not MetalRate.objects.exists()


def test_every_problem_is_reported_at_once(client, staff):
    response = client.post(reverse("pricing:metal_rate_record"), metal_post(price="-5", source="", currency="XYZ"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "greater than zero" in field_error(html, "id_metal-price")
    assert "Name the source" in field_error(html, "id_metal-source")
    assert "ISO 4217" in field_error(html, "id_metal-currency")
    assert not MetalRate.objects.exists()


def test_a_future_effective_time_is_refused(client, staff):
    later = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("pricing:metal_rate_record"), metal_post(effective_at=later))
    assert response.status_code == 400
    assert "future" in field_error(response.content.decode(), "id_metal-effective_at")
    assert not MetalRate.objects.exists()


# --- The 50 % jump --------------------------------------------------------------------------

def record_24k(price="245000", **extra):
    return services.record_metal_rate(metal="gold", fineness=999, unit="tola", price=price, currency="PKR",
                                      source="Lahore Sarafa", **extra)


def test_a_big_jump_asks_for_confirmation_showing_old_and_new_and_records_nothing(client, staff):
    record_24k()
    response = client.post(reverse("pricing:metal_rate_record"), metal_post(price="500000", source="Typo"))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="needs-confirmation"' in html
    old = re.search(r'data-testid="jump-old">([^<]+)<', html).group(1)
    new = re.search(r'data-testid="jump-new">([^<]+)<', html).group(1)
    assert old == "Rs\xa0245,000" and new == "Rs\xa0500,000"
    assert "+104.1 %" in html
    assert 'data-testid="confirm"' in html
    assert MetalRate.objects.count() == 1


def test_the_old_value_is_shown_in_the_unit_being_entered(client, staff):
    record_24k()  # per tola
    response = client.post(reverse("pricing:metal_rate_record"), metal_post(unit="ten_gram", price="50000"))
    old = re.search(r'data-testid="jump-old">([^<]+)<', response.content.decode()).group(1)
    assert old == "Rs\xa0210,051.54"  # 245,000 per tola = 210,051.54 per 10 g (11.6638038 g a tola)


def test_confirming_records_exactly_what_was_shown(client, staff):
    record_24k()
    html = client.post(reverse("pricing:metal_rate_record"), metal_post(price="500000")).content.decode()
    token = re.search(r'name="confirmation" value="([^"]+)"', html).group(1)
    response = client.post(reverse("pricing:metal_rate_record"), {"confirmation": token})
    assert response.status_code == 302
    newest = MetalRate.objects.order_by("-id").first()
    assert MetalRate.objects.count() == 2 and newest.price == Decimal("500000") and newest.recorded_by == staff


def test_a_tampered_confirmation_records_nothing(client, staff):
    record_24k()
    html = client.post(reverse("pricing:metal_rate_record"), metal_post(price="500000")).content.decode()
    token = re.search(r'name="confirmation" value="([^"]+)"', html).group(1)
    response = client.post(reverse("pricing:metal_rate_record"), {"confirmation": token[:-2] + "xx"})
    assert response.status_code == 400
    assert "expired or was altered" in response.content.decode()
    # A metal confirmation cannot be replayed on the FX form either.
    assert client.post(reverse("pricing:fx_rate_record"), {"confirmation": token}).status_code == 400
    assert MetalRate.objects.count() == 1


def test_a_small_change_needs_no_confirmation(client, staff):
    record_24k()
    assert client.post(reverse("pricing:metal_rate_record"), metal_post(price="250000")).status_code == 302
    assert MetalRate.objects.count() == 2


# --- FX rates ---------------------------------------------------------------------------------

def test_staff_record_an_fx_rate(client, staff):
    response = client.post(reverse("pricing:fx_rate_record"), fx_post())
    assert response.status_code == 302
    rate = FXRate.objects.filter(source="State Bank of Pakistan").get()
    assert rate.per_usd == Decimal("281.75") and rate.recorded_by == staff


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"per_usd": "-1"}, "per_usd", "greater than zero"),
    ({"per_usd": "0"}, "per_usd", "greater than zero"),
    ({"currency": "USD"}, "currency", "reference currency"),
    ({"currency": "ABC"}, "currency", "ISO 4217"),
])
def test_bad_fx_input_names_the_field_and_records_nothing(client, staff, overrides, field, words):
    before = FXRate.objects.count()
    response = client.post(reverse("pricing:fx_rate_record"), fx_post(**overrides))
    assert response.status_code == 400
    assert words in field_error(response.content.decode(), f"id_fx-{field}")
    assert FXRate.objects.count() == before


def test_an_fx_jump_is_confirmed_before_it_is_recorded(client, staff):
    services.record_fx_rate(currency="PKR", per_usd="281.50", source="SBP")
    before = FXRate.objects.count()
    response = client.post(reverse("pricing:fx_rate_record"), fx_post(per_usd="28.15"))
    assert response.status_code == 409
    html = response.content.decode()
    assert re.search(r'data-testid="jump-old">281\.5 PKR<', html)
    assert FXRate.objects.count() == before
    token = re.search(r'name="confirmation" value="([^"]+)"', html).group(1)
    assert client.post(reverse("pricing:fx_rate_record"), {"confirmation": token}).status_code == 302
    assert FXRate.objects.count() == before + 1


# --- CSV --------------------------------------------------------------------------------------

CSV_OK = ("kind,metal,fineness,unit,price,currency,source,effective_at\n"
          "metal,gold,999,tola,245000,PKR,Lahore Sarafa,\n"
          "metal,silver,999,tola,2800,PKR,Lahore Sarafa,\n"
          "fx,,,,281.60,PKR,SBP,\n")


def upload(client, text: str):
    file = SimpleUploadedFile("rates.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("pricing:rates_csv_upload"), {"csv-file": file})


def test_a_csv_upload_records_every_row(client, staff):
    response = upload(client, CSV_OK)
    assert response.status_code == 302
    assert MetalRate.objects.count() == 2
    assert FXRate.objects.filter(source="SBP", per_usd=Decimal("281.60")).exists()


def test_a_csv_with_one_bad_row_records_nothing_and_names_the_row(client, staff):
    fx_before = FXRate.objects.count()
    response = upload(client, CSV_OK + "metal,gold,925,tola,-5,PKR,Lahore Sarafa,\n")
    assert response.status_code == 400
    html = response.content.decode()
    assert "row 4.price" in html and "row 4.fineness" in html
    assert "Nothing was recorded" in html
    assert not MetalRate.objects.exists() and FXRate.objects.count() == fx_before


def test_a_csv_that_is_not_utf8_is_refused(client, staff):
    file = SimpleUploadedFile("rates.csv", "price,currency,source\n\xff\xfe".encode("latin-1"))
    response = client.post(reverse("pricing:rates_csv_upload"), {"csv-file": file})
    assert response.status_code == 400 and "UTF-8" in response.content.decode()


def test_a_csv_jump_is_shown_row_by_row_and_confirmed(client, staff):
    record_24k()
    response = upload(client, "metal,fineness,unit,price,currency,source\ngold,999,tola,600000,PKR,Typo\n")
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="jump-rows"' in html and "Rs\xa0245,000" in html and "Rs\xa0600,000" in html
    assert MetalRate.objects.count() == 1
    token = re.search(r'name="confirmation" value="([^"]+)"', html).group(1)
    assert client.post(reverse("pricing:rates_csv_upload"), {"confirmation": token}).status_code == 302
    assert MetalRate.objects.count() == 2


def test_a_confirmed_rate_that_is_no_longer_valid_is_shown_with_its_error_and_not_recorded(client, staff):
    from django.core import signing

    from gembazaar.pricing.views import CONFIRM_SALT

    payload = {"metal": "gold", "fineness": "999", "unit": "tola", "price": "500000", "currency": "XYZ",
               "source": "Lahore Sarafa", "effective_at": None}
    token = signing.dumps({"kind": "metal", "data": payload, "nonce": "n1"}, salt=CONFIRM_SALT, compress=True)
    response = client.post(reverse("pricing:metal_rate_record"), {"confirmation": token})
    assert response.status_code == 400
    assert "ISO 4217" in field_error(response.content.decode(), "id_metal-currency")
    assert not MetalRate.objects.exists()


def test_a_confirmation_is_used_once_so_a_double_click_records_one_rate(client, staff):
    record_24k()
    html = client.post(reverse("pricing:metal_rate_record"), metal_post(price="500000")).content.decode()
    token = re.search(r'name="confirmation" value="([^"]+)"', html).group(1)
    assert client.post(reverse("pricing:metal_rate_record"), {"confirmation": token}).status_code == 302
    again = client.post(reverse("pricing:metal_rate_record"), {"confirmation": token}, follow=True)
    assert "already used" in again.content.decode()
    assert MetalRate.objects.count() == 2


def test_a_csv_confirmation_is_used_once(client, staff):
    record_24k()
    html = upload(client, "metal,fineness,unit,price,currency,source\ngold,999,tola,600000,PKR,Typo\n").content.decode()
    token = re.search(r'name="confirmation" value="([^"]+)"', html).group(1)
    client.post(reverse("pricing:rates_csv_upload"), {"confirmation": token})
    client.post(reverse("pricing:rates_csv_upload"), {"confirmation": token})
    assert MetalRate.objects.count() == 2
