"""Mouse and wheel handling of the page widget: page turns by click or wheel, drag to select,
note markers, contents links, the back and forward buttons, and the scrubber at the bottom
edge.

:class:`PageMouse` is a base of :class:`~reader.ui.reading.view.ReadingView`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, SignalInstance
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from reader.ui.reading.page_links import PageLinks

if TYPE_CHECKING:
    from reader.layout.typeset import Typesetter

DRAG_THRESHOLD = 6
"""Pixels the mouse must move with the button down before a click becomes a selection drag."""
EDGE_PIXELS = 18
"""Resting the mouse this close to the bottom of the page brings up the position scrubber."""
EDGE_REST_MS = 450


class PageMouse(PageLinks):
    """The page's mouse: a wheel notch turns a page; a click on the outer thirds turns one; a drag
    selects text (``selection_changed`` is emitted when it ends); a click on a note marker shows
    the note, on a contents entry goes to its chapter; the back and forward buttons go back and
    forward (``history_requested``); resting at the bottom edge shows the position scrubber."""

    _press: QPoint | None = None
    _dragging = False
    _wheel = 0

    if TYPE_CHECKING:
        _selection: tuple[int, int] | None
        selection_changed: SignalInstance
        history_requested: SignalInstance

        def hit_test(self, point: QPoint | QPointF) -> int | None: ...
        def next_page(self) -> bool: ...
        def prev_page(self) -> bool: ...
        def clear_selection(self) -> None: ...
        def typesetter(self) -> Typesetter | None: ...
        def show_scrubber(self, focus: bool = True) -> bool: ...
        def scrubber_shown(self) -> bool: ...
        def open_fold_at(self, point: QPoint | QPointF) -> bool: ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self._edge_timer = QTimer(self)
        self._edge_timer.setSingleShot(True)
        self._edge_timer.setInterval(EDGE_REST_MS)
        self._edge_timer.timeout.connect(self._edge_rested)
        self._edge_point = QPoint()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """One wheel notch (120 units) turns one page."""
        self._wheel += event.angleDelta().y() or event.angleDelta().x()
        while self._wheel <= -120:
            self._wheel += 120
            self.next_page()
        while self._wheel >= 120:
            self._wheel -= 120
            self.prev_page()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a click or a selection drag; the back and forward buttons move in history."""
        button = event.button()
        if button in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
            self.history_requested.emit(-1 if button == Qt.MouseButton.BackButton else 1)
            event.accept()
            return
        if button == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend the selection while dragging; without a button, watch for the bottom edge."""
        pos = event.position().toPoint()
        if self._press is None:
            self._watch_edge(pos)
            self.update_link_hover(pos)
            return
        if not self._dragging and (pos - self._press).manhattanLength() < DRAG_THRESHOLD:
            return
        self._dragging = True
        a, b = self.hit_test(self._press), self.hit_test(pos)
        if a is not None and b is not None:
            lo, hi = min(a, b), max(a, b)
            ts = self.typesetter()
            # The last character is taken whole (an emoji sequence, a flag, an accented letter).
            end = ts.char_range(hi)[1] if ts is not None else hi + 1
            self._selection = (lo, max(end, hi + 1))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on a note marker shows the note; on a folded author's note opens it; on a
        contents entry it goes to the entry's chapter; on the left or right third it turns
        the page; a drag ends a selection."""
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        press, self._press = self._press, None
        if self._dragging:
            self._dragging = False
            self.selection_changed.emit(self._selection)
            return
        mark = self.note_at(press)
        if mark is not None:
            self.show_note(mark)
            return
        if self.open_fold_at(press):  # "Author's note — show"
            return
        link = self.link_at(press)
        if link is not None:
            self.clear_selection()
            self.follow_link(link)
            return
        if self._selection is not None:
            self.clear_selection()
        x = press.x()
        if x < self.width() / 3:
            self.prev_page()
        elif x > self.width() * 2 / 3:
            self.next_page()

    def leaveEvent(self, event: QEvent) -> None:
        """The mouse left the page: it no longer rests at the edge."""
        self._edge_timer.stop()
        self.update_link_hover(None)
        super().leaveEvent(event)

    def _watch_edge(self, pos: QPoint) -> None:
        if pos.y() >= self.height() - EDGE_PIXELS and not self.scrubber_shown():
            self._edge_point = pos
            if not self._edge_timer.isActive():
                self._edge_timer.start()
        else:
            self._edge_timer.stop()

    def _edge_rested(self) -> None:
        if self.underMouse() or self.rect().contains(self._edge_point):
            self.show_scrubber(focus=False)
