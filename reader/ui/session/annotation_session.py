"""The open book's bookmarks, highlights and notes: loading, re-anchoring, painting, editing.

:class:`AnnotationSession` is the glue between the store and the page. When a
book is (re)loaded — opened, edited on disk, or re-read with another encoding
or paragraph mode — it checks every stored anchor against the new text and
re-anchors the ones that no longer fit (all of them after the file changed),
persisting the outcome; one that cannot be placed is kept as ``not_found``,
never dropped. It pushes highlights and search hits to the page as
decorations, and performs every create/edit/delete at once in the store,
keeping deleted items for undo.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reader.store.db import StoreError
from reader.store.export import chapter_label
from reader.store.models import Annotation
from reader.text.anchor import make_anchor, reanchor_annotation, reanchor_bookmark
from reader.ui.common.marks import CURRENT_HIT, DEFAULT_COLOR, SEARCH_HIT

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reader.store.db import Store
    from reader.store.models import Bookmark, BookRecord
    from reader.text.book import Book
    from reader.text.search import SearchHit
    from reader.ui.common.ports import MessageSink
    from reader.ui.session.ports import OpenBook, Page

BOOKMARK_QUOTE_CHARS = 64
MAX_UNDO = 50


def _collapse(text: str) -> str:
    return " ".join(text.split())


HIT_WINDOW = 20_000
"""Search hits this many characters either side of the page are marked (two spreads and more)."""
HIT_WINDOW_COUNT = 2_000
"""Up to this many hits, all are handed to the page at once."""


class AnnotationSession(QObject):
    """Bookmarks and annotations of the open book; see the module docstring.

    Built from the store, the open book (:class:`~reader.ui.session.ports.OpenBook`),
    the page its marks go to (:class:`~reader.ui.session.ports.Page`) and where
    its messages go.
    """

    annotations_changed = Signal()
    bookmarks_changed = Signal()
    reanchored = Signal(int, int)
    """After a load re-anchored notes: (how many were looked at, how many were not found)."""

    def __init__(
        self,
        store: Store,
        open_book: OpenBook,
        page: Page,
        messages: MessageSink,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.open_book = open_book
        self.page = page
        self.messages = messages
        self._annotations: list[Annotation] = []
        self._bookmarks: list[Bookmark] = []
        self._hits: Sequence[SearchHit] = ()
        self._current_hit: tuple[int, int] | None = None
        self._undo: list[Annotation | Bookmark] = []
        self._deco_timer = QTimer(self)
        self._deco_timer.setSingleShot(True)
        self._deco_timer.setInterval(120)
        self._deco_timer.timeout.connect(self.refresh_decorations)
        # Only hits near the page are handed to the page (a search for "the" in a long book
        # finds hundreds of thousands), so they follow the reader as pages turn.
        page.position_changed.connect(self._hits_moved)

    # --- the open book ---------------------------------------------------------------------

    @property
    def book(self) -> Book | None:
        """The book on screen (None when none)."""
        return self.open_book.book

    @property
    def record(self) -> BookRecord | None:
        """Its library entry (None when it could not be recorded: nothing can be saved)."""
        return self.open_book.record

    def annotations(self) -> list[Annotation]:
        """Every annotation of the open book, in reading order (not-found ones included)."""
        return list(self._annotations)

    def bookmarks(self) -> list[Bookmark]:
        """Every bookmark of the open book, in reading order."""
        return list(self._bookmarks)

    def on_book_opened(self, opened: object) -> None:
        """A book was (re)loaded: re-anchor what needs it, then show its notes.

        ``opened`` is a :class:`~reader.ui.session.book_session.Opened`; its ``status``
        is ``changed`` when the file was edited on disk.
        """
        self._undo.clear()
        self._hits = ()
        self._current_hit = None
        force = getattr(opened, "status", "") == "changed"
        self.reload(reanchor=True, force=force)

    def reload(self, *, reanchor: bool = False, force: bool = False) -> None:
        """Read the open book's notes from the store (re-anchoring them first if asked)."""
        record, book = self.record, self.book
        self._annotations, self._bookmarks = [], []
        if record is not None and book is not None:
            try:
                if reanchor:
                    self.reanchor_all(book.text, force=force)
                self._annotations = self.store.annotations.annotations(record.id)
                self._bookmarks = self.store.annotations.bookmarks(record.id)
            except StoreError as err:
                self.messages.show_message(str(err))
        self.annotations_changed.emit()
        self.bookmarks_changed.emit()
        self.refresh_decorations()

    def reanchor_all(self, text: str, *, force: bool = False) -> tuple[int, int]:
        """Place stored notes in ``text`` again and save the result; (checked, not found).

        Without ``force`` only anchors whose quote is no longer at their offsets
        are looked at (cheap when nothing changed); with it, every one is.
        """
        record = self.record
        if record is None:
            return 0, 0
        notes = self.store.annotations
        checked = lost = 0
        for a in notes.annotations(record.id):
            if not force and a.status == "ok" and text[a.start : a.end] == a.quote:
                continue
            checked += 1
            new = reanchor_annotation(text, a)
            if new.status == "ok":
                notes.move_annotation(
                    a.id, new.start, new.end, "ok",
                    quote=new.quote, prefix=new.prefix, suffix=new.suffix,
                )  # fmt: skip
            else:
                lost += 1
                notes.move_annotation(a.id, a.start, a.end, "not_found")
        for b in notes.bookmarks(record.id):
            if not force and b.status == "ok" and text.startswith(b.quote, b.offset):
                continue
            checked += 1
            moved = reanchor_bookmark(text, b)
            if moved.status == "ok":
                notes.move_bookmark(
                    b.id, moved.offset, "ok", quote=moved.quote, prefix=moved.prefix
                )
            else:
                lost += 1
                notes.move_bookmark(b.id, b.offset, "not_found")
        if checked:
            self.reanchored.emit(checked, lost)
        return checked, lost

    # --- decorations -------------------------------------------------------------------------

    def set_search_hits(self, hits: Sequence[SearchHit]) -> None:
        """Mark ``hits`` on the page (the list may keep growing; call again to repaint)."""
        self._hits = hits
        if not self._deco_timer.isActive():
            self._deco_timer.start()

    def set_current_hit(self, rng: tuple[int, int] | None) -> None:
        """Mark the search hit at source ``[start, end)`` as the one jumped to (None: no hit)."""
        if rng != self._current_hit:
            self._current_hit = rng
            if not self._deco_timer.isActive():
                self._deco_timer.start()

    def _hits_moved(self, _offset: int) -> None:
        if self._hits:
            self.refresh_decorations()

    def _nearby_hits(self) -> Sequence[SearchHit]:
        """The search hits within :data:`HIT_WINDOW` characters of the page on screen."""
        hits = self._hits
        if len(hits) <= HIT_WINDOW_COUNT:
            return hits
        lo, hi = self.page.visible_range()
        first = bisect.bisect_left(hits, lo - HIT_WINDOW, key=lambda h: h.start)
        last = bisect.bisect_right(hits, hi + HIT_WINDOW, lo=first, key=lambda h: h.start)
        return hits[first:last]

    def refresh_decorations(self) -> None:
        """Push the highlights (status ok) and search hits (the current one marked) to the page."""
        self._deco_timer.stop()
        current = self._current_hit
        ranges = [
            (h.start, h.end, CURRENT_HIT if (h.start, h.end) == current else SEARCH_HIT)
            for h in self._nearby_hits()
        ]
        ranges += [(a.start, a.end, a.color) for a in self._annotations if a.status == "ok"]
        self.page.set_decorations(ranges)

    # --- labels ------------------------------------------------------------------------------

    def chapter_of(self, offset: int) -> str:
        """The chapter title at ``offset`` ("PART — CHAPTER" when nested), or ''."""
        book = self.book
        if book is None or not book.chapters:
            return ""
        return chapter_label(book.chapters, offset) or ""

    # --- highlights and notes ------------------------------------------------------------------

    def _writable(self) -> BookRecord | None:
        record = self.record
        if record is None or self.book is None:
            self.messages.show_message("This book is not in the library, so notes cannot be saved.")
            return None
        return record

    def add_highlight(
        self, start: int, end: int, color: str = DEFAULT_COLOR, note: str = ""
    ) -> Annotation | None:
        """Highlight source ``[start, end)`` (trimmed of surrounding blanks) and save it at once."""
        record, book = self._writable(), self.book
        if record is None or book is None:
            return None
        text = book.text
        start, end = max(0, min(start, end)), min(len(text), max(start, end))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        quote, prefix, suffix = make_anchor(text, start, end)
        try:
            ann = self.store.annotations.add_annotation(
                record.id, start, end, quote, prefix, suffix, color, note
            )
        except StoreError as err:
            self.messages.show_message(str(err))
            return None
        self._annotations.append(ann)
        self._annotations.sort(key=lambda a: (a.start, a.end, a.id))
        self._changed()
        return ann

    def update(
        self, annotation_id: int, *, color: str | None = None, note: str | None = None
    ) -> None:
        """Change the colour and/or note of an annotation (saved at once)."""
        try:
            new = self.store.annotations.update_annotation(annotation_id, color=color, note=note)
        except StoreError as err:
            self.messages.show_message(str(err))
            return
        self._annotations = [new if a.id == annotation_id else a for a in self._annotations]
        self._changed()

    def delete_annotation(self, annotation_id: int) -> Annotation | None:
        """Delete an annotation (kept for :meth:`undo`)."""
        try:
            gone = self.store.annotations.delete_annotation(annotation_id)
        except StoreError as err:
            self.messages.show_message(str(err))
            return None
        self._push_undo(gone)
        self._annotations = [a for a in self._annotations if a.id != annotation_id]
        self._changed()
        return gone

    def _changed(self) -> None:
        self.annotations_changed.emit()
        self.refresh_decorations()

    # --- bookmarks ---------------------------------------------------------------------------

    def bookmarks_on_page(self) -> list[Bookmark]:
        """The bookmarks placed in the text on screen."""
        lo, hi = self.page.visible_range()
        return [b for b in self._bookmarks if b.status == "ok" and lo <= b.offset < max(hi, lo + 1)]

    def toggle_bookmark(self) -> Bookmark | None:
        """``b``: remove the bookmarks on this page, or add one at its top (returned)."""
        record, book = self._writable(), self.book
        if record is None or book is None:
            return None
        here = self.bookmarks_on_page()
        if here:
            for b in here:
                self.delete_bookmark(b.id)
            return None
        lo, hi = self.page.visible_range()
        text = book.text
        pos = max(self.page.position(), lo)
        while pos < hi and text[pos].isspace():
            pos += 1
        pos = min(pos, len(text))
        quote = text[pos : pos + BOOKMARK_QUOTE_CHARS]
        prefix = text[max(0, pos - BOOKMARK_QUOTE_CHARS) : pos]
        flat = _collapse(quote)
        snippet = flat if len(flat) <= 40 else flat[:40].rsplit(" ", 1)[0] + "…"
        name = self.chapter_of(pos) or snippet or "Bookmark"
        try:
            bm = self.store.annotations.add_bookmark(record.id, pos, quote, prefix, name)
        except StoreError as err:
            self.messages.show_message(str(err))
            return None
        self._bookmarks.append(bm)
        self._bookmarks.sort(key=lambda b: (b.offset, b.id))
        self.bookmarks_changed.emit()
        return bm

    def rename_bookmark(self, bookmark_id: int, name: str) -> None:
        """Give a bookmark a new name (saved at once)."""
        try:
            self.store.annotations.rename_bookmark(bookmark_id, name)
        except StoreError as err:
            self.messages.show_message(str(err))
            return
        for b in self._bookmarks:
            if b.id == bookmark_id:
                b.name = name
        self.bookmarks_changed.emit()

    def delete_bookmark(self, bookmark_id: int) -> None:
        """Delete a bookmark (kept for :meth:`undo`)."""
        gone = next((b for b in self._bookmarks if b.id == bookmark_id), None)
        try:
            self.store.annotations.delete_bookmark(bookmark_id)
        except StoreError as err:
            self.messages.show_message(str(err))
            return
        if gone is not None:
            self._push_undo(gone)
        self._bookmarks = [b for b in self._bookmarks if b.id != bookmark_id]
        self.bookmarks_changed.emit()

    # --- undo --------------------------------------------------------------------------------

    def _push_undo(self, item: Annotation | Bookmark) -> None:
        self._undo.append(item)
        del self._undo[:-MAX_UNDO]

    def can_undo(self) -> bool:
        """True when a deleted highlight or bookmark can be put back."""
        return bool(self._undo)

    def undo(self) -> bool:
        """Put back the last deleted highlight or bookmark; False when there is none."""
        if not self._undo:
            return False
        item = self._undo.pop()
        try:
            if isinstance(item, Annotation):
                self.store.annotations.restore_annotation(item)
            else:
                self.store.annotations.restore_bookmark(item)
        except StoreError as err:
            self.messages.show_message(str(err))
            return False
        self.reload()
        return True


__all__ = ["BOOKMARK_QUOTE_CHARS", "AnnotationSession"]
