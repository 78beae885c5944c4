"""What every part of the store shares: errors, time stamps, transactions, the repository base.

Kept apart from :mod:`reader.store.db` (which opens the file and builds the
repositories) so that the repositories can use these without importing the
module that imports them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "BUSY_TIMEOUT_MS",
    "Repository",
    "StoreError",
    "reading",
    "store_error",
    "transaction",
    "utc_now",
]

BUSY_TIMEOUT_MS = 5000

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
    elif code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text:
        msg = f"The library ({path}) is busy in another Quire window; try again in a moment."
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


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """Run the block as one ``BEGIN IMMEDIATE`` transaction, committed on exit.

    Nested use joins the outer transaction. Any SQLite failure rolls back and is
    raised as a :class:`StoreError`, so what was saved before stays intact.
    """
    if conn.in_transaction:
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise store_error(exc, path) from exc
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
