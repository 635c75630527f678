"""/api/v1/openapi.json documents every operation and its errors; /api/v1/docs works offline."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

SCHEMA_URL = "/api/v1/openapi.json"

OPERATIONS = {
    ("/api/v1/listings", "get"): {"200", "422"},
    ("/api/v1/listings/{listing_id}", "get"): {"200", "404", "422"},
    ("/api/v1/search", "get"): {"200", "422"},
    ("/api/v1/sellers", "get"): {"200", "422"},
    ("/api/v1/sellers/{slug}", "get"): {"200", "404", "422"},
    ("/api/v1/vocabularies", "get"): {"200"},
    ("/api/v1/vocabularies/{name}", "get"): {"200", "404"},
    ("/api/v1/saved-searches", "get"): {"200", "401"},
    ("/api/v1/saved-searches", "post"): {"201", "400", "401", "403", "422"},
    ("/api/v1/saved-searches/{saved_search_id}", "delete"): {"204", "401", "403", "404", "422"},
    ("/api/v1/seller/listings", "get"): {"200", "401", "403", "429", "422"},
    ("/api/v1/seller/listings", "post"): {"201", "400", "401", "403", "422", "429"},
    ("/api/v1/seller/listings/bulk-upsert", "post"): {"200", "400", "401", "403", "429", "422"},
    ("/api/v1/seller/listings/{sku}", "get"): {"200", "401", "403", "429", "404"},
    ("/api/v1/seller/listings/{sku}", "patch"): {"200", "400", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/listings/{sku}/archive", "post"): {"200", "401", "403", "429", "404"},
    ("/api/v1/rates", "get"): {"200"},
    ("/api/v1/rates", "post"): {"201", "400", "401", "403", "422"},
    ("/api/v1/rates/history", "get"): {"200", "400", "422"},
    ("/api/v1/listings/{listing_id}/quote", "get"): {"200", "400", "404", "422"},
    ("/api/v1/listings/{listing_id}/price-history", "get"): {"200", "404", "422"},
    ("/api/v1/seller/shipping-rates", "get"): {"200", "401", "403", "429"},
    ("/api/v1/seller/shipping-rates/{zone}/{method}", "put"): {"200", "400", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/shipping-rates/{zone}/{method}", "delete"): {"200", "401", "403", "404", "429"},
    ("/api/v1/landed-cost", "get"): {"200", "404", "422"},
    ("/api/v1/landed-cost", "post"): {"200", "422"},
    # the seller's returns policy (docs/API.md)
    ("/api/v1/seller/returns-policy", "get"): {"200", "401", "403", "429"},
    ("/api/v1/seller/returns-policy", "put"): {"200", "401", "403", "422", "429"},
    ("/api/v1/seller/returns-policy", "delete"): {"200", "401", "403", "429"},
    ("/api/v1/seller/returns-policy/conditions", "get"): {"200", "401", "403", "429"},
    # bulk import through the seller API (docs/IMPORT.md)
    ("/api/v1/seller/imports", "post"): {"202", "400", "401", "403", "422", "429"},
    ("/api/v1/seller/imports", "get"): {"200", "401", "403", "422", "429"},
    ("/api/v1/seller/imports/{job_id}", "get"): {"200", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/imports/{job_id}/commit", "post"): {"200", "202", "401", "403", "404", "409", "422",
                                                         "429"},
    # bulk actions on listings (docs/API.md)
    ("/api/v1/seller/bulk-actions", "post"): {"200", "202", "400", "401", "403", "422", "429"},
    ("/api/v1/seller/bulk-actions/{job_id}", "get"): {"200", "401", "403", "404", "422", "429"},
    # orders (docs/ORDERS.md)
    ("/api/v1/cart", "get"): {"200", "400"},
    ("/api/v1/cart/lines", "post"): {"201", "400", "403", "422"},
    ("/api/v1/cart/lines/{line_id}", "patch"): {"200", "400", "403", "404", "422"},
    ("/api/v1/cart/lines/{line_id}", "delete"): {"200", "400", "403", "404", "422"},
    ("/api/v1/cart/acknowledge", "post"): {"200", "400", "403"},
    ("/api/v1/checkout/start", "post"): {"200", "400", "401", "403"},
    ("/api/v1/checkout/shipping-options", "get"): {"200", "400", "401", "403", "422"},
    ("/api/v1/checkout/quote", "post"): {"200", "400", "401", "403", "422"},
    ("/api/v1/checkout", "post"): {"201", "400", "401", "403", "409", "422"},
    ("/api/v1/orders", "get"): {"200", "401", "422"},
    ("/api/v1/orders/{number}", "get"): {"200", "401", "404"},
    ("/api/v1/orders/{number}/cancel", "post"): {"200", "400", "401", "403", "404", "422"},
    ("/api/v1/orders/{number}/confirm-delivered", "post"): {"200", "400", "401", "403", "404"},
    ("/api/v1/orders/{number}/complete", "post"): {"200", "400", "401", "403", "404"},
    ("/api/v1/orders/{number}/request-refund", "post"): {"200", "400", "401", "403", "404", "422"},
    ("/api/v1/seller/orders", "get"): {"200", "401", "403", "429", "422"},
    ("/api/v1/seller/orders/{number}", "get"): {"200", "401", "403", "429", "404"},
    ("/api/v1/seller/orders/{number}/accept", "post"): {"200", "400", "401", "403", "429", "404"},
    ("/api/v1/seller/orders/{number}/ship", "post"): {"200", "400", "401", "403", "429", "404", "422"},
    ("/api/v1/seller/orders/{number}/cancel", "post"): {"200", "400", "401", "403", "429", "404", "422"},
    ("/api/v1/seller/orders/{number}/return-received", "post"): {"200", "400", "401", "403", "429", "404"},
    ("/api/v1/council/orders/{number}", "get"): {"200", "401", "403", "404"},
    ("/api/v1/council/orders/{number}/transition", "post"): {"200", "400", "401", "403", "404", "422"},
    # payments (docs/PAYMENTS.md)
    ("/api/v1/council/payments", "get"): {"200", "401", "403", "422"},
    ("/api/v1/council/payments/{reference}", "get"): {"200", "401", "403", "404"},
    ("/api/v1/council/payments/{reference}/receipts", "post"): {"201", "400", "401", "403", "404", "409", "422"},
    ("/api/v1/seller/payouts/balance", "get"): {"200", "401", "403", "429"},
    ("/api/v1/seller/payouts/ledger", "get"): {"200", "401", "403", "422", "429"},
    ("/api/v1/seller/payouts", "get"): {"200", "401", "403", "422", "429"},
    ("/api/v1/seller/payouts/statements/{month}.csv", "get"): {"200", "401", "403", "429"},
    ("/api/v1/seller/payouts/statements/{month}.pdf", "get"): {"200", "401", "403", "422", "429"},
    ("/api/v1/seller/payouts/{payout_id}", "get"): {"200", "401", "403", "404", "422", "429"},
    ("/api/v1/payments/{reference}", "get"): {"200", "401", "404"},
    ("/api/v1/payments/{reference}/start", "post"): {"200", "401", "403", "404", "422", "502"},
    ("/api/v1/council/payments/{reference}/refunds", "post"): {"201", "401", "403", "404", "409", "422"},
    ("/api/v1/council/payments/{reference}/refunds/{refund_id}/sent", "post"):
        {"200", "401", "403", "404", "409", "422"},
    ("/api/v1/council/payouts/sellers", "get"): {"200", "401", "403", "422"},
    ("/api/v1/council/payouts/sellers/{seller_id}", "get"): {"200", "401", "403", "404", "422"},
    ("/api/v1/council/payouts/sellers/{seller_id}/ledger", "get"): {"200", "401", "403", "404", "422"},
    ("/api/v1/council/payouts", "get"): {"200", "401", "403", "422"},
    ("/api/v1/council/payouts/sellers/{seller_id}/payouts", "post"): {"201", "401", "403", "404", "409", "422"},
    ("/api/v1/council/payouts/{payout_id}/sent", "post"): {"200", "401", "403", "404", "409", "422"},
    ("/api/v1/council/payouts/{payout_id}/cancel", "post"): {"200", "401", "403", "404", "422"},
    ("/api/v1/council/payouts/sellers/{seller_id}/commission", "put"): {"200", "401", "403", "404", "422"},
    ("/api/v1/council/payouts/sellers/{seller_id}/corrections", "post"): {"201", "401", "403", "404", "409", "422"},
    ("/api/v1/disputes", "get"): {"200", "401", "422"},
    ("/api/v1/disputes/{dispute_id}", "get"): {"200", "401", "404", "422"},
    ("/api/v1/orders/{number}/dispute", "post"): {"201", "401", "403", "404", "422"},
    ("/api/v1/disputes/{dispute_id}/messages", "post"): {"201", "401", "403", "404", "422"},
    ("/api/v1/disputes/{dispute_id}/offers", "post"): {"201", "401", "403", "404", "422"},
    ("/api/v1/disputes/{dispute_id}/offers/{offer_id}/accept", "post"): {"200", "401", "403", "404", "422"},
    ("/api/v1/disputes/{dispute_id}/offers/{offer_id}/decline", "post"): {"200", "401", "403", "404", "422"},
    ("/api/v1/disputes/{dispute_id}/escalate", "post"): {"200", "401", "403", "404", "422"},
    ("/api/v1/disputes/{dispute_id}/withdraw", "post"): {"200", "401", "403", "404", "422"},
    ("/api/v1/orders/{number}/late-shipment", "get"): {"200", "401", "404"},
    ("/api/v1/orders/{number}/cancel-late-shipment", "post"): {"200", "401", "403", "404", "422"},
    ("/api/v1/seller/disputes", "get"): {"200", "401", "403", "422", "429"},
    ("/api/v1/seller/disputes/{dispute_id}", "get"): {"200", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/disputes/{dispute_id}/messages", "post"): {"201", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/disputes/{dispute_id}/offers", "post"): {"201", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/disputes/{dispute_id}/offers/{offer_id}/accept", "post"):
        {"200", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/disputes/{dispute_id}/offers/{offer_id}/decline", "post"):
        {"200", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/disputes/{dispute_id}/escalate", "post"): {"200", "401", "403", "404", "422", "429"},
    ("/api/v1/seller/disputes/{dispute_id}/return-received", "post"): {"200", "401", "403", "404", "422", "429"},
    ("/api/v1/council/disputes", "get"): {"200", "401", "403", "422"},
    ("/api/v1/council/disputes/{dispute_id}", "get"): {"200", "401", "403", "404", "422"},
    ("/api/v1/council/disputes/{dispute_id}/messages", "post"): {"201", "401", "403", "404", "422"},
    ("/api/v1/council/disputes/{dispute_id}/decision", "post"): {"200", "401", "403", "404", "422"},
    ("/api/v1/orders/{number}/invoice.pdf", "get"): {"200", "401", "404"},
    ("/api/v1/seller/orders/{number}/invoice.pdf", "get"): {"200", "401", "403", "404", "429"},
    ("/api/v1/council/orders/{number}/invoice.pdf", "get"): {"200", "401", "403", "404"},
    ("/api/v1/seller/orders/{number}/commercial-invoice.pdf", "get"): {"200", "401", "403", "404", "429"},
    ("/api/v1/seller/orders/{number}/packing-list.pdf", "get"): {"200", "401", "403", "404", "429"},
}


@pytest.fixture
def schema(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


FILE_TYPES = {"application/pdf", "text/csv"}


def response_ref(operation: dict, status: str) -> str:
    return operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]


def test_the_served_document_has_no_key_twice_in_any_object(client):
    """json.loads keeps the last of two equal keys; Swagger UI's parser refuses the whole document
    ("duplicated mapping key"), so the docs page showed nothing. Happened when an int 400 from
    ninja and a "400" added by us met in one responses object."""
    repeated = []

    def pairs(items):
        keys = [key for key, _value in items]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(client.get(SCHEMA_URL).content, object_pairs_hook=pairs)
    assert repeated == []


def test_the_schema_lists_every_operation_and_nothing_else(schema):
    listed = {(path, method) for path, methods in schema["paths"].items() for method in methods}

    assert listed == set(OPERATIONS)


@pytest.mark.parametrize(("path", "method"), list(OPERATIONS))
def test_each_operation_documents_its_responses(schema, path, method):
    operation = schema["paths"][path][method]

    # 400 on every operation: a NUL character anywhere in a request (core.middleware.RejectNulMiddleware).
    assert set(operation["responses"]) == OPERATIONS[(path, method)] | {"400"}
    assert response_ref(operation, "400") == "#/components/schemas/ErrorOut"
    assert operation["operationId"]
    assert operation["tags"]
    success = min(code for code in operation["responses"] if code.startswith("2"))
    content = operation["responses"][success].get("content", {})
    if set(content) & FILE_TYPES:  # a download (an invoice, a statement): the file's type is declared
        assert set(content) <= FILE_TYPES | {"application/json"}
    elif success != "204":  # 204 No Content has no body
        assert response_ref(operation, success).startswith("#/components/schemas/")
    if "401" in operation["responses"]:
        assert response_ref(operation, "401") == "#/components/schemas/ErrorOut"
    if "404" in operation["responses"]:
        assert response_ref(operation, "404") == "#/components/schemas/ErrorOut"
    if "422" in operation["responses"]:
        assert response_ref(operation, "422") == "#/components/schemas/ValidationErrorOut"


def test_the_error_schemas_have_the_one_shape(schema):
    components = schema["components"]["schemas"]

    assert set(components["ErrorOut"]["properties"]) == {"code", "message", "field"}
    assert set(components["ValidationErrorOut"]["properties"]) == {"code", "message", "field", "errors"}


def test_money_is_documented_as_a_decimal_string(schema):
    price = schema["components"]["schemas"]["ListingCardOut"]["properties"]["price"]

    assert price["type"] == "string"
    assert "pattern" in price


def test_paging_limits_are_in_the_schema(schema, settings):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/listings"]["get"]["parameters"]}

    assert parameters["page_size"]["schema"]["maximum"] == settings.API_MAX_PAGE_SIZE
    assert parameters["page_size"]["schema"]["minimum"] == 1
    assert parameters["page"]["schema"]["minimum"] == 1
    assert set(parameters) == {"page", "page_size", "kind", "seller", "species"}


def test_the_docs_page_loads_nothing_from_outside(client, settings):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), f"{asset} is not served by us"
        # …and something actually serves it (runserver, WhiteNoise and collectstatic use the finders).
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), f"no static file behind {asset}"


def test_the_docs_page_points_swagger_at_our_schema(client):
    html = client.get("/api/v1/docs").content.decode()

    swagger_settings = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)
    assert swagger_settings, "the local Swagger template was not used"
    assert json.loads(swagger_settings.group(1))["url"] == SCHEMA_URL


def _models_in(annotation, seen: set) -> None:
    """Every pydantic model an annotation holds, however nested (lists, unions, dicts)."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, seen)
        return
    for arg in get_args(annotation):
        _models_in(arg, seen)


def test_no_two_schemas_share_a_component_name():
    """The OpenAPI document keys components by class name and keeps one of two namesakes: the
    listing quote was once published with the checkout quote's shape (issue 11.3)."""
    from collections import defaultdict

    from gembazaar.api import api

    models: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _models_in(model, models)
    by_name = defaultdict(set)
    for model in models:
        if model.__module__.startswith("gembazaar."):
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(owners) for name, owners in by_name.items() if len(owners) > 1}
    assert not clashes
    assert {"ListingQuoteOut", "CheckoutQuoteOut"} <= set(by_name)


def test_the_listing_quote_is_published_with_its_own_shape(schema):
    operation = schema["paths"]["/api/v1/listings/{listing_id}/quote"]["get"]
    ref = response_ref(operation, "200").rsplit("/", 1)[1]
    fields = set(schema["components"]["schemas"][ref]["properties"])
    assert {"listing_id", "on_request", "amount", "breakdown", "valid_until"} <= fields
    assert "groups" not in fields
