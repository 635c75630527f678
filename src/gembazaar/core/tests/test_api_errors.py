"""Every failure of the API answers in one JSON shape: {"code", "message", "field"} (+ "errors" on 422).

The handlers are exercised through a small API of their own, mounted by this module's urlconf,
so each kind of exception can be raised on purpose.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import include, path
from ninja import Schema
from ninja.errors import HttpError

from gembazaar.catalogue.models import Listing
from gembazaar.core.api import GemBazaarAPI, add_unknown_path_fallback, field_from_loc
from gembazaar.core.errors import DomainError, NotFound
from gembazaar.sellers.models import Seller

probe = GemBazaarAPI(urls_namespace="test_api_errors", docs_url=None, openapi_url=None)


class GemIn(Schema):
    carat: Decimal


class ListingIn(Schema):
    title: str
    gem: GemIn


@probe.get("/domain")
def raise_domain_error(request):
    raise DomainError("Only a seller verified by the council can publish listings.",
                      code="seller_not_verified", field="status")


@probe.get("/domain-not-found")
def raise_not_found(request):
    raise NotFound("No rate for XAU today.", field="metal")


@probe.get("/django-validation")
def raise_django_validation(request):
    raise ValidationError({"price": ["Must be greater than zero."], "gem.carat": ["Enter a number."]})


@probe.get("/django-validation-plain")
def raise_django_validation_plain(request):
    raise ValidationError("Nothing in stock to sell.")


@probe.get("/does-not-exist")
def raise_does_not_exist(request):
    raise Seller.DoesNotExist("Seller matching query does not exist.")


@probe.get("/http404")
def raise_http404(request):
    raise Http404("No such certificate.")


@probe.get("/forbidden")
def raise_forbidden(request):
    raise HttpError(403, "This listing belongs to another seller.")


@probe.get("/boom")
def raise_unexpected(request):
    raise RuntimeError("connection string with a password in it")


@probe.get("/missing-related")
def raise_missing_related(request):
    return Listing(kind="jewelry").gem  # no GemSpec: RelatedObjectDoesNotExist


@probe.post("/listings")
def create_listing(request, payload: ListingIn):
    return {"ok": True}


add_unknown_path_fallback(probe)

urlpatterns = [path("probe/", probe.urls), path("", include("gembazaar.urls"))]
pytestmark = pytest.mark.urls(__name__)


def test_a_domain_error_keeps_its_status_code_and_field(client):
    response = client.get("/probe/domain")

    assert response.status_code == 400
    assert response.json() == {"code": "seller_not_verified",
                               "message": "Only a seller verified by the council can publish listings.",
                               "field": "status"}


def test_a_not_found_domain_error_is_a_404(client):
    response = client.get("/probe/domain-not-found")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No rate for XAU today.", "field": "metal"}


def test_a_django_validation_error_names_every_field(client):
    response = client.get("/probe/django-validation")

    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_error",
        "message": "Must be greater than zero.",
        "field": "price",
        "errors": [{"field": "price", "message": "Must be greater than zero."},
                   {"field": "gem.carat", "message": "Enter a number."}],
    }


def test_a_django_validation_error_without_a_field_has_a_null_field(client):
    body = client.get("/probe/django-validation-plain").json()

    assert body == {"code": "validation_error", "message": "Nothing in stock to sell.", "field": None,
                    "errors": [{"field": None, "message": "Nothing in stock to sell."}]}


def test_a_missing_object_is_a_404_that_does_not_echo_the_query(client):
    response = client.get("/probe/does-not-exist")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Seller not found.", "field": None}


def test_http404_keeps_its_message(client):
    response = client.get("/probe/http404")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No such certificate.", "field": None}


def test_an_http_error_keeps_its_status(client):
    response = client.get("/probe/forbidden")

    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": "This listing belongs to another seller.",
                               "field": None}


def test_an_unexpected_error_is_a_json_500_that_leaks_nothing(client, caplog):
    response = client.get("/probe/boom")

    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server_error"
    assert body["field"] is None
    assert "password" not in response.content.decode()
    assert "connection string" in caplog.text  # but the operators see it


def test_body_fields_are_named_as_the_client_sent_them(client):
    response = client.post("/probe/listings", {"title": "Emerald", "gem": {"carat": "heavy"}},
                           content_type="application/json")

    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "gem.carat"
    assert body["errors"] == [{"field": "gem.carat", "message": "Input should be a valid decimal"}]


def test_an_unknown_address_under_the_api_is_a_json_404(client):
    for url in ("/api/v1/nothing-here", "/api/v1/listings/", "/api/v1/listings/1/extra"):
        response = client.get(url)

        assert response.status_code == 404, url
        assert response.json() == {"code": "not_found", "message": "There is no API endpoint at this address.",
                                   "field": None}


@pytest.mark.parametrize(("loc", "field"), [
    (("query", "page_size"), "page_size"),
    (("path", "listing_id"), "listing_id"),
    (("body", "gem", "carat"), "gem.carat"),
    (("body", "lines", 0, "quantity"), "lines.0.quantity"),
    (("body",), None),
    ((), None),
])
def test_field_from_loc_drops_the_parameter_source(loc, field):
    assert field_from_loc(loc) == field


def test_a_missing_related_object_is_a_bug_not_a_404(client):
    response = client.get("/probe/missing-related")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/cart/lines", "/api/v1/checkout/quote"])
def test_a_body_that_cannot_be_read_is_a_400_not_a_500(path):
    """Found by the API fuzzer (tests/test_api_fuzz.py): multipart without a boundary made Django's
    parser raise inside the CSRF check of a session request, which answered 500."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check reads the form body
    client.force_login(get_user_model().objects.create_user(username="amina", email="amina@example.org",
                                                            password="pw"))
    client.cookies["csrftoken"] = "f" * 32
    response = client.generic("POST", path, b'{"listing_id": 1, "quantity": 1}', headers={"X-CSRFToken": "f" * 32},
                              content_type="multipart/form-data")  # no boundary

    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "field": "body",
                               "message": "The request body could not be read: check its Content-Type and encoding."}


@pytest.mark.django_db
def test_a_nul_character_in_a_json_body_is_a_400_naming_the_field(client):
    """Found by the API fuzzer on PostgreSQL: a SKU holding NUL reached a query and answered 500."""
    from gembazaar.sellers import api_keys as services
    from gembazaar.testing import make_seller

    _key, plaintext = services.api_key_create(seller=make_seller(), name="ERP", created_by=None)
    response = client.post("/api/v1/seller/listings/bulk-upsert",
                           {"items": [{"kind": "gemstone", "sku": "OK-1"}, {"kind": "gemstone", "sku": "EM\x00-2"}]},
                           content_type="application/json", headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "field": "items.1.sku",
                               "message": "Text may not contain NUL characters."}
