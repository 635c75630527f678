"""`listings_bulk_apply`: the one call the seller centre and the seller API make for a bulk action."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.sellers.models import Seller

from .. import selectors
from ..models import BulkJob, Listing
from . import rules, runs
from .tasks import listings_bulk_job_task

MAX_NAMED = 10_000  # listings chosen one by one (ids, SKUs) in one call; a filter has no limit
LOOKUP_CHUNK = 500  # ids or SKUs per query: SQLite limits the parameters of one statement
FILTER_KEYS = ("status",)
BIGINT_MAX = 2**63 - 1


def listings_bulk_check(*, seller: Seller, action: str, params: dict | None = None) -> dict:
    """Check an action and its parameters before anything is chosen or written (the seller
    centre's confirmation step asks first): the parameters as a job keeps them, or DomainError
    naming the field ("action", "price.percent" …)."""
    action = rules.action_clean(action)
    params = rules.params_clean(action=action, params=params)
    if action == BulkJob.Action.PUBLISH and not seller.is_verified:  # listing_publish's rule, asked once
        raise DomainError(_("Only a seller verified by the council can publish listings."),
                          code="seller_not_verified", field="action")
    return params


def _chunks(values: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _named(values, field: str) -> list:
    if not values:
        raise DomainError(_("Select at least one of your listings."), code="empty_selection", field=field)
    if len(values) > MAX_NAMED:
        raise DomainError(_("At most %(max)d listings by id or SKU at once; choose more with a filter.")
                          % {"max": MAX_NAMED}, code="too_many", field=field)
    return list(dict.fromkeys(values))  # each once, in the order given


def _by_ids(seller: Seller, listing_ids) -> tuple[list[int], list[dict]]:
    try:
        wanted = _named([int(value) for value in listing_ids], "listing_ids")
    except (TypeError, ValueError):
        raise DomainError(_("Give listing ids as whole numbers."), field="listing_ids") from None
    found: set[int] = set()
    for chunk in _chunks([value for value in wanted if 0 < value <= BIGINT_MAX]):  # others match nothing
        found.update(selectors.listings_of_seller_selected(seller=seller, listing_ids=chunk)
                     .values_list("pk", flat=True))
    missing = [runs.problem(listing_id=value, code="not_found", reason=_("Not one of your listings."))
               for value in wanted if value not in found]
    return sorted(found), missing


def _by_skus(seller: Seller, skus) -> tuple[list[int], list[dict]]:
    wanted = _named([str(value) for value in skus], "skus")
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        found.update(selectors.listings_of_seller_selected(seller=seller, skus=chunk).values_list("sku", "pk"))
    missing = [runs.problem(sku=value, code="not_found", reason=_("Not one of your listings."))
               for value in wanted if value not in found]
    return sorted(found.values()), missing


def _by_filters(seller: Seller, filters) -> list[int]:
    if not isinstance(filters, dict) or set(filters) - set(FILTER_KEYS):
        raise DomainError(_("Filter by status only."), field="filters")
    status = filters.get("status") or ""
    if status not in ("", *Listing.Status.values):
        raise DomainError(_("Choose one of: %(allowed)s.") % {"allowed": ", ".join(Listing.Status.values)},
                          field="filters.status")
    ids = list(selectors.listings_of_seller_selected(seller=seller, status=status)
               .order_by("pk").values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("No listing matches this filter."), code="empty_selection", field="filters")
    return ids


def _selection(seller: Seller, *, listing_ids, skus, filters) -> tuple[dict, list[int], list[dict]]:
    """(how they were chosen, the seller's listing ids in id order, what was asked for but not found)."""
    given = [name for name, value in (("listing_ids", listing_ids), ("skus", skus), ("filters", filters))
             if value is not None]
    if len(given) != 1:
        raise DomainError(_("Choose the listings by ids, by SKUs or by a filter: one of them."),
                          code="invalid_selection", field=given[1] if len(given) > 1 else "listing_ids")
    if filters is not None:
        ids = _by_filters(seller, filters)
        return {"by": "filters", "filters": {"status": filters.get("status") or ""}}, ids, []
    ids, missing = _by_ids(seller, listing_ids) if listing_ids is not None else _by_skus(seller, skus)
    if not ids:
        raise DomainError(_("Select at least one of your listings."), code="empty_selection", field=given[0])
    return {"by": given[0]}, ids, missing


def listings_bulk_apply(*, seller: Seller, action: str, params: dict | None = None,
                        listing_ids: list[int] | None = None, skus: list[str] | None = None,
                        filters: dict | None = None, actor=None) -> BulkJob:
    """Apply one action (publish, unpublish, archive, change_price) to many of the seller's
    listings, each with the rules of the single action, and return the job that records it.

    Rules:
    - the listings are chosen by `listing_ids`, by `skus`, or by `filters` ({"status": "draft"};
      "" for every status): exactly one of them. Only the seller's own listings are ever read or
      touched; ids and SKUs that are not theirs (unknown, or another seller's) are left alone,
      counted as `ignored_count` and listed as "not_found", never as done;
    - the action and its parameters are checked first (listings_bulk_check): nothing is written
      when they are wrong (DomainError naming the field); publishing needs a verified seller;
    - each listing gets the single action's service (rules.apply_one); a listing the rule
      refuses is skipped with the reason, the others go on;
    - up to LISTINGS_BULK_INLINE_MAX listings run here and the job comes back done; more are
      queued (after commit) as a Celery task and the job comes back `queued`: follow its counts.
      Either way each batch of LISTINGS_BULK_BATCH_SIZE is one transaction (runs.py).
    The job keeps who (`actor`), when, what and the outcome: done, skipped with reasons, ignored.
    """
    params = listings_bulk_check(seller=seller, action=action, params=params)
    selection, ids, missing = _selection(seller, listing_ids=listing_ids, skus=skus, filters=filters)
    large = len(ids) > settings.LISTINGS_BULK_INLINE_MAX
    job = BulkJob.objects.create(
        seller=seller, created_by=actor if getattr(actor, "is_authenticated", False) else None, action=action,
        params=params, selection=selection, listing_ids=ids, language=translation.get_language() or "",
        status=BulkJob.Status.QUEUED if large else BulkJob.Status.RUNNING, total=len(ids),
        ignored_count=len(missing), problems=missing[: settings.LISTINGS_BULK_MAX_REPORTED])
    if large:
        transaction.on_commit(lambda: listings_bulk_job_task.delay(job.pk))
        return job
    try:
        return runs.bulk_run(job=job)
    except Exception:
        runs.bulk_job_fail(job_id=job.pk, message=_("The bulk action stopped on an unexpected error. The "
                                                    "listings counted as done stay done; run it again for the rest."))
        raise
