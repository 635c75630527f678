"""Writing a checked file all or nothing: inserts and updates in bulk, pictures, and on
PostgreSQL the pipelined writer that writes one batch while the next is checked."""

from __future__ import annotations

import logging
import queue
import threading
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.catalogue.models import GemSpec, JewelrySpec, Listing, ListingImage, ListingPrice
from gembazaar.core.bulk_sql import TableWriter
from gembazaar.core.errors import DomainError
from gembazaar.search.document import lexicon_add, lexicon_words_of_many
from gembazaar.sellers.models import Seller

from ..columns import GEM
from ..images import load_images
from ..rows import CREATE, CleanRow, RowError
from .checking import Checked, Progress, Written, _check_options, import_check

log = logging.getLogger(__name__)

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
            webp_name = default_storage.save(f"{folder}/{stem}-thumb.webp", ContentFile(processed.thumbnail_webp))
            saved.append(webp_name)
            image_rows.append(ListingImage(listing_id=listing_id, image=image_name, thumbnail=thumb_name,
                                           thumbnail_webp=webp_name,
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
