"""Seller endpoints: the public directory of verified sellers. Handlers stay thin."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router

from gembazaar.core.api import ErrorOut, PageQuery, ValidationErrorOut, paginate

from . import selectors
from .schemas import SellerDetailOut, SellerPageOut, SellerSlug

router = Router(tags=["sellers"])


@router.get("/sellers", response={200: SellerPageOut, 422: ValidationErrorOut},
            operation_id="sellers_list", summary="Verified sellers")
def sellers_list(request: HttpRequest, pagination: Query[PageQuery]):
    """Sellers the council has verified, by trade name, with how many listings each has on sale."""
    return paginate(request, selectors.sellers_directory(), page=pagination.page,
                    page_size=pagination.page_size)


@router.get("/sellers/{slug}", response={200: SellerDetailOut, 404: ErrorOut, 422: ValidationErrorOut},
            operation_id="seller_get", summary="One seller")
def seller_get(request: HttpRequest, slug: Path[SellerSlug]):
    """A verified seller's public profile; any other seller answers 404."""
    return selectors.seller_get_public(slug=slug)
