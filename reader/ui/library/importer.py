"""Adding books in the background: folders walked for ``.txt`` files, files looked at lightly.

A 300 MB book is not parsed on import: :func:`inspect_file` reads only the
first 16 KiB (to reject binary files and guess title, author and language from
the decoded head), 16 KiB from the middle (words per character) and the dozen
1 KiB samples of the book key. The length is an estimate from the file size,
stored negative to mark it so; the exact values are
refreshed when the book is first opened.

:class:`ImportWorker` runs on its own ``QThread`` with its own store connection,
adds books in batches with ``Library.add_many`` and reports progress, so the
window stays responsive. :func:`add_sample_if_new` gives a new user's library
its one shipped book.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QObject, QThread, Signal, Slot

from reader.assets import sample_book
from reader.store.db import Store, StoreError, open_store, transaction
from reader.store.library import ADDED, CHANGED, MOVED, UPDATED
from reader.store.models import BookRecord
from reader.text.book import ParagraphMode
from reader.text.decode import decode, looks_binary
from reader.text.errors import BookError
from reader.text.identity import book_key_of_file
from reader.text.versions import Fingerprint, opening_digest, opening_start

if TYPE_CHECKING:
    from reader.text.story import StoryInfo

_MODES = frozenset(m.value for m in ParagraphMode)

HEAD_BYTES: Final = 16 * 1024
BATCH_SIZE: Final = 200
BATCH_SECONDS: Final = 0.5
PROGRESS_SECONDS: Final = 0.1
SHOW_WAIT_SECONDS: Final = 0.5
TEXT_SUFFIXES: Final = (".txt",)
SAMPLE_SETTING: Final = "sample_added"
SAMPLE_FILE: Final = sample_book()

NOT_TEXT: Final = "not_text"
UNREADABLE: Final = "unreadable"


# --------------------------------------------------------------------------- Qt-free part


def iter_text_files(paths: Iterable[str], stop: threading.Event | None = None) -> Iterator[str]:
    """Files to import from ``paths``: given files as they are, folders walked recursively.

    In folders only ``.txt`` files (any case) are taken and hidden folders are
    skipped; symlinked folders are not followed (no loops). Each file is given
    once (by real path). Unreadable folders are yielded as ``"\\0" + path`` so the
    caller can count them.
    """
    seen: set[str] = set()

    def once(path: str) -> bool:
        if path in seen:
            return False
        seen.add(path)
        return True

    for top in paths:
        if stop is not None and stop.is_set():
            return
        if not os.path.isdir(top):
            if once(os.path.realpath(top)):
                yield top
            continue
        errors: list[OSError] = []
        for folder, dirs, files in os.walk(top, onerror=errors.append):
            if stop is not None and stop.is_set():
                return
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            real = os.path.realpath(folder)  # once per folder: cheap on big folders
            for name in sorted(files):
                if name.lower().endswith(TEXT_SUFFIXES) and once(os.path.join(real, name)):
                    yield os.path.join(folder, name)
            while errors:
                err = errors.pop()
                yield "\0" + str(err.filename or folder)


def _cut_head(head: bytes, complete: bool) -> bytes:
    """The head cut at its last line break or space, so no character is cut in half.

    (0x0A and 0x20 are never part of a multi-byte character in UTF-8, GBK, Big5
    or Shift_JIS; UTF-16 is kept to whole code units.)
    """
    if complete:
        return head
    cut = head.rfind(b"\n")
    if cut < len(head) // 2:  # one long line: a space will do
        cut = max(cut, head.rfind(b" "))
    if cut < len(head) // 2:  # neither: at most one character is lost at the end
        return head
    cut += 1
    if b"\x00" in head[:512] and cut % 2:
        cut += 1
    return head[:cut]


def inspect_file(path: str) -> dict[str, Any] | str:
    """Light metadata of a book file for :meth:`Library.add_many`, or why it was skipped.

    Returns the ``upsert_book`` arguments, or :data:`NOT_TEXT` / :data:`UNREADABLE`.
    Reads the first :data:`HEAD_BYTES` and the book-key samples only.
    """
    from reader.text.aozora import is_aozora
    from reader.text.metadata import guess_metadata, title_from_file_name
    from reader.text.parse import is_cjk
    from reader.text.story import parse_story_info

    name = os.path.basename(path)
    try:
        if not os.path.isfile(path):
            return UNREADABLE
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(HEAD_BYTES)
            middle = b""
            if size > 4 * HEAD_BYTES:  # the head of a long book is its contents list
                fh.seek((size // 2) & ~3)
                middle = fh.read(HEAD_BYTES)
        if looks_binary(head):
            return NOT_TEXT
        key = book_key_of_file(path)
    except (OSError, MemoryError):  # counted as "could not be read" in the import's report
        return UNREADABLE
    title, author, language, length, unit = title_from_file_name(name), "", "", 0, "words"
    story = None
    version = None
    try:
        sample = _cut_head(head, len(head) >= size)
        text, _report = decode(sample)
        if text.strip():
            meta = guess_metadata(text, name, aozora=is_aozora(text))
            title, author, language = meta.title or title, meta.author, meta.language
            story = parse_story_info(text)
            if story is not None:  # a story header names its story best
                title, author = story.title or title, story.author or author
                language = language or story.language
            chars = size * len(text) / max(1, len(sample))
            version = _estimated_version(text, story, round(chars), len(sample) >= size)
            if is_cjk(text):
                length, unit = round(chars), "chars"
            else:
                length = round(size * _words_per_byte(text, len(sample), middle, _report.name))
            length = -max(1, length)  # negative: an estimate, refreshed when opened
    except (UnicodeError, LookupError, ValueError, MemoryError):
        pass  # bytes that defeat the decoder or a guesser: added under the file's name
    return {
        "book_key": key,
        "path": path,
        "title": title,
        "author": author,
        "language": language,
        "size": size,
        "length": length,
        "length_unit": unit,
        "story": story,
        "version": version,
    }


def _estimated_version(
    head: str, story: StoryInfo | None, chars: int, complete: bool
) -> Fingerprint | None:
    """The fingerprint of a file from its head: the digest of the opening is exact, the
    length of the text an estimate from the file's size (exact once the book is opened)."""
    start = opening_start(head, story.header_end if story is not None else None)
    digest = opening_digest(head, start, complete=complete)
    if not digest:
        return None
    return Fingerprint(digest, start, max(0, (len(head) if complete else chars) - start))


def _note_updated_story(store: Store, record: BookRecord) -> BookRecord:
    """A file the import found to be a newer version of a story: read it whole (with the
    story's overrides and chapter rules) to count the chapters it added."""
    from reader.text.parse import load_book
    from reader.ui.session.book_session import version_of

    try:
        mode = record.paragraph_mode_override
        book = load_book(
            record.path,
            encoding=record.encoding_override or None,
            paragraph_mode=ParagraphMode(mode) if mode in _MODES else None,
            rules=store.chapter_rules.for_parsing(record.id),
        )
    except BookError:
        return record  # counted when the reader opens it
    version = version_of(book)
    if version is None:
        return record
    offsets = [c.offset for c in book.chapters]
    return store.library.note_version(record.id, version, offsets, changed=True) or record


def _words_per_byte(head: str, head_bytes: int, middle: bytes, codec: str) -> float:
    """Words per byte of the file, from the middle of the book when there is one.

    A Gutenberg head is licence and an indented contents list, with far more
    (or fewer) words per byte than the prose, so the middle sample, read with
    the head's encoding, is the better guide to the book's length.
    """
    if middle:
        try:
            text = middle.decode(codec, errors="replace")
        except LookupError:  # a codec Python lacks: estimate from the head instead
            text = ""
        if text.strip():
            return len(text.split()) / len(middle)
    return len(head.split()) / max(1, head_bytes)


@dataclass
class ImportReport:
    """What an import found and did; :meth:`summary` is the sentence shown to the reader."""

    files: int = 0
    added: int = 0
    already: int = 0
    moved: int = 0
    changed: int = 0
    updated: int = 0
    """New versions of stories in the library (their entries took the new files)."""
    not_text: int = 0
    unreadable: int = 0
    cancelled: bool = False
    error: str = ""
    book_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One or two plain sentences: added, already there, skipped, stopped."""
        parts = [f"Added {_n(self.added, 'book')}"]
        if self.already:
            parts.append(f"{self.already:,} already in the library")
        if self.moved:
            parts.append(f"{self.moved:,} found at a new place")
        if self.updated:
            parts.append(f"{_n(self.updated, 'story')} updated".replace("storys", "stories"))
        text = ", ".join(parts) + "."
        skipped = []
        if self.not_text:
            skipped.append(f"{_n(self.not_text, 'file')} that {_are(self.not_text)} not text")
        if self.unreadable:
            skipped.append(f"{_n(self.unreadable, 'file')} that could not be read")
        if skipped:
            text += " Skipped " + " and ".join(skipped) + "."
        if self.cancelled:
            text = "Import stopped. " + text
        if self.error:
            text += f" {self.error}"
        return text


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def add_sample_if_new(store: Store, sample: Path = SAMPLE_FILE) -> BookRecord | None:
    """Put the shipped sample book in a new user's library; returns it if added now.

    Added once: only when the library is empty and ``sample_added`` was never
    set, so a reader who removed it never sees it again. For an existing
    library the setting is just recorded. If the sample was added before from
    a place that no longer exists (Quire was reinstalled elsewhere), its entry
    is pointed at the file shipped now.
    """
    try:
        if store.settings.get(SAMPLE_SETTING, False):
            _follow_sample(store, sample)
            return None
        if store.library.count() > 0 or not sample.is_file():
            store.settings.set(SAMPLE_SETTING, True)
            return None
        info = inspect_file(str(sample))
        if isinstance(info, str):
            return None
        record, _status = store.library.upsert_book(**info)
        store.settings.set(SAMPLE_SETTING, True)
        return record
    except StoreError:  # no sample is no loss; the window reports the store's errors
        return None


def _follow_sample(store: Store, sample: Path) -> None:
    if not sample.is_file():
        return
    try:
        key = book_key_of_file(sample)
    except OSError:  # the shipped sample is unreadable: its entry stays as it is
        return
    record = store.library.find_by_key(key)
    if record is not None and record.path != str(sample) and not os.path.exists(record.path):
        store.library.relocate(record.id, str(sample))


# --------------------------------------------------------------------------- the worker


class ImportWorker(QObject):
    """Adds the books under some paths to the library, on a background thread.

    Signals: ``scanning(files found so far)`` while folders are walked,
    ``progress(done, total)``, ``books_added(list[BookRecord])`` after each
    batch is committed, and ``finished(ImportReport)`` once at the end (also
    after :meth:`cancel`, with everything committed so far kept).

    With :attr:`wait_for_ui` set, the worker pauses after each batch until the
    UI calls :meth:`batch_shown` (or half a second passes): the UI then repaints
    its list while this thread holds no GIL, so the repaint is not stretched by
    the worker's Python code.
    """

    scanning = Signal(int)
    progress = Signal(int, int)
    books_added = Signal(list)
    finished = Signal(object)

    def __init__(self, database: Path, paths: list[str]) -> None:
        super().__init__()
        self.database = database
        self.paths = list(paths)
        self._stop = threading.Event()
        self._shown = threading.Event()
        self.wait_for_ui = False

    def cancel(self) -> None:
        """Ask the worker to stop after the file it is on (thread-safe)."""
        self._stop.set()
        self._shown.set()

    def batch_shown(self) -> None:
        """The UI has shown the last batch: go on (thread-safe)."""
        self._shown.set()

    @Slot()
    def run(self) -> None:
        """Walk, inspect and add; always ends by emitting :attr:`finished`."""
        report = ImportReport()
        store: Store | None = None
        try:
            store = open_store(self.database, check_integrity=False)
            self._import(store, report)
        except StoreError as err:
            report.error = str(err)
        except Exception as err:  # never let the thread die without a report
            report.error = f"The import failed: {type(err).__name__}: {err}"
        finally:
            if store is not None:
                store.close()
            report.cancelled = self._stop.is_set()
            self.finished.emit(report)

    def _import(self, store: Store, report: ImportReport) -> None:
        files: list[str] = []
        last = time.monotonic()
        for path in iter_text_files(self.paths, self._stop):
            if path.startswith("\0"):
                report.unreadable += 1
                continue
            files.append(path)
            if time.monotonic() - last > PROGRESS_SECONDS:
                last = time.monotonic()
                self.scanning.emit(len(files))
        report.files = len(files)
        total = len(files)
        self.progress.emit(0, total)
        batch: list[dict[str, Any]] = []
        batch_started = time.monotonic()
        for done, path in enumerate(files, 1):
            if self._stop.is_set():
                break
            info = inspect_file(path)
            time.sleep(0)  # let the UI thread take the GIL now rather than in 5 ms
            if info == NOT_TEXT:
                report.not_text += 1
            elif info == UNREADABLE:
                report.unreadable += 1
            else:
                assert isinstance(info, dict)
                batch.append(info)
            now = time.monotonic()
            if len(batch) >= BATCH_SIZE or (batch and now - batch_started > BATCH_SECONDS):
                self._commit(store, batch, report)
                batch, batch_started = [], time.monotonic()
            if now - last > PROGRESS_SECONDS or done == total:
                last = now
                self.progress.emit(done, total)
        if batch:
            self._commit(store, batch, report)

    def _commit(self, store: Store, batch: list[dict[str, Any]], report: ImportReport) -> None:
        results = store.library.add_many(batch)
        results = [
            (_note_updated_story(store, record), status) if status == UPDATED else (record, status)
            for record, status in results
        ]
        for record, status in results:
            report.book_ids.append(record.id)
            if status == ADDED:
                report.added += 1
            elif status == MOVED:
                report.moved += 1
            elif status == UPDATED:
                report.updated += 1
            else:  # known, duplicate, or changed (edited in place): the same entry
                report.already += 1
                report.changed += status == CHANGED
        self._shown.clear()
        self.books_added.emit([record for record, _status in results])
        if self.wait_for_ui and not self._stop.is_set():
            self._shown.wait(SHOW_WAIT_SECONDS)


class MissingCheck(QObject):
    """Checks in the background which books' files are gone (or back), and records it.

    ``done(dict[book id, missing])`` carries only the books whose state changed;
    they are already saved in the store when it is emitted. No stat call runs on
    the UI thread, however large the library.
    """

    done = Signal(object)

    def __init__(self, database: Path, entries: list[tuple[int, str, bool]]) -> None:
        super().__init__()
        self.database = database
        self.entries = entries
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start checking on a background thread."""
        self._thread = threading.Thread(target=self._run, name="libraryCheck", daemon=True)
        self._thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for the check to end (on quit)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def is_running(self) -> bool:
        """True while the check runs."""
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        changes = {
            book_id: not exists
            for book_id, path, missing in self.entries
            if (exists := os.path.isfile(path)) == missing
        }
        if changes:
            try:
                with (
                    open_store(self.database, check_integrity=False) as store,
                    transaction(store.conn, store.path),
                ):
                    for book_id, missing in changes.items():
                        store.library.set_missing(book_id, missing)
            except StoreError:
                pass  # the marks are shown anyway; they are checked again next time
        self.done.emit(changes)


class ImportJob(QObject):
    """An :class:`ImportWorker` on its own ``QThread``, with a clean way to stop and wait."""

    def __init__(self, database: Path, paths: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = ImportWorker(database, paths)
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("libraryImport")
        self.worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.worker_thread.quit)

    def start(self) -> None:
        """Start importing."""
        self.worker_thread.start()

    def cancel(self) -> None:
        """Ask the import to stop (it reports ``finished`` soon after)."""
        self.worker.cancel()

    def is_running(self) -> bool:
        """True while the thread runs."""
        return self.worker_thread.isRunning()

    def stop_and_wait(self, timeout_ms: int = 10_000) -> None:
        """Cancel and wait for the thread to end (on quit)."""
        self.worker.cancel()
        if self.worker_thread.isRunning():
            self.worker_thread.quit()
            self.worker_thread.wait(timeout_ms)


__all__ = [
    "NOT_TEXT",
    "SAMPLE_FILE",
    "SAMPLE_SETTING",
    "UNREADABLE",
    "ImportJob",
    "ImportReport",
    "ImportWorker",
    "MissingCheck",
    "add_sample_if_new",
    "inspect_file",
    "iter_text_files",
]
