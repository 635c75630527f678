"""The columnar facet index: every listing on sale as one row of small integers and packed bits.

A Snapshot is immutable once published: searches read one snapshot from start to end while a
refresh builds the next (patch.py) and swaps the reference. Rows are kept in id order; listings
published later are appended (in place, beyond the old snapshot's `size`, where its readers never
look, because every mask they use is ANDed with their own `alive` bits).

Memory, per process, about 150 bytes per listing (see docs/PERFORMANCE.md): one code byte per
fixed facet, a bit per facet value, the range columns, and three sort permutations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from . import bitsets, groups
from .columns import SHORT_TEXT, Dictionaries, RowBatch
from .facets import FACETS, FIXED_FACETS, NO_VALUE, RANGES, TREATMENT_BITS, values_of
from .grid import fine_bins
from .understanding import label_words

HEADROOM = 0.125  # spare rows for listings published after the load, before a rebuild
MIN_SPARE = 1024
SORT_KEYS = ("price", "carat", "newest")


@dataclass(frozen=True)
class Sellers:
    """Every seller by facet code: slug, trade name and whether its listings are public."""

    codes_by_slug: dict[str, int]
    slugs: dict[int, str]
    names: dict[int, str]
    words: dict[int, str]  # trade name, city and market: what query understanding matches
    verified: np.ndarray  # bool by code

    @classmethod
    def from_rows(cls, rows: list[tuple[int, str, str, bool, str]], dictionaries: Dictionaries) -> Sellers:
        codes = {row[0]: dictionaries.code("seller", row[0]) for row in rows}
        verified = np.zeros(len(dictionaries.values["seller"]) + 1, dtype=bool)
        for pk, _slug, _name, ok, _words in rows:
            verified[codes[pk]] = ok
        return cls({slug: codes[pk] for pk, slug, *_ in rows}, {codes[pk]: slug for pk, slug, *_ in rows},
                   {codes[pk]: name for pk, _s, name, *_ in rows}, {codes[row[0]]: row[4] for row in rows},
                   verified)

    def knows(self, seller_codes: np.ndarray) -> bool:
        return not len(seller_codes) or all(int(code) in self.slugs for code in np.unique(seller_codes))

    def verified_of(self, seller_codes: np.ndarray) -> np.ndarray:
        lookup = self.verified
        if seller_codes.size and seller_codes.max() >= len(lookup):
            lookup = np.concatenate([lookup, np.zeros(seller_codes.max() + 1 - len(lookup), dtype=bool)])
        return lookup[seller_codes]


@dataclass(frozen=True)
class SortOrder:
    """Rows by (key, id) as at build time; rows without a key (a ring's carat) last, by id."""

    perm: np.ndarray  # int32 row positions
    keys: np.ndarray  # the key of each entry of perm, as it was at build time
    with_key: int  # entries of perm that have a key


@dataclass(frozen=True)
class Snapshot:
    version: int  # changes with every refresh
    generation: int  # changes when rows are renumbered (a build); kept by patches
    capacity: int
    size: int  # rows in use
    sorted_size: int  # rows [0, sorted_size) are in id order; later ones are found through `tail`
    ids: np.ndarray
    tail: dict[int, int]
    codes: dict[str, np.ndarray]  # facet → code per row
    facet_bits: dict[str, list[np.ndarray]]  # FIXED facet → bits per code
    word_bits: dict[str, np.ndarray]  # word of set stones / trade colours → bits (query understanding)
    treatments: np.ndarray  # uint32 bitmask per row over vocab.TREATMENTS
    treatment_bits: list[np.ndarray]  # bits per treatment code, in vocab order
    certified: np.ndarray  # bits
    values: dict[str, np.ndarray]  # range → scaled integer per row (NO_VALUE where none)
    fine: dict[str, np.ndarray]  # range → fine histogram bin per row (0 where none)
    joint: dict[str, np.ndarray]  # count group → joint code per row (groups.py)
    bin_rows: dict[str, np.ndarray]  # range → rows by fine bin, as at build (for exact min and max)
    bin_starts: dict[str, np.ndarray]  # range → where each fine bin's rows start in bin_rows
    published: np.ndarray  # microseconds since the epoch
    ok: np.ndarray  # bits: the listing's own status is public
    seller_ok: np.ndarray  # bits: the listing's seller is verified
    alive: np.ndarray  # bits: ok AND seller_ok — every search starts from these
    orders: dict[str, SortOrder]
    dirty: np.ndarray  # bits: rows not (or no longer) at their place in `orders` or `bin_rows`
    sellers: Sellers
    dictionaries: Dictionaries
    stats: dict = field(default_factory=dict)

    @property
    def words(self) -> int:
        return self.capacity // bitsets.WORD

    def locate(self, ids: np.ndarray) -> np.ndarray:
        """Row positions of listing ids, -1 for ids not in the index."""
        ids = np.asarray(ids, dtype=np.int64)
        result = np.full(len(ids), -1, dtype=np.int64)
        if self.sorted_size and len(ids):
            found = np.minimum(np.searchsorted(self.ids[: self.sorted_size], ids), self.sorted_size - 1)
            hit = self.ids[found] == ids
            result[hit] = found[hit]
        if self.tail:
            for i in np.flatnonzero(result < 0):
                result[i] = self.tail.get(int(ids[i]), -1)
        return result

    def sort_key(self, name: str) -> np.ndarray:
        return self.published if name == "newest" else self.values[name]


def build_order(key: np.ndarray, size: int) -> SortOrder:
    key = key[:size]
    keyed = np.flatnonzero(key != NO_VALUE)
    ranked = keyed[np.argsort(key[keyed], kind="stable")]  # rows are in id order: stable = by (key, id)
    perm = np.concatenate([ranked, np.flatnonzero(key == NO_VALUE)]).astype(np.int32)
    return SortOrder(perm, key[perm], len(ranked))


def words_of_short_text(dictionaries: Dictionaries, code: int) -> set[str]:
    stones, trade_colour = dictionaries.values[SHORT_TEXT][code]
    return label_words(f"{stones} {trade_colour}")


def build_word_bits(short_codes: np.ndarray, dictionaries: Dictionaries, words: int) -> dict[str, np.ndarray]:
    by_word: dict[str, list[int]] = {}
    for code in np.unique(short_codes):
        for word in words_of_short_text(dictionaries, int(code)):
            by_word.setdefault(word, []).append(int(code))
    result = {}
    for word, codes in by_word.items():
        lookup = np.zeros(len(dictionaries.values[SHORT_TEXT]), dtype=bool)
        lookup[codes] = True
        result[word] = bitsets.pack(lookup[short_codes], words)
    return result


def joint_codes(codes: dict[str, np.ndarray], fine: dict[str, np.ndarray], rows=slice(None)) -> dict[str, np.ndarray]:
    result = {group: groups.joint(group, codes, rows) for group in groups.FACET_GROUPS}
    result.update({group: groups.joint(group, fine, rows) for group in groups.RANGE_GROUPS})
    return result


def _column(values: np.ndarray, capacity: int, dtype) -> np.ndarray:
    column = np.zeros(capacity, dtype=dtype)
    column[: len(values)] = values
    return column


def build(batch: RowBatch, dictionaries: Dictionaries, sellers: Sellers, *, version: int) -> Snapshot:
    """A snapshot of the given rows (sorted by id), with room to append more."""
    size = len(batch)
    capacity = bitsets.words_for(int(size * (1 + HEADROOM)) + MIN_SPARE) * bitsets.WORD
    words = capacity // bitsets.WORD
    codes = {spec.name: _column(batch.codes[spec.name], capacity, np.uint8 if spec in FIXED_FACETS else np.int32)
             for spec in FACETS if spec.name != "treatment"}
    codes[SHORT_TEXT] = _column(batch.codes[SHORT_TEXT], capacity, np.int32)
    facet_bits = {spec.name: [bitsets.pack(batch.codes[spec.name] == code, words)
                              for code in range(len(values_of(spec.name)))]
                  for spec in FIXED_FACETS if spec.name != "treatment"}
    treatments = _column(batch.treatments, capacity, np.uint32)
    values = {spec.name: _column(batch.values[spec.name], capacity,
                                 np.int64 if spec.name == "price" else np.int32) for spec in RANGES}
    for column in values.values():
        column[size:] = NO_VALUE
    published = _column(batch.published, capacity, np.int64)
    fine = {name: fine_bins(name, column) for name, column in values.items()}
    ok = bitsets.pack(batch.ok, words)
    seller_ok = bitsets.pack(sellers.verified_of(batch.codes["seller"]), words)
    snapshot = Snapshot(
        version=version, generation=version, capacity=capacity, size=size, sorted_size=size,
        ids=_column(batch.ids, capacity, np.int64), tail={}, codes=codes, facet_bits=facet_bits,
        word_bits=build_word_bits(batch.codes[SHORT_TEXT], dictionaries, words),
        treatments=treatments,
        treatment_bits=[bitsets.pack((batch.treatments & bit) != 0, words) for bit in TREATMENT_BITS.values()],
        certified=bitsets.pack(batch.certified, words), values=values,
        fine=fine, joint=joint_codes(codes, fine), bin_rows={}, bin_starts={}, published=published,
        ok=ok, seller_ok=seller_ok, alive=ok & seller_ok, orders={}, dirty=np.zeros(words, dtype=np.uint64),
        sellers=sellers, dictionaries=dictionaries,
    )
    orders = {name: build_order(snapshot.sort_key(name), size) for name in SORT_KEYS}
    bin_rows, bin_starts = {}, {}
    for name, fine in snapshot.fine.items():
        bin_rows[name] = np.argsort(fine[:size], kind="stable").astype(np.int32)
        bin_starts[name] = np.concatenate([[0], np.cumsum(np.bincount(fine[:size], minlength=256))])
    return with_changes(snapshot, orders=orders, bin_rows=bin_rows, bin_starts=bin_starts)


def with_changes(snapshot: Snapshot, **changes) -> Snapshot:
    return replace(snapshot, **changes)


def rows_of(snapshot: Snapshot, rows: np.ndarray) -> RowBatch:
    """The given rows back as a RowBatch (to rebuild a snapshot without reading the database)."""
    return RowBatch(
        ids=snapshot.ids[rows], ok=bitsets.test(snapshot.ok, rows),
        codes={name: column[rows].astype(np.int32) for name, column in snapshot.codes.items()},
        treatments=snapshot.treatments[rows], certified=bitsets.test(snapshot.certified, rows),
        values={name: column[rows].astype(np.int64) for name, column in snapshot.values.items()},
        published=snapshot.published[rows],
    )


def rebuild(snapshot: Snapshot, *, version: int) -> Snapshot:
    """Compact a patched snapshot: drop rows that left the catalogue, re-sort, rebuild the orders."""
    rows = bitsets.positions(snapshot.ok)
    rows = rows[rows < snapshot.size]
    batch = rows_of(snapshot, rows[np.argsort(snapshot.ids[rows], kind="stable")])
    return build(batch, snapshot.dictionaries, snapshot.sellers, version=version)
