"""One search index per host, shared by its worker processes through a memory-mapped file.

The first worker to need the index builds it from the database (seconds at a million listings)
and writes it to `SEARCH_SHARED_INDEX_DIR`; every other worker on the host maps that file and
answers its first search in well under a second. The arrays are not copied into each process:
they are views on the mapping, so the operating system keeps one copy of their pages for all
workers (copy-on-write: a page a worker patches becomes that worker's own, the rest stay shared).

Each worker then keeps itself exact from the change log as before (freshness.py), from the
watermark stored with the file. A file whose watermark the log no longer has (pruned, rolled
back, another database) is rebuilt by whoever finds it so, under the same lock.

File layout: magic, the length of a small header pickle (watermark, database, where each array
is), the snapshot pickled with protocol 5 and its arrays out of band, then the arrays, each at a
64-byte boundary. Written to a temporary file and renamed over the old one: a reader never sees
half a file, and a worker that mapped the old file keeps reading it safely.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import logging
import mmap
import os
import pickle
import struct
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from .columns import Dictionaries
from .index import Sellers, Snapshot, SortOrder

logger = logging.getLogger(__name__)
MAGIC = b"GBSIDX01"
FORMAT = 1  # raise when what the file holds changes in a way the fields below do not show
ALIGN = 64
FILE_NAME = "snapshot.bin"


def directory() -> Path | None:
    """Where the shared index lives, or None when sharing is off (SEARCH_SHARED_INDEX_DIR="")."""
    path = getattr(settings, "SEARCH_SHARED_INDEX_DIR", "")
    return Path(path) if path else None


def code_key() -> str:
    """The shape of what the file holds, as this code defines it: a file another release wrote
    (a field added, a class renamed) is rebuilt, never unpickled into the wrong shape."""
    shapes = [f"{cls.__module__}.{cls.__qualname__}:{','.join(f.name for f in dataclasses.fields(cls))}"
              for cls in (Snapshot, Sellers, SortOrder, Dictionaries)]
    return f"{FORMAT}|" + "|".join(shapes)


def database_key() -> str:
    """Which database the index was read from: a file from another one is never used."""
    params = connection.settings_dict
    return f"{connection.vendor}:{params.get('HOST') or ''}:{params.get('PORT') or ''}:{params['NAME']}"


def trusted(folder: Path) -> bool:
    """The file is unpickled, so only from a folder this user owns that nobody else can write to."""
    try:
        status = folder.stat()
    except FileNotFoundError:
        return False
    safe = status.st_uid == os.getuid() and not status.st_mode & 0o022
    if not safe:
        logger.error("Search index: %s is writable by others or not ours; not sharing the index", folder)
    return safe


@contextlib.contextmanager
def exclusive(folder: Path):
    """One worker at a time builds or checks the file; the others wait, then map what it wrote."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(folder / "lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write(folder: Path, snapshot: Snapshot, watermark) -> Path:
    """Write the snapshot and its watermark atomically; returns the file."""
    buffers: list[pickle.PickleBuffer] = []
    body = pickle.dumps(dataclasses.replace(snapshot, stats={}), protocol=5, buffer_callback=buffers.append)
    views = [buffer.raw() for buffer in buffers]
    offsets, position = [], 0
    for view in views:
        offsets.append((position, view.nbytes))
        position += -(-view.nbytes // ALIGN) * ALIGN
    header = pickle.dumps({"watermark": watermark, "database": database_key(), "code": code_key(), "body": len(body),
                           "arrays": offsets}, protocol=5)
    start = -(-(len(MAGIC) + 8 + len(header) + len(body)) // ALIGN) * ALIGN
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".snapshot-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + struct.pack("<Q", len(header)) + header + body)
            out.write(b"\0" * (start - out.tell()))
            for (offset, _size), view in zip(offsets, views, strict=True):
                out.seek(start + offset)
                out.write(view)
            out.truncate(start + position)
        os.replace(temporary, folder / FILE_NAME)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return folder / FILE_NAME


def read(folder: Path):
    """(snapshot, watermark) from the shared file, or None when there is none for this database."""
    path = folder / FILE_NAME
    if not trusted(folder):
        return None
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)
    except (FileNotFoundError, ValueError):  # no file, or an empty one
        return None
    try:
        return _unpack(memoryview(mapped))
    except (EOFError, ValueError, KeyError, IndexError, TypeError, AttributeError, ImportError, struct.error,
            pickle.UnpicklingError):  # cut off, garbled, or classes another release had
        logger.warning("Search index: %s is not a whole shared index; rebuilding it", path)
        return None


def _unpack(view: memoryview):
    if bytes(view[: len(MAGIC)]) != MAGIC:
        raise ValueError("not a shared index")
    (header_size,) = struct.unpack("<Q", view[len(MAGIC): len(MAGIC) + 8])
    at = len(MAGIC) + 8
    header = pickle.loads(view[at: at + header_size])  # noqa: S301  (our own file: see trusted())
    if header.get("database") != database_key() or header.get("code") != code_key():
        return None
    at += header_size
    body = view[at: at + header["body"]]
    start = -(-(at + header["body"]) // ALIGN) * ALIGN
    arrays = [view[start + offset: start + offset + size] for offset, size in header["arrays"]]
    snapshot = pickle.loads(body, buffers=arrays)  # noqa: S301  (our own file: see trusted())
    return snapshot, header["watermark"]
