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
    has_progress: bool = True
    """False for a book with no saved position yet: its first position is saved, so the
    library's percent is the status line's from the first page on."""
    length_due: dict[str, object] | None = None
    """The library entry, written without the book's length, that is completed (counted and
    written again) once the first page is shown; None when the length was known."""
    finish: Callable[[], Book] | None = None
    """Set while ``book`` is provisional (the opening of a long book): parses the whole."""
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


def _news_of(book: Book, record: BookRecord | None) -> tuple[int, int] | None:
    """What ``record`` says an update of ``book`` added: (count, first offset), or None."""
    if record is None or record.new_chapters <= 0 or record.first_new_offset is None:
        return None
    if not 0 <= record.first_new_offset <= len(book.text):
        return None
    return record.new_chapters, record.first_new_offset


class BookSession(QObject):
    """Loads books into the library and keeps their reading position saved."""

    error = Signal(str)
    """A store write failed (one-line message for the reader)."""
    record_saved = Signal(object)
    """A book's library entry landed after the library was busy (its ``BookRecord``)."""
    book_completed = Signal(object)
    """The whole of a provisional book took its place (the :class:`Opened`, holding it)."""
    progress_saved = Signal(int)
    """A book's reading position, when it was last read, or its length was written (its id)."""

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
        self._length_due: dict[str, object] | None = None
        self._completing: Opened | None = None
        self._first: tuple[int, float] | None = None
        self._shown = False
        self._moved = False
        self._saved_offset: int | None = None
        self._news: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    # --- opening ------------------------------------------------------------------------

    def load(self, path: str, *, quick: bool = False) -> Opened:
        """Parse ``path`` and register it; raises BookError with a message for the reader.

        Does not change the current book: call :meth:`activate` with the result.
        ``quick`` (the start-up's book): a long book not in the parse cache is parsed
        from its opening first (:mod:`reader.text.quick_open`); :attr:`Opened.finish`
        then parses the whole, which :meth:`complete_book` puts in its place.
        """
        path = os.path.abspath(path)
        started = time.perf_counter()
        # The record first (by the file's key: a moved file keeps its book's overrides and
        # chapter rules), so the book is parsed once, the reader's way.
        record = self._record_for(path)
        # An edited file (a new key) is still read with the choices made for its path.
        chosen = record or self._quiet(lambda: self.store.library.find_by_path(path))
        choices = self._choices(chosen)
        finish: Callable[[], Book] | None = None
        encoding, mode, rules = choices
        if quick and not rules:
            from reader.text.quick_open import open_quickly

            # Where the book will open decides whether its opening is enough to show.
            known = record
            progress = (
                self._quiet(lambda: self.store.annotations.get_progress(known.id))
                if known is not None
                else None
            )
            within = int(progress.offset) if progress is not None else None
            first = open_quickly(
                path,
                encoding=encoding,
                paragraph_mode=mode,
                cache_dir=self.cache_dir,
                within=within,
                # A book new to the library may be shown from its file's head alone: no
                # saved position, notes or new chapters lie beyond it.
                head_first=known is None,
            )
            book, finish = first.book, first.finish
        else:
            book = self._parse(path, choices)
        if record is not None and record.book_key != book.book_key:
            record = None  # the file changed between the two reads: a new book
        if record is None and book.book_key:
            # Perhaps a new version of a story in the library: read it whole, with its rules.
            hints = story_hints(book, path)
            record = self._quiet(lambda: self.store.library.find_story(hints))
            if record is not None and (finish is not None or self._choices(record) != choices):
                book, finish = self._parse(path, self._choices(record)), None
        mark("book_loaded", ms=round((time.perf_counter() - started) * 1000, 1))

        status = "unsaved"
        length_due = not (record is not None and record.path == path and record.length > 0)
        if length_due:
            # Counted once the first page is shown (:meth:`mark_read`): 40 ms for War and
            # Peace, a quarter of a second for 20 MB, that the first page need not wait for.
            length, unit = 0, "words"
        else:
            length, unit = record.length, record.length_unit  # type: ignore[union-attr]
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
        has_progress = False
        if record is not None:
            # Read after the entry was written: an updated story's position moved with its text.
            progress = self._quiet(lambda: self.store.annotations.get_progress(record.id))
            if progress is not None:
                position = max(0, min(int(progress.offset), len(book.text)))
                has_progress = True
        due = entry if length_due else None
        return Opened(book, record, position, status, has_progress, due, finish, fold)

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
        since it was last opened before this time, or None. Taken when the book was
        opened: the library forgets them once the book is shown."""
        return self._news

    def _record_for(self, path: str) -> BookRecord | None:
        """The library's record of the book in the file at ``path`` (by its key), else None.

        A file that cannot be read, or is no regular file (a FIFO would block the
        read), has no record here; the parse says why.
        """
        from reader.paths import not_a_regular_file
        from reader.text.identity import book_key_of_file

        if not_a_regular_file(path) is not None:
            return None
        try:
            key = book_key_of_file(path)
        except OSError:  # unreadable: no record; the parse that follows says why
            return None
        return self._quiet(lambda: self.store.library.find_by_key(key))

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
        self._news = _news_of(opened.book, opened.record)
        self._length_due = opened.length_due
        self._first = None
        self._shown = False
        self._moved = False
        self._completing = opened if opened.finish is not None else None
        known = opened.record is not None and opened.has_progress
        self._saved_offset = opened.position if known else None

    def mark_read(self) -> None:
        """The open book's first page was shown: record that it was read now (its new
        chapters, if an update brought some, are no longer news in the library).

        A book new to the library gets its length counted and written on the next turn of
        the event loop (after the frame is on screen).
        """
        if self._length_due is not None and self._completing is None:
            QTimer.singleShot(0, self, self.complete_entry)
        self._shown = True
        first, self._first = self._first, None
        if first is not None and self._saved_offset is None:
            self._pending = first  # a new book's first position: the library says the page's %
            self.flush()
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

    def complete_book(self) -> None:
        """Put the whole of a provisional book in its place now (parsing it; once).

        :attr:`book_completed` then carries the :class:`Opened`, which holds the whole
        book. A parse that fails leaves the opening, and says why through :attr:`error`.
        """
        opened, self._completing = self._completing, None
        if opened is None or opened.finish is None or self.book is not opened.book:
            return
        finish, opened.finish = opened.finish, None
        try:
            whole = finish()
        except (BookError, OSError, ValueError, MemoryError) as err:
            self.error.emit(f"Only the opening of the book could be read: {err}")
            return
        whole.repair_italics = opened.book.repair_italics
        opened.book = self.book = whole
        mark("book_completed")
        self.book_completed.emit(opened)
        if self._length_due is not None:
            QTimer.singleShot(0, self, self.complete_entry)

    def is_provisional(self) -> bool:
        """True while the open book is only its opening (see :meth:`complete_book`)."""
        return self._completing is not None

    def complete_entry(self) -> None:
        """Count the open book's length and write it to its library entry (once; no-op after).

        :attr:`progress_saved` says when it landed, so the library shows the length.
        """
        if self._completing is not None:
            return  # the whole book first (complete_book calls again)
        entry, self._length_due = self._length_due, None
        book, record = self.book, self.record
        if entry is None or book is None or record is None or book.book_key != entry["book_key"]:
            return
        length, unit = approximate_length(book)
        book_id = record.id
        self.writes.submit(
            lambda s: s.library.set_length(book_id, length, unit),
            done=self._entry_completed,
            # Not worth a message: a length still missing is counted at the next open.
            failed=lambda _error: None,
        )

    def _entry_completed(self, record: BookRecord | None) -> None:
        if record is None:
            return
        if self.record is not None and self.record.id == record.id:
            self.record = record  # with its length
        self.progress_saved.emit(record.id)

    def close_book(self) -> None:
        """Flush and forget the current book."""
        self.flush()
        self.book = None
        self.record = None
        self._length_due = None
        self._completing = None
        self._news = None

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
        if self._saved_offset is None and not self._shown and not self._moved:
            if self._first is None:
                # A book's first position: written once its first page is shown (mark_read);
                # a book never shown is not read, and leaves the library as it was.
                self._first = (offset, percent)
                return
            self._first, self._moved = None, True  # the reader moved on: saved as usual
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
