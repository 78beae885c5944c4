"""Bookmarks of the open book: adding, renaming and deleting them (a part of the session).

:class:`BookmarkEdits` is a mixin of
:class:`~reader.ui.session.annotation_session.AnnotationSession`. As with
highlights, every change shows at once and is written in the background; a new
bookmark has a provisional id until it is saved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reader.store.db import utc_now
from reader.store.models import Annotation, Bookmark

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, SignalInstance

    from reader.store.models import BookRecord
    from reader.text.book import Book
    from reader.ui.common.writes import Writes
    from reader.ui.session.ports import Page
    from reader.ui.session.provisional import Provisional

    _SessionBase = QObject
else:
    _SessionBase = object

BOOKMARK_QUOTE_CHARS = 64


def _collapse(text: str) -> str:
    return " ".join(text.split())


class BookmarkEdits(_SessionBase):
    """Mixin: the bookmark side of the session (see the module docstring)."""

    if TYPE_CHECKING:
        page: Page
        writes: Writes
        provisional: Provisional
        _bookmarks: list[Bookmark]
        _undo: list[Annotation | Bookmark]
        bookmarks_changed: SignalInstance
        saved: SignalInstance

        @property
        def book(self) -> Book | None: ...
        @property
        def record(self) -> BookRecord | None: ...
        def _writable(self) -> BookRecord | None: ...
        def chapter_of(self, offset: int) -> str: ...
        def _push_undo(self, item: Annotation | Bookmark) -> None: ...
        def _report(self, error: BaseException) -> None: ...

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
        temp = self.provisional.new_id()
        self._bookmarks.append(Bookmark(temp, record.id, pos, quote, prefix, name, utc_now()))
        self._bookmarks.sort(key=lambda b: (b.offset, b.id))
        self.bookmarks_changed.emit()
        book_id = record.id
        self.writes.submit(
            lambda s: s.annotations.add_bookmark(book_id, pos, quote, prefix, name),
            done=lambda bm: self._bookmark_saved(temp, bm),
            failed=lambda err: self._bookmark_failed(temp, err),
        )
        return self.bookmark(temp)

    def bookmark(self, bookmark_id: int) -> Bookmark | None:
        """The bookmark shown with ``bookmark_id`` (a provisional id finds the saved one)."""
        real = self.provisional.real_id(bookmark_id)
        wanted = {bookmark_id} if real is None else {bookmark_id, real}
        return next((b for b in self._bookmarks if b.id in wanted), None)

    def _bookmark_saved(self, temp: int, saved: Bookmark) -> None:
        shown = next((b for b in self._bookmarks if b.id == temp), None)
        if shown is not None:
            saved = replace(shown, id=saved.id, created=saved.created)
            self._bookmarks = [saved if b.id == temp else b for b in self._bookmarks]
        self._undo = [replace(u, id=saved.id) if u.id == temp else u for u in self._undo]
        self.provisional.saved(temp, saved.id)
        self.saved.emit(temp, saved.id)
        self.bookmarks_changed.emit()

    def _bookmark_failed(self, temp: int, error: BaseException) -> None:
        self._bookmarks = [b for b in self._bookmarks if b.id != temp]
        self.provisional.failed(temp, error)
        self._report(error)
        self.bookmarks_changed.emit()

    def rename_bookmark(self, bookmark_id: int, name: str) -> None:
        """Give a bookmark a new name: shown at once, saved in the background."""
        shown = self.bookmark(bookmark_id)
        if shown is None:
            return
        old = shown.name
        shown.name = name
        self.bookmarks_changed.emit()

        def failed(error: BaseException) -> None:
            if shown.name == name:
                shown.name = old
                self.bookmarks_changed.emit()
            self._report(error)

        self.provisional.when_saved(
            shown.id,
            lambda real: self.writes.submit(
                lambda s: s.annotations.rename_bookmark(real, name), failed=failed
            ),
            lambda _error: None,  # never saved: its failure was reported
        )

    def delete_bookmark(self, bookmark_id: int) -> None:
        """Delete a bookmark (kept for :meth:`undo`): gone at once, deleted in the background."""
        gone = self.bookmark(bookmark_id)
        if gone is None:
            return
        self._bookmarks = [b for b in self._bookmarks if b.id != gone.id]
        self._push_undo(gone)
        self.bookmarks_changed.emit()

        def failed(error: BaseException) -> None:
            self._undo = [u for u in self._undo if u is not gone]
            if self.record is not None and gone.book_id == self.record.id:
                self._bookmarks.append(gone)
                self._bookmarks.sort(key=lambda b: (b.offset, b.id))
                self.bookmarks_changed.emit()
            self._report(error)

        self.provisional.when_saved(
            gone.id,
            lambda real: self.writes.submit(
                lambda s: s.annotations.delete_bookmark(real), failed=failed
            ),
            lambda _error: None,  # never saved: nothing to delete (its failure was reported)
        )


__all__ = ["BOOKMARK_QUOTE_CHARS", "BookmarkEdits"]
