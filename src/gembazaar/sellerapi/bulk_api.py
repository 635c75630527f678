"""Bulk actions through the seller API: publish, unpublish, archive or reprice many listings at once.

The same service and rules as the listings table of the seller centre (catalogue.bulk): each
listing gets the single action's rules, a refused one is skipped with its reason, and only the
key's seller's listings are touched. A small selection answers 200 with the finished job; a large
one 202 with a queued job whose counts move as its batches commit (poll `urls.detail`).

The address is /seller/bulk-actions, not /seller/listings/bulk: every path under /seller/listings/
is a SKU (sellerapi/api.py), and a fixed word there would take a SKU away from the sellers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from gembazaar.catalogue import selectors as catalogue_selectors
from gembazaar.catalogue.bulk.services import MAX_NAMED, listings_bulk_apply
from gembazaar.catalogue.models import BulkJob
from gembazaar.core.api import DecimalIn, DecimalString, ErrorOut, ValidationErrorOut
from gembazaar.sellers.api_auth import KEY_ERRORS, SellerApiKeyAuth

router = Router(tags=["seller"], auth=SellerApiKeyAuth())

ListingStatus = Literal["draft", "active", "reserved", "sold", "archived"]
BIGINT_MAX = 2**63 - 1


class BulkFiltersIn(Schema):
    status: ListingStatus | None = Field(None, description="Only listings in this status; absent or null: every "
                                                           "status.")


class BulkPriceIn(Schema):
    mode: Literal["percent", "fixed"] = Field(description="`percent`: change each price by `percent`; `fixed`: "
                                                          "set each price to `amount` in `currency`.")
    percent: DecimalIn | None = Field(None, description="Percent mode: the change, from above -100 to 1000, at "
                                                        "most 2 decimals (`-10`: ten percent off). Each new price "
                                                        "is rounded half up to its currency's minor unit.",
                                      examples=["-10"])
    amount: DecimalIn | None = Field(None, description="Fixed mode: the new price, with no more decimals than "
                                                       "`currency` has.", examples=["1200.00"])
    currency: str | None = Field(None, max_length=3, description="Fixed mode: the currency of `amount`; "
                                                                 "listings priced in another are skipped.",
                                 examples=["USD"])


class BulkActionIn(Schema):
    action: Literal["publish", "unpublish", "archive", "change_price"]
    skus: list[Annotated[str, Field(max_length=64)]] | None = Field(
        None, max_length=MAX_NAMED, description="Choose the listings by SKU …")
    listing_ids: list[Annotated[int, Field(ge=1, le=BIGINT_MAX)]] | None = Field(
        None, max_length=MAX_NAMED, description="… or by id …")
    filters: BulkFiltersIn | None = Field(None, description="… or every listing matching a filter ({} for all "
                                                            "your listings). Exactly one of the three.")
    price: BulkPriceIn | None = Field(None, description="For `change_price` only.")


class BulkProblemOut(Schema):
    listing_id: int | None = Field(description="Null for a SKU that is not one of yours.")
    sku: str
    title: str
    code: str = Field(description="Why it was left as it was: `not_found` (not one of your listings: never "
                                  "touched), `unchanged` (already so), `metal_linked`, `not_repriced`, "
                                  "`other_currency`, `price_not_positive`, `invalid` (a listing rule), the single "
                                  "action's code (`invalid_transition`, `out_of_stock`, `seller_not_verified`), "
                                  "or `failed` (the job stopped).", examples=["invalid_transition"])
    reason: str = Field(examples=["A sold listing cannot be published."])


class BulkPriceOut(Schema):
    mode: Literal["percent", "fixed"]
    percent: DecimalString | None = None
    amount: DecimalString | None = None
    currency: str | None = None


class BulkJobUrlsOut(Schema):
    detail: str = Field(description="This job in the API (poll it while `status` is queued or running).")
    page: str = Field(description="The job's page in the seller centre.")


class BulkJobOut(Schema):
    id: int
    action: Literal["publish", "unpublish", "archive", "change_price"]
    status: Literal["queued", "running", "done", "failed"] = Field(
        description="queued → running → done; failed after an unexpected stop (the batches committed before stay "
                    "done: see the counts).")
    status_label: str = Field(examples=["Done"])
    price: BulkPriceOut | None = Field(description="The price change, for `change_price`.")
    total: int = Field(description="Your listings the job acts on.")
    processed: int
    progress_percent: int = Field(ge=0, le=100)
    done_count: int = Field(description="Listings changed.")
    skipped_count: int = Field(description="Your listings left as they were, each with a reason in `problems`.")
    ignored_count: int = Field(description="Ids or SKUs sent that are not among your listings: never touched.")
    problems: list[BulkProblemOut] = Field(description="Why listings were skipped or ignored (the first 1,000; the "
                                                       "counts cover all).")
    created_at: datetime
    finished_at: datetime | None
    urls: BulkJobUrlsOut


def _job_out(request: HttpRequest, job: BulkJob) -> dict:
    return {
        "id": job.pk, "action": job.action, "status": job.status, "status_label": str(job.get_status_display()),
        "price": job.params or None, "total": job.total, "processed": job.processed,
        "progress_percent": job.percent, "done_count": job.done_count, "skipped_count": job.skipped_count,
        "ignored_count": job.ignored_count, "problems": job.problems, "created_at": job.created_at,
        "finished_at": job.finished_at,
        "urls": {
            "detail": request.build_absolute_uri(reverse("api:seller_bulk_action_get", kwargs={"job_id": job.pk})),
            "page": request.build_absolute_uri(reverse("sellercentre:bulk_job", args=[job.pk])),
        },
    }


@router.post("/seller/bulk-actions",
             response={200: BulkJobOut, 202: BulkJobOut, **KEY_ERRORS, 400: ErrorOut, 422: ValidationErrorOut},
             operation_id="seller_bulk_action_create", url_name="seller_bulk_action_create",
             summary="Publish, unpublish, archive or reprice many listings")
def seller_bulk_action_create(request: HttpRequest, payload: BulkActionIn):
    """Apply one action to your listings chosen by `skus`, by `listing_ids` (up to 10,000) or by
    `filters` (exactly one), each with the rules of the single action.

    **200** with the finished job for up to LISTINGS_BULK_INLINE_MAX listings (200 by default);
    **202** with a queued job for more (poll `urls.detail`). Listings a rule refuses are skipped
    with the reason (`problems`), the others change. **400** naming the field when the request
    itself is wrong, and nothing changes: `action` (publishing needs a verified seller:
    `seller_not_verified`), `price.mode`, `price.percent`, `price.amount`, `price.currency`, or the
    selection (`empty_selection`: none of the ids or SKUs is yours, or nothing matches the filter;
    `invalid_selection`: not exactly one of `skus`, `listing_ids`, `filters`)."""
    filters = None
    if payload.filters is not None:
        filters = {"status": payload.filters.status or ""}
    job = listings_bulk_apply(
        seller=request.seller, action=payload.action, listing_ids=payload.listing_ids, skus=payload.skus,
        filters=filters, params=payload.price.dict() if payload.price is not None else None)
    job.refresh_from_db()  # without a Celery worker a queued job already ran
    return Status(202 if job.is_running else 200, _job_out(request, job))


@router.get("/seller/bulk-actions/{job_id}",
            response={200: BulkJobOut, **KEY_ERRORS, 404: ErrorOut, 422: ValidationErrorOut},
            operation_id="seller_bulk_action_get", url_name="seller_bulk_action_get",
            summary="One of your bulk actions")
def seller_bulk_action_get(request: HttpRequest, job_id: int):
    """Status, progress and counts; another seller's job answers 404, as an unknown one does."""
    return _job_out(request, catalogue_selectors.bulk_job_get_for_seller(seller=request.seller, job_id=job_id))
