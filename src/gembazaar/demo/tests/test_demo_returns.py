"""The demo sellers' returns policies are varied, valid, and left alone on a second run."""

import pytest

from gembazaar.demo.businesses import SELLERS, ensure_sellers
from gembazaar.demo.returns import POLICIES, ensure_returns_policies
from gembazaar.sellers.models import ReturnsPolicy

pytestmark = pytest.mark.django_db


def test_the_demo_sellers_get_varied_policies_and_some_keep_the_minimum():
    sellers = ensure_sellers()
    assert ensure_returns_policies(sellers) == len(POLICIES)

    terms = {seller.slug: seller.returns_terms for seller in sellers}
    assert set(POLICIES) <= {s.slug for s in SELLERS}
    assert any(t.marketplace_minimum for t in terms.values())
    accepting = [t for t in terms.values() if not t.marketplace_minimum and t.accepts_returns]
    assert any(not t.marketplace_minimum and not t.accepts_returns for t in terms.values())
    assert len({t.window_days for t in accepting}) >= 3
    assert {t.return_shipping_paid_by for t in accepting} == {"buyer", "seller"}
    assert len({t.refund_method for t in accepting}) == 3


def test_a_second_run_keeps_the_policies_as_they_are():
    sellers = ensure_sellers()
    ensure_returns_policies(sellers)
    ReturnsPolicy.objects.filter(seller__slug="swat-emerald-house").update(window_days=60)

    assert ensure_returns_policies(ensure_sellers()) == 0
    assert ReturnsPolicy.objects.get(seller__slug="swat-emerald-house").window_days == 60
