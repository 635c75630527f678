"""A bulk job applied to its listings, a batch per transaction (run in the request for a small
selection, by tasks.py for a large one). Nothing here queues work.

Each batch is one short transaction: the batch's listings are locked in id order (the order
checkout takes stock in, so the two never wait on each other crosswise) and re-read under the
lock, each listing gets its action inside a savepoint (a refusal rolls back that listing only),
and the job's counts move in the same transaction. A worker that dies loses at most its open
batch, which rolls back whole; the task delivered again resumes after the last committed batch.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from ..models import BulkJob, Listing
from . import rules

log = logging.getLogger(__name__)


def problem(*, listing: Listing | None = None, listing_id: int | None = None, sku: str = "", code: str,
            reason: str) -> dict:
    """One entry of a job's `problems`."""
    if listing is not None:
        listing_id, sku = listing.pk, listing.sku
    return {"listing_id": listing_id, "sku": sku, "title": listing.title if listing is not None else "",
            "code": code, "reason": reason}


def _apply_batch(job: BulkJob, ids: list[int], change: rules.PriceChange | None) -> tuple[int, list[dict]]:
    """Apply the job's action to the listings `ids` (inside the caller's transaction): (done, problems)."""
    listings = (Listing.objects.select_for_update(of=("self",)).select_related("seller", "gem", "jewelry")
                .filter(seller_id=job.seller_id, pk__in=ids).order_by("pk"))
    done, problems, seen = 0, [], set()
    for listing in listings:
        seen.add(listing.pk)
        try:
            with transaction.atomic():
                rules.apply_one(listing=listing, action=job.action, change=change, actor=job.created_by)
        except (rules.Skip, DomainError, ValidationError) as exc:
            code, reason = rules.reason_of(exc)
            problems.append(problem(listing=listing, code=code, reason=reason))
        else:
            done += 1
    for listing_id in sorted(set(ids) - seen):  # deleted (or moved) since the job was made
        problems.append(problem(listing_id=listing_id, code="not_found", reason=_("This listing no longer exists.")))
    return done, problems


def bulk_run(*, job: BulkJob) -> BulkJob:
    """Apply a running job's action to its listings from `processed` on, a batch per transaction,
    then mark it done. Stops without touching anything when another worker moved the job on."""
    change = rules.price_change_of(job.params) if job.action == BulkJob.Action.CHANGE_PRICE else None
    size = max(1, settings.LISTINGS_BULK_BATCH_SIZE)
    keep = settings.LISTINGS_BULK_MAX_REPORTED
    with translation.override(job.language or settings.LANGUAGE_CODE):
        while job.processed < job.total:
            with transaction.atomic():
                current = BulkJob.objects.select_for_update().only("status", "processed").get(pk=job.pk)
                if current.status != BulkJob.Status.RUNNING or current.processed != job.processed:
                    return current  # another worker took it over (or it was failed meanwhile)
                batch = job.listing_ids[job.processed: job.processed + size]
                done, problems = _apply_batch(job, batch, change)
                job.processed += len(batch)
                job.done_count += done
                job.skipped_count += sum(1 for p in problems if p["code"] != "not_found")
                job.ignored_count += sum(1 for p in problems if p["code"] == "not_found")
                job.problems = (job.problems + problems)[:keep]
                job.save(update_fields=["processed", "done_count", "skipped_count", "ignored_count", "problems",
                                        "updated_at"])  # updated_at: the heartbeat the takeover reads
    job.status, job.finished_at = BulkJob.Status.DONE, timezone.now()
    BulkJob.objects.filter(pk=job.pk, status=BulkJob.Status.RUNNING).update(
        status=job.status, finished_at=job.finished_at, updated_at=job.finished_at)
    return job


def bulk_job_run(*, job_id: int) -> BulkJob:
    """The worker's part: claim a queued job (or a running one whose worker went silent for
    LISTINGS_BULK_STALE_MINUTES: its task was delivered again) and run it to the end."""
    now = timezone.now()
    stale = now - timedelta(minutes=settings.LISTINGS_BULK_STALE_MINUTES)
    claimed = BulkJob.objects.filter(pk=job_id).filter(
        Q(status=BulkJob.Status.QUEUED) | Q(status=BulkJob.Status.RUNNING, updated_at__lt=stale)
    ).update(status=BulkJob.Status.RUNNING, updated_at=now)
    job = BulkJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job  # done already, or running in a live worker (a task delivered twice)
    return bulk_run(job=job)


def bulk_job_fail(*, job_id: int, message: str) -> None:
    """Mark a job failed after an unexpected error, so its page stops waiting. The batches
    committed before stay done; the counts say how far it got."""
    job = BulkJob.objects.filter(pk=job_id, status__in=BulkJob.RUNNING_STATUSES).first()
    if job is None:
        return
    now = timezone.now()
    BulkJob.objects.filter(pk=job.pk, status__in=BulkJob.RUNNING_STATUSES).update(
        status=BulkJob.Status.FAILED, finished_at=now, updated_at=now,
        problems=[*job.problems, problem(code="failed", reason=message)])
