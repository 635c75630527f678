"""Checking a file: every row against the catalogue's rules (rows.py), nothing written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError
from gembazaar.sellers.models import Seller

from ..columns import KINDS
from ..images import PlannedImage, plan_images
from ..parsing import FileRejected, read_table
from ..preview import sample_of_clean_row, sample_of_row_with_problems
from ..rows import CREATE, UPDATE, CleanRow, RowChecker, RowError, existing_listings, header_errors

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
    # The first SAMPLE_ROWS rows, clean or not, as codes with their problems (preview.py), for the preview.
    sample: list[dict] = field(default_factory=list)

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
        if len(checked.sample) < SAMPLE_ROWS:
            checked.sample.append(
                sample_of_clean_row(result) if isinstance(result, CleanRow) else sample_of_row_with_problems(
                    number=number, kind=kind, values=checker.typed_values(cells), problems=result))
        if isinstance(result, CleanRow):
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
