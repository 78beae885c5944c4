"""The open book: loading a file, its library record, and saving the reading position.

:class:`BookSession` owns what belongs to "the book in the window": it parses
the file (with the reader's per-book encoding/paragraph overrides), adds or
updates it in the library, finds the saved position — by book key, so a moved
or renamed file reopens where the reader left off — and saves progress on
every position change, throttled to at most one write per
:data:`SAVE_DELAY_MS`, flushed on close.

Every write goes through a :class:`~reader.ui.common.writes.Writes` (the
window's waits for a locked library on a background thread): the progress is
queued (a newer position replaces an older one still waiting), the library
entry is written at once when the library is free and queued otherwise
(:attr:`BookSession.record_saved` says when it landed), and the book becomes
"last read" only when the window says it was shown (:meth:`BookSession.mark_read`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from reader.store.db import StoreError
from reader.store.library import CHANGED, UPDATED
from reader.store.story_versions import StoryHints
from reader.text.book import ParagraphMode
from reader.text.errors import BookError
from reader.text.versions import Fingerprint, fingerprint
from reader.text.wordcount import reading_length
from reader.timings import mark
from reader.ui.common.behaviour import HIDE_AUTHOR_NOTES_SETTING, ITALICS_REPAIR_SETTING
from reader.ui.common.writes import ImmediateWrites, Writes

if TYPE_CHECKING:
    from pathlib import Path

    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.text.book import Book
    from reader.text.chapter_rules import ChapterRule

T = TypeVar("T")

SAVE_DELAY_MS = 750
"""Progress is written at most this long after the position changed (crash loses < 1 s)."""


@dataclass
class Opened:
    """A successfully loaded book, its library record and where to show it."""

    book: Book
    record: BookRecord | None
    position: int
    status: str
    """Library status: ``added``, ``known``, ``moved``, ``changed`` (or ``unsaved``)."""
    fold_notes: bool = False
    """Show the author's notes folded (the book's setting, else the global one)."""


def approximate_length(book: Book) -> tuple[int, str]:
    """Book length for the library over its reading range (front/back matter left out):
    words as runs of non-white-space characters, or, for CJK, non-white-space characters.

    Indentation and line breaks never count, so indented verse is not overcounted.
    Counted a chunk at a time (:func:`reader.text.wordcount.reading_length`): splitting
    a 50 MB book at once would hold some 700 MB of word objects.
    """
    return reading_length(book)


def _paragraph_mode(value: str | None) -> ParagraphMode | None:
    if not value:
        return None
    try:
        return ParagraphMode(value)
    except ValueError:  # a mode this version does not know: automatic
        return None


def version_of(book: Book) -> Fingerprint | None:
    """The fingerprint of this version of ``book`` (None: too short to have one)."""
    header_end = book.story.header_end if book.story is not None else None
    return fingerprint(book.text, header_end)


def story_hints(book: Book, path: str) -> StoryHints:
    """What ``book`` says about the story it is, to find an earlier version of it."""
    version = version_of(book)
    meta = book.metadata
    return StoryHints(
        book.story.story_url if book.story is not None else "",
        meta.title or os.path.splitext(os.path.basename(path))[0],
        meta.author,
        version.digest if version is not None else "",
        book.file_size,
    )


def _record_entry(
    store: Store, entry: dict[str, Any], offsets: list[int]
) -> tuple[BookRecord, str]:
    """The write job of an opened book: its library entry, then the version it is."""
    record, status = store.library.upsert_book(**entry)
    version = entry.get("version")
    if version is not None:
        changed = status in (CHANGED, UPDATED)
        noted = store.library.note_version(record.id, version, offsets, changed=changed)
        record = noted or record
    return record, status


class BookSession(QObject):
    """Loads books into the library and keeps their reading position saved."""

    error = Signal(str)
    """A store write failed (one-line message for the reader)."""
    record_saved = Signal(object)
    """A book's library entry landed after the library was busy (its ``BookRecord``)."""
    progress_saved = Signal(int)
    """A book's reading position, or when it was last read, was written (its library id)."""

    def __init__(
        self,
        store: Store,
        cache_dir: Path | None,
        parent: QObject | None = None,
        *,
        writes: Writes | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.writes = writes if writes is not None else ImmediateWrites(store, parent=self)
        """Where every write goes (the window passes its background writer's)."""
        self.cache_dir = cache_dir
        self.book: Book | None = None
        self.record: BookRecord | None = None
        self._pending: tuple[int, float] | None = None
        self._saved_offset: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    # --- opening ------------------------------------------------------------------------

    def load(self, path: str) -> Opened:
        """Parse ``path`` and register it; raises BookError with a message for the reader.

        Does not change the current book: call :meth:`activate` with the result.
        """
        path = os.path.abspath(path)
        known = self._quiet(lambda: self.store.library.find_by_path(path))
        started = time.perf_counter()
        choices = self._choices(known)
        book = self._parse(path, choices)
        record = (
            self._quiet(lambda: self.store.library.find_by_key(book.book_key))
            if (book.book_key)
            else None
        )
        if record is None and book.book_key:
            # Perhaps a new version of a story in the library: read it with its rules.
            hints = story_hints(book, path)
            record = self._quiet(lambda: self.store.library.find_story(hints))
        if record is not None and self._choices(record) != choices:
            # A moved file whose book has per-book overrides or chapter rules: read it the
            # reader's way.
            book = self._parse(path, self._choices(record))
        mark("book_loaded", ms=round((time.perf_counter() - started) * 1000, 1))

        status = "unsaved"
        if record is not None and record.path == path and record.length > 0:
            length, unit = record.length, record.length_unit  # same file: known length
        else:
            length, unit = approximate_length(book)
        meta = book.metadata
        entry = {
            "book_key": book.book_key,
            "path": path,
            "title": meta.title or os.path.splitext(os.path.basename(path))[0],
            "author": meta.author,
            "language": meta.language,
            "size": book.file_size,
            "length": length,
            "length_unit": unit,
            "story": book.story,
            "version": version_of(book),
        }
        offsets = [c.offset for c in book.chapters]
        saved: list[tuple[BookRecord, str]] = []
        late: list[bool] = []

        def written(result: tuple[BookRecord, str]) -> None:
            if late:
                self._entry_saved_later(result[0])
            else:
                saved.append(result)

        ran = self.writes.now_or_later(
            lambda s: _record_entry(s, entry, offsets),
            done=written,
            failed=self._report,  # ValueError: a book without a key
        )
        late.append(True)
        if saved:
            record, status = saved[0]
        elif not ran:
            status = "saving"  # the library is busy: the entry lands later (record_saved)
        book.repair_italics = self.book_option(record, ITALICS_REPAIR_SETTING)
        fold = self.book_option(record, HIDE_AUTHOR_NOTES_SETTING)
        position = book.opening_offset  # a new book opens at the story, not at a credit line
        if record is not None:
            progress = self._quiet(lambda: self.store.annotations.get_progress(record.id))
            if progress is not None:
                position = max(0, min(int(progress.offset), len(book.text)))
        return Opened(book, record, position, status, fold)

    def book_option(self, record: BookRecord | None, key: str) -> bool:
        """The on/off choice ``key`` (:data:`ITALICS_REPAIR_SETTING` or
        :data:`HIDE_AUTHOR_NOTES_SETTING`) for a book: its own, else the global setting."""
        own = None
        if record is not None:
            own = (
                record.italics_repair if key == ITALICS_REPAIR_SETTING else record.hide_author_notes
            )
        if own is not None:
            return bool(own)
        default = key == ITALICS_REPAIR_SETTING  # repairs on, notes shown
        value = self._quiet(lambda: self.store.settings.get(key, default))
        return default if value is None else bool(value)

    @property
    def new_chapters(self) -> tuple[int, int] | None:
        """(count, offset of the first) of the chapters an update of the open story added
        since it was last opened, or None."""
        rec = self.record
        if rec is None or rec.new_chapters <= 0 or rec.first_new_offset is None:
            return None
        if self.book is None or not 0 <= rec.first_new_offset <= len(self.book.text):
            return None
        return rec.new_chapters, rec.first_new_offset

    def _entry_saved_later(self, record: BookRecord) -> None:
        """A library entry queued while the library was busy has landed."""
        book = self.book
        if book is not None and book.book_key == record.book_key:
            self.record = record  # the open book can now keep its position and notes
        self.record_saved.emit(record)

    def _report(self, error: BaseException) -> None:
        self.error.emit(str(error))

    def activate(self, opened: Opened) -> None:
        """Make ``opened`` the current book (flushing the previous book's position first).

        It becomes the library's "last read" book only once it was shown (:meth:`mark_read`).
        """
        self.flush()
        self.book = opened.book
        self.record = opened.record
        self._saved_offset = opened.position if opened.record is not None else None

    def mark_read(self) -> None:
        """The open book's first page was shown: record that it was read now (its new
        chapters, if an update brought some, are no longer news in the library)."""
        if self.record is not None:
            record_id = self.record.id
            seen_news = self.record.new_chapters > 0

            def job(s: Store) -> None:
                s.library.mark_read(record_id)
                if seen_news:
                    s.library.clear_new_chapters(record_id)

            self.writes.submit(
                job,
                done=lambda _none: self.progress_saved.emit(record_id),
                failed=self._report,
            )

    def close_book(self) -> None:
        """Flush and forget the current book."""
        self.flush()
        self.book = None
        self.record = None

    def _choices(
        self, record: BookRecord | None
    ) -> tuple[str | None, ParagraphMode | None, tuple[ChapterRule, ...]]:
        """How the reader wants ``record`` read: its overrides and its chapter rules."""
        encoding, mode = self._overrides(record)
        rules: tuple[ChapterRule, ...] = ()
        if record is not None:
            book_id = record.id
            rules = self._quiet(lambda: self.store.chapter_rules.for_parsing(book_id)) or ()
        return encoding, mode, rules

    def _parse(
        self, path: str, choices: tuple[str | None, ParagraphMode | None, tuple[ChapterRule, ...]]
    ) -> Book:
        from reader.text.parse import load_book

        encoding, mode, rules = choices
        return load_book(
            path, encoding=encoding, paragraph_mode=mode, cache_dir=self.cache_dir, rules=rules
        )

    @staticmethod
    def _overrides(record: BookRecord | None) -> tuple[str | None, ParagraphMode | None]:
        """The reader's encoding and paragraph-mode choices for ``record`` (None: automatic)."""
        if record is None:
            return None, None
        return (
            record.encoding_override or None,
            _paragraph_mode(record.paragraph_mode_override),
        )

    # --- progress -----------------------------------------------------------------------

    def position_changed(self, offset: int, percent: float) -> None:
        """Note the new position; it is written within :data:`SAVE_DELAY_MS`.

        The timer is not restarted by later changes, so holding a key down
        still saves every ``SAVE_DELAY_MS``.
        """
        if self.record is None:
            return
        if self._pending is None and offset == self._saved_offset:
            return  # e.g. the book just opened at its saved position
        self._pending = (offset, percent)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Write the pending position now (on close, quit, or before another book)."""
        self._timer.stop()
        pending, self._pending = self._pending, None
        if pending is None or self.record is None:
            return
        offset, percent = pending
        book_id = self.record.id
        self.writes.save_progress(
            book_id,
            offset,
            percent,
            done=lambda _none: self.progress_saved.emit(book_id),
            failed=self._report,
        )
        self._saved_offset = offset

    def _quiet(self, call: Callable[[], T]) -> T | None:
        """Run a store read; a StoreError is reported through :attr:`error` and gives None."""
        try:
            return call()
        except StoreError as err:
            self.error.emit(str(err))
            return None


__all__ = ["SAVE_DELAY_MS", "BookError", "BookSession", "Opened", "approximate_length"]
