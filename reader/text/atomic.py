"""Writing a file whole or not at all (the caches and the tables compiled ahead)."""

from __future__ import annotations

import os
from array import array
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(target: Path, data: bytes | tuple[bytes | array, ...]) -> bool:
    """Write ``data`` (bytes, or pieces of it written one after another) to ``target``
    through a temporary file, so a reader never sees half a file. For caches: False
    (nothing written) on any OS error."""
    import tempfile  # here: it loads shutil, bz2, lzma and random, which opening needs not

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                for piece in (data,) if isinstance(data, bytes) else data:
                    fh.write(piece)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
