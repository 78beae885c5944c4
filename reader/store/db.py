"""Opening the library database: pragmas, integrity check, move-aside on corruption.

One SQLite file per user (``library.db``), in WAL mode with ``synchronous=NORMAL``
and foreign keys on, so the GUI thread, the background writer
(:mod:`reader.store.writer`) and an import worker can each hold their own
connection to it. Every write goes through :func:`transaction` (``BEGIN
IMMEDIATE`` … ``COMMIT``) and is on disk when the call returns; every SQLite
failure reaches callers as a :class:`StoreError` whose ``str()`` is a one-line
message for the reader.

Waiting for locks: a Store's connection has a short busy timeout
(:data:`READ_WAIT_MS`, 50 ms), so a read that meets a lock fails fast instead of
freezing the window (in WAL mode reads don't wait for writers at all). Synchronous
writes still wait up to :data:`WRITE_WAIT_S` for the write lock (retrying in
:func:`transaction`); the GUI should write through the StoreWriter instead.
Opening waits at most :data:`OPEN_WAIT_MS` for a lock (only a new file or a
schema upgrade needs one). Anything at the path that is not a regular file
(FIFO, socket, device, folder, or a link to one) is refused before SQLite opens it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from reader.store.annotations import Annotations
from reader.store.base import (
    OPEN_WAIT_MS,
    READ_WAIT_MS,
    Repository,
    StoreBusyError,
    StoreError,
    check_database_files,
    check_regular_file,
    is_busy,
    is_corruption,
    reading,
    store_error,
    transaction,
    utc_now,
)
from reader.store.chapter_rules import ChapterRules
from reader.store.library import Library
from reader.store.migrations import SCHEMA_VERSION, migrate
from reader.store.settings import Settings

if TYPE_CHECKING:
    from reader.store.stats import Stats

__all__ = [
    "SCHEMA_VERSION",
    "Repository",
    "Store",
    "StoreBusyError",
    "StoreError",
    "check_database_files",
    "check_regular_file",
    "open_store",
    "reading",
    "transaction",
    "utc_now",
]


class _CorruptError(Exception):
    """Internal: the file is not a readable Quire database and should be moved aside.

    Carries the still-open connection: SQLite deletes a -wal/-shm it can't use when
    the last connection closes, so the files are renamed first and closed after.
    """

    def __init__(self, detail: str, conn: sqlite3.Connection) -> None:
        super().__init__(detail)
        self.conn = conn


class Store:
    """An open library database: the connection and the repositories built on it.

    Use one Store from one thread at a time (the GUI thread); a background worker
    opens its own with :meth:`open_worker` or :func:`open_store`. Its reads give up
    within :data:`READ_WAIT_MS` when they meet a lock; its write methods block until
    the write lock is free (up to :data:`WRITE_WAIT_S`), so the GUI thread writes
    through a :class:`reader.store.writer.StoreWriter`, which runs these same methods
    on its own thread and connection.
    """

    path: Path
    conn: sqlite3.Connection
    notices: list[str]
    """Sentences for the reader about what happened while opening (e.g. a file moved aside)."""
    library: Library
    annotations: Annotations
    settings: Settings
    chapter_rules: ChapterRules

    def __init__(self, path: Path, conn: sqlite3.Connection, notices: list[str]) -> None:
        self.path = path
        self.conn = conn
        self.notices = notices
        self.library = Library(conn, path)
        self.annotations = Annotations(conn, path)
        self.settings = Settings(conn, path)
        self.chapter_rules = ChapterRules(conn, path)
        self._stats: Stats | None = None
        self._closed = False

    @property
    def stats(self) -> Stats:
        """Reading statistics, made on first use: their queries and records (some 20
        classes) are not needed to show a book's first page."""
        if self._stats is None:
            from reader.store.stats import Stats

            self._stats = Stats(self.conn, self.path)
        return self._stats

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (always :data:`SCHEMA_VERSION`)."""
        with reading(self.path):
            return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def open_worker(self) -> Store:
        """Open a second, independent Store on the same file for a background thread."""
        return open_store(self.path, check_integrity=False)

    def close(self) -> None:
        """Close the connection (idempotent). Everything was already committed."""
        if self._closed:
            return
        self._closed = True
        with suppress(sqlite3.Error):  # only a hint; closing must not fail because of it
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _newer_error(path: Path, version: int) -> StoreError:
    return StoreError(
        f"This library was made by a newer version of Quire (schema {version}; this one "
        f"understands up to {SCHEMA_VERSION}). Update Quire to open {path}; "
        "the file was left untouched."
    )


def _connect(path: Path) -> sqlite3.Connection:
    """A raw connection in autocommit mode (we issue BEGIN ourselves), waiting to open."""
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=OPEN_WAIT_MS / 1000
    )
    conn.execute(f"PRAGMA busy_timeout = {OPEN_WAIT_MS}")
    return conn


def _busy_at_open(path: Path) -> StoreBusyError:
    return StoreBusyError(
        f"Quire could not open its library ({path}): another program (or another Quire "
        f"window) has kept it locked for more than {OPEN_WAIT_MS / 1000:g} s. Close that "
        "program, then start Quire again; nothing was changed."
    )


def _open_checked(path: Path, check_integrity: bool) -> sqlite3.Connection:
    """Open ``path`` and check it without writing to it.

    Raises StoreError (newer schema, cannot open) or _CorruptError (move it aside).
    """
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise store_error(exc, path) from exc
    try:
        # One statement, so one snapshot: another process may be migrating the file.
        version, tables = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if version > SCHEMA_VERSION:
            raise _newer_error(path, version)
        if version == 0 and tables:
            raise _CorruptError("it is an SQLite database, but not a Quire library", conn)
        if check_integrity:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                raise _CorruptError("; ".join(str(r[0]) for r in rows[:3]), conn)
        return conn
    except _CorruptError:
        raise
    except sqlite3.Error as exc:
        if is_corruption(exc):
            raise _CorruptError(str(exc), conn) from exc
        conn.close()
        raise store_error(exc, path) from exc
    except BaseException:
        conn.close()
        raise


def _move_aside(path: Path, conn: sqlite3.Connection) -> Path:
    """Rename ``path`` (and its -wal/-shm/-journal) to ``<name>.corrupt-<timestamp>``.

    ``conn`` (open on the damaged file) is closed once the files are renamed, where
    the platform allows renaming open files, so SQLite cannot delete the -wal.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while any(Path(f"{target}{s}").exists() for s in ("", "-wal", "-shm", "-journal")):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        try:
            _rename_all(path, target)
        except PermissionError:  # Windows cannot rename open files
            conn.close()
            _rename_all(path, target)
    except OSError as exc:
        conn.close()
        raise StoreError(
            f"Quire's library ({path}) is damaged and could not be moved aside "
            f"({exc.strerror}). Move or rename it yourself, then start Quire again."
        ) from exc
    conn.close()
    return target


def _rename_all(path: Path, target: Path) -> None:
    """Rename the database file and its companions that exist to ``target`` + suffix."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        src = Path(f"{path}{suffix}")
        if src.exists():
            os.rename(src, f"{target}{suffix}")


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    """Per-connection settings; the first write-capable step (WAL changes the header)."""
    try:
        # Switching to WAL needs an exclusive lock and SQLite reports "locked" at once
        # (no busy handler) when another process is opening the new file too: retry.
        deadline = time.monotonic() + OPEN_WAIT_MS / 1000
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise store_error(exc, path) from exc


def open_store(
    path: Path | str, *, check_integrity: bool = True, busy_timeout_ms: int = READ_WAIT_MS
) -> Store:
    """Open (creating if needed) the library at ``path`` and migrate it to the current schema.

    A file that is damaged or not a database is moved aside to
    ``library.db.corrupt-<YYYYmmdd-HHMMSS>`` (with its -wal/-shm), a fresh library is
    started and ``Store.notices`` says so. A file from a newer Quire is refused with a
    StoreError and not touched; so is anything at ``path`` (or its -wal/-shm/-journal)
    that is not a regular file, before SQLite opens it. A lock held elsewhere for more
    than :data:`OPEN_WAIT_MS` gives a :class:`StoreBusyError`. The connection then gets
    ``busy_timeout_ms`` as its busy timeout (see the module docstring). Safe to call
    again for a second connection (a worker).
    """
    path = Path(path).expanduser().absolute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Quire could not create its data folder {path.parent} ({exc.strerror or exc})."
        ) from exc
    problem = check_database_files(path)
    if problem is not None:
        raise StoreError(problem)
    try:
        store = _open(path, check_integrity)
    except StoreBusyError as exc:
        raise _busy_at_open(path) from exc
    try:
        store.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    except sqlite3.Error as exc:
        store.close()
        raise store_error(exc, path) from exc
    return store


def _open(path: Path, check_integrity: bool) -> Store:
    """The body of :func:`open_store` once ``path`` is known to be a file (or absent)."""
    notices: list[str] = []
    try:
        conn = _open_checked(path, check_integrity)
    except _CorruptError as exc:
        moved = _move_aside(path, exc.conn)
        notices.append(
            f"Your library file could not be read ({exc}), so Quire moved it aside to "
            f"{moved} and started a fresh library. Nothing was deleted."
        )
        conn = _open_checked(path, False)
    _configure(conn, path)
    try:
        found = migrate(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise store_error(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    if found > SCHEMA_VERSION:  # another, newer Quire got there between our checks
        conn.close()
        raise _newer_error(path, found)
    return Store(path, conn, notices)
