"""A NUL character anywhere in a request answers 400 naming where it was, on every route.

PostgreSQL cannot hold NUL in text: before RejectNulMiddleware, `?q=%00` on the search pages, a
`%00` currency on the rates API or a NUL in a path segment reached a query and answered 500
(issue 11.2). The guard sits in front of every view, so these tests walk the whole URL conf and
every OpenAPI operation instead of trying routes one by one; they run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver

from gembazaar.api import api

pytestmark = pytest.mark.django_db

SAMPLES = {"int": "1", "slug": "emerald", "uslug": "emerald", "str": "GB-2611-7K3Q9", "path": "a/b", "uuid":
           "6f1c2a34-1b2c-4d5e-8f90-123456789abc"}
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif "(?P" not in route and "^" not in route:  # the admin's two regex routes are reached below
            yield route


def _url(route: str, nul_in: str | None = None) -> str:
    def fill(match):
        name = match.group(2)
        sample = SAMPLES[match.group(1) or "str"]
        return "ab%00cd" if name == nul_in else sample

    return "/" + CONVERTER.sub(fill, route)


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))
TEXT_PARAMS = [(route, name) for route in ROUTES for conv, name in CONVERTER.findall(route)
               if (conv or "str") in {"str", "slug", "uslug", "path"}]


def _field(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["field"]
    match = re.search(r"<code>(.*?)</code>", response.content.decode())
    return match.group(1) if match else ""


def test_the_walk_covers_the_site():
    assert len(ROUTES) > 250 and len(TEXT_PARAMS) > 100
    assert "gems/<slug:species>/" in ROUTES or any(r.startswith("gems/") for r in ROUTES)


@pytest.mark.parametrize("route", ROUTES)
def test_nul_in_the_query_string_is_a_400_naming_the_parameter(client, route):
    response = client.get(_url(route) + "?page=2&q=ruby%00")
    assert response.status_code == 400, route
    assert _field(response) == "q"


@pytest.mark.parametrize(("route", "name"), TEXT_PARAMS)
def test_nul_in_a_path_segment_is_a_400(client, route, name):
    response = client.get(_url(route, nul_in=name))
    assert response.status_code == 400, route
    assert _field(response) == "path"


@pytest.mark.parametrize("route", ROUTES)
def test_nul_in_a_form_field_is_a_400_naming_the_field(client, route):
    response = client.post(_url(route), {"title": "fine", "sku": "EM\x00-1"})
    assert response.status_code == 400, route
    assert _field(response) == "sku"


@pytest.mark.parametrize("route", ["", "gems/", "api/v1/rates/history", "api/v1/seller/listings", "cart/"])
@pytest.mark.parametrize(("header", "name"), [("Idempotency-Key", "Idempotency-Key"),
                                              ("Authorization", "Authorization"), ("X-Api-Key", "X-Api-Key")])
def test_nul_in_a_header_is_a_400_naming_it(client, route, header, name):
    response = client.get("/" + route, headers={header: "Bearer ab\x00cd"})
    assert response.status_code == 400
    assert _field(response) == name


@pytest.mark.parametrize("route", ["", "gems/", "cart/", "api/v1/cart", "seller/"])
def test_a_nul_session_cookie_never_reaches_the_session_table(client, route):
    response = client.get("/" + route, HTTP_COOKIE="sessionid=abcdefgh\x00ijkl")
    assert response.status_code == 400 and _field(response) == "Cookie"


def test_multipart_fields_are_checked(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    picture = SimpleUploadedFile("ruby.png", b"not really a picture", content_type="image/png")
    response = client.post("/api/v1/seller/imports", {"file": picture, "note": "a\x00b"})
    assert response.status_code == 400 and _field(response) == "note"
    response = client.post("/seller/listings/new/", {"title": "Ruby\x00", "kind": "gemstone"})
    assert response.status_code == 400 and _field(response) == "title"


def test_the_page_answer_is_in_the_readers_language(client):
    response = client.get("/gems/?q=%00", HTTP_ACCEPT_LANGUAGE="ur")
    html = response.content.decode()
    assert response.status_code == 400 and 'dir="rtl"' in html and 'lang="ur"' in html
    assert "Text may not contain NUL characters." not in html


def _operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in {"query", "path"} and parameter.get("schema", {}).get("type") == "string":
                    yield method, path, parameter["in"], parameter["name"]


OPERATION_PARAMS = sorted(set(_operations()))


def test_the_api_walk_finds_the_text_parameters():
    names = {(path, name) for _m, path, _in, name in OPERATION_PARAMS}
    assert ("/api/v1/rates/history", "currency") in names
    assert len(OPERATION_PARAMS) > 20


@pytest.mark.parametrize(("method", "path", "where", "name"), OPERATION_PARAMS)
def test_every_text_parameter_of_every_operation_refuses_nul(client, method, path, where, name):
    url = re.sub(r"\{(\w+)\}", lambda m: "ab%00cd" if (where, m.group(1)) == ("path", name) else "x1", path)
    if where == "query":
        url += f"?{quote(name)}=ab%00cd"
    response = getattr(client, method)(url, content_type="application/json")
    assert response.status_code == 400, (method, url)
    assert response.json() == {"code": "bad_request", "field": "path" if where == "path" else name,
                               "message": "Text may not contain NUL characters."}
