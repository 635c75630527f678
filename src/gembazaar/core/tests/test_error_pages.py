"""Site-wide pages for refusals, and the header link that takes a seller to the seller centre."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views.defaults import permission_denied

from gembazaar.accounts.models import User
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db


def test_the_403_page_is_the_sites_own_with_a_way_back():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    body = response.content.decode()
    assert response.status_code == 403
    assert "You can't open this page" in body
    assert "?next=/somewhere/" in body


def test_the_header_links_the_seller_centre_for_members_only(client):
    buyer = User.objects.create_user(username="buyer", email="b@example.org", password="pw")
    member = User.objects.create_user(username="owner", email="o@example.org", password="pw")
    SellerMember.objects.create(seller=make_seller(), user=member, role=SellerMember.Role.OWNER)

    client.force_login(buyer)
    assert "/seller/" not in client.get("/").content.decode().split("<main")[0]
    client.force_login(member)
    assert 'href="/seller/"' in client.get("/").content.decode().split("<main")[0]
