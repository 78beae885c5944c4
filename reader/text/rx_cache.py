"""The text engine's patterns compiled ahead: the regular-expression engine's code, kept
beside the byte-compiled modules so a start does not compile them again.

Compiling the 100-odd patterns a first page needs takes some 20 ms of a first start:
``re`` parses each pattern and generates its code in Python before the C engine takes
it. :mod:`reader.text.rx_build` (``python -m reader.text.rx_build``, run by ``install.py``
after it installs Quire, as Python byte-compiles the modules) records that code for every pattern
the text engine compiles, and :func:`compiled` hands it to the engine directly
(``_sre.compile``, what ``re`` itself ends with).

The table is specific to the interpreter: its file is named by the interpreter's cache
tag and the engine's code version (``_sre.MAGIC``), in ``reader/text/__pycache__``.
Entries are looked up by the exact pattern and flags, so an edited pattern simply misses
(and is compiled as usual). The engine checks all code it is given (``invalid SRE code``);
a damaged or unreadable table, or an entry the engine refuses, is compiled as usual too.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # CPython's engine (re's own backend)
import re
import sys
import threading
from array import array
from pathlib import Path
from typing import Any

from reader.text import ahead

FORMAT = 2
"""Version of the table's layout (bump when it changes)."""
TABLE_FILE = (
    Path(__file__).parent
    / "__pycache__"
    / f"rx-patterns.{sys.implementation.cache_tag}-{_sre.MAGIC}.marshal"
)
"""Where :mod:`reader.text.rx_build` writes the table and :func:`compiled` reads it."""

Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
"""Final flags, the code (as ``array('I')`` bytes), groups - 1, groupindex, indexgroup."""

_table: dict[tuple[str, int], Entry] | None = None
_patterns: dict[tuple[str, int], re.Pattern[str]] = {}
MAX_KEPT = 512
"""Compiled patterns kept at most, as ``re`` keeps (some are made per book: a line width)."""
_recording: dict[tuple[str, int], Entry] | None = None
_lock = threading.Lock()


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the table when it holds the pattern.

    Like ``re``, it keeps what it compiled: a pattern made inside a function
    (``rx.compile(r"\\s*")``) is compiled once, and its table entry is dropped then.
    """
    key = (pattern, int(flags))
    if _recording is not None and key not in _recording:
        _recording[key] = entry_of(*key)
    found = _patterns.get(key)
    if found is None:
        found = _from_table(key)
        if found is None:
            found = re.compile(pattern, flags)
        if len(_patterns) < MAX_KEPT:
            _patterns[key] = found
    return found


def _from_table(key: tuple[str, int]) -> re.Pattern[str] | None:
    entry = _load().pop(key, None)
    if entry is None:
        return None
    try:
        return from_entry(key[0], entry)
    except (RuntimeError, TypeError, ValueError, OverflowError):
        return None  # refused by the engine: compiled afresh


def _load() -> dict[tuple[str, int], Entry]:
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = read_table(TABLE_FILE)
    return _table


def read_table(path: Path) -> dict[tuple[str, int], Entry]:
    """The table in ``path``; empty when it is missing, damaged, of another layout or
    written by another interpreter (:mod:`reader.text.ahead`)."""
    return ahead.read(path, FORMAT)


def entry_of(pattern: str, flags: int) -> Entry:
    """What ``re`` hands the engine for ``pattern`` (as ``re._compiler.compile`` does)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        flags | parsed.state.flags,
        array("I", code).tobytes(),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def record_into(recording: dict[tuple[str, int], Entry] | None) -> None:
    """Record every pattern :func:`compiled` is asked for into ``recording`` (None: stop;
    for :mod:`reader.text.rx_build`)."""
    global _recording
    _recording = recording


def from_entry(pattern: str, entry: Entry) -> re.Pattern[str]:
    """The compiled pattern of a table entry; raises what the engine raises for bad code."""
    final, code, groups, groupindex, indexgroup = entry
    found: re.Pattern[str] = _sre.compile(
        pattern, final, array("I", code).tolist(), groups, groupindex, indexgroup
    )
    return found


__all__ = [
    "FORMAT",
    "MAX_KEPT",
    "TABLE_FILE",
    "compiled",
    "entry_of",
    "from_entry",
    "read_table",
    "record_into",
]
