"""What every API router shares: the one error shape, its exception handlers, pagination.

Every error the API returns has the same body, `{"code", "message", "field"}`, and a 422 adds
`errors`, one entry per bad input, so a client needs a single error path whatever went wrong.
"""

from __future__ import annotations

import logging
import math
from decimal import Decimal
from typing import Annotated, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import BadRequest, ObjectDoesNotExist, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BeforeValidator

from .errors import DomainError

logger = logging.getLogger("django.request")

# Where a request parameter came from, as ninja puts it first in a pydantic error location.
PARAM_SOURCES = {"query", "path", "body", "form", "file", "header", "cookie"}

# Money and weights leave the API as strings: a JSON number would become a float in most clients.
def _decimal_to_str(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


# A Decimal from the model becomes its exact string; no resolver needed per field.
DecimalString = Annotated[
    str, BeforeValidator(_decimal_to_str), Field(pattern=r"^-?\d+(\.\d+)?$", examples=["1250.00"])
]
# Input decimals: strings only, so no client sends a float's rounding error as a price.
DecimalIn = Annotated[str, Field(pattern=r"^\s*-?\d+(\.\d+)?\s*$", examples=["1.250"])]



# --- The error shape -------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["Listing not found."])
    field: str | None = Field(None, examples=[None])


class FieldErrorOut(Schema):
    field: str | None = Field(examples=["page_size"])
    message: str = Field(examples=["Input should be less than or equal to 100"])


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


def error_body(*, code: str, message: str, field: str | None = None) -> dict:
    return {"code": code, "message": message, "field": field}


def validation_body(errors: list[dict]) -> dict:
    """A 422 body: the first problem up front for simple clients, all of them in `errors`."""
    first = errors[0] if errors else {"field": None, "message": _("The input is not valid.")}
    return {**error_body(code="validation_error", message=first["message"], field=first["field"]),
            "errors": errors}


def field_from_loc(loc: tuple | list) -> str | None:
    """("query", "page_size") → "page_size"; nested body fields keep their path ("gem.carat")."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in PARAM_SOURCES:
        parts = parts[1:]
    return ".".join(parts) or None


def _ninja_validation_error(request: HttpRequest, exc: NinjaValidationError, *, api: NinjaAPI) -> HttpResponse:
    errors = [{"field": field_from_loc(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors]
    return api.create_response(request, validation_body(errors), status=422)


def _django_validation_error(request: HttpRequest, exc: DjangoValidationError, *,
                             api: NinjaAPI) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [{"field": None if field == "__all__" else field, "message": message}
                  for field, messages in exc.message_dict.items() for message in messages]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return api.create_response(request, validation_body(errors), status=422)


def _domain_error(request: HttpRequest, exc: DomainError, *, api: NinjaAPI) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    if getattr(exc, "retry_after", None):  # a rate limit says when to come back
        response["Retry-After"] = str(exc.retry_after)
    return response


def _model_of(exc: ObjectDoesNotExist) -> type[Model] | None:
    return next((model for model in apps.get_models() if type(exc) is model.DoesNotExist), None)


def _not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    if isinstance(exc, AttributeError):
        # listing.gem on a listing without one (RelatedObjectDoesNotExist) is a bug, not a 404.
        return _unexpected(request, exc, api=api)
    message = _("Not found.")
    if isinstance(exc, Http404) and str(exc):
        message = str(exc)
    elif isinstance(exc, ObjectDoesNotExist) and (model := _model_of(exc)):
        # "Listing not found.": the lookup that failed is not echoed back.
        message = _("%(thing)s not found.") % {"thing": capfirst(model._meta.verbose_name)}
    return api.create_response(request, error_body(code="not_found", message=message), status=404)


HTTP_ERROR_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 405: "method_not_allowed",
                    429: "throttled"}


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    code = HTTP_ERROR_CODES.get(exc.status_code, "error")
    return api.create_response(request, error_body(code=code, message=str(exc)), status=exc.status_code)


def _unreadable_body(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    """A body Django cannot read: multipart without a boundary, too many fields, too large… The
    client's mistake (400), not ours; the details stay in the log."""
    logger.info("Unreadable request body on %s: %s", request.path, exc)
    body = error_body(code="bad_request", message=_("The request body could not be read: check its Content-Type "
                                                    "and encoding."), field="body")
    return api.create_response(request, body, status=400)


def _unexpected(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    if settings.DEBUG:
        raise exc  # a developer wants Django's traceback page
    # Logged where Django logs its own 500s, so admin e-mails and log shipping still see it.
    logger.error("Internal Server Error: %s", request.path, exc_info=exc,
                 extra={"status_code": 500, "request": request})
    body = error_body(code="server_error", message=_("Something went wrong on our side. Please try again."))
    return api.create_response(request, body, status=500)


class GemBazaarAPI(NinjaAPI):
    """A NinjaAPI that answers every failure in the one error shape.

    It also names body fields as the client sent them: ninja prefixes the errors of a single
    body schema with the handler's argument name ("payload.gem.carat"), which the client never
    saw; services name the same field "gem.carat".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        register_error_handlers(self)

    def validation_error_from_error_contexts(self, error_contexts: list) -> NinjaValidationError:
        error = super().validation_error_from_error_contexts(error_contexts)
        wrappers = {getattr(context.model, "__read_from_single_attr__", None) for context in error_contexts}
        wrappers.discard(None)
        for item in error.errors:
            loc = tuple(item.get("loc", ()))
            if len(loc) > 1 and loc[0] == "body" and loc[1] in wrappers:
                item["loc"] = ("body", *loc[2:])
        return error

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict:
        """The schema, with the answers every operation of a kind can give, declared once here:
        400 on every operation (a NUL character in the path, a parameter, a header or the body,
        refused by core.middleware.RejectNulMiddleware; a body that cannot be read at all),
        422 when a numeric id in the path is not a number."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict):
                    continue
                # ninja keys responses by int; JSON turns them into strings, so a "400" added
                # beside a 400 would be sent twice in one object (Swagger UI refuses the document)
                operation["responses"] = {str(status): answer for status, answer in operation["responses"].items()}
                operation["responses"].setdefault("400", _error_response("Bad Request", "ErrorOut"))
                if any(p.get("in") == "path" and p.get("schema", {}).get("type") == "integer"
                       for p in operation.get("parameters", [])):
                    operation["responses"].setdefault("422", _error_response("Unprocessable Entity",
                                                                             "ValidationErrorOut"))
        return schema


def _error_response(description: str, schema_name: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


def register_error_handlers(api: NinjaAPI) -> None:
    """Make every failure of `api` answer in the one error shape."""

    def bind(handler):
        return lambda request, exc: handler(request, exc, api=api)

    api.add_exception_handler(NinjaValidationError, bind(_ninja_validation_error))
    api.add_exception_handler(DjangoValidationError, bind(_django_validation_error))
    api.add_exception_handler(DomainError, bind(_domain_error))
    api.add_exception_handler(Http404, bind(_not_found))
    api.add_exception_handler(ObjectDoesNotExist, bind(_not_found))
    api.add_exception_handler(HttpError, bind(_http_error))
    for unreadable in (MultiPartParserError, BadRequest, SuspiciousOperation):
        api.add_exception_handler(unreadable, bind(_unreadable_body))
    api.add_exception_handler(Exception, bind(_unexpected))


def add_unknown_path_fallback(api: NinjaAPI) -> None:
    """Answer a mistyped address under the API in JSON too, not with the site's HTML 404 page.

    Call it after every other router is added: Django tries URL patterns in order, and the
    API's default router is mounted first, so the fallback needs a router of its own.
    """
    fallback = Router()

    @fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False)
    def unknown_endpoint(request: HttpRequest, rest: str):
        raise Http404(_("There is no API endpoint at this address."))

    api.add_router("", fallback)


# --- Pagination ------------------------------------------------------------------------------


class PageQuery(Schema):
    """Page-number pagination, the same on every list endpoint.

    The limits are read from settings once, at import: they are part of the published schema.
    """

    page: int = Field(1, ge=1, description="1-based page number.")
    page_size: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE,
                           description=f"Items per page, 1 to {settings.API_MAX_PAGE_SIZE}.")


class PageOut(Schema):
    """Subclass with `items: list[ItemOut]` for each list endpoint."""

    count: int = Field(description="Items matching the request, over all pages.")
    page: int
    page_size: int
    pages: int = Field(description="Number of pages; 0 when nothing matches.")
    next: str | None = Field(description="URL of the next page, or null on the last page.")
    previous: str | None = Field(description="URL of the previous page, or null on the first page.")


def paginate(request: HttpRequest, queryset: QuerySet, *, page: int, page_size: int) -> dict[str, Any]:
    """One page of `queryset` in the PageOut shape.

    A page past the end is not an error: it is empty, with `previous` pointing at the last page
    (results can shrink between two requests; a client walking `next` never gets there).
    """
    count = queryset.count()
    pages = math.ceil(count / page_size)
    offset = (page - 1) * page_size
    # Skip the query when the offset is past the end: it cannot return rows, and a huge
    # offset would overflow the database's integer type.
    items = list(queryset[offset : offset + page_size]) if offset < count else []
    return {
        "items": items,
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": _page_url(request, page + 1) if page < pages else None,
        "previous": _page_url(request, min(page - 1, max(pages, 1))) if page > 1 else None,
    }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
