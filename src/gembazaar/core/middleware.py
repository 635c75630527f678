"""Request-wide middleware: the display currency, and NUL characters refused at the door."""

import json

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

CURRENCY_SESSION_KEY = "display_currency"


class CurrencyMiddleware:
    """Puts the buyer's chosen display currency on the request (session, else the reference)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.session.get(CURRENCY_SESSION_KEY) if hasattr(request, "session") else None
        request.display_currency = chosen if chosen in settings.DISPLAY_CURRENCIES else settings.REFERENCE_CURRENCY
        return self.get_response(request)


class RejectNulMiddleware:
    """Any text holding a NUL character answers 400 naming where it was, before a view runs.

    PostgreSQL cannot store or compare NUL in text, so such a value fails deep inside a query (a
    500) and SQLite would store it differently. Text reaches queries by many doors: the path
    (slugs, SKUs, order numbers), the query string (search words, filters), form fields,
    multipart fields, headers and cookies (API keys, idempotency keys, the session
    id) and JSON bodies. Checking them all here, once, covers every route present and future;
    tests/test_nul_everywhere.py walks the URL conf and the OpenAPI operations to prove it.
    It sits after LocaleMiddleware (the answer is in the reader's language) and before anything
    that reads the session or the user (a NUL session cookie must not reach the database).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            where = nul_location(request)
        except (MultiPartParserError, BadRequest, SuspiciousOperation):
            if not request.path.startswith("/api/"):
                raise  # Django answers 400 with the 400.html page
            return JsonResponse({"code": "bad_request", "field": "body", "message": _(
                "The request body could not be read: check its Content-Type and encoding.")}, status=400)
        if where is None:
            return self.get_response(request)
        message = _("Text may not contain NUL characters.")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "bad_request", "field": where or None, "message": message}, status=400)
        html = render_to_string("400.html", {"message": message, "field": where})
        return HttpResponse(html, status=400)


def nul_location(request: HttpRequest) -> str | None:
    """Where the first NUL character of the request is ("path", a parameter, a header, a JSON
    field path, "" for a JSON body itself), or None."""
    if "\x00" in request.path_info:
        return "path"
    for key, value in request.GET.lists():
        if "\x00" in key or any("\x00" in item for item in value):
            return key.replace("\x00", "") or "query"
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
            return name[5:].replace("_", "-").title()
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        return _body_nul_location(request)
    return None


def _body_nul_location(request: HttpRequest) -> str | None:
    if request.content_type == "application/json":
        return _json_nul_field(request.body) if request.body else None
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return None
    fields, files = request.POST, request.FILES  # an unreadable body raises: the caller answers 400
    for key, value in fields.lists():
        if "\x00" in key or any("\x00" in item for item in value):
            return key.replace("\x00", "") or "form"
    # Django drops non-printable characters from upload file names itself; field names are ours.
    return next(("form" for key in files if "\x00" in key), None)


def _json_nul_field(body: bytes) -> str | None:
    """The dotted path of the first string holding NUL ("" for the body itself), or None."""
    if b"\\u0000" not in body and b"\x00" not in body:
        return None  # the common case, without parsing
    try:
        data = json.loads(body)
    except ValueError:
        return None  # not JSON: the API answers that itself
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and "\x00" in value:
            return path
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    return path
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{index}" if path else str(index), item) for index, item in enumerate(value))
    return None
