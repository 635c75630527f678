"""The next snapshot from the current one and the rows that changed: copy on write, per column.

A changed listing's columns are written into copies of the columns it changes (readers of the
current snapshot keep the old arrays); a listing new to the index is appended in place beyond the
current snapshot's size. Rows whose sort key changed, and appended rows, are marked dirty: the
sort orders of the last build no longer place them, so paging.py sorts them separately. When too
many rows are dirty, or the spare rows run out, the snapshot is rebuilt from memory (index.rebuild).
"""

from __future__ import annotations

import numpy as np

from . import bitsets
from .columns import SHORT_TEXT, Dictionaries, RowBatch
from .facets import FIXED_FACETS, RANGES, TREATMENT_BITS
from .grid import fine_bins
from .index import (
    Sellers,
    Snapshot,
    build,
    joint_codes,
    rebuild,
    rows_of,
    with_changes,
    words_of_short_text,
)

REBUILD_DIRTY_SHARE = 0.05  # rebuild when this share of rows sorts outside the orders
REBUILD_DIRTY_MIN = 20_000
FIXED_NAMES = tuple(spec.name for spec in FIXED_FACETS if spec.name != "treatment")


class _Writer:
    """Collects the copies made for one patch, so each column is copied at most once."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.codes = dict(snapshot.codes)
        self.facet_bits = {name: list(bits) for name, bits in snapshot.facet_bits.items()}
        self.values = dict(snapshot.values)
        self.fine = dict(snapshot.fine)
        self.treatment_bits = list(snapshot.treatment_bits)
        self.word_bits = dict(snapshot.word_bits)
        self.arrays = {"treatments": snapshot.treatments, "published": snapshot.published}
        self.copied: set[tuple] = set()

    def own(self, table: dict | list, key, label: tuple) -> np.ndarray:
        if label not in self.copied:
            table[key] = table[key].copy()
            self.copied.add(label)
        return table[key]

    def update_bits(self, table: list, label: str, rows: np.ndarray, old: np.ndarray, new: np.ndarray) -> None:
        for code in np.unique(np.concatenate([old, new])):
            bits = self.own(table, int(code), (label, int(code)))
            bitsets.assign(bits, rows[(old == code) & (new != code)], False)
            bitsets.assign(bits, rows[(new == code) & (old != code)], True)


def _update_words(writer: _Writer, dictionaries: Dictionaries, rows: np.ndarray, old: np.ndarray,
                  new: np.ndarray) -> None:
    """Move rows between the bits of set-stone and trade-colour words when their texts change."""
    for row, before, after in zip(rows.tolist(), old.tolist(), new.tolist(), strict=True):
        if before == after:
            continue
        was, now = words_of_short_text(dictionaries, before), words_of_short_text(dictionaries, after)
        for word in was ^ now:
            if word not in writer.word_bits:
                writer.word_bits[word] = np.zeros(writer.snapshot.words, dtype=np.uint64)
                writer.copied.add(("word", word))
            bits = writer.own(writer.word_bits, word, ("word", word))
            bitsets.assign(bits, np.array([row]), word in now)


def _update_existing(writer: _Writer, rows: np.ndarray, batch: RowBatch, picks: np.ndarray) -> np.ndarray:
    """Write changed rows' columns; returns the rows whose sort key changed."""
    snapshot = writer.snapshot
    for name, column in snapshot.codes.items():
        old, new = column[rows], batch.codes[name][picks].astype(column.dtype)
        changed = old != new
        if changed.any():
            writer.own(writer.codes, name, ("codes", name))[rows[changed]] = new[changed]
            if name in writer.facet_bits:
                writer.update_bits(writer.facet_bits[name], name, rows[changed], old[changed], new[changed])
    old_t, new_t = snapshot.treatments[rows], batch.treatments[picks]
    if (old_t != new_t).any():
        writer.own(writer.arrays, "treatments", ("treatments",))[rows] = new_t
        for index, bit in enumerate(TREATMENT_BITS.values()):
            was, now = (old_t & bit) != 0, (new_t & bit) != 0
            if (was != now).any():
                bits = writer.own(writer.treatment_bits, index, ("treatment", index))
                bitsets.assign(bits, rows[was & ~now], False)
                bitsets.assign(bits, rows[now & ~was], True)
    resorted = np.zeros(len(rows), dtype=bool)
    for spec in RANGES:
        old, new = snapshot.values[spec.name][rows], batch.values[spec.name][picks]
        changed = old != new
        if changed.any():
            writer.own(writer.values, spec.name, ("values", spec.name))[rows[changed]] = new[changed]
            writer.own(writer.fine, spec.name, ("fine", spec.name))[rows[changed]] = fine_bins(spec.name, new[changed])
            resorted |= changed  # sorts (price, carat) and exact minimum / maximum (bin_rows)
    changed = snapshot.published[rows] != batch.published[picks]
    if changed.any():
        writer.own(writer.arrays, "published", ("published",))[rows[changed]] = batch.published[picks][changed]
        resorted |= changed
    return rows[resorted]


def _update_joint(writer: _Writer, touched: np.ndarray, existing: int) -> dict[str, np.ndarray]:
    """Joint codes of the touched rows (the first `existing` of them were in the snapshot already)."""
    fresh = joint_codes(writer.codes, writer.fine, touched)
    joint = dict(writer.snapshot.joint)
    for group, values in fresh.items():
        if (joint[group][touched[:existing]] != values[:existing]).any():
            joint[group] = joint[group].copy()
        joint[group][touched] = values  # rows past the old size are not read by the old snapshot
    return joint


def _append(writer: _Writer, batch: RowBatch, picks: np.ndarray, start: int) -> np.ndarray:
    """Write new rows in place after the last row; returns their positions."""
    rows = np.arange(start, start + len(picks))
    snapshot = writer.snapshot
    snapshot.ids[rows] = batch.ids[picks]
    for name in snapshot.codes:
        writer.codes[name][rows] = batch.codes[name][picks]
        if name in writer.facet_bits:
            for code in np.unique(batch.codes[name][picks]):
                bitsets.assign(writer.facet_bits[name][int(code)], rows[batch.codes[name][picks] == code], True)
    writer.arrays["treatments"][rows] = batch.treatments[picks]
    for index, bit in enumerate(TREATMENT_BITS.values()):
        bitsets.assign(writer.treatment_bits[index], rows[(batch.treatments[picks] & bit) != 0], True)
    for spec in RANGES:
        writer.values[spec.name][rows] = batch.values[spec.name][picks]
        writer.fine[spec.name][rows] = fine_bins(spec.name, batch.values[spec.name][picks])
    writer.arrays["published"][rows] = batch.published[picks]
    return rows


def patch(snapshot: Snapshot, batch: RowBatch, asked: np.ndarray, dictionaries: Dictionaries,
          sellers: Sellers, *, version: int) -> Snapshot:
    """The snapshot after the listings `asked` changed; `batch` holds those of them that still exist."""
    positions = snapshot.locate(batch.ids)
    known = positions >= 0
    new = np.flatnonzero(~known & batch.ok)
    if snapshot.size + len(new) > snapshot.capacity:  # out of spare rows: merge and rebuild
        merged = rows_of(snapshot, np.arange(snapshot.size))
        return _rebuild_with(snapshot, merged, batch, dictionaries, sellers, version=version)

    writer = _Writer(snapshot)
    rows, picks = positions[known], np.flatnonzero(known)
    old_words = snapshot.codes[SHORT_TEXT][rows]
    resorted = _update_existing(writer, rows, batch, picks)
    appended = _append(writer, batch, new, snapshot.size)
    touched = np.concatenate([rows, appended])
    joint = _update_joint(writer, touched, len(rows))
    _update_words(writer, dictionaries, np.concatenate([rows, appended]),
                  np.concatenate([old_words, np.zeros(len(appended), dtype=old_words.dtype)]),
                  np.concatenate([batch.codes[SHORT_TEXT][picks], batch.codes[SHORT_TEXT][new]]))
    gone = snapshot.locate(np.setdiff1d(asked, batch.ids))
    gone = gone[gone >= 0]

    ok = bitsets.with_rows(snapshot.ok, np.concatenate([gone, rows[~batch.ok[picks]]]), False)
    ok = bitsets.with_rows(ok, np.concatenate([rows[batch.ok[picks]], appended]), True)
    seller_ok = bitsets.with_rows(snapshot.seller_ok, touched, False)
    seller_ok = bitsets.with_rows(seller_ok, touched[sellers.verified_of(writer.codes["seller"][touched])], True)
    if sellers is not snapshot.sellers:  # a seller changed standing: every row of it may change
        seller_ok = bitsets.pack(sellers.verified_of(writer.codes["seller"][: snapshot.size + len(appended)]),
                                 snapshot.words)
    dirty = bitsets.with_rows(snapshot.dirty, np.concatenate([resorted, appended]), True)

    size = snapshot.size + len(appended)
    sorted_size, tail = snapshot.sorted_size, snapshot.tail
    if len(appended):
        # batch.ids are ascending: the new rows keep the id order if they all come after the last row.
        if sorted_size == snapshot.size and (not snapshot.size or batch.ids[new[0]] > snapshot.ids[snapshot.size - 1]):
            sorted_size = size
        else:
            tail = {**tail, **dict(zip(batch.ids[new].tolist(), appended.tolist(), strict=True))}
    result = with_changes(
        snapshot, version=version, size=size, sorted_size=sorted_size, tail=tail, codes=writer.codes, joint=joint,
        facet_bits=writer.facet_bits, treatments=writer.arrays["treatments"], stats={},
        treatment_bits=writer.treatment_bits, values=writer.values, fine=writer.fine,
        published=writer.arrays["published"], ok=ok, seller_ok=seller_ok, alive=ok & seller_ok, dirty=dirty,
        sellers=sellers, dictionaries=dictionaries,
        certified=_certified(snapshot, rows, picks, appended, new, batch),
    )
    if bitsets.count(dirty) > max(REBUILD_DIRTY_MIN, REBUILD_DIRTY_SHARE * result.size) or len(tail) > 10_000:
        return rebuild(result, version=version)
    return result


def _certified(snapshot: Snapshot, rows, picks, appended, new, batch: RowBatch) -> np.ndarray:
    certified = bitsets.with_rows(snapshot.certified, rows[~batch.certified[picks]], False)
    return bitsets.with_rows(certified, np.concatenate([rows[batch.certified[picks]], appended[batch.certified[new]]]),
                             True)


def _rebuild_with(snapshot: Snapshot, merged: RowBatch, batch: RowBatch, dictionaries: Dictionaries,
                  sellers: Sellers, *, version: int) -> Snapshot:
    """Everything in memory plus the changed rows, as a fresh snapshot with new spare rows."""
    keep = ~np.isin(merged.ids, batch.ids) & bitsets.test(snapshot.ok, np.arange(snapshot.size))
    parts = [(merged, np.flatnonzero(keep)), (batch, np.flatnonzero(batch.ok))]
    ids = np.concatenate([part.ids[picks] for part, picks in parts])
    order = np.argsort(ids, kind="stable")

    def joined(get) -> np.ndarray:
        return np.concatenate([get(part)[picks] for part, picks in parts])[order]

    combined = RowBatch(
        ids=ids[order], ok=joined(lambda p: p.ok),
        codes={name: joined(lambda p, n=name: p.codes[n].astype(np.int32)) for name in merged.codes},
        treatments=joined(lambda p: p.treatments), certified=joined(lambda p: p.certified),
        values={name: joined(lambda p, n=name: p.values[n]) for name in merged.values},
        published=joined(lambda p: p.published),
    )
    return build(combined, dictionaries, sellers, version=version)
