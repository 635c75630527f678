"""Small helpers the order pages share."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from ..services.cart import guest_token_for_session

PAGE_SIZE = 20


def cart_owner(request: HttpRequest, *, create: bool = False) -> dict:
    """The keyword arguments every cart service takes: the user and the guest token."""
    return {"user": request.user, "guest_token": guest_token_for_session(request.session, create=create)}


def page_of(request: HttpRequest, rows) -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def parse_quantity(raw: str | None) -> int:
    """A whole number from a form, or a DomainError naming the `quantity` field."""
    try:
        value = int((raw or "").strip())
    except ValueError:
        raise DomainError(_("Enter the quantity as a whole number."), code="invalid_quantity",
                          field="quantity") from None
    if value < 0:
        raise DomainError(_("Quantity must be at least 1."), code="invalid_quantity", field="quantity")
    return value
