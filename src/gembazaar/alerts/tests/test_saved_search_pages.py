"""The pages: save from the search page, "My saved searches", change, delete; sign-in required."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from gembazaar.alerts import services
from gembazaar.alerts.models import SavedSearch
from gembazaar.alerts.search import canonical_query, params_from_query

from .conftest import make_saved_search

pytestmark = pytest.mark.django_db

LIST_URL = "/saved-searches/"


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_list_needs_a_signed_in_buyer(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_saving_needs_a_signed_in_buyer(client):
    response = client.post(LIST_URL, {"query": "species=beryl"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not SavedSearch.objects.exists()


def test_save_this_search_goes_back_to_the_search_with_a_notice(buyer_client, buyer):
    response = buyer_client.post(LIST_URL, {"query": "variety=emerald&species=beryl", "name": "Emeralds",
                                            "frequency": "weekly"})

    saved = SavedSearch.objects.get(user=buyer)
    assert saved.query == canonical_query("species=beryl&variety=emerald")[1]
    assert saved.frequency == "weekly"
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('search')}?{saved.query}"
    assert any("Emeralds" in message for message in _messages(response))


def test_an_invalid_search_is_not_saved_and_the_notice_names_the_parameter(buyer_client):
    response = buyer_client.post(LIST_URL, {"query": "species=unobtainium"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('search')}?species=unobtainium"
    assert any("species" in message for message in _messages(response))
    assert not SavedSearch.objects.exists()


def test_the_list_shows_name_filters_in_words_frequency_and_actions(buyer_client, buyer, other_buyer):
    saved = services.saved_search_create(user=buyer, query_string="species=beryl&untreated=1", name="Clean beryl",
                                         frequency="weekly")
    services.saved_search_create(user=other_buyer, query_string="species=corundum", name="Someone else's")

    html = buyer_client.get(LIST_URL).content.decode()

    assert "Clean beryl" in html
    assert "Species: Beryl" in html
    assert "Untreated only" in html
    assert "Emails: Weekly" in html
    assert "nothing sent yet" in html
    assert f'href="{reverse("search")}?{saved.query.replace("&", "&amp;")}"' in html
    assert reverse("alerts:saved_search_delete", args=[saved.pk]) in html
    assert reverse("alerts:saved_search_email", args=[saved.pk]) in html
    assert "Someone else" not in html


def test_the_list_costs_the_same_queries_for_one_search_or_many(buyer_client, buyer, django_assert_max_num_queries):
    for n in range(1, 11):
        make_saved_search(buyer, params_from_query(f"carat_min={n}").to_query_string())

    with django_assert_max_num_queries(6):
        response = buyer_client.get(LIST_URL)

    assert response.status_code == 200


def test_an_empty_list_points_to_the_search_page(buyer_client):
    html = buyer_client.get(LIST_URL).content.decode()

    assert "You have no saved searches yet" in html
    assert f'href="{reverse("search")}"' in html


def test_change_how_often_and_pause(buyer_client, buyer):
    saved = services.saved_search_create(user=buyer, query_string="species=beryl")
    url = reverse("alerts:saved_search_email", args=[saved.pk])

    buyer_client.post(url, {"email": "weekly"})
    saved.refresh_from_db()
    assert (saved.frequency, saved.is_active) == ("weekly", True)

    buyer_client.post(url, {"email": "off"})
    saved.refresh_from_db()
    assert saved.is_active is False
    assert "Emails paused" in buyer_client.get(LIST_URL).content.decode()


def test_delete_removes_the_search(buyer_client, buyer):
    saved = services.saved_search_create(user=buyer, query_string="species=beryl")

    response = buyer_client.post(reverse("alerts:saved_search_delete", args=[saved.pk]))

    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_another_buyers_search_answers_404_and_stays(buyer_client, other_buyer):
    theirs = services.saved_search_create(user=other_buyer, query_string="species=beryl")

    delete = buyer_client.post(reverse("alerts:saved_search_delete", args=[theirs.pk]))
    change = buyer_client.post(reverse("alerts:saved_search_email", args=[theirs.pk]), {"email": "off"})

    assert delete.status_code == 404
    assert change.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_delete_and_change_refuse_get(buyer_client, buyer):
    saved = services.saved_search_create(user=buyer, query_string="species=beryl")

    assert buyer_client.get(reverse("alerts:saved_search_delete", args=[saved.pk])).status_code == 405
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_the_header_links_to_my_saved_searches_when_signed_in(buyer_client, client):
    assert f'href="{LIST_URL}"' in buyer_client.get(reverse("home")).content.decode()


# --- The button on the search page ---------------------------------------------------------


def _button(user, query: str) -> str:
    request = RequestFactory().get(f"/search/?{query}")
    request.user = user
    return render_to_string("alerts/save_search_button.html", {"params": params_from_query(query)},
                            request=request)


def test_the_button_posts_the_search_with_a_suggested_name(buyer):
    html = _button(buyer, "species=beryl&untreated=1")

    assert f'action="{LIST_URL}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'name="query" value="{canonical_query("species=beryl&untreated=1")[1].replace("&", "&amp;")}"' in html
    assert 'name="name" value="Beryl · Untreated only"' in html
    assert "Save this search" in html


def test_the_button_asks_an_anonymous_buyer_to_sign_in(db):
    from django.contrib.auth.models import AnonymousUser

    html = _button(AnonymousUser(), "species=beryl")

    assert "Sign in to save this search" in html
    assert f'{reverse("login")}?next=' in html


def test_the_button_says_when_the_search_is_already_saved(buyer):
    services.saved_search_create(user=buyer, query_string="species=beryl", name="My beryls")

    html = _button(buyer, "species=beryl")

    assert "Saved as “My beryls”" in html
    assert "Save this search" not in html


def test_the_search_page_shows_the_button(buyer_client):
    html = buyer_client.get(reverse("search"), {"species": "beryl"}).content.decode()

    assert "Save this search" in html
