"""Row sets as packed bits: one uint64 word per 64 rows, bit i of word w is row 64·w + i.

AND, OR and population count over a million rows take microseconds on packed words (15,625 words),
against milliseconds for the same work on a boolean array, so every filter and every facet count
of the index works on these.
"""

from __future__ import annotations

import numpy as np

WORD = 64


def words_for(rows: int) -> int:
    return (rows + WORD - 1) // WORD


def pack(flags: np.ndarray, words: int) -> np.ndarray:
    """A boolean array as packed words (padded with zeros to `words` words)."""
    padded = np.zeros(words * WORD, dtype=bool)
    padded[: len(flags)] = flags
    return np.packbits(padded, bitorder="little").view(np.uint64)


def unpack(bits: np.ndarray) -> np.ndarray:
    return np.unpackbits(bits.view(np.uint8), bitorder="little").view(bool)


def positions(bits: np.ndarray) -> np.ndarray:
    """The rows whose bit is set, ascending."""
    return np.flatnonzero(unpack(bits))


def count(bits: np.ndarray) -> int:
    return int(np.bitwise_count(bits).sum(dtype=np.int64))


def count_and(a: np.ndarray, b: np.ndarray) -> int:
    return int(np.bitwise_count(a & b).sum(dtype=np.int64))


def from_positions(rows: np.ndarray, words: int) -> np.ndarray:
    flags = np.zeros(words * WORD, dtype=bool)
    flags[rows] = True
    return np.packbits(flags, bitorder="little").view(np.uint64)


def all_of(masks: list[np.ndarray], base: np.ndarray) -> np.ndarray:
    result = base.copy()
    for mask in masks:
        np.bitwise_and(result, mask, out=result)
    return result


def any_of(masks: list[np.ndarray], words: int) -> np.ndarray:
    result = np.zeros(words, dtype=np.uint64)
    for mask in masks:
        np.bitwise_or(result, mask, out=result)
    return result


def test(bits: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Whether each of the given rows is in the set (vectorised, for a small batch of rows)."""
    words = bits[rows >> 6]
    return ((words >> (rows & 63).astype(np.uint64)) & np.uint64(1)).astype(bool)


def assign(bits: np.ndarray, rows: np.ndarray, value: bool) -> None:
    """Set (value True) or clear (False) the given rows, in place."""
    if len(rows):
        rows = np.asarray(rows, dtype=np.int64)
        masks = np.left_shift(np.uint64(1), (rows & 63).astype(np.uint64))
        if value:
            np.bitwise_or.at(bits, rows >> 6, masks)
        else:
            np.bitwise_and.at(bits, rows >> 6, ~masks)


def with_rows(bits: np.ndarray, rows: np.ndarray, value: bool) -> np.ndarray:
    """A copy with the given rows set (value True) or cleared (False)."""
    result = bits.copy()
    assign(result, rows, value)
    return result
