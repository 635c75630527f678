"""/api/v1/saved-searches: session auth, tenancy, and 422s in the project's error shape."""

import pytest

from gembazaar.alerts import services
from gembazaar.alerts.models import MAX_SAVED_SEARCHES_PER_USER, SavedSearch
from gembazaar.alerts.search import canonical_query

from .conftest import make_saved_search

pytestmark = pytest.mark.django_db

URL = "/api/v1/saved-searches"


def test_anonymous_gets_401_in_the_error_shape(client):
    for response in (client.get(URL), client.post(URL, {"query": "species=beryl"}, content_type="application/json"),
                     client.delete(f"{URL}/1")):
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
        assert set(response.json()) == {"code", "message", "field"}


def test_create_then_list(buyer_client, buyer):
    created = buyer_client.post(URL, {"query": "variety=emerald&species=beryl", "name": "Emeralds",
                                      "frequency": "weekly"}, content_type="application/json")

    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "Emeralds"
    assert body["query"] == canonical_query("species=beryl&variety=emerald")[1]
    assert body["frequency"] == "weekly"
    assert body["is_active"] is True
    assert "Species: Beryl" in body["description"]
    assert body["search_url"].startswith("/search/?")
    assert body["last_emailed_at"] is None

    listed = buyer_client.get(URL).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == body["id"]


def test_the_list_holds_only_the_buyers_own(buyer_client, buyer, other_buyer):
    make_saved_search(other_buyer, "species=corundum")

    assert buyer_client.get(URL).json() == {"count": 0, "items": []}


def test_an_unknown_filter_value_is_a_422_naming_the_parameter(buyer_client):
    response = buyer_client.post(URL, {"query": "species=unobtainium"}, content_type="application/json")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["field"] == "query.species"
    assert body["errors"][0]["field"] == "query.species"
    assert not SavedSearch.objects.exists()


def test_a_bad_frequency_is_a_422_naming_it(buyer_client):
    response = buyer_client.post(URL, {"query": "species=beryl", "frequency": "hourly"},
                                 content_type="application/json")

    assert response.status_code == 422
    assert response.json()["field"] == "frequency"


def test_a_duplicate_is_a_422_on_query(buyer_client, buyer):
    services.saved_search_create(user=buyer, query_string="species=beryl")

    response = buyer_client.post(URL, {"query": "species=beryl"}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["field"] == "query"


def test_the_cap_is_a_422_on_query(buyer_client, buyer):
    for n in range(1, MAX_SAVED_SEARCHES_PER_USER + 1):
        services.saved_search_create(user=buyer, query_string=f"carat_min={n}")

    response = buyer_client.post(URL, {"query": "species=beryl"}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["field"] == "query"
    assert str(MAX_SAVED_SEARCHES_PER_USER) in response.json()["message"]


def test_delete_own_search(buyer_client, buyer):
    saved = services.saved_search_create(user=buyer, query_string="species=beryl")

    response = buyer_client.delete(f"{URL}/{saved.pk}")

    assert response.status_code == 204
    assert not SavedSearch.objects.exists()


def test_delete_another_buyers_search_is_404_and_deletes_nothing(buyer_client, other_buyer):
    theirs = services.saved_search_create(user=other_buyer, query_string="species=beryl")

    response = buyer_client.delete(f"{URL}/{theirs.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_writes_need_the_csrf_token_like_any_session_write(buyer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)

    response = client.post(URL, {"query": "species=beryl"}, content_type="application/json")

    assert response.status_code in (401, 403)
    assert not SavedSearch.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert set(paths[URL]) >= {"get", "post"}
    assert "delete" in paths[URL + "/{saved_search_id}"]
