"""The files of the tables compiled ahead and kept beside the byte-compiled modules.

Three tables spare a start work that would be the same every time: the text engine's
patterns (:mod:`reader.text.rx_cache`), the methods ``dataclasses`` writes
(:mod:`reader.method_code`) and the patterns other code compiles at start-up
(:mod:`reader.pattern_code`). Each file holds ``(layout, interpreter, table)``,
marshalled: the version of the table's layout, ``sys.version`` of the interpreter that
wrote it, and the table, a dict. A file is read only by that very interpreter: what is
compiled may change with a bug-fix release that keeps the cache tag and magic numbers
in the file's name.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

from reader.text.atomic import write_atomically

__all__ = ["dump", "read", "write"]


def dump(layout: int, table: dict[Any, Any]) -> bytes:
    """The bytes of a table file holding ``table`` in ``layout``, for this interpreter."""
    return marshal.dumps((layout, sys.version, table))


def read(path: Path, layout: int) -> dict[Any, Any]:
    """The table in the file at ``path``; empty when the file is missing, damaged, of
    another layout or written by another interpreter (its entries are the caller's to
    check: a damaged one only means compiling it)."""
    try:
        with open(path, "rb") as f:
            data = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):  # no table: everything compiled
        return {}
    if not (isinstance(data, tuple) and len(data) == 3 and data[:2] == (layout, sys.version)):
        return {}
    return data[2] if isinstance(data[2], dict) else {}


def write(path: Path, layout: int, table: dict[Any, Any]) -> None:
    """Write a table file (whole or not at all); raises OSError when it cannot."""
    if not write_atomically(path, dump(layout, table)):
        raise OSError(f"could not write {path}")  # (write_atomically keeps the reason)
