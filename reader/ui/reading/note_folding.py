"""Author's notes on the page widget: folding them, opening one, a click on a fold.

:class:`NoteFolding` is a base of :class:`~reader.ui.reading.view.ReadingView`. The view
keeps a :class:`~reader.layout.note_folds.NoteFolds` (whether the book's author's notes
are hidden, and which the reader opened since) and hands it to its typesetter; a change
lays the book out again at the same place. A folded note opens with a click on its line,
with :meth:`NoteFolding.open_folded_note` (the ``O`` key), or when a jump lands inside it
(a search hit, a highlight, a bookmark).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, SignalInstance
from PySide6.QtWidgets import QWidget

from reader.layout.note_folds import NoteFolds
from reader.text.book import AuthorNote
from reader.ui.reading.navigation import PageTurns

if TYPE_CHECKING:
    from reader.layout.paginate import Page
    from reader.layout.pagination import Pagination
    from reader.text.book import Book


class NoteFolding(PageTurns):
    """Folding and opening author's notes (see the module docstring)."""

    if TYPE_CHECKING:
        _book: Book | None
        _anchor: int
        page_changed: SignalInstance

        def _drop_layout(self) -> None: ...
        def _ensure_layout(self) -> Pagination | None: ...
        def _pages(self) -> list[Page]: ...
        def hit_test(self, point: QPoint | QPointF) -> int | None: ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folds = NoteFolds()

    def note_folds(self) -> NoteFolds:
        """Whether author's notes are folded, and which were opened."""
        return self._folds

    def set_note_folds(self, folds: NoteFolds) -> None:
        """Fold or unfold author's notes, keeping the offset at the top of the page."""
        if folds == self._folds:
            return
        self._folds = folds
        self.relayout()

    def relayout(self) -> None:
        """Lay the book out again (its display options changed), keeping the offset at the
        top of the page."""
        keep = self._anchor
        if self._book is not None:
            self._drop_layout()
            self._anchor = keep
            self._ensure_layout()
            self.page_changed.emit()
        self.update()

    def folded_notes_shown(self) -> list[AuthorNote]:
        """The folded author's notes on the page(s) on screen, in order."""
        book = self._book
        if book is None or not self._folds.hidden or not book.author_notes:
            return []
        pages = self._pages()
        if not pages:
            return []
        start, end = pages[0].start_offset, max(p.end_offset for p in pages)
        return [n for n in book.notes_between(start, max(end, start + 1)) if self._folds.folded(n)]

    def open_folded_note(self, note: AuthorNote | None = None) -> bool:
        """Open ``note`` (else the first folded note on screen); False when there is none."""
        if note is None:
            shown = self.folded_notes_shown()
            if not shown:
                return False
            note = shown[0]
        if not self._folds.folded(note):
            return False
        self.set_note_folds(self._folds.opening(note))
        return True

    def go_to(self, offset: int, record: bool = True) -> None:
        """Show the page containing source ``offset``; a place inside a folded author's note
        (a search hit, a highlight, a bookmark) opens that note first."""
        book = self._book
        if book is not None and self._folds.hidden:
            for note in book.notes_between(int(offset), int(offset) + 1):
                if note.start < offset and self._folds.folded(note):
                    self._folds = self._folds.opening(note)
                    self.relayout()
        super().go_to(offset, record)

    def open_fold_at(self, point: QPoint | QPointF) -> bool:
        """A click at ``point``: open the folded note shown there (False when none is)."""
        book = self._book
        if book is None or not self._folds.hidden:
            return False
        offset = self.hit_test(point)
        if offset is None:
            return False
        for note in book.notes_between(offset, offset + 1):
            if self._folds.folded(note):
                return self.open_folded_note(note)
        return False


__all__ = ["NoteFolding"]
