"""The entries of a printed contents as links on the page.

:class:`PageLinks` is a base of :class:`~reader.ui.reading.view.ReadingView`. An entry of
a printed contents that leads to a chapter (:attr:`Book.contents_links
<reader.text.book.Book.contents_links>`) is a link: under the pointer it is underlined
and the pointer becomes a pointing hand; a click on it, or Enter with the keyboard caret
on it (``v``), goes to its chapter as a jump, so Back (Alt+Left) returns to the contents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from reader.text.book import BlockKind, ContentsLink
from reader.text.links import link_at
from reader.ui.reading.page_marks import PageMarks

if TYPE_CHECKING:
    from reader.layout.geometry import PageGeometry
    from reader.layout.paginate import Page
    from reader.layout.style import Theme
    from reader.layout.typeset import Typesetter
    from reader.text.book import Book


class PageLinks(PageMarks):
    """Contents entries as links: hover, click and follow (see the module docstring)."""

    if TYPE_CHECKING:
        _book: Book | None
        _geom: PageGeometry | None
        _typesetter: Typesetter | None
        _theme: Theme

        def _pages(self) -> list[Page]: ...
        def hit_test(self, point: QPoint | QPointF) -> int | None: ...
        def go_to(self, offset: int, record: bool = True) -> None: ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hover_link: ContentsLink | None = None

    def link_at(self, point: QPoint | QPointF) -> ContentsLink | None:
        """The contents entry drawn under widget ``point`` that leads to a chapter, if any
        (on the entry's text itself, not the space beside it)."""
        book = self._book
        if book is None or not book.contents_links:
            return None
        offset = self.hit_test(point)
        link = link_at(book, offset) if offset is not None else None
        if link is None:
            return None
        p = QPointF(point)
        if any(r.contains(p) for r in self.range_rects_on_screen(link.start, link.end)):
            return link
        return None

    def link_at_offset(self, offset: int) -> ContentsLink | None:
        """The contents entry at source ``offset`` that leads to a chapter, if any."""
        book = self._book
        return link_at(book, offset) if book is not None else None

    def follow_link(self, link: ContentsLink) -> None:
        """Go to the chapter ``link`` leads to (a jump: Back returns here)."""
        self._set_hover_link(None)
        self.go_to(link.offset, record=True)

    def range_rects_on_screen(self, start: int, end: int) -> list[QRectF]:
        """Widget rectangles covering source ``[start, end)`` on the page(s) shown."""
        geom, ts = self._geom, self._typesetter
        if geom is None or ts is None or end <= start:
            return []
        rects: list[QRectF] = []
        for page, trect in zip(self._pages(), geom.text, strict=False):
            if end <= page.start_offset or start >= page.end_offset:
                continue
            for (b, first, last), top in zip(page.items, page.tops, strict=True):
                blk = ts.block(b)
                if blk is None or blk.kind != BlockKind.CONTENTS:
                    continue
                dx, dy = trect.left(), trect.top() + top - blk.line_tops[first]
                rects.extend(r.translated(dx, dy) for r in blk.range_rects(start, end, first, last))
        return rects

    def update_link_hover(self, point: QPoint | QPointF | None) -> None:
        """Point at ``point`` (None: the pointer left): a link there is underlined and the
        pointer becomes a pointing hand."""
        self._set_hover_link(self.link_at(point) if point is not None else None)

    def hovered_link(self) -> ContentsLink | None:
        """The link under the pointer, if any."""
        return self._hover_link

    def _set_hover_link(self, link: ContentsLink | None) -> None:
        if link == self._hover_link:
            return
        self._hover_link = link
        if link is None:
            self.unsetCursor()
        else:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.update()

    def paint_link_hover(self, painter: QPainter) -> None:
        """Underline the link under the pointer."""
        link = self._hover_link
        if link is None:
            return
        colour = QColor(self._theme.color("text"))
        colour.setAlpha(170)
        for r in self.range_rects_on_screen(link.start, link.end):
            painter.fillRect(QRectF(r.left(), r.bottom() - 3, r.width(), 1.2), colour)


__all__ = ["PageLinks"]
