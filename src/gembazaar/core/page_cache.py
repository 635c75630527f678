"""Whole pages cached for anonymous visitors, never stale where it matters.

Who is served from the cache: a GET of a view marked `@anonymous_cacheable`, by a visitor
who is not signed in and has no session (so no guest cart, no chosen currency, no flash
message). Everyone else gets a fresh render, and nothing they see is ever stored.

What a cached page depends on is all in its key: the address with its query string, the
language, the display currency, htmx or not (the panel or the whole page), and the *version* of
what pages show. The version (`PAGE_CACHE_VERSION`, a function) changes with every write that
can change a page: any listing, spec or seller write (the search change log the database
triggers fill, whoever writes: services, admin, repricing, a sale in another process) and any
new metal or exchange rate. One query per request reads it, so a stone sold, a piece repriced,
a listing edited or archived, a seller suspended or a new listing shows on the next request in
every process: no timeout to wait for. `PAGE_CACHE_SECONDS` only bounds what changes with time
alone (a rate growing stale), and the memory the cache takes.

The CSRF token is the one personal thing in an anonymous page (the language and currency
forms, add to cart): it is stored as a placeholder and every hit gets the visitor's own token,
which also sets their CSRF cookie, exactly as a fresh render would.

A hit is sent compressed without compressing the page again: the page is stored cut at its
tokens, each piece deflated once, and a hit joins the pieces with the token deflated on its own
(a gzip stream may be any run of deflate blocks; only its CRC is of the whole, and that is cheap).
The token shares no compression window with the page, so it cannot leak through the size.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.cache import cache as default_cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{32,64})(")')
PLACEHOLDER = b"__GEMBAZAAR_CSRF_TOKEN__"
CACHED_HEADER = "X-Page-Cache"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding
# A gzip member header: deflate, no flags, no time stamp, no extra fields, "unknown" OS.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def anonymous_cacheable(view: Callable) -> Callable:
    """Mark a GET view whose page is the same for every anonymous visitor (see the module)."""
    view.anonymous_cacheable = True
    return view


def _deflated(data: bytes, *, last: bool) -> bytes:
    """Raw deflate blocks of `data`; all but the last end byte-aligned and unfinished, so they join."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _stored(content: bytes) -> tuple[list[bytes], list[bytes]]:
    """The page cut at its CSRF tokens, and each cut deflated once."""
    parts = TOKEN_FIELD.sub(rb"\1" + PLACEHOLDER + rb"\3", content).split(PLACEHOLDER)
    return parts, [_deflated(part, last=index == len(parts) - 1) for index, part in enumerate(parts)]


def _gzipped(parts: list[bytes], deflated: list[bytes], token: bytes) -> bytes:
    body_length = sum(map(len, parts)) + len(token) * (len(parts) - 1)
    crc = 0
    pieces = [GZIP_HEADER]
    for index, (part, block) in enumerate(zip(parts, deflated, strict=True)):
        crc = zlib.crc32(part, crc)
        pieces.append(block)
        if index < len(parts) - 1:
            crc = zlib.crc32(token, crc)
            pieces.append(_deflated(token, last=False))
    pieces.append(struct.pack("<II", crc, body_length & 0xFFFFFFFF))
    return b"".join(pieces)


@cache
def _version_function() -> Callable[[], str]:
    return import_string(settings.PAGE_CACHE_VERSION)


def _eligible(request: HttpRequest) -> bool:
    return (request.method == "GET" and not request.user.is_authenticated
            and settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES)


def _key(request: HttpRequest, version: str) -> str:
    htmx = getattr(request, "htmx", None)
    parts = [request.get_full_path(), getattr(request, "LANGUAGE_CODE", ""), getattr(request, "display_currency", ""),
             "htmx" if htmx and not htmx.history_restore_request else "page", version]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class AnonymousPageCacheMiddleware:
    """Serves and stores the pages of `@anonymous_cacheable` views for anonymous visitors.

    Sits after CsrfViewMiddleware, the session, auth, locale, htmx and currency middleware (it
    needs what they put on the request, and CsrfViewMiddleware must set the token cookie of a hit).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.process_response(request, self.get_response(request))

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_SECONDS or not getattr(view_func, "anonymous_cacheable", False):
            return None
        if not _eligible(request):
            return None
        key = _key(request, _version_function()())
        stored = default_cache.get(key)
        if stored is None:
            request._page_cache_key = key
            return None
        parts, deflated, content_type, vary = stored
        token = get_token(request).encode()
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(_gzipped(parts, deflated, token), content_type=content_type)
            response["Content-Encoding"] = "gzip"  # GZipMiddleware leaves an encoded answer alone
        else:
            response = HttpResponse(token.join(parts), content_type=content_type)
        if vary:
            response["Vary"] = vary
        patch_vary_headers(response, ("Accept-Encoding",))
        response[CACHED_HEADER] = "hit"
        return response

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        key = getattr(request, "_page_cache_key", None)
        if key is None or response.status_code != 200 or response.streaming or response.cookies.get(
                settings.SESSION_COOKIE_NAME):
            return response
        parts, deflated = _stored(response.content)
        default_cache.set(key, (parts, deflated, response["Content-Type"], response.get("Vary", "")),
                          settings.PAGE_CACHE_SECONDS)
        response[CACHED_HEADER] = "miss"
        return response
