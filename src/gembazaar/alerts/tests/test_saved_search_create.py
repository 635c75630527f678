"""saved_search_create and friends: validation, canonical form, duplicates, the cap, tenancy."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gembazaar.alerts import services
from gembazaar.alerts.models import MAX_SAVED_SEARCHES_PER_USER, SavedSearch
from gembazaar.alerts.search import params_from_query

pytestmark = pytest.mark.django_db


def test_a_search_is_saved_in_canonical_form_with_the_watermark_at_creation(buyer):
    before = timezone.now()

    saved = services.saved_search_create(user=buyer, query_string="variety=emerald&species=beryl",
                                         name="Emeralds", frequency="weekly")

    assert saved.query == params_from_query("species=beryl&variety=emerald").to_query_string()
    assert saved.name == "Emeralds"
    assert saved.frequency == "weekly"
    assert saved.is_active
    assert before <= saved.last_sent_at == saved.created_at <= timezone.now()
    assert saved.last_emailed_at is None


def test_page_size_is_not_part_of_a_saved_search(buyer):
    first = services.saved_search_create(user=buyer, query_string="species=beryl&page_size=48")

    assert first.query == services.search.canonical_query("species=beryl")[1]
    with pytest.raises(ValidationError) as caught:
        services.saved_search_create(user=buyer, query_string="species=beryl")
    assert "query" in caught.value.message_dict


def test_the_same_search_in_another_parameter_order_is_a_duplicate(buyer):
    services.saved_search_create(user=buyer, query_string="species=beryl&variety=emerald", name="Emeralds")

    with pytest.raises(ValidationError) as caught:
        services.saved_search_create(user=buyer, query_string="variety=emerald&species=beryl")

    assert "Emeralds" in caught.value.message_dict["query"][0]
    assert SavedSearch.objects.count() == 1


def test_two_buyers_can_save_the_same_search(buyer, other_buyer):
    services.saved_search_create(user=buyer, query_string="species=beryl")
    services.saved_search_create(user=other_buyer, query_string="species=beryl")

    assert SavedSearch.objects.count() == 2


def test_an_unknown_filter_value_is_refused_naming_the_parameter(buyer):
    with pytest.raises(ValidationError) as caught:
        services.saved_search_create(user=buyer, query_string="species=unobtainium")

    assert list(caught.value.message_dict) == ["query.species"]
    assert not SavedSearch.objects.exists()


def test_a_bad_frequency_and_a_long_name_are_refused_together(buyer):
    with pytest.raises(ValidationError) as caught:
        services.saved_search_create(user=buyer, query_string="species=beryl", name="x" * 101, frequency="hourly")

    assert set(caught.value.message_dict) == {"frequency", "name"}


def test_a_blank_name_is_made_from_the_filters(buyer):
    saved = services.saved_search_create(user=buyer, query_string="species=beryl&untreated=1", name="  ")

    assert saved.name == "Beryl · Untreated only"


def test_a_buyer_keeps_at_most_the_cap(buyer):
    carats = [f"carat_min={n}" for n in range(1, MAX_SAVED_SEARCHES_PER_USER + 1)]
    for query in carats:
        services.saved_search_create(user=buyer, query_string=query)

    with pytest.raises(ValidationError) as caught:
        services.saved_search_create(user=buyer, query_string="species=beryl")

    assert str(MAX_SAVED_SEARCHES_PER_USER) in caught.value.message_dict["query"][0]
    assert SavedSearch.objects.filter(user=buyer).count() == MAX_SAVED_SEARCHES_PER_USER


def test_delete_removes_only_the_owners_search(buyer, other_buyer):
    mine = services.saved_search_create(user=buyer, query_string="species=beryl")

    with pytest.raises(SavedSearch.DoesNotExist):
        services.saved_search_delete(user=other_buyer, saved_search_id=mine.pk)
    assert SavedSearch.objects.filter(pk=mine.pk).exists()

    services.saved_search_delete(user=buyer, saved_search_id=mine.pk)
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


def test_update_is_scoped_to_the_owner(buyer, other_buyer):
    mine = services.saved_search_create(user=buyer, query_string="species=beryl")

    with pytest.raises(SavedSearch.DoesNotExist):
        services.saved_search_update(user=other_buyer, saved_search_id=mine.pk, frequency="weekly")

    mine.refresh_from_db()
    assert mine.frequency == "daily"


def test_resuming_a_paused_search_starts_from_now(buyer):
    saved = services.saved_search_create(user=buyer, query_string="species=beryl")
    services.saved_search_update(user=buyer, saved_search_id=saved.pk, is_active=False)
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timedelta(days=30))

    resumed = services.saved_search_update(user=buyer, saved_search_id=saved.pk, is_active=True)

    assert resumed.is_active
    assert resumed.last_sent_at > timezone.now() - timedelta(minutes=1)


def test_the_display_currency_matters_only_with_a_price_range(buyer):
    plain = services.saved_search_create(user=buyer, query_string="species=beryl&currency=EUR")
    priced = services.saved_search_create(user=buyer, query_string="species=beryl&price_max=500&currency=EUR")

    assert "currency" not in plain.query
    assert "currency=EUR" in priced.query
