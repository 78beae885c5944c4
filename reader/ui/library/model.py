"""The library list model: every book as one row, sorted and filtered in Python, fast.

:class:`LibraryModel` is a flat ``QAbstractListModel`` over :class:`BookRecord`
rows. It sorts and filters itself instead of going through a
``QSortFilterProxyModel``: each record carries a precomputed *folded* search key
(accents stripped, case folded) over its title, author and file name, so a
keystroke in the filter box is one list comprehension over 10,000 strings.

Also here: the small text formatters the delegate draws with (relative
"last read" dates, book lengths), Qt-free and tested directly.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from reader.store.models import BookRecord
from reader.ui.common.plain import plain_tooltip

SORT_KEYS: Final = ("last_read", "title", "author", "progress", "added")
"""Sort orders the library offers, in menu order (stored in the ``library_sort`` setting)."""

SORT_TITLES: Final = {
    "last_read": "Last read",
    "title": "Title",
    "author": "Author",
    "progress": "Progress",
    "added": "Date added",
}

_ModelIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """Item data roles beyond ``DisplayRole`` (the title)."""

    RECORD = Qt.ItemDataRole.UserRole + 1
    AUTHOR = Qt.ItemDataRole.UserRole + 2
    PERCENT = Qt.ItemDataRole.UserRole + 3
    LAST_READ = Qt.ItemDataRole.UserRole + 4
    LENGTH = Qt.ItemDataRole.UserRole + 5
    MISSING = Qt.ItemDataRole.UserRole + 6
    PATH = Qt.ItemDataRole.UserRole + 7
    BOOK_ID = Qt.ItemDataRole.UserRole + 8
    NEW_CHAPTERS = Qt.ItemDataRole.UserRole + 40
    """"3 new chapters" for a story an update added chapters to, not opened since ('' else)."""


# --------------------------------------------------------------------------- text helpers


def fold(text: str) -> str:
    """``text`` without accents and case: "Eugène Onéguine" → "eugene oneguine".

    Decomposes (NFKD), drops combining marks, then case-folds; characters that
    do not decompose (CJK, Cyrillic) are kept as they are.
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def shown_title(record: BookRecord) -> str:
    """The title the list shows: the reader's or detected title, else the file name."""
    return record.display_title or os.path.splitext(os.path.basename(record.path))[0]


def search_key(record: BookRecord) -> str:
    """The folded text the filter searches: title, author and file name."""
    name = os.path.basename(record.path)
    return fold(f"{shown_title(record)}\n{record.display_author}\n{name}")


def parse_time(stamp: str | None) -> datetime | None:
    """An ISO-8601 timestamp from the store as an aware datetime (None if absent or bad)."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:  # a malformed stamp reads as "never"
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def relative_day(stamp: str | None, now: datetime | None = None) -> str:
    """When a book was last read, as people say it: "today", "3 days ago", "not opened"."""
    when = parse_time(stamp)
    if when is None:
        return "not opened"
    now = now or datetime.now(UTC)
    days = (now.astimezone().date() - when.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 365:
        return f"{days // 30} months ago"
    years = days // 365
    return "a year ago" if years == 1 else f"{years} years ago"


def format_length(length: int, unit: str) -> str:
    """A book's length: "8,450 words", "52k words", "≈ 1.2M characters".

    A negative length is an estimate made at import (from the file size); it is
    replaced by the real count the first time the book is opened.
    """
    if length == 0:
        return ""
    estimate = length < 0
    n = abs(length)
    noun = "characters" if unit.startswith("char") else "words"
    if n < 10_000:
        text = f"{n:,}"
    elif n < 1_000_000:
        text = f"{round(n / 1000):,}k"
    else:
        text = f"{n / 1_000_000:.1f}M"
    return f"{'≈ ' if estimate else ''}{text} {noun}"


def sorted_order(
    name: str, records: list[BookRecord], titles: list[str], authors: list[str] | None = None
) -> list[int]:
    """Indices of ``records`` in sort order ``name``.

    ``titles`` (and ``authors``, when given) are the records' folded titles and authors.

    Descending orders use stable reverse sorts over a title-sorted base (no
    per-comparison Python code), so 10,000 books sort in a few milliseconds.
    """
    base = sorted(range(len(records)), key=titles.__getitem__)
    if name == "title":
        return base
    if name == "author":
        if authors is None:
            authors = [fold(r.display_author) for r in records]
        # books without an author go last
        return sorted(base, key=lambda i: (authors[i] == "", authors[i]))
    if name == "progress":
        return sorted(base, key=lambda i: records[i].percent, reverse=True)
    if name == "added":
        return sorted(base, key=lambda i: records[i].added or "", reverse=True)
    # last_read: most recent first; books never opened after them, newest additions first
    base = sorted(base, key=lambda i: records[i].added or "", reverse=True)
    return sorted(base, key=lambda i: records[i].last_read or "", reverse=True)


def new_chapters_text(record: BookRecord) -> str:
    """ "1 new chapter", "3 new chapters" for a story updated since it was last opened."""
    n = record.new_chapters
    if n <= 0 or record.missing:
        return ""
    return f"{n} new chapter" if n == 1 else f"{n:,} new chapters"


# --------------------------------------------------------------------------- the model


class LibraryModel(QAbstractListModel):
    """Books as rows, in the chosen order, restricted to those matching the filter."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[BookRecord] = []
        self._keys: list[str] = []
        self._titles: list[str] = []
        self._authors: list[str] = []
        self._pos: dict[int, int] = {}  # book id -> index into _records
        self._order: list[int] = []  # indices into _records, sorted
        self._visible: list[int] = []  # _order restricted by the filter
        self._sort = "last_read"
        self._words: list[str] = []

    # --- Qt interface -------------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of visible rows (0 under any parent: this is a flat list)."""
        return 0 if parent.isValid() else len(self._visible)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The title (DisplayRole), a plain-text tooltip, or one of the :class:`Role` values."""
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        rec = self._records[self._visible[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_title(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _plain_tooltip(rec)
        if role == Role.RECORD:
            return rec
        if role == Role.AUTHOR:
            return rec.display_author
        if role == Role.PERCENT:
            return rec.percent
        if role == Role.LAST_READ:
            return rec.last_read
        if role == Role.LENGTH:
            return format_length(rec.length, rec.length_unit)
        if role == Role.MISSING:
            return rec.missing
        if role == Role.PATH:
            return rec.path
        if role == Role.BOOK_ID:
            return rec.id
        if role == Role.NEW_CHAPTERS:
            return new_chapters_text(rec)
        return None

    # --- contents -----------------------------------------------------------------------

    def set_records(self, records: Iterable[BookRecord]) -> None:
        """Replace every row (e.g. after loading the library)."""
        self._records = []
        self._keys = []
        self._titles = []
        self._authors = []
        self._pos = {}
        for rec in records:
            self._append(rec)
        self._resort()

    def upsert_records(self, records: Iterable[BookRecord]) -> None:
        """Add new books and update known ones (matched by id: never a duplicate row)."""
        changed = False
        for rec in records:
            i = self._pos.get(rec.id)
            if i is None:
                self._append(rec)
            else:
                self._records[i] = rec
                self._keys[i] = search_key(rec)
                self._titles[i] = fold(shown_title(rec))
                self._authors[i] = fold(rec.display_author)
            changed = True
        if changed:
            self._resort()

    def remove_id(self, book_id: int) -> BookRecord | None:
        """Drop the row of ``book_id``; returns its record (None if it was not there)."""
        i = self._pos.pop(book_id, None)
        if i is None:
            return None
        rec = self._records[i]
        last = len(self._records) - 1
        if i != last:  # move the last record into the hole: O(1), order is rebuilt anyway
            self._records[i] = self._records[last]
            self._keys[i] = self._keys[last]
            self._titles[i] = self._titles[last]
            self._authors[i] = self._authors[last]
            self._pos[self._records[i].id] = i
        self._records.pop()
        self._keys.pop()
        self._titles.pop()
        self._authors.pop()
        self._resort()
        return rec

    def set_missing(self, changes: dict[int, bool]) -> None:
        """Update the missing flag of some books (from the background check)."""
        rows = []
        for book_id, missing in changes.items():
            i = self._pos.get(book_id)
            if i is not None and self._records[i].missing != missing:
                self._records[i].missing = missing
                rows.append(i)
        if rows:
            self._emit_changed()

    def _append(self, rec: BookRecord) -> None:
        self._pos[rec.id] = len(self._records)
        self._records.append(rec)
        self._keys.append(search_key(rec))
        self._titles.append(fold(shown_title(rec)))
        self._authors.append(fold(rec.display_author))

    # --- sorting and filtering ----------------------------------------------------------

    def sort_key(self) -> str:
        """The current sort order (one of :data:`SORT_KEYS`)."""
        return self._sort

    def set_sort_key(self, name: str) -> None:
        """Sort by ``name`` (unknown names fall back to "last_read")."""
        name = name if name in SORT_KEYS else "last_read"
        if name != self._sort:
            self._sort = name
            self._resort()

    def filter_text(self) -> str:
        """The filter as words (folded), joined by spaces."""
        return " ".join(self._words)

    def set_filter(self, text: str) -> None:
        """Show only books whose title, author or file name contain every word of ``text``."""
        words = fold(text).split()
        if words == self._words:
            return
        narrower = (
            bool(self._words)
            and len(words) >= len(self._words)
            and all(new.find(old) != -1 for old, new in zip(self._words, words, strict=False))
        )
        self._words = words
        # Typing more only narrows: search the rows shown now instead of all of them.
        self._apply_filter(self._visible if narrower else self._order)

    def _resort(self) -> None:
        self._order = sorted_order(self._sort, self._records, self._titles, self._authors)
        self._apply_filter(self._order)

    def _apply_filter(self, candidates: list[int]) -> None:
        keys = self._keys
        words = self._words
        if not words:
            visible = list(self._order)
        elif len(words) == 1:
            w = words[0]
            visible = [i for i in candidates if w in keys[i]]
        else:  # one fast pass per word, each over what the previous left
            visible = candidates
            for w in words:
                visible = [i for i in visible if w in keys[i]]
        if visible == self._visible:
            # Same rows in the same order (e.g. the open book's progress changed):
            # repaint them, keeping the view's selection and scroll position.
            self._emit_changed()
            return
        self.beginResetModel()
        self._visible = visible
        self.endResetModel()

    def _emit_changed(self) -> None:
        if self._visible:
            self.dataChanged.emit(self.index(0), self.index(len(self._visible) - 1))

    # --- lookups ------------------------------------------------------------------------

    def record_at(self, row: int) -> BookRecord | None:
        """The record shown at ``row`` (None out of range)."""
        if 0 <= row < len(self._visible):
            return self._records[self._visible[row]]
        return None

    def record(self, book_id: int) -> BookRecord | None:
        """The record of ``book_id`` (shown or filtered out), or None."""
        i = self._pos.get(book_id)
        return self._records[i] if i is not None else None

    def row_of(self, book_id: int) -> int:
        """The visible row of ``book_id``, or -1 (absent or filtered out)."""
        i = self._pos.get(book_id)
        if i is None:
            return -1
        try:
            return self._visible.index(i)
        except ValueError:  # in the library but filtered out
            return -1

    def total(self) -> int:
        """How many books the model holds (shown or not)."""
        return len(self._records)

    def records(self) -> list[BookRecord]:
        """Every record (unsorted)."""
        return list(self._records)


def _plain_tooltip(rec: BookRecord) -> str:
    """A tooltip that shows the path literally (tooltips auto-detect rich text)."""
    lines = [shown_title(rec), rec.path]
    if rec.missing:
        lines.append("The file is missing: use Locate… to find it.")
    return plain_tooltip("\n".join(lines))


__all__ = [
    "SORT_KEYS",
    "SORT_TITLES",
    "LibraryModel",
    "Role",
    "fold",
    "format_length",
    "new_chapters_text",
    "parse_time",
    "relative_day",
    "search_key",
    "shown_title",
    "sorted_order",
]
