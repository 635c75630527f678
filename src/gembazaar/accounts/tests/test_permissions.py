"""The role helpers other apps use: is_council_staff, council_staff_required, seller_member_required,
email_confirmed_required, and their class-view mixins (mounted on test pages in tests/urls.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from gembazaar.accounts import services
from gembazaar.accounts.models import COUNCIL_STAFF_GROUP
from gembazaar.accounts.permissions import is_council_staff, is_seller_member
from gembazaar.accounts.selectors import ACTING_SELLER_SESSION_KEY
from gembazaar.sellers.models import Seller

from .conftest import make_member, make_seller, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gembazaar.accounts.tests.urls")]


# --- is_council_staff -----------------------------------------------------------------------------

def council_group():
    return Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0]


def test_council_staff_is_staff_in_the_council_group_or_a_superuser():
    in_group_and_staff = make_user(is_staff=True)
    in_group_and_staff.groups.add(council_group())
    in_group_not_staff = make_user()
    in_group_not_staff.groups.add(council_group())
    assert is_council_staff(in_group_and_staff)
    assert is_council_staff(make_user(is_superuser=True))
    assert not is_council_staff(in_group_not_staff)
    assert not is_council_staff(make_user(is_staff=True))  # Django admin staff, not the council
    assert not is_council_staff(make_user())
    assert not is_council_staff(AnonymousUser())


def test_a_deactivated_council_account_is_not_council_staff():
    assert not is_council_staff(make_user(is_superuser=True, is_active=False))


def test_a_seller_member_is_an_owner_or_staff_of_a_seller(buyer):
    staff = make_user()
    make_member(staff, role="staff")
    assert is_seller_member(staff)
    assert not is_seller_member(buyer)
    assert not is_seller_member(AnonymousUser())


# --- council_staff_required -------------------------------------------------------------------------

@pytest.mark.parametrize("url_name", ["t_council", "t_council_cbv"])
def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse(url_name)}"


@pytest.mark.parametrize("url_name", ["t_council", "t_council_cbv"])
def test_a_buyer_gets_403_on_a_council_page(client, buyer, url_name):
    client.force_login(buyer)
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    assert "For council staff only" in response.content.decode()


def test_a_seller_gets_403_on_a_council_page(client):
    owner = make_user()
    make_member(owner)
    client.force_login(owner)
    assert client.get(reverse("t_council")).status_code == 403


@pytest.mark.parametrize("url_name", ["t_council", "t_council_cbv"])
def test_council_staff_get_the_council_page(client, council_user, url_name):
    client.force_login(council_user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200 and response.content.startswith(b"council")


def test_a_superuser_gets_the_council_page(client):
    client.force_login(make_user(is_superuser=True))
    assert client.get(reverse("t_council")).status_code == 200


def test_an_htmx_request_without_a_session_moves_the_whole_page_to_sign_in(client):
    response = client.get(reverse("t_council"), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/t/x/")
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/t/x/"


# --- seller_member_required -----------------------------------------------------------------------

def test_an_anonymous_visitor_is_sent_to_sign_in_from_a_seller_page(client):
    response = client.get(reverse("t_seller"))
    assert response["Location"] == f"{reverse('login')}?next={reverse('t_seller')}"


def test_a_buyer_is_refused_a_seller_page_and_invited_to_apply(client, buyer):
    client.force_login(buyer)
    response = client.get(reverse("t_seller"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "For sellers only" in html
    assert f'href="{reverse("seller_apply")}"' in html and "Apply to sell" in html


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_a_member_of_one_seller_works_for_it(client, role):
    user = make_user()
    membership = make_member(user, role=role)
    client.force_login(user)
    response = client.get(reverse("t_seller"))
    assert response.content.decode() == f"seller centre of {membership.seller.slug} as {role}"


def test_a_seller_in_any_status_resolves_and_the_view_decides(client):
    user = make_user()
    seller = make_seller(status=Seller.Status.APPLIED, verified_at=None)
    make_member(user, seller)
    client.force_login(user)
    assert client.get(reverse("t_seller")).content.decode().startswith(f"seller centre of {seller.slug}")


def test_a_member_of_several_sellers_chooses_one_then_works_for_it(client):
    user = make_user()
    first, second = make_seller(trade_name="Anarkali Jewellers"), make_seller(trade_name="Namak Mandi Gems")
    make_member(user, first)
    make_member(user, second, role="staff")
    client.force_login(user)

    choose = client.get(reverse("t_seller"))
    html = choose.content.decode()
    assert choose.status_code == 200
    assert "Which business are you working for?" in html
    assert "Anarkali Jewellers" in html and "Namak Mandi Gems" in html

    switched = client.post(reverse("seller_switch"), {"seller": second.pk, "next": reverse("t_seller")})
    assert switched["Location"] == reverse("t_seller")
    assert client.get(reverse("t_seller")).content.decode() == f"seller centre of {second.slug} as staff"
    client.post(reverse("seller_switch"), {"seller": first.pk})
    assert client.get(reverse("t_seller")).content.decode() == f"seller centre of {first.slug} as owner"


def test_nobody_can_switch_to_a_seller_they_are_not_a_member_of(client):
    user = make_user()
    mine, other = make_seller(), make_seller()
    make_member(user, mine)
    make_member(user, make_seller())
    client.force_login(user)
    client.post(reverse("seller_switch"), {"seller": mine.pk})
    assert client.post(reverse("seller_switch"), {"seller": other.pk}).status_code == 404
    assert client.post(reverse("seller_switch"), {"seller": "not-a-number"}).status_code == 404
    assert client.session[ACTING_SELLER_SESSION_KEY] == mine.pk


def test_a_chosen_seller_the_member_has_left_is_not_used(client):
    user = make_user()
    kept, left = make_member(user), make_member(user)
    client.force_login(user)
    client.post(reverse("seller_switch"), {"seller": left.seller_id})
    left.delete()
    assert client.get(reverse("t_seller")).content.decode().startswith(f"seller centre of {kept.seller.slug}")


def test_switching_needs_a_post(client):
    user = make_user()
    make_member(user)
    client.force_login(user)
    assert client.get(reverse("seller_switch")).status_code == 405


@pytest.mark.parametrize("url_name", ["t_owner", "t_owner_cbv"])
def test_owner_only_pages_refuse_staff_members(client, url_name):
    owner, staff = make_user(), make_user()
    membership = make_member(owner)
    make_member(staff, membership.seller, role="staff")
    client.force_login(staff)
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    assert "Only an owner of" in response.content.decode()
    client.force_login(owner)
    response = client.get(reverse(url_name))
    assert response.status_code == 200 and membership.seller.slug in response.content.decode()


def test_owner_only_pages_refuse_buyers_and_send_anonymous_visitors_to_sign_in(client, buyer):
    assert client.get(reverse("t_owner_cbv")).status_code == 302
    client.force_login(buyer)
    assert client.get(reverse("t_owner_cbv")).status_code == 403


def test_council_staff_are_not_seller_members_by_their_role(client, council_user):
    client.force_login(council_user)
    assert client.get(reverse("t_seller")).status_code == 403


# --- email_confirmed_required ----------------------------------------------------------------------

def test_checkout_and_selling_need_a_confirmed_email(client, buyer):
    assert client.get(reverse("t_checkout"))["Location"].startswith(reverse("login"))
    client.force_login(buyer)
    response = client.get(reverse("t_checkout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Confirm your email address first" in html and reverse("email_confirmation_resend") in html
    services.user_confirm_email(user_id=buyer.pk, email=buyer.email)
    assert client.get(reverse("t_checkout")).status_code == 200
