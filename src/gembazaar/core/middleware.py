from django.conf import settings

CURRENCY_SESSION_KEY = "display_currency"


class CurrencyMiddleware:
    """Puts the buyer's chosen display currency on the request (session, else the reference)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.session.get(CURRENCY_SESSION_KEY) if hasattr(request, "session") else None
        request.display_currency = chosen if chosen in settings.DISPLAY_CURRENCIES else settings.REFERENCE_CURRENCY
        return self.get_response(request)


class RejectNulInApiBodiesMiddleware:
    """A JSON body sent to the API with a NUL character in any string answers 400 naming the field.

    PostgreSQL cannot store NUL in text, so such a value would otherwise fail deep inside a query
    (a 500) or be stored differently on SQLite. Web forms refuse it already (Django's form fields
    do); the API's schemas take plain strings, so the rule is kept here, once, for every operation.
    Found by the API fuzzer (tests/test_api_fuzz.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and request.content_type == "application/json" and request.body:
            field = _nul_field(request.body)
            if field is not None:
                from django.http import JsonResponse
                from django.utils.translation import gettext as _

                return JsonResponse({"code": "bad_request", "field": field or None,
                                     "message": _("Text may not contain NUL characters.")}, status=400)
        return self.get_response(request)


def _nul_field(body: bytes) -> str | None:
    """The dotted path of the first string holding NUL ("" for the body itself), or None."""
    import json

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
