"""Catalogue endpoints: public listings and the controlled vocabularies. Handlers stay thin."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from gembazaar.core.api import ErrorOut, ValidationErrorOut, paginate
from gembazaar.core.errors import NotFound

from . import selectors, vocab
from .schemas import ListingDetailOut, ListingId, ListingPageOut, ListingQuery, VocabulariesOut, VocabularyOut

listings_router = Router(tags=["listings"])
vocab_router = Router(tags=["vocabularies"])


@listings_router.get("/listings", response={200: ListingPageOut, 422: ValidationErrorOut},
                     operation_id="listings_list", summary="Listings on sale")
def listings_list(request: HttpRequest, filters: Query[ListingQuery]):
    """Active and reserved listings of verified sellers, newest first."""
    queryset = selectors.listings_public_filter(kind=filters.kind, seller_slug=filters.seller,
                                                species=filters.species)
    return paginate(request, queryset, page=filters.page, page_size=filters.page_size)


@listings_router.get("/listings/{listing_id}",
                     response={200: ListingDetailOut, 404: ErrorOut, 422: ValidationErrorOut},
                     operation_id="listing_get", summary="One listing")
def listing_get(request: HttpRequest, listing_id: Path[ListingId]):
    """A listing a buyer may see; drafts, archived and sold listings answer 404."""
    return selectors.listing_get_public(listing_id=listing_id)


@vocab_router.get("/vocabularies", response={200: VocabulariesOut},
                  operation_id="vocabularies_list", summary="Every vocabulary")
def vocabularies_list(request: HttpRequest):
    """The codes the API uses (species, treatments, localities, metals …) with their labels."""
    return vocab.all_vocabularies()


@vocab_router.get("/vocabularies/{name}", response={200: VocabularyOut, 404: ErrorOut},
                  operation_id="vocabulary_get", summary="One vocabulary")
def vocabulary_get(request: HttpRequest, name: str):
    vocabularies = vocab.all_vocabularies()
    if name not in vocabularies:
        raise NotFound(_("No vocabulary named “%(name)s”. Valid names: %(names)s.")
                       % {"name": name[:40], "names": ", ".join(vocabularies)}, field="name")
    return {"name": name, "items": vocabularies[name]}
