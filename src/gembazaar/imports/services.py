"""Every write of the imports app: start a job, validate a file, commit it all or nothing.

Rules: every row is checked (rows.py) before anything is written; the write happens in one
transaction, so on any error nothing is written; update-by-SKU touches only the acting seller's
listings; imported listings are drafts unless the seller is verified and asked to publish.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.catalogue.models import GemSpec, JewelrySpec, Listing, ListingImage, ListingPrice
from gembazaar.core.bulk_sql import TableWriter
from gembazaar.core.errors import DomainError
from gembazaar.search.document import lexicon_add, lexicon_words_of_many
from gembazaar.sellers.models import Seller

from .columns import GEM, KINDS
from .images import PlannedImage, check_images_archive, load_images, plan_images
from .models import ImportJob
from .parsing import FileRejected, check_readable, read_table
from .rows import CREATE, UPDATE, CleanRow, RowChecker, RowError, existing_listings, header_errors

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 1000


@dataclass
class Checked:
    """A file after validation: its clean rows, or the errors that stop it."""

    total_rows: int = 0
    rows: list[CleanRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    images: list[PlannedImage] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)  # the first clean rows, for the preview

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    images: int = 0


def _check_options(*, seller: Seller, kind: str, mode: str, publish: bool) -> None:
    if kind not in KINDS:
        raise DomainError(_("Choose gem or jewelry."), code="invalid", field="kind")
    if mode not in (CREATE, UPDATE):
        raise DomainError(_("Choose create or update_by_sku."), code="invalid", field="mode")
    if publish and not seller.is_verified:
        raise DomainError(_("Only a seller verified by the council can publish listings."),
                          code="seller_not_verified", field="publish")


Sink = Callable[[list[CleanRow]], None]
BATCH_ROWS = 5000
SAMPLE_ROWS = 10


def import_check(*, seller: Seller, kind: str, mode: str, data: bytes, images: bytes | None = None,
                 progress: Progress | None = None, sink: Sink | None = None, keep_rows: bool = True) -> Checked:
    """Read and check every row (and the images ZIP's names); writes nothing itself.

    Clean rows are kept in `checked.rows`, or, with `sink`, handed to it in batches for as long as
    no error was found (the pipelined write below), and the caller rolls back if one is found later.
    `keep_rows=False` is a preview: rows are checked, not kept, and nothing only a write needs is built.
    """
    checked = Checked()
    try:
        table = read_table(data)
    except FileRejected as exc:
        checked.errors.append(RowError(None, exc.column, exc.message))
        return checked
    checked.total_rows = len(table.rows)
    keys, problems = header_errors(table.header, kind=kind, mode=mode)
    if problems:
        checked.errors.extend(problems)
        return checked
    if not table.rows:
        checked.errors.append(RowError(None, "", _("The file has a header but no rows.")))
        return checked
    sku_at = keys.index("sku")
    skus = {cells[sku_at].strip() for _n, cells in table.rows if sku_at < len(cells)} - {""}
    if images:
        checked.images, image_errors = plan_images(images, skus=skus)
        checked.errors.extend(image_errors)
    existing = existing_listings(seller=seller, skus=sorted(skus)) if mode == UPDATE else {}
    taken = set(Listing.objects.filter(seller=seller).values_list("sku", flat=True)) if mode == CREATE else set()
    checker = RowChecker(seller=seller, kind=kind, mode=mode, keys=keys, existing=existing, taken_skus=taken,
                         for_write=keep_rows or sink is not None)
    total = len(table.rows)
    for index, (number, cells) in enumerate(table.rows, start=1):
        result = checker.check(number, cells)
        if isinstance(result, CleanRow):
            if len(checked.sample) < SAMPLE_ROWS:
                checked.sample.append({"row": number, "sku": result.listing["sku"],
                                       "title": result.listing["title"], "price": str(result.price["price"]),
                                       "currency": result.listing["currency"]})
            if not checked.errors and (keep_rows or sink is not None):  # after an error, rows are not kept
                checked.rows.append(result)
                if sink is not None and len(checked.rows) >= BATCH_ROWS:
                    sink(checked.rows)
                    checked.rows = []
        else:
            checked.errors.extend(result)
            checked.rows = []
        if progress and (index % PROGRESS_EVERY == 0 or index == total):
            progress(index, total)
    if sink is not None and checked.rows and not checked.errors:
        sink(checked.rows)
        checked.rows = []
    return checked


def _insert(*, seller: Seller, kind: str, rows: list[CleanRow], publish: bool) -> dict[str, int]:
    now = timezone.now()
    status = Listing.Status.ACTIVE if publish else Listing.Status.DRAFT
    listing_rows = [{**row.listing, "seller_id": seller.pk, "status": status,
                     "published_at": now if publish else None} for row in rows]
    ids = {sku: pk for pk, _seller_id, sku in
           TableWriter(Listing).insert(listing_rows, returning=("id", "seller_id", "sku"))}
    # Every listing has its price row, written in the same transaction (catalogue 0006).
    TableWriter(ListingPrice).insert([{**row.price, "listing_id": ids[row.listing["sku"]]} for row in rows])
    spec_rows = [{**row.spec, "listing_id": ids[row.listing["sku"]]} for row in rows]
    TableWriter(GemSpec if kind == GEM else JewelrySpec).insert(spec_rows)
    return ids


def _update(*, seller: Seller, kind: str, rows: list[CleanRow]) -> dict[str, int]:
    now = timezone.now()
    spec_model = GemSpec if kind == GEM else JewelrySpec
    if connection.vendor == "postgresql":
        listings = [(row.listing_id, {**row.listing, "updated_at": now}) for row in rows]
        # seller_id in the WHERE too: whatever happened, another seller's listing is never touched
        _bulk_update_postgres(Listing, listings, where="t.seller_id = %s", where_params=[seller.pk])
        # The listings above were checked to be the seller's, so their price rows are too.
        _bulk_update_postgres(ListingPrice, [(row.listing_id, row.price) for row in rows])
        _bulk_update_postgres(spec_model, [(row.listing_id, row.spec) for row in rows])
        return {row.listing["sku"]: row.listing_id for row in rows}
    for row in rows:
        updated = Listing.objects.filter(pk=row.listing_id, seller=seller).update(**row.listing, updated_at=now)
        if updated != 1:
            raise _changed_meanwhile(row.listing["sku"])
        if not ListingPrice.objects.filter(listing_id=row.listing_id).update(**row.price):
            ListingPrice.objects.create(listing_id=row.listing_id, **row.price)
        if not spec_model.objects.filter(listing_id=row.listing_id).update(**row.spec):
            spec_model.objects.create(listing_id=row.listing_id, **row.spec)
    return {row.listing["sku"]: row.listing_id for row in rows}


def _changed_meanwhile(sku: str) -> DomainError:
    return DomainError(_("Listing %(sku)s changed while importing; try again.") % {"sku": sku},
                       code="conflict", field="sku")


UPDATE_BATCH = 1000


def _bulk_update_postgres(model, rows: list[tuple[int, dict]], *, where: str = "",
                          where_params: list | None = None) -> None:
    """UPDATE … FROM (VALUES …) per 1,000 rows: one statement (and one trigger run) per batch, not per row.

    Every value is cast to its column's type, so a column that is NULL on every row of a batch still fits.
    Raises DomainError when a row did not match (a listing deleted meanwhile, or not the seller's).
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0][1] and not f.primary_key]
    names = [f.attname for f in fields]
    assignments = ", ".join(f"{quote(f.column)} = CAST(v.c{i} AS {f.db_type(connection)})"
                            for i, f in enumerate(fields))
    aliases = ", ".join(["pk", *(f"c{i}" for i in range(len(fields)))])
    condition = f"t.{quote(model._meta.pk.column)} = v.pk" + (f" AND {where}" if where else "")
    row_sql = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPDATE_BATCH):
            chunk = rows[start:start + UPDATE_BATCH]
            # Only names from the models' _meta and placeholders are formatted in; values are parameters.
            sql = (f"UPDATE {quote(model._meta.db_table)} AS t SET {assignments} "  # noqa: S608
                   f"FROM (VALUES {', '.join([row_sql] * len(chunk))}) AS v({aliases}) WHERE {condition}")
            params = [value for pk, data in chunk for value in (pk, *(data[name] for name in names))]
            cursor.execute(sql, params + list(where_params or []))
            if cursor.rowcount != len(chunk):
                raise _changed_meanwhile(str(chunk[0][1].get("sku", "")))


def _attach_images(*, seller: Seller, ids: dict[str, int], pictures: dict[str, list], saved: list[str]) -> int:
    if not pictures:
        return 0
    with_pictures = [ids[sku] for sku in pictures]
    start = dict.fromkeys(with_pictures, 0)
    start.update(_next_positions(with_pictures))
    titles = dict(Listing.objects.filter(pk__in=with_pictures).values_list("pk", "title"))
    image_rows = []
    for sku, processed_list in pictures.items():
        listing_id = ids[sku]
        for offset, processed in enumerate(processed_list):
            stem = uuid.uuid4().hex
            folder = f"listings/{seller.pk}/{listing_id}"
            image_name = default_storage.save(f"{folder}/{stem}.jpg", ContentFile(processed.image))
            saved.append(image_name)
            thumb_name = default_storage.save(f"{folder}/{stem}-thumb.jpg", ContentFile(processed.thumbnail))
            saved.append(thumb_name)
            image_rows.append(ListingImage(listing_id=listing_id, image=image_name, thumbnail=thumb_name,
                                           width=processed.width, height=processed.height,
                                           position=start[listing_id] + offset,
                                           alt_text=titles.get(listing_id, sku)[:200]))
    ListingImage.objects.bulk_create(image_rows, batch_size=500)
    return len(image_rows)


def _next_positions(listing_ids: list[int]) -> dict[int, int]:
    """After the last existing picture of each listing (update mode adds pictures at the end)."""
    from django.db.models import Max

    positions = {}
    for start in range(0, len(listing_ids), 1000):
        rows = (ListingImage.objects.filter(listing_id__in=listing_ids[start:start + 1000])
                .values("listing_id").annotate(top=Max("position")))
        positions.update({row["listing_id"]: row["top"] + 1 for row in rows})
    return positions


def import_write(*, seller: Seller, kind: str, mode: str, checked: Checked, publish: bool = False,
                 images: bytes | None = None) -> Written:
    """Write a checked file in one transaction; on any error nothing is written (DomainError)."""
    if not checked.ok:
        raise DomainError(_("The file has errors; nothing was imported."), code="invalid_file")
    _check_options(seller=seller, kind=kind, mode=mode, publish=publish and mode == CREATE)
    pictures: dict[str, list] = {}
    if images and checked.images:
        pictures, errors = load_images(images, checked.images)
        if errors:
            checked.errors.extend(errors)
            raise DomainError(_("Some pictures cannot be used; nothing was imported."), code="invalid_images",
                              field="images")
    saved: list[str] = []
    written = Written()
    try:
        with transaction.atomic():
            if mode == CREATE:
                ids = _insert(seller=seller, kind=kind, rows=checked.rows, publish=publish)
                written.created = len(ids)
            else:
                ids = _update(seller=seller, kind=kind, rows=checked.rows)
                written.updated = len(ids)
            lexicon_add(lexicon_words_of_many(row.listing["search_text"] for row in checked.rows))
            written.images = _attach_images(seller=seller, ids=ids, pictures=pictures, saved=saved)
    except (IntegrityError, connection.Database.IntegrityError) as exc:  # COPY raises the driver's own error
        _forget(saved)
        raise _conflict_error() from exc
    except BaseException:
        _forget(saved)
        raise
    return written


def _forget(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


class _RolledBack(Exception):
    pass


def _conflict_error() -> DomainError:
    return DomainError(_("Another change to your listings collided with this import (a SKU taken meanwhile?); "
                         "nothing was imported. Check the file again."), code="conflict")


class PipelinedWriter:
    """Writes batches of checked rows from a second thread, in its own connection and one transaction,
    while the calling thread checks the next rows: PostgreSQL indexes a batch (full-text vector, GIN)
    on the other core while Python validates the next one. The transaction commits only after the
    last row was checked without error; otherwise it rolls back and nothing is written."""

    def __init__(self, *, seller: Seller, kind: str, publish: bool) -> None:
        self.seller, self.kind, self.publish = seller, kind, publish
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.written = Written()
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.thread.start()

    def send(self, rows: list[CleanRow]) -> None:
        if self.error is None:
            self.queue.put(("rows", rows))

    def finish(self, *, commit: bool, pictures: dict[str, list] | None = None) -> Written:
        self.queue.put(("end", commit, pictures or {}))
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.written

    def _run(self) -> None:
        saved: list[str] = []
        try:
            with transaction.atomic():
                ids: dict[str, int] = {}
                words: set[str] = set()
                while True:
                    message = self.queue.get()
                    if message[0] == "end":
                        _tag, commit, pictures = message
                        break
                    if self.error is None:  # after a failure, only drain the queue
                        try:
                            ids.update(_insert(seller=self.seller, kind=self.kind, rows=message[1],
                                               publish=self.publish))
                            words |= lexicon_words_of_many(row.listing["search_text"] for row in message[1])
                        except BaseException as exc:
                            self.error = exc
                if self.error is not None or not commit:
                    raise _RolledBack
                lexicon_add(words)
                self.written.created = len(ids)
                self.written.images = _attach_images(seller=self.seller, ids=ids, pictures=pictures, saved=saved)
        except _RolledBack:
            _forget(saved)
        except BaseException as exc:
            _forget(saved)
            self.error = self.error or exc
        finally:
            connection.close()


def _can_pipeline(mode: str) -> bool:
    # Not inside an outer transaction (a test's, a caller's): the writer's connection would not see it.
    return (mode == CREATE and settings.IMPORT_PIPELINE and connection.vendor == "postgresql"
            and not connection.in_atomic_block)


def import_listings(*, seller: Seller, kind: str, mode: str = CREATE, data: bytes, images: bytes | None = None,
                    publish: bool = False, progress: Progress | None = None) -> tuple[Checked, Written | None]:
    """Check a whole file and write it in one transaction if every row is valid, else write nothing.

    The door of the CLI, the benchmark and a job's commit. On PostgreSQL (create mode) checking and
    writing overlap (PipelinedWriter); elsewhere every row is checked, then everything is written.
    """
    _check_options(seller=seller, kind=kind, mode=mode, publish=publish and mode == CREATE)
    if not _can_pipeline(mode):
        checked = import_check(seller=seller, kind=kind, mode=mode, data=data, images=images, progress=progress)
        if not checked.ok:
            return checked, None
        try:
            return checked, import_write(seller=seller, kind=kind, mode=mode, checked=checked, publish=publish,
                                         images=images)
        except DomainError as exc:
            if not checked.errors:
                checked.errors.append(RowError(None, exc.field or "", exc.message))
            return checked, None

    writer = PipelinedWriter(seller=seller, kind=kind, publish=publish)
    checked, pictures = None, {}
    try:
        checked = import_check(seller=seller, kind=kind, mode=mode, data=data, images=images, progress=progress,
                               sink=writer.send)
        if checked.ok and images and checked.images:
            pictures, image_errors = load_images(images, checked.images)
            checked.errors.extend(image_errors)
    finally:
        ok = checked is not None and checked.ok
        try:
            written = writer.finish(commit=ok, pictures=pictures if ok else {})
        except (IntegrityError, connection.Database.IntegrityError):
            written = None
            if checked is not None:
                checked.errors.append(RowError(None, "", _conflict_error().message))
    return checked, written if ok and checked.ok else None


# --- Jobs (the seller centre's door) ----------------------------------------------------------

def _read_upload(upload: UploadedFile, *, limit: int, field_name: str) -> bytes:
    if upload.size > limit:
        raise DomainError(_("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                          % {"size": upload.size / 1_048_576, "limit": limit / 1_048_576},
                          code="too_large", field=field_name)
    upload.seek(0)
    return upload.read()


def import_upload_check(*, data: bytes, images: bytes | None = None) -> None:
    """Refuse at once files that cannot be read at all (DomainError naming `file` or `images`).

    Only the quick checks: size, an empty file, a CSV that is not UTF-8, an XLSX or images ZIP
    that zipguard refuses. Columns, rows and picture names are the job's check, as on the web page.
    """
    try:
        check_readable(data)
    except FileRejected as exc:
        raise DomainError(exc.message, code="file_rejected", field="file") from None
    if images is not None:
        _infos, problem = check_images_archive(images)
        if problem:
            raise DomainError(problem, code="file_rejected", field="images")


def import_job_create(*, seller: Seller, user, kind: str, mode: str, upload: UploadedFile,
                      images: UploadedFile | None = None, publish: bool = False,
                      check_files: bool = False) -> ImportJob:
    """Keep the uploaded files in private storage and queue their check.

    `check_files` (the API) refuses unreadable files before a job exists: import_upload_check.
    """
    _check_options(seller=seller, kind=kind, mode=mode, publish=publish and mode == CREATE)
    data = _read_upload(upload, limit=settings.IMPORT_MAX_FILE_BYTES, field_name="file")
    zip_data = _read_upload(images, limit=settings.IMPORT_IMAGES_MAX_BYTES, field_name="images") if images else b""
    if check_files:
        import_upload_check(data=data, images=zip_data if images else None)
    job = ImportJob(seller=seller, created_by=user, kind=kind, mode=mode, publish=publish and mode == CREATE,
                    file_name=(upload.name or "upload")[:200], images_name=(images.name if images else "")[:200])
    job.file.save(upload.name or "upload.csv", ContentFile(data), save=False)
    if images:
        job.images.save(images.name or "images.zip", ContentFile(zip_data), save=False)
    job.save()
    from .tasks import import_job_check_task

    transaction.on_commit(lambda: import_job_check_task.delay(job.pk))
    return job


def _job_files(job: ImportJob) -> tuple[bytes, bytes | None]:
    with job.file.open("rb") as handle:
        data = handle.read()
    images = None
    if job.images:
        with job.images.open("rb") as handle:
            images = handle.read()
    return data, images


def _job_progress(job_id: int) -> Progress:
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=min(done, total), total_rows=total,
                                                   updated_at=timezone.now())  # a heartbeat, see below
    return report


def _report(checked: Checked) -> list[dict]:
    return [error.as_dict() for error in checked.errors[: settings.IMPORT_MAX_REPORTED_ERRORS]]


def import_job_check(*, job_id: int) -> ImportJob:
    """Check a queued job's file; it ends `valid` (ready to commit) or `invalid` with its error report."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.VALIDATING, processed_rows=0, updated_at=timezone.now())
    job = ImportJob.objects.select_related("seller").get(pk=job_id)
    if not claimed:
        return job  # already checked (a task delivered twice)
    data, images = _job_files(job)
    checked = import_check(seller=job.seller, kind=job.kind, mode=job.mode, data=data, images=images,
                           progress=_job_progress(job.pk), keep_rows=False)
    _finish(job, checked, ImportJob.Status.VALID if checked.ok else ImportJob.Status.INVALID)
    return job


def _finish(job: ImportJob, checked: Checked, status: str, written: Written | None = None) -> None:
    job.status = status
    job.total_rows = job.processed_rows = checked.total_rows
    job.error_count = len(checked.errors)
    job.errors = _report(checked)
    job.sample = checked.sample
    if written:
        job.created_count, job.updated_count, job.image_count = written.created, written.updated, written.images
    job.finished_at = timezone.now()
    job.save()


def import_job_commit_request(*, job: ImportJob) -> ImportJob:
    """Queue the import of a checked job (only a `valid` one)."""
    if job.status != ImportJob.Status.VALID:
        raise DomainError(_("Only a checked file without errors can be imported."), code="invalid_transition",
                          field="status")
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(
        status=ImportJob.Status.COMMITTING, processed_rows=0, retries=0,  # the commit has its own retries
        updated_at=timezone.now())
    if not updated:
        raise DomainError(_("This import is already running."), code="invalid_transition", field="status")
    from .tasks import import_job_commit_task

    job.refresh_from_db()
    attempt = job.retries
    transaction.on_commit(lambda: import_job_commit_task.delay(job.pk, attempt=attempt))
    return job


def import_job_commit(*, job_id: int, attempt: int | None = None) -> ImportJob:
    """Check the file again (listings may have changed since) and write it all or nothing.

    `attempt` is the job's `retries` when this commit was queued: a message of an attempt the
    stale-job sweep has since replaced (redelivered after its worker died) does nothing.
    """
    job = ImportJob.objects.select_related("seller").get(pk=job_id)
    if job.status != ImportJob.Status.COMMITTING:
        return job  # already done (a task delivered twice)
    if attempt is not None and attempt != job.retries:
        return job  # superseded by a retry
    data, images = _job_files(job)
    try:
        checked, written = import_listings(seller=job.seller, kind=job.kind, mode=job.mode, data=data,
                                           images=images, publish=job.publish, progress=_job_progress(job.pk))
    except DomainError as exc:  # e.g. the seller lost verification since: publishing is refused
        checked, written = Checked(errors=[RowError(None, exc.field or "", exc.message)]), None
    _finish(job, checked, ImportJob.Status.COMMITTED if written else ImportJob.Status.INVALID, written)
    return job


def import_job_fail(*, job_id: int, message: str) -> None:
    """Mark a job failed after an unexpected error, so its page stops waiting."""
    ImportJob.objects.filter(pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.VALIDATING,
                                                    ImportJob.Status.COMMITTING]).update(
        status=ImportJob.Status.FAILED, errors=[{"row": None, "column": "", "reason": message}], error_count=1,
        finished_at=timezone.now(), updated_at=timezone.now())


STALE_RETRY = "retried"
STALE_FAILED = "failed"
STALE_COMMITTED = "committed"


def _stale_message(minutes: int) -> str:
    return _("The import stopped: its worker went silent for %(minutes)d minutes. Nothing was imported; "
             "please upload the file again.") % {"minutes": minutes}


def _file_skus(job: ImportJob) -> list[str] | None:
    """The SKUs of a job's file (None when it cannot be read: no decision can rest on it)."""
    try:
        data, _images = _job_files(job)
        table = read_table(data)
    except (OSError, ValueError, FileRejected):
        return None
    keys, problems = header_errors(table.header, kind=job.kind, mode=job.mode)
    if problems or "sku" not in keys:
        return None
    sku_at = keys.index("sku")
    return sorted({cells[sku_at].strip() for _n, cells in table.rows if sku_at < len(cells)} - {""})


def _commit_outcome(job: ImportJob) -> tuple[str, list[int]]:
    """Was a stale commit written? "none", "all" (with the listing ids) or "unknown".

    The write is one transaction, so a dead worker wrote all of the file or none of it; the worker
    may also have died after its transaction committed but before it recorded `committed`.
    - create mode: the check refused any SKU the seller already had, so the file's listings exist
      now only if the commit went through: none of them → none, all of them → all.
    - update mode: the listings exist either way, but the write stamps `updated_at` after the last
      progress heartbeat (job.updated_at): none touched since → none, all touched since → all.
    Anything else (a few, or an unreadable file) was changed by someone else too: "unknown".
    """
    skus = _file_skus(job)
    if not skus:
        return "unknown", []
    listings = Listing.objects.filter(seller_id=job.seller_id, sku__in=skus)
    if job.mode == UPDATE:
        listings = listings.filter(updated_at__gte=job.updated_at)
    ids = list(listings.values_list("pk", flat=True))
    if not ids:
        return "none", []
    if len(ids) == len(skus):
        return "all", ids
    return "unknown", ids


def _handle_stale(job_id: int, *, cutoff, minutes: int, max_retries: int) -> str | None:
    """Re-queue, fail or (a commit that did go through) mark committed one silent job. None: not stale now."""
    from .tasks import import_job_check_task, import_job_commit_task

    with transaction.atomic():
        job = (ImportJob.objects.select_for_update()
               .filter(pk=job_id, status__in=ImportJob.RUNNING, updated_at__lt=cutoff).first())
        if job is None:
            return None  # it reported progress or ended meanwhile
        now = timezone.now()
        if job.status == ImportJob.Status.COMMITTING:
            outcome, ids = _commit_outcome(job)
            if outcome == "all":
                created = len(ids) if job.mode == CREATE else 0
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportJob.Status.COMMITTED, created_count=created, updated_count=len(ids) - created,
                    # new listings' pictures are all the job's; in update mode they cannot be told apart
                    image_count=ListingImage.objects.filter(listing_id__in=ids).count() if created else 0,
                    processed_rows=job.total_rows, errors=[], error_count=0, finished_at=now, updated_at=now)
                return STALE_COMMITTED
            if outcome == "unknown":
                message = _("The import stopped: its worker went silent for %(minutes)d minutes, and some of the "
                            "file's listings were changed meanwhile, so it was not retried. Check your listings, "
                            "then upload again what is missing.") % {"minutes": minutes}
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportJob.Status.FAILED, errors=[{"row": None, "column": "", "reason": message}],
                    error_count=1, finished_at=now, updated_at=now)
                return STALE_FAILED
        if job.retries < max_retries:
            attempt = job.retries + 1
            if job.status == ImportJob.Status.COMMITTING:  # nothing was written: the commit runs again
                ImportJob.objects.filter(pk=job.pk).update(retries=attempt, processed_rows=0, updated_at=now)
                transaction.on_commit(lambda: import_job_commit_task.delay(job.pk, attempt=attempt))
            else:  # a check writes nothing: always safe to run again
                ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, retries=attempt,
                                                           processed_rows=0, updated_at=now)
                transaction.on_commit(lambda: import_job_check_task.delay(job.pk))
            log.warning("import job %s: worker silent for %s minutes in %s; re-queued (retry %s of %s)",
                        job.pk, minutes, job.status, attempt, max_retries)
            return STALE_RETRY
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, errors=[{"row": None, "column": "", "reason": _stale_message(minutes)}],
            error_count=1, finished_at=now, updated_at=now)
        return STALE_FAILED


def import_jobs_handle_stale(*, minutes: int | None = None, max_retries: int | None = None) -> dict[str, int]:
    """Deal with the jobs whose worker stopped reporting (killed, or the machine restarted).

    A running job touches `updated_at` with every progress step; one silent for `minutes`
    (IMPORT_STALE_MINUTES, 30) is dead. Its transaction, if any, was rolled back with the worker.
    - queued or checking: the check writes nothing, so the job is re-queued, up to `max_retries`
      (IMPORT_STALE_RETRIES, 1) times, then failed.
    - importing (committing): see _commit_outcome. Written → marked committed; nothing written →
      re-queued like a check (the commit checks the file again and writes all or nothing), then
      failed; cannot tell → failed, never retried.
    Returns how many jobs were retried, failed and marked committed.
    """
    minutes = minutes if minutes is not None else settings.IMPORT_STALE_MINUTES
    max_retries = max_retries if max_retries is not None else settings.IMPORT_STALE_RETRIES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    counts = {STALE_RETRY: 0, STALE_FAILED: 0, STALE_COMMITTED: 0}
    stale = ImportJob.objects.filter(status__in=ImportJob.RUNNING, updated_at__lt=cutoff).order_by("pk")
    for job_id in list(stale.values_list("pk", flat=True)):
        outcome = _handle_stale(job_id, cutoff=cutoff, minutes=minutes, max_retries=max_retries)
        if outcome:
            counts[outcome] += 1
    return counts


def import_jobs_fail_stale(*, minutes: int | None = None, max_retries: int | None = None) -> int:
    """import_jobs_handle_stale; returns how many jobs it dealt with (retried, failed or marked committed)."""
    return sum(import_jobs_handle_stale(minutes=minutes, max_retries=max_retries).values())


# --- Keeping uploaded files (IMPORT_FILE_RETENTION_DAYS) ------------------------------------------

@dataclass
class PurgedFiles:
    job_id: int
    seller_id: int
    names: list[str]  # the stored names (those already missing too)
    bytes: int = 0
    missing: list[str] = field(default_factory=list)


def import_jobs_with_old_files(*, days: int | None = None):
    """Jobs ended (imported, with errors, failed) more than `days` ago whose files are still kept.

    Never a queued, checking, valid (awaiting its commit) or importing job.
    """
    days = days if days is not None else settings.IMPORT_FILE_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    return (ImportJob.objects.filter(status__in=ImportJob.ENDED, files_purged_at__isnull=True)
            .annotate(ended_at=Coalesce("finished_at", "updated_at")).filter(ended_at__lt=cutoff)
            .order_by("pk"))


def _stored_size(storage, name: str) -> int | None:
    try:
        return storage.size(name)
    except (OSError, NotImplementedError):
        return None


def import_job_purge_files(*, job_id: int, days: int | None = None, dry_run: bool = False) -> PurgedFiles | None:
    """Delete one ended job's uploaded files and record it; the job (counts, errors, preview) stays.

    None when the job is no longer eligible (already purged, or not ended long enough). A file
    already missing is fine. `dry_run` deletes and records nothing but says what would go.
    """
    with transaction.atomic():
        job = import_jobs_with_old_files(days=days).select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        result = PurgedFiles(job_id=job.pk, seller_id=job.seller_id, names=[])
        for stored in (job.file, job.images):
            if not stored.name:
                continue
            result.names.append(stored.name)
            size = _stored_size(stored.storage, stored.name)
            if size is None:
                result.missing.append(stored.name)
                continue
            result.bytes += size
            if not dry_run:
                try:
                    stored.storage.delete(stored.name)
                except FileNotFoundError:
                    result.missing.append(stored.name)
        if not dry_run:
            now = timezone.now()
            ImportJob.objects.filter(pk=job.pk).update(file="", images="", files_purged_at=now, updated_at=now)
        return result


def import_jobs_purge_files(*, days: int | None = None, dry_run: bool = False,
                            on_job: Callable[[PurgedFiles | None], None] | None = None) -> list[PurgedFiles]:
    """import_job_purge_files for every job import_jobs_with_old_files lists (the daily beat task)."""
    purged = []
    for job_id in list(import_jobs_with_old_files(days=days).values_list("pk", flat=True)):
        try:
            result = import_job_purge_files(job_id=job_id, days=days, dry_run=dry_run)
        except OSError:  # a storage error on one job: log it, carry on, it is retried tomorrow
            log.exception("import job %s: could not delete its files", job_id)
            result = None
        if result is not None:
            purged.append(result)
        if on_job is not None:
            on_job(result)
    return purged
