"""The methods ``dataclasses`` writes for each class, compiled ahead (Qt-free).

``@dataclass`` writes the source of ``__init__``, ``__repr__``, ``__eq__`` and, for a
frozen class, ``__setattr__`` and ``__delattr__``, and compiles each with ``exec``: some
0.4 ms a class, nearly all of it the compiler. A first page imports some 70 of Quire's
dataclasses, so this was about 25 ms of every start.

:func:`install` gives the ``dataclasses`` module an ``exec`` of its own (a module global
comes before the builtin of that name) that looks the source up in a table of code
objects and runs the code found; a source not in the table is compiled as before. The
code for a source is the same whatever the class: what differs (defaults, types, the
class itself) is passed in when the code runs, so the classes made are the same.

The table (each source with its code, marshalled; the code is unmarshalled when a class
asks for it) is read at start-up and dropped once the window is built and its book opened
(:func:`release`). It is written beside the byte-compiled modules, named by the interpreter's cache
tag and bytecode magic number, by ``python -m reader.method_code`` (``install.py`` runs
it after installing Quire, as it compiles the text engine's patterns). It imports every
module of Quire and records each source ``dataclasses`` compiles. A missing, damaged or
foreign table only means compiling as before.
"""

from __future__ import annotations

import builtins
import importlib.util
import marshal
import sys
import threading
from pathlib import Path
from types import CodeType
from typing import Any

from reader.text import ahead

FORMAT = 2
"""Version of the table's layout (bump when it changes)."""
TABLE_FILE = (
    Path(__file__).parent
    / "__pycache__"
    / f"dataclass-methods.{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}"
    ".marshal"
)
"""Where :func:`build` writes the table and :func:`install` reads it."""

_table: dict[str, bytes] | None = None
_recording: dict[str, bytes] | None = None
_lock = threading.Lock()


def install(path: Path = TABLE_FILE) -> bool:
    """Let ``dataclasses`` take its methods' code from the table in ``path`` (see the
    module). Call before the dataclasses are made; calling again changes nothing.
    Returns False when this ``dataclasses`` does not compile with ``exec`` (another
    Python): nothing is changed then."""
    import dataclasses

    global _table
    if not _compiles_with_exec(dataclasses):
        return False
    with _lock:
        if _table is None:
            _table = read_table(path)
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    return True


def _compiles_with_exec(module: Any) -> bool:
    """Whether ``module`` compiles its methods by calling ``exec`` by its global name:
    ``_create_fn`` up to Python 3.12, ``_FuncBuilder.add_fns_to_class`` from 3.13."""
    writer = getattr(module, "_create_fn", None)
    if writer is None:
        writer = getattr(getattr(module, "_FuncBuilder", None), "add_fns_to_class", None)
    code = getattr(writer, "__code__", None)
    return isinstance(code, CodeType) and "exec" in code.co_names


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None) -> None:
    """``exec`` for ``dataclasses``: the table's code for a source it holds."""
    if isinstance(source, str):
        stored = (_table or {}).get(source)
        code = _code(stored) if stored is not None else None
        if code is None:
            code = compile(source, "<string>", "exec")
            if _recording is not None:
                _recording[source] = marshal.dumps(code)
        source = code
    builtins.exec(source, globals, locals)


def _code(stored: bytes) -> CodeType | None:
    """The code object marshalled in ``stored`` (None: damaged, or not code)."""
    try:
        code = marshal.loads(stored)
    except (EOFError, ValueError, TypeError):  # a damaged entry: compiled instead
        return None
    return code if isinstance(code, CodeType) else None


def release() -> None:
    """Drop the table (some 0.8 MB): for when the classes a first page needs are made
    (the window is built and the book opened). Later classes are compiled as before."""
    global _table
    with _lock:
        if _table is not None:
            _table = {}


def read_table(path: Path) -> dict[str, bytes]:
    """The table in ``path``; empty when it is missing, damaged, of another layout or
    written by another interpreter (:mod:`reader.text.ahead`)."""
    table = ahead.read(path, FORMAT)
    return {k: v for k, v in table.items() if isinstance(k, str) and isinstance(v, bytes)}


def build(path: Path | str = TABLE_FILE) -> int:
    """Import every module of Quire, record the code of each method ``dataclasses``
    writes, and write the table to ``path``; the number of sources in it. (Only the
    classes made after this starts are recorded: run it in a fresh interpreter.)"""
    global _recording, _table
    recorded: dict[str, bytes] = {}
    _recording = recorded
    try:
        install()
        _table = {}  # compile everything, so that every source is recorded
        import_quire()
    finally:
        _recording = None
    ahead.write(Path(path), FORMAT, recorded)
    _table = recorded
    return len(recorded)


def import_quire() -> None:
    """Import every module of Quire but ``__main__`` (an optional part that cannot load
    here, such as one needing a Qt add-on, is left out): what the tables compiled ahead
    record is what these imports make and compile."""
    import importlib
    import pkgutil

    import reader

    for info in pkgutil.walk_packages(reader.__path__, "reader."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:
            continue  # an optional part that cannot load here (no Qt add-on)


__all__ = ["FORMAT", "TABLE_FILE", "build", "import_quire", "install", "read_table", "release"]


if __name__ == "__main__":
    print(f"{build()} dataclass methods compiled ahead into {TABLE_FILE}")
