"""Book identity: file size + partial MD5, the KOReader/KOSync scheme.

KOReader (``frontend/util.lua``, ``util.partialMD5``) feeds one MD5 with
1024-byte samples read at offsets ``lshift(1024, 2*i)`` for ``i = -1 … 10``,
stopping at the first read past the end of the file. LuaJIT's ``bit.lshift``
takes the shift count modulo 32, so ``i = -1`` shifts by 30 and overflows to
offset **0**; the offsets are therefore 0, 1 KiB, 4 KiB, 16 KiB, 64 KiB,
256 KiB, 1 MiB, 4 MiB, 16 MiB, 64 MiB, 256 MiB and 1 GiB. A sample that runs
past the end is hashed as far as the file goes. The same hash as KOReader's
means progress could one day be synced with a KOSync server.

The book key is ``f"{partial_md5}-{size}"``: a renamed or moved file keeps its
key; an edited one (almost always) gets a new one.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from reader.text.digests import Digest, md5

__all__ = [
    "SAMPLE_OFFSETS",
    "book_key_of_bytes",
    "book_key_of_file",
    "partial_md5_of_bytes",
    "partial_md5_of_file",
]

_STEP = 1024
_SIZE = 1024
SAMPLE_OFFSETS: tuple[int, ...] = (0, *(_STEP << (2 * i) for i in range(11)))
"""Where the 1 KiB samples are read: 0, 1 KiB, 4 KiB, … 1 GiB."""


def _md5() -> Digest:
    return md5()


def _partial_md5_of_handle(fh: BinaryIO) -> str:
    digest = _md5()
    for offset in SAMPLE_OFFSETS:
        fh.seek(offset)
        sample = fh.read(_SIZE)
        if not sample:  # Lua's file:read returns nil at or past the end: stop
            break
        digest.update(sample)
    return digest.hexdigest()


def partial_md5_of_bytes(data: bytes) -> str:
    """KOReader's partial MD5 (hex) of a file whose whole content is ``data``."""
    digest = _md5()
    size = len(data)
    for offset in SAMPLE_OFFSETS:
        if offset >= size:
            break
        digest.update(data[offset : offset + _SIZE])
    return digest.hexdigest()


def partial_md5_of_file(path: str | os.PathLike[str]) -> str:
    """KOReader's partial MD5 (hex) of the file at ``path``, reading only the samples.

    Raises ``OSError`` when the file cannot be opened or read.
    """
    with open(path, "rb") as fh:
        return _partial_md5_of_handle(fh)


def book_key_of_bytes(data: bytes) -> str:
    """The book key (``"<partial md5>-<size>"``) of a file whose content is ``data``."""
    return f"{partial_md5_of_bytes(data)}-{len(data)}"


def book_key_of_file(path: str | os.PathLike[str]) -> str:
    """The book key (``"<partial md5>-<size>"``) of the file at ``path``.

    Raises ``OSError`` when the file cannot be opened or read.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        return f"{_partial_md5_of_handle(fh)}-{size}"
