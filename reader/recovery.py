"""No crash loops: remember which book was being opened, so a crash is not repeated (Qt-free).

Before a book is opened and shown, :meth:`OpeningGuard.begin` writes a small
marker file in the data folder (``opening-<pid>.json``: the book's path, its
key when known, the time). It is removed by :meth:`OpeningGuard.end` once the
first page of that book has been painted (or the opening failed cleanly with a
message), and by :meth:`OpeningGuard.close` when Quire quits normally.

If Quire ends abnormally in between — a crash in the typesetter, a segfault in
Qt, ``kill -9`` — the marker stays. The next start calls
:func:`take_failed_openings`, which claims the markers whose process is gone
and remembers their books in ``crashed.json`` (:func:`blocked_books`); it then
does not reopen such a book automatically, starts in the library, and shows
:func:`crash_message`: which book failed and how to report it. A book stays
out of the automatic reopen until the reader opens it and its first page is
painted (:meth:`OpeningGuard.end` lifts the block).

Each marker is held with an exclusive ``flock`` while its process lives, so
two Quire processes on the same data folder never take each other's marker
for a crash (the lock goes with the process, however it dies).

Test hook: with ``QUIRE_TEST_CRASH_ON_OPEN=1`` in the environment, the start-up
kills its own process (SIGKILL) right after the book was opened and before it
is painted — see :func:`crash_for_test_if_asked`. It does nothing otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from reader.paths import open_regular_file

try:
    import fcntl
except ImportError:  # Windows: markers are not locked (single instance is the rule there)
    fcntl = None  # type: ignore[assignment]

MARKER_PREFIX = "opening-"
MARKER_SUFFIX = ".json"
BLOCKED_FILE = "crashed.json"
MAX_BLOCKED = 20
MAX_MARKER_BYTES = 64 * 1024
TEST_CRASH_ENV = "QUIRE_TEST_CRASH_ON_OPEN"
"""Test hook (documented above): crash on purpose after opening a book at start-up."""


@dataclass(frozen=True)
class FailedOpening:
    """A book that was being opened or shown when Quire last ended abnormally."""

    path: str
    key: str
    """The book key (size + partial MD5) if it was known, else ''."""
    when: str
    """Local time the opening started, ``YYYY-MM-DD HH:MM``."""

    def is_path(self, path: str | None) -> bool:
        """True when ``path`` names this book's file."""
        if not path or not self.path:
            return False
        return _same_file(path, self.path)


def _same_file(a: str, b: str) -> bool:
    if os.path.normpath(a) == os.path.normpath(b):
        return True
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):  # unresolvable: not the same file
        return False


class OpeningGuard:
    """This process's marker: written before a book is shown, removed once it is on screen."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.marker = self.folder / f"{MARKER_PREFIX}{os.getpid()}{MARKER_SUFFIX}"
        self._fd: int | None = None
        self._path = ""
        self._key = ""

    @property
    def active(self) -> bool:
        """True while a marker is written (a book is being opened and not yet painted)."""
        return self._fd is not None

    def begin(self, path: str, key: str | None = None) -> None:
        """A book is about to be opened and shown: write the marker. Never raises."""
        self._path, self._key = os.path.abspath(path), key or ""
        self._write()

    def set_key(self, key: str | None) -> None:
        """The book key became known (after parsing): put it into the marker."""
        if self._fd is not None and key and key != self._key:
            self._key = key
            self._write()

    def end(self) -> None:
        """The book's first page was painted, or it failed with a message: remove the marker.

        A book that had crashed Quire before and has now been shown is reopened
        automatically again from the next start on.
        """
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):  # already gone
            os.unlink(self.marker)
        with contextlib.suppress(OSError):  # closing a lock fd cannot matter
            os.close(fd)
        unblock(self.folder, self._path, self._key)

    def close(self) -> None:
        """Quire is quitting normally: nothing was left half-open."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):  # already gone
                os.unlink(self.marker)
            with contextlib.suppress(OSError):  # closing a lock fd cannot matter
                os.close(fd)

    def _write(self) -> None:
        record = {
            "path": self._path,
            "key": self._key,
            "time": time.strftime("%Y-%m-%d %H:%M"),
            "pid": os.getpid(),
        }
        data = json.dumps(record, ensure_ascii=True).encode("ascii")
        try:
            if self._fd is None:
                self._fd = self._create_locked()
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, data, 0)
        except OSError:
            self.end()  # no marker: no protection, but never an error for the reader

    def _create_locked(self) -> int:
        """Create the marker under a temporary name, lock it, then give it its real name.

        A reader of the folder never sees this process's marker unlocked.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.marker.with_name(f".{self.marker.name}.tmp")
        fd = open_regular_file(temp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.replace(temp, self.marker)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):  # best effort cleanup
                os.unlink(temp)
            raise
        return fd


def take_failed_openings(folder: Path) -> list[FailedOpening]:
    """Claim the markers left by Quire processes that ended abnormally (newest first).

    Each one found is removed, so it is reported once. A marker still locked
    by a live process (another Quire on this data folder) is left alone.
    Never raises; damaged markers are removed and skipped.
    """
    try:
        names = [
            entry.name
            for entry in os.scandir(folder)
            if entry.name.startswith(MARKER_PREFIX)
            and entry.name.endswith(MARKER_SUFFIX)
            and entry.is_file(follow_symlinks=False)
        ]
    except OSError:  # no data folder: nothing crashed
        return []
    found: list[FailedOpening] = []
    for name in names:
        failed = _claim(Path(folder) / name)
        if failed is not None:
            found.append(failed)
    found.sort(key=lambda f: f.when, reverse=True)
    if found:
        _write_blocked(Path(folder), found + blocked_books(folder))
    return found


def crashed_on(path: str, key: str, failed: list[FailedOpening]) -> bool:
    """True when the book at ``path`` (with book key ``key``) is one of ``failed``."""
    return any(f.is_path(path) or (bool(f.key) and f.key == key) for f in failed)


def blocked_books(folder: Path) -> list[FailedOpening]:
    """Books that crashed Quire and have not been shown successfully since (newest first).

    The start-up does not reopen them automatically. Never raises.
    """
    try:
        fd = open_regular_file(Path(folder) / BLOCKED_FILE, os.O_RDONLY)
    except OSError:  # no record: nothing blocked
        return []
    try:
        data = os.read(fd, MAX_MARKER_BYTES)
    except OSError:  # unreadable: treat as none
        return []
    finally:
        os.close(fd)
    try:
        records = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # damaged record: treat as none
        return []
    if not isinstance(records, list):
        return []
    return [f for f in map(_from_record, records) if f is not None]


def unblock(folder: Path, path: str, key: str = "") -> None:
    """``path`` (or the book with ``key``) was shown fine: reopen it automatically again."""
    blocked = blocked_books(folder)
    if not blocked:
        return
    kept = [f for f in blocked if not (f.is_path(path) or (key and f.key == key))]
    if len(kept) != len(blocked):
        _write_blocked(Path(folder), kept)


def _write_blocked(folder: Path, books: list[FailedOpening]) -> None:
    target = folder / BLOCKED_FILE
    if not books:
        with contextlib.suppress(OSError):  # already gone
            os.unlink(target)
        return
    unique: list[FailedOpening] = []
    for book in books:
        if not any(book.is_path(u.path) for u in unique):
            unique.append(book)
    records = [{"path": f.path, "key": f.key, "time": f.when} for f in unique[:MAX_BLOCKED]]
    temp = folder / f".{BLOCKED_FILE}.{os.getpid()}.tmp"
    try:
        fd = open_regular_file(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps(records, ensure_ascii=True).encode("ascii"))
        finally:
            os.close(fd)
        os.replace(temp, target)
    except OSError:  # read-only folder: a later start retries
        with contextlib.suppress(OSError):  # best effort cleanup
            os.unlink(temp)


def _claim(marker: Path) -> FailedOpening | None:
    try:
        fd = open_regular_file(marker, os.O_RDONLY)
    except OSError:  # gone or unreadable: not ours
        return None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return None  # its process is alive and opening a book right now
        data = os.read(fd, MAX_MARKER_BYTES)
    except OSError:  # unreadable: skip it
        return None
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):  # claimed; a leftover is harmless
        os.unlink(marker)
    try:
        record = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # damaged marker: ignore it
        return None
    return _from_record(record)


def _from_record(record: object) -> FailedOpening | None:
    if not isinstance(record, dict) or not isinstance(record.get("path"), str):
        return None
    key = record.get("key")
    when = record.get("time")
    return FailedOpening(
        path=record["path"],
        key=key if isinstance(key, str) else "",
        when=when if isinstance(when, str) else "",
    )


def crash_message(
    failed: FailedOpening, log_file: Path | None = None, *, skipped: bool = True
) -> str:
    """What the reader is told after a crash: which book, that it was not reopened, how to report.

    ``skipped``: the start-up left it closed (False when the reader asked for
    files explicitly). Plain text (the path is the reader's own file name).
    """
    import shlex

    name = os.path.basename(failed.path) or failed.path
    when = f" ({failed.when})" if failed.when else ""
    first = f"Quire stopped unexpectedly while opening “{name}”{when}"
    if skipped:
        first += ", so it was not reopened this time; you can open it again from the library."
    else:
        first += "."
    parts = [first, "To report the problem, please include"]
    report = []
    if failed.key:
        report.append(f"its book key {failed.key}")
    report.append(f"what `quire info {shlex.quote(failed.path)}` prints")
    if log_file is not None:
        report.append(f"the log file {log_file}")
    parts[-1] += " " + ", ".join(report[:-1]) + (" and " if len(report) > 1 else "") + report[-1]
    parts[-1] += "."
    return " ".join(parts)


_current: list[OpeningGuard] = []


def install(folder: Path) -> OpeningGuard:
    """Create this process's guard for the data folder ``folder`` (see :func:`current`)."""
    guard = OpeningGuard(folder)
    _current[:] = [guard]
    return guard


def current() -> OpeningGuard | None:
    """The guard the application installed, or None (tests, tools): the window's hooks use it."""
    return _current[0] if _current else None


def crash_for_test_if_asked() -> None:
    """Test hook: die as a crash would when ``QUIRE_TEST_CRASH_ON_OPEN=1`` (else nothing)."""
    if os.environ.get(TEST_CRASH_ENV) == "1":
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
