import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gembazaar.sellers.models import Seller
from gembazaar.sellers.selectors import seller_get_public, sellers_verified
from gembazaar.testing import make_gem_listing, make_seller

pytestmark = pytest.mark.django_db


def test_a_verified_seller_must_carry_its_verification_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        Seller.objects.create(legal_name="A", trade_name="A", slug="a", city="Lahore", status="verified")


def test_slugs_are_unique():
    make_seller(slug="hunza-ruby")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_seller(slug="hunza-ruby")


def test_only_verified_sellers_are_public_with_their_listing_counts():
    verified = make_seller()
    make_gem_listing(seller=verified)
    make_gem_listing(seller=verified, publish=False)
    pending = make_seller(status=Seller.Status.UNDER_REVIEW)
    assert list(sellers_verified()) == [verified]
    assert sellers_verified().get().listing_count == 1
    with pytest.raises(Seller.DoesNotExist):
        seller_get_public(slug=pending.slug)


def test_the_badge_follows_the_status():
    seller = make_seller()
    assert seller.is_verified
    seller.status = Seller.Status.SUSPENDED
    seller.verified_at = timezone.now()
    assert not seller.is_verified
