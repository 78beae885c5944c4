"""What every part of the store shares: errors, time stamps, transactions, the repository base.

Kept apart from :mod:`reader.store.db` (which opens the file and builds the
repositories) so that the repositories can use these without importing the
module that imports them.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reader.paths import file_kind

__all__ = [
    "OPEN_WAIT_MS",
    "READ_WAIT_MS",
    "WRITE_WAIT_S",
    "Repository",
    "StoreBusyError",
    "StoreError",
    "begin_immediate",
    "check_database_files",
    "check_regular_file",
    "reading",
    "store_error",
    "transaction",
    "utc_now",
]

READ_WAIT_MS = 50
"""SQLite busy timeout of a Store's connection: a read that meets a lock fails this fast.

In WAL mode readers never wait for a writer, so this only matters in the rare cases
where SQLite must wait for a lock to read (recovery, a rollback-journal file): the
GUI thread then gets a StoreError instead of freezing.
"""

OPEN_WAIT_MS = 2000
"""How long opening waits for a lock held elsewhere (only a new file or a schema upgrade
needs one); after that it gives up with a message saying another program holds it."""

WRITE_WAIT_S = 5.0
"""How long a synchronous write (:func:`transaction`) waits for the write lock."""

DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside the database (``library.db-wal`` and so on)."""

# SQLite primary result codes we map to messages (sqlite3.Error.sqlite_errorcode & 0xFF).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
SQLITE_BUSY = 5
SQLITE_LOCKED = 6


class StoreError(Exception):
    """Something went wrong with the library file; ``str(err)`` is a one-line user message."""


class StoreBusyError(StoreError):
    """Another connection (another program, or another Quire) holds the lock we needed.

    Nothing was written; the same write can simply be tried again later.
    """


_now_lock = threading.Lock()
_last_now: datetime | None = None


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string, strictly increasing within this process.

    Strictly increasing so that "most recently read" orderings never tie when two
    writes land in the same clock tick.
    """
    global _last_now
    with _now_lock:
        now = datetime.now(UTC)
        if _last_now is not None and now <= _last_now:
            now = _last_now + timedelta(microseconds=1)
        _last_now = now
    return now.isoformat(timespec="microseconds")


def error_code(exc: sqlite3.Error) -> int:
    """The primary SQLite result code of ``exc`` (0 when unknown)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (code & 0xFF) if isinstance(code, int) else 0


def is_busy(exc: sqlite3.Error) -> bool:
    """True when ``exc`` says another connection holds a lock (nothing was done)."""
    return error_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in str(exc).lower()


def is_corruption(exc: sqlite3.Error) -> bool:
    """True when ``exc`` says the file is damaged or not a database at all."""
    text = str(exc).lower()
    return error_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB) or (
        "malformed" in text or "not a database" in text
    )


def store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """Translate an sqlite3 error into a :class:`StoreError` with a clear message."""
    code = error_code(exc)
    text = str(exc).lower()
    if code == SQLITE_FULL or "disk is full" in text:
        msg = (
            f"The disk is full, so Quire could not save to its library ({path}). "
            "Free some space and try again; nothing already saved was lost."
        )
    elif code == SQLITE_READONLY or "readonly" in text or "read-only" in text:
        msg = (
            f"Quire's library ({path}) is read-only, so changes cannot be saved. "
            "Check the permissions of that file and its folder."
        )
    elif is_busy(exc):
        return StoreBusyError(
            f"The library ({path}) is busy in another program (or another Quire window); "
            "try again in a moment."
        )
    elif code == SQLITE_CANTOPEN or "unable to open" in text:
        msg = f"Quire could not open its library file {path}: check that its folder is writable."
    elif "foreign key constraint" in text:
        msg = "That book is no longer in the library."
    elif is_corruption(exc):
        msg = (
            f"The library ({path}) is damaged. Restart Quire: it will move the damaged "
            "file aside and start a fresh library."
        )
    elif code == SQLITE_IOERR or "i/o" in text:
        msg = f"Quire could not read or write its library ({path}): disk I/O error."
    else:
        msg = f"Quire's library ({path}) reported an error: {exc}."
    return StoreError(msg)


def begin_immediate(conn: sqlite3.Connection, path: Path, wait: float) -> None:
    """``BEGIN IMMEDIATE`` (take the write lock), trying again for up to ``wait`` seconds.

    Each attempt waits at most the connection's busy timeout inside SQLite, so the
    caller's thread is held for about ``wait`` seconds at most; ``wait=0`` makes one
    attempt. A lock still held after that raises :class:`StoreBusyError`; any other
    failure a :class:`StoreError`.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.Error as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise store_error(exc, path) from exc
        time.sleep(0.002)  # SQLite may report a lock without waiting: don't spin


@contextmanager
def transaction(
    conn: sqlite3.Connection, path: Path, *, wait: float = WRITE_WAIT_S
) -> Iterator[sqlite3.Connection]:
    """Run the block as one ``BEGIN IMMEDIATE`` transaction, committed on exit.

    Waits up to ``wait`` seconds for the write lock (see :func:`begin_immediate`);
    this blocks the calling thread, so the GUI thread should write through
    :class:`reader.store.writer.StoreWriter` instead. Nested use joins the outer
    transaction. Any SQLite failure rolls back and is raised as a
    :class:`StoreError`, so what was saved before stays intact.
    """
    if conn.in_transaction:
        yield conn
        return
    begin_immediate(conn, path, wait)
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            # SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise store_error(exc, path) from exc
        raise


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn SQLite failures during a read into :class:`StoreError`."""
    try:
        yield
    except sqlite3.Error as exc:
        raise store_error(exc, path) from exc


LIBRARY_ADVICE = (
    "Move it away, or start Quire with --basedir DIR to keep its data in another folder."
)


def check_regular_file(
    path: str | os.PathLike[str], *, what: str = "Quire's library", advice: str = LIBRARY_ADVICE
) -> str | None:
    """None when ``path`` is absent or a regular file (or a link to one); else why not.

    The answer is one line for the reader: what ``path`` is (a FIFO, a socket, a
    device, a folder, or a link to one of those), the path, and ``advice``.
    Only ``stat``/``lstat`` are used: nothing is opened, so a FIFO or a device
    can never block the caller. Qt-free and cheap (~10 µs), for use before SQLite
    or anything else opens the file.
    """
    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None  # nothing there (or a dangling link): the caller creates or reports it
    except OSError as exc:
        return f"{what} {name} cannot be checked ({exc.strerror or exc}). {advice}"
    if stat.S_ISREG(mode):
        return None
    kind = file_kind(mode)
    if os.path.islink(name):
        target = os.path.realpath(name)
        return f"{what} {name} is a link to {target}, which is {kind}, not a file. {advice}"
    return f"{what} {name} is {kind}, not a file. {advice}"


def check_database_files(path: str | os.PathLike[str]) -> str | None:
    """:func:`check_regular_file` for a database and its ``-wal``/``-shm``/``-journal``.

    Call it before letting SQLite open ``path`` (e.g. a quick read-only settings
    peek before the window starts): None means nothing there can block.
    """
    name = os.fspath(path)
    problem = check_regular_file(name)
    for suffix in DATABASE_COMPANIONS:
        if problem is not None:
            break
        problem = check_regular_file(
            f"{name}{suffix}", what="The library's companion file", advice=LIBRARY_ADVICE
        )
    return problem


class Repository:
    """Base for the store's repositories: a connection plus the write/read helpers."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    def _tx(self) -> Any:
        """A write transaction on this repository's connection (see :func:`transaction`)."""
        return transaction(self._conn, self._path)

    def _all(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        """Run a read query and return every row."""
        with reading(self._path):
            return self._conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        """Run a read query and return its first row (or ``None``)."""
        with reading(self._path):
            return self._conn.execute(sql, params).fetchone()
