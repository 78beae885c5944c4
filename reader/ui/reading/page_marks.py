"""What the page shows besides the text: the caret, note markers, short notices, tooltips.

:class:`PageMarks` is a base of :class:`~reader.ui.reading.view.ReadingView`. A
highlight that carries a note gets a small marker in the margin beside the line
where it starts; hovering over the marker, clicking it, or the "Show Note Here"
command shows the note (as plain text). The caret of the keyboard selection mode
is drawn as a bar before its character. A notice is a line of text shown at the
top of the page for a moment ("3 of 180", "Nothing to go back to").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from reader.ui.common.plain import plain_tooltip

if TYPE_CHECKING:
    from reader.layout.geometry import PageGeometry
    from reader.layout.paginate import Page
    from reader.layout.style import Theme
    from reader.layout.typeset import Typesetter

MARKER_SIZE = 8.0
"""Side of a note marker, in pixels."""
MARKER_SLOP = 6.0
"""Pixels around a marker that still count as pointing at it."""
NOTICE_MS = 2500
SPREAD_REFUSED_TIP = (
    "Two pages need a wider window: each column keeps at least {chars} characters, "
    "so one page is shown."
)


@dataclass(frozen=True)
class NoteMark:
    """A highlight with a note: its source range, its id, colour and note text."""

    start: int
    end: int
    annotation_id: int
    colour: str
    note: str


class PageMarks(QWidget):
    """The caret, note markers, notices and tooltips of the page (see the module docstring)."""

    if TYPE_CHECKING:
        _geom: PageGeometry | None
        _typesetter: Typesetter | None
        _theme: Theme

        def _pages(self) -> list[Page]: ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caret: int | None = None
        self._notes: list[NoteMark] = []
        self._note_starts: list[int] = []
        self._shown_note = -1
        self._notice: QLabel | None = None  # made when first needed (not at start-up)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._hide_notice)
        self.spread_refused_tip = ""
        """Set while "Two pages: On" shows one page (the page's tooltip says why)."""
        self.menu_offset: int | None = None
        """Where the page menu was opened, while one of its commands runs (else None)."""

    # --- caret --------------------------------------------------------------------------

    def set_caret(self, offset: int | None) -> None:
        """Draw the keyboard caret before the character at source ``offset`` (None: none)."""
        if offset != self._caret:
            self._caret = offset
            self.update()

    def caret(self) -> int | None:
        """The caret's source offset, if one is shown."""
        return self._caret

    def paint_caret(self, painter: QPainter, page: Page, text_rect: QRectF) -> None:
        """Draw the caret if it is on ``page``: a bar before its character, underlined."""
        caret, ts = self._caret, self._typesetter
        if caret is None or ts is None or not page.start_offset <= caret < page.end_offset:
            return
        end = ts.char_range(caret)[1]
        for (b, first, last), top in zip(page.items, page.tops, strict=True):
            blk = ts.block(b)
            if blk is None:
                continue
            rects = blk.range_rects(caret, end, first, last)
            if not rects:
                continue
            r = rects[0].translated(text_rect.left(), text_rect.top() + top - blk.line_tops[first])
            colour = self._theme.color("text")
            x = r.right() if blk.rtl else r.left()
            painter.fillRect(QRectF(x - 1, r.top() + 1, 2, r.height() - 2), colour)
            under = QColor(colour)
            under.setAlpha(140)
            painter.fillRect(QRectF(r.left(), r.bottom() - 3, r.width(), 1.5), under)
            return

    # --- note markers -------------------------------------------------------------------

    def set_note_marks(self, marks: list[NoteMark]) -> None:
        """The highlights with notes, to mark in the margin (in any order)."""
        self._notes = sorted(marks, key=lambda m: (m.start, m.annotation_id))
        self._note_starts = [m.start for m in self._notes]
        self._shown_note = -1
        self.update()

    def note_marks(self) -> list[NoteMark]:
        """Every note mark given (in reading order)."""
        return list(self._notes)

    def marker_rects(self) -> list[tuple[QRectF, NoteMark]]:
        """Where the note markers of the page(s) on screen are (widget coordinates)."""
        geom, ts = self._geom, self._typesetter
        if not self._notes or geom is None or ts is None:
            return []
        found: list[tuple[QRectF, NoteMark]] = []
        for page, prect, trect in zip(self._pages(), geom.pages, geom.text, strict=False):
            lo = bisect.bisect_left(self._note_starts, page.start_offset)
            hi = bisect.bisect_left(self._note_starts, page.end_offset)
            if lo == hi:
                continue
            room = max(prect.right() - trect.right(), 4.0)
            x = trect.right() + min(room / 2, 12.0) - MARKER_SIZE / 2
            x = min(x, prect.right() - MARKER_SIZE - 1)
            for mark in self._notes[lo:hi]:
                y = self._line_middle(page, mark.start)
                if y is not None:
                    y += trect.top()
                    found.append((QRectF(x, y - MARKER_SIZE / 2, MARKER_SIZE, MARKER_SIZE), mark))
        return found

    def _line_middle(self, page: Page, offset: int) -> float | None:
        """The y (from the page's text top) of the middle of the line showing ``offset``."""
        ts = self._typesetter
        if ts is None:
            return None
        for (b, first, last), top in zip(page.items, page.tops, strict=True):
            blk = ts.block(b)
            if blk is None:
                continue
            if blk.line_starts[first] <= offset < blk.line_range(last)[1] or (
                offset < blk.line_starts[first] and b == page.items[0][0]
            ):
                i = bisect.bisect_right(blk.line_starts, offset, first, last + 1) - 1
                i = min(max(i, first), last)
                y = top + blk.line_tops[i] - blk.line_tops[first]
                return y + blk.line_heights[i] / 2
        return None

    def paint_markers(self, painter: QPainter) -> None:
        """Draw the note markers of the page(s) on screen."""
        rects = self.marker_rects()
        if not rects:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QPen(self._theme.color("muted"))
        outline.setWidthF(1.0)
        painter.setPen(outline)
        for rect, mark in rects:
            fill = self._theme.highlight(mark.colour)
            fill.setAlpha(255)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 2.0, 2.0)
        painter.restore()

    def note_at(self, point: QPoint | QPointF) -> NoteMark | None:
        """The note whose marker is at widget ``point`` (None: no marker there)."""
        p = QPointF(point)
        for rect, mark in self.marker_rects():
            if rect.adjusted(-MARKER_SLOP, -MARKER_SLOP, MARKER_SLOP, MARKER_SLOP).contains(p):
                return mark
        return None

    def show_note(self, mark: NoteMark) -> bool:
        """Show ``mark``'s note beside its marker (plain text); False when it is not on screen."""
        for rect, shown in self.marker_rects():
            if shown == mark:
                self._show_tip(rect.toAlignedRect(), mark.note)
                self._shown_note = self._notes.index(mark)
                return True
        return False

    def show_note_here(self, near: int | None = None) -> NoteMark | None:
        """ "Show Note Here": the note nearest ``near`` (the caret) on screen, else the next
        note on screen after the one shown last (from the first). None: no note on screen."""
        on_screen = [mark for _rect, mark in self.marker_rects()]
        if not on_screen:
            self.show_notice("No note on this page.")
            return None
        if near is not None:
            mark = min(
                on_screen, key=lambda m: (0 if m.start <= near < m.end else 1, abs(m.start - near))
            )
        else:
            after = [m for m in on_screen if self._notes.index(m) > self._shown_note]
            mark = after[0] if after else on_screen[0]
        self.show_note(mark)
        return mark

    def _show_tip(self, rect: QRect, text: str) -> None:
        anchor = self.mapToGlobal(rect.topLeft() + QPoint(rect.width() + 4, 0))
        ms = max(10_000, 60 * len(text))
        QToolTip.showText(anchor, plain_tooltip(text), self, rect, ms)

    # --- notices ------------------------------------------------------------------------

    def show_notice(self, text: str, ms: int = NOTICE_MS) -> None:
        """Show one line of plain text at the top of the page for ``ms`` milliseconds."""
        label = self._notice
        if label is None:
            label = self._notice = QLabel(self)
            label.setObjectName("pageNotice")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setStyleSheet(
                "#pageNotice { background: rgba(40, 40, 40, 215); color: white;"
                " padding: 4px 10px; border-radius: 4px; }"
            )
        label.setText(text)
        label.adjustSize()
        label.resize(min(label.width(), max(self.width() - 16, 40)), label.height())
        label.move(max((self.width() - label.width()) // 2, 0), 8)
        label.show()
        label.raise_()
        self._notice_timer.start(ms)

    def _hide_notice(self) -> None:
        if self._notice is not None:
            self._notice.hide()

    def notice(self) -> str:
        """The notice shown now ('' when none)."""
        label = self._notice
        return label.text() if label is not None and label.isVisible() else ""

    # --- tooltips -----------------------------------------------------------------------

    def page_tooltip(self, event: QHelpEvent) -> bool:
        """Answer a tooltip request: a note under the pointer, or why two pages are not
        shown (over the margins or the desk, not over the text). True when one was shown."""
        mark = self.note_at(event.pos())
        if mark is not None:
            for rect, shown in self.marker_rects():
                if shown == mark:
                    self._show_tip(rect.toAlignedRect(), mark.note)
                    return True
        geom = self._geom
        beside = geom is not None and not any(r.contains(QPointF(event.pos())) for r in geom.text)
        if self.spread_refused_tip and beside:
            QToolTip.showText(event.globalPos(), self.spread_refused_tip, self)
            return True
        QToolTip.hideText()
        return False


__all__ = ["MARKER_SIZE", "SPREAD_REFUSED_TIP", "NoteMark", "PageMarks"]
