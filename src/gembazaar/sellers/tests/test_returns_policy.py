"""A seller's returns policy: the model's rules, the service that writes it, the marketplace minimum,
the seller page that shows it in full, and the public seller API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from gembazaar.pricing import page_version
from gembazaar.sellers import services
from gembazaar.sellers.models import ReturnsPolicy, Seller
from gembazaar.sellers.returns import ReturnCondition, ReturnsTerms, marketplace_minimum
from gembazaar.testing import make_seller

from .returns_helpers import GOOD, set_policy, translated

pytestmark = pytest.mark.django_db


# --- The model ---------------------------------------------------------------------------------


def test_full_clean_refuses_a_window_over_90_days_naming_the_field():
    policy = ReturnsPolicy(seller=make_seller(), window_days=120, conditions=[], return_shipping_paid_by="buyer",
                           refund_method="original", refund_days=7)
    with pytest.raises(ValidationError) as caught:
        policy.full_clean()
    assert "window_days" in caught.value.message_dict


def test_full_clean_refuses_unknown_conditions_and_a_refund_time_outside_1_to_30_days():
    policy = ReturnsPolicy(seller=make_seller(), window_days=14, conditions=["as_new", "unworn"],
                           return_shipping_paid_by="buyer", refund_method="original", refund_days=0)
    with pytest.raises(ValidationError) as caught:
        policy.full_clean()
    assert {"conditions", "refund_days"} <= set(caught.value.message_dict)


def test_the_database_refuses_a_window_that_contradicts_the_answer():
    seller = make_seller()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnsPolicy.objects.create(seller=seller, accepts_returns=False, window_days=14)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnsPolicy.objects.create(seller=seller, accepts_returns=True, window_days=0)


def test_the_database_refuses_an_unknown_payer():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReturnsPolicy.objects.create(seller=make_seller(), return_shipping_paid_by="courier")


# --- The service --------------------------------------------------------------------------------


def test_setting_a_policy_creates_it_then_replaces_it():
    seller = make_seller()
    set_policy(seller)
    set_policy(seller, window_days=30, return_shipping_paid_by="seller", note="")

    policy = ReturnsPolicy.objects.get(seller=seller)
    assert (policy.window_days, policy.return_shipping_paid_by, policy.note) == (30, "seller", "")
    assert ReturnsPolicy.objects.count() == 1


def test_not_accepting_returns_keeps_no_window_and_no_conditions_but_keeps_the_note():
    seller = make_seller()
    set_policy(seller, accepts_returns=False, window_days=30, note="Custom work only.")

    policy = ReturnsPolicy.objects.get(seller=seller)
    assert (policy.accepts_returns, policy.window_days, policy.conditions) == (False, 0, [])
    assert policy.note == "Custom work only."


def test_every_broken_rule_is_named_at_once_and_nothing_is_written():
    seller = make_seller()
    with pytest.raises(ValidationError) as caught:
        set_policy(seller, window_days=91, conditions=["not_as_described"], return_shipping_paid_by="courier",
                   refund_method="cash", refund_days=45, note="x" * 501)
    assert set(caught.value.message_dict) == {"window_days", "conditions", "return_shipping_paid_by",
                                              "refund_method", "refund_days", "note"}
    assert not ReturnsPolicy.objects.exists()


def test_accepting_returns_needs_at_least_one_day():
    with pytest.raises(ValidationError) as caught:
        set_policy(make_seller(), window_days=0)
    assert caught.value.message_dict["window_days"] == [
        "Give buyers at least 1 day to return a piece, or say you do not accept returns."]


@pytest.mark.parametrize("value", ["fourteen", 14.5, True, None])
def test_a_window_that_is_not_a_whole_number_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        set_policy(make_seller(), window_days=value)
    assert "window_days" in caught.value.message_dict


def test_conditions_are_kept_once_in_the_vocabulary_order():
    seller = make_seller()
    set_policy(seller, conditions=["no_custom", "unworn", "no_custom"])
    assert ReturnsPolicy.objects.get(seller=seller).conditions == ["unworn", "no_custom"]


def test_removing_the_policy_brings_back_the_marketplace_minimum():
    seller = make_seller()
    set_policy(seller)
    assert services.returns_policy_clear(seller=seller) is True
    assert services.returns_policy_clear(seller=seller) is False
    assert seller.returns_terms.marketplace_minimum
    assert Seller.objects.get(pk=seller.pk).returns_terms.marketplace_minimum


def test_a_change_of_policy_changes_the_version_of_cached_pages():
    seller = make_seller()
    Seller.objects.filter(pk=seller.pk).update(updated_at=seller.updated_at - dt.timedelta(minutes=5))
    before = page_version.current()
    set_policy(seller)
    assert page_version.current() != before


def test_the_acting_person_is_recorded(django_user_model):
    user = django_user_model.objects.create_user(username="owner", password="pw")
    seller = make_seller()
    set_policy(seller, actor=user)
    assert ReturnsPolicy.objects.get(seller=seller).updated_by == user


# --- The terms ----------------------------------------------------------------------------------


def test_a_seller_without_a_policy_gets_the_marketplace_minimum(settings):
    settings.BUYER_PROTECTION_DAYS = 21
    terms = make_seller().returns_terms

    assert terms.marketplace_minimum and terms.accepts_returns
    assert terms.window_days == 21 and terms.protection_days == 21
    assert terms.conditions == (ReturnCondition.NOT_AS_DESCRIBED,)
    assert terms.return_shipping_paid_by == "seller" and terms.refund_method == "original"


def test_the_terms_survive_a_snapshot_as_they_were():
    seller = make_seller()
    set_policy(seller)
    terms = Seller.objects.select_related("returns_policy").get(pk=seller.pk).returns_terms

    assert ReturnsTerms.from_snapshot(terms.as_snapshot()) == terms
    assert ReturnsTerms.from_snapshot(marketplace_minimum().as_snapshot()) == marketplace_minimum()


def test_labels_are_read_in_the_language_of_the_moment():
    terms = ReturnsTerms.from_snapshot({**GOOD, "marketplace_minimum": False})
    with translated("ur", "Unworn and unaltered, as it was sent", "[ur] unworn"):
        with translation.override("ur"):
            assert terms.condition_labels[0] == "[ur] unworn"
        with translation.override("en"):
            assert terms.condition_labels[0] == "Unworn and unaltered, as it was sent"


# --- The seller page and the public API ---------------------------------------------------------


def test_the_seller_page_shows_the_policy_in_full(client):
    seller = make_seller(trade_name="Swat Emerald House")
    set_policy(seller)

    html = client.get(reverse("seller_detail", kwargs={"slug": seller.slug})).content.decode()

    assert 'id="returns"' in html and "Returns policy" in html
    assert "Accepted within 14 days of delivery" in html
    assert "Unworn and unaltered, as it was sent" in html
    assert "In its original packaging, with the lab report or certificate" in html
    assert "Paid by the buyer" in html
    assert "To the original payment method, within 7 days of receiving the return" in html
    assert "Rings can be resized once at no charge." in html
    assert "at the seller's cost, for a full refund: GemBazaar's buyer protection" in html


def test_the_seller_page_labels_the_marketplace_minimum(client):
    seller = make_seller()
    html = client.get(reverse("seller_detail", kwargs={"slug": seller.slug})).content.decode()
    assert "Returns: the marketplace minimum" in html
    assert "This seller has not set a returns policy of its own" in html
    assert "Within 30 days of delivery" in html


def test_the_seller_page_shows_the_conditions_in_the_readers_language(client):
    seller = make_seller()
    set_policy(seller)
    with translated("ur", "Unworn and unaltered, as it was sent", "غیر استعمال شدہ"):
        response = client.get(reverse("seller_detail", kwargs={"slug": seller.slug}), HTTP_ACCEPT_LANGUAGE="ur")

    html = response.content.decode()
    assert response.status_code == 200 and 'lang="ur"' in html
    assert "غیر استعمال شدہ" in html and "Unworn and unaltered" not in html
    assert "Rings can be resized once at no charge." in html  # the seller's own words, untranslated


def test_the_public_seller_api_includes_the_policy(client):
    seller = make_seller()
    set_policy(seller)

    body = client.get(f"/api/v1/sellers/{seller.slug}").json()

    policy = body["returns_policy"]
    assert policy["marketplace_minimum"] is False and policy["window_days"] == 14
    assert policy["conditions"] == [
        {"code": "unworn", "label": "Unworn and unaltered, as it was sent"},
        {"code": "original_packaging", "label": "In its original packaging, with the lab report or certificate"}]
    assert policy["return_shipping_paid_by"] == {"code": "buyer", "label": "Paid by the buyer"}
    assert policy["refund_method"]["code"] == "original" and policy["refund_days"] == 7
    assert policy["buyer_protection_days"] == 30


def test_the_public_seller_api_gives_the_minimum_for_a_seller_without_a_policy(client):
    seller = make_seller()
    policy = client.get(f"/api/v1/sellers/{seller.slug}").json()["returns_policy"]
    assert policy["marketplace_minimum"] is True
    assert [c["code"] for c in policy["conditions"]] == ["not_as_described"]
    assert policy["updated_at"] is None
