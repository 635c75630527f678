import pytest
from django.urls import reverse

from gembazaar.accounts import services
from gembazaar.accounts.models import User

from .conftest import make_member, make_seller, make_user

pytestmark = pytest.mark.django_db


def test_the_account_page_needs_a_sign_in(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_account_page_shows_the_profile_and_an_unconfirmed_email(client, buyer):
    client.force_login(buyer)
    response = client.get(reverse("account"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amina@example.org" in html and "Not confirmed yet" in html
    assert reverse("email_confirmation_resend") in html
    assert reverse("password_change") in html
    assert "Buyer" in html and "Council staff" not in html


def test_a_confirmed_email_shows_as_confirmed(client, buyer):
    services.user_confirm_email(user_id=buyer.pk, email=buyer.email)
    client.force_login(buyer)
    html = client.get(reverse("account")).content.decode()
    assert "Confirmed" in html and reverse("email_confirmation_resend") not in html


@pytest.mark.urls("gembazaar.accounts.tests.urls")
def test_a_buyer_with_no_seller_is_offered_to_apply_when_the_application_exists(client, buyer):
    client.force_login(buyer)
    html = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("seller_apply")}"' in html and "Apply to sell" in html


def test_the_account_page_lists_the_sellers_of_a_member(client):
    user = make_user()
    membership = make_member(user, make_seller(trade_name="Namak Mandi Gem House"))
    client.force_login(user)
    html = client.get(reverse("account")).content.decode()
    assert "Namak Mandi Gem House" in html and membership.seller.get_absolute_url() in html
    assert "Seller member" in html and "Apply to sell" not in html


def test_a_member_of_several_sellers_gets_the_switcher_with_the_chosen_one_marked(client):
    user = make_user()
    first, second = make_member(user), make_member(user, role="staff")
    client.force_login(user)
    client.post(reverse("seller_switch"), {"seller": second.seller_id})
    html = client.get(reverse("account")).content.decode()
    assert first.seller.trade_name in html and second.seller.trade_name in html
    assert f'value="{second.seller_id}" aria-current="true"' in html


def test_council_staff_see_their_role(client, council_user):
    client.force_login(council_user)
    assert "Council staff" in client.get(reverse("account")).content.decode()


def test_the_name_and_country_can_be_changed(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("account"), {"first_name": "Amina", "last_name": "Qureshi", "country": "AE"})
    assert response["Location"] == reverse("account")
    buyer = User.objects.get(pk=buyer.pk)
    assert (buyer.last_name, buyer.country.code) == ("Qureshi", "AE")
    assert "Your details are saved." in client.get(reverse("account")).content.decode()


def test_an_unknown_country_is_refused_naming_the_field(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("account"), {"first_name": "Amina", "last_name": "", "country": "ZZ"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["country"]
    assert User.objects.get(pk=buyer.pk).country == ""
