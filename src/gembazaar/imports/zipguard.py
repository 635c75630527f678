"""Reading ZIP archives from sellers without trusting them.

Refused: entries whose name is absolute, has a drive letter or a `..` part; symbolic links; more
entries than allowed; a declared total uncompressed size or compression ratio that is too large.
Headers can lie, so `read_entry` also stream-reads each entry with a cap and stops the moment it
yields more bytes than declared or allowed.
"""

from __future__ import annotations

import stat
import zipfile
from typing import IO

from django.utils.translation import gettext as _

CHUNK = 64 * 1024


class ZipRejected(Exception):
    def __init__(self, message: str, *, entry: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.entry = entry


def is_unsafe_name(name: str) -> bool:
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return True
    return any(part == ".." for part in normalised.split("/"))


def is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def open_archive(file: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ZipRejected(_("the file is not a readable ZIP archive.")) from None


def check_archive(file: IO[bytes], *, max_entries: int, max_total_bytes: int, max_ratio: int) -> list[zipfile.ZipInfo]:
    """The archive's file entries if its directory passes every check, else ZipRejected."""
    archive = open_archive(file)
    infos = archive.infolist()
    if len(infos) > max_entries:
        raise ZipRejected(_("it has %(count)d entries; at most %(max)d are allowed.")
                          % {"count": len(infos), "max": max_entries})
    total = 0
    for info in infos:
        if is_unsafe_name(info.filename):
            raise ZipRejected(_("the entry “%(name)s” points outside the archive.") % {"name": info.filename},
                              entry=info.filename)
        if is_symlink(info):
            raise ZipRejected(_("the entry “%(name)s” is a symbolic link.") % {"name": info.filename},
                              entry=info.filename)
        total += info.file_size
        if total > max_total_bytes:
            raise ZipRejected(_("it would unpack to more than %(mb)d MB.") % {"mb": max_total_bytes // 1_048_576})
        if info.file_size > 1_048_576 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ZipRejected(_("the entry “%(name)s” is compressed %(ratio)d to 1, more than %(max)d to 1 "
                                "(a ZIP bomb?).") % {"name": info.filename,
                                                     "ratio": info.file_size // max(info.compress_size, 1),
                                                     "max": max_ratio}, entry=info.filename)
    return [info for info in infos if not info.is_dir()]


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, cap: int) -> bytes:
    """The entry's bytes, read in chunks and stopped at min(declared size, cap): never trust the header."""
    limit = min(info.file_size, cap)
    if info.file_size > cap:
        raise ZipRejected(_("the entry “%(name)s” is larger than %(mb)d MB.")
                          % {"name": info.filename, "mb": cap // 1_048_576}, entry=info.filename)
    parts, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ZipRejected(_("the entry “%(name)s” unpacks to more than it declares.")
                                      % {"name": info.filename}, entry=info.filename)
                parts.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise ZipRejected(_("the entry “%(name)s” cannot be read (%(reason)s).")
                          % {"name": info.filename, "reason": exc}, entry=info.filename) from None
    return b"".join(parts)
