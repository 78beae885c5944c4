"""The regular expressions compiled while Quire starts, compiled ahead (Qt-free).

Importing PySide6 compiles the patterns of its signature support (shiboken's signature
parser and stub generator), and the standard library modules a start imports (logging,
textwrap, json, …) compile theirs: about 10 ms of every start, nearly all of it ``re``'s
parser and code generator, which are written in Python. Quire's own text engine has its
table already (:mod:`reader.text.rx_cache`); this one is for everyone else's patterns.

:func:`install` gives ``re`` a ``_compile`` of its own (``re.compile``, ``re.match`` and
the rest call it by its global name). It looks the pattern and flags up in a table of
the engine's code recorded ahead and makes the pattern from that code (``_sre.compile``,
what ``re`` itself ends with); a pattern not in the table is left to ``re`` as before.
Entries are found by the exact pattern (a ``str`` or ``bytes``, not a subclass) and
flags, so what is made is what ``re`` would make; a pattern whose compiling warns (a
possible nested set, say) is never recorded, so none made from the table fails to warn.
:func:`release` gives ``re`` its own ``_compile`` back and drops the table once the
window is built and its book opened, or as :func:`reader.app.main` returns.

The table is written beside the byte-compiled modules, named by the interpreter's cache
tag and the engine's code version, by ``python -m reader.pattern_code`` (``install.py``
runs it after installing Quire). It imports PySide6's widgets and every module of Quire
and records each pattern compiled meanwhile. A missing or damaged table, one written by
another interpreter (even a bug-fix release of the same Python), or an entry the engine
refuses, only means compiling as before.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # CPython's engine (re's own backend)
import contextlib
import marshal
import re
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.text import ahead
from reader.text.rx_cache import Entry, entry_of, from_entry

FORMAT = 1
"""Version of the table's layout (bump when it changes)."""
TABLE_FILE = (
    Path(__file__).parent
    / "__pycache__"
    / f"start-patterns.{sys.implementation.cache_tag}-{_sre.MAGIC}.marshal"
)
"""Where :func:`build` writes the table and :func:`install` reads it."""

Key = tuple[str | bytes, int]
"""A pattern (text or bytes) and its flags as an integer."""

_UNCACHED = int(re.DEBUG) | int(getattr(re, "TEMPLATE", 0))
"""Flags ``re`` compiles afresh each time (or warns about): never taken from the table."""

_original: Callable[[Any, Any], Any] | None = None
_table: dict[Key, bytes] = {}
_made: dict[Key, re.Pattern[Any]] = {}
MAX_KEPT = 512
"""Patterns kept at most while installed, as ``re`` keeps (beyond, ``re`` keeps them)."""
_recording: dict[Key, bytes] | None = None
_active = False
_lock = threading.Lock()


def install(path: Path | None = TABLE_FILE) -> bool:
    """Let ``re`` take the patterns in the table at ``path`` from it (see the module;
    None: no table, every pattern compiled as before). Call before the modules whose
    patterns it holds are imported; calling again changes nothing. Returns False when
    this ``re`` has no ``_compile`` to stand in for."""
    global _original, _table, _active
    current = getattr(re, "_compile", None)
    if not callable(current):
        return False
    with _lock:
        if current is _compile:
            return _active  # installed already (or left without what it stands in for)
        _original = current
        _table = read_table(path) if path is not None else {}
        _made.clear()
        _active = True
        re._compile = _compile  # type: ignore[attr-defined]
    return True


def _compile(pattern: Any, flags: Any) -> Any:
    """``re._compile`` while installed: a pattern of the table made from its code."""
    original = _original
    if original is None:  # (cannot happen: install() sets it first)
        raise RuntimeError("reader.pattern_code._compile used without install()")
    # Only what re itself caches by pattern and flags: exact text or bytes, int flags.
    kind = type(flags)
    if type(pattern) not in (str, bytes) or not (kind is int or kind is re.RegexFlag):
        return original(pattern, flags)
    key: Key = (pattern, int(flags))
    if key[1] & _UNCACHED or not _active:
        return original(pattern, flags)
    found = _made.get(key)
    if found is not None:
        return found
    stored = _table.pop(key, None)
    if stored is not None:
        found = _pattern(pattern, stored)
    if found is None:
        found = original(pattern, flags)
        if _recording is not None:
            _record(key)
    if _active and len(_made) < MAX_KEPT:
        _made[key] = found
    return found


def _record(key: Key) -> None:
    """Record a pattern just compiled for the table, unless compiling it warned: one made
    from the table would not warn again."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        entry = entry_of(key[0], key[1])  # type: ignore[arg-type]
    if not said and _recording is not None:
        _recording[key] = marshal.dumps(entry)


def _pattern(pattern: str | bytes, stored: bytes) -> re.Pattern[Any] | None:
    """The pattern made from a stored entry (None: damaged, or refused by the engine)."""
    try:
        entry: Entry = marshal.loads(stored)
        return from_entry(pattern, entry)  # type: ignore[arg-type]
    except (EOFError, ValueError, TypeError, RuntimeError, OverflowError):  # compiled afresh
        return None


def release() -> None:
    """Give ``re`` its own ``_compile`` back and drop the table and the patterns made
    from it: for when the modules a first page needs are imported. (Left alone if
    something else has replaced ``re._compile`` since.)"""
    global _table, _active
    with _lock:
        _active = False  # (a thread inside _compile now keeps nothing)
        if getattr(re, "_compile", None) is _compile and _original is not None:
            re._compile = _original  # type: ignore[attr-defined]
        _table = {}
        _made.clear()


def read_table(path: Path) -> dict[Key, bytes]:
    """The table in ``path``; empty when it is missing, damaged, of another layout or
    written by another interpreter (:mod:`reader.text.ahead`)."""
    table = ahead.read(path, FORMAT)
    return {
        k: v
        for k, v in table.items()
        if isinstance(k, tuple)
        and len(k) == 2
        and isinstance(k[0], str | bytes)
        and isinstance(k[1], int)
        and isinstance(v, bytes)
    }


def build(path: Path | str = TABLE_FILE) -> int:
    """Import PySide6's widgets and every module of Quire, record each pattern compiled
    meanwhile, and write the table to ``path``; the number of patterns in it. (Only what
    is compiled after this starts is recorded: run it in a fresh interpreter.)"""
    import importlib

    from reader.method_code import import_quire

    global _recording
    recorded: dict[Key, bytes] = {}
    install(None)  # no table: everything is compiled, and recorded
    _recording = recorded
    try:
        with contextlib.suppress(ImportError):  # Qt-free here: Quire's own still count
            importlib.import_module("PySide6.QtWidgets")
        import_quire()
    finally:
        _recording = None
        release()
    ahead.write(Path(path), FORMAT, recorded)
    return len(recorded)


__all__ = ["FORMAT", "MAX_KEPT", "TABLE_FILE", "build", "install", "read_table", "release"]


if __name__ == "__main__":
    print(f"{build()} start-up patterns compiled ahead into {TABLE_FILE}")
