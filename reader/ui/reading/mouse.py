"""Mouse and wheel handling of the page widget: page turns by click or wheel, drag to select.

:class:`PageMouse` is the base widget of :class:`~reader.ui.reading.view.ReadingView`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt, SignalInstance
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

DRAG_THRESHOLD = 6
"""Pixels the mouse must move with the button down before a click becomes a selection drag."""


class PageMouse(QWidget):
    """The page's mouse: a wheel notch turns a page; a click on the outer thirds turns one; a drag
    selects text (``selection_changed`` is emitted when it ends)."""

    _press: QPoint | None = None
    _dragging = False
    _wheel = 0

    if TYPE_CHECKING:
        _selection: tuple[int, int] | None
        selection_changed: SignalInstance

        def hit_test(self, point: QPoint | QPointF) -> int | None: ...
        def next_page(self) -> bool: ...
        def prev_page(self) -> bool: ...
        def clear_selection(self) -> None: ...

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
        """Start a click or a selection drag."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend the selection while dragging."""
        if self._press is None:
            return
        pos = event.position().toPoint()
        if not self._dragging and (pos - self._press).manhattanLength() < DRAG_THRESHOLD:
            return
        self._dragging = True
        a, b = self.hit_test(self._press), self.hit_test(pos)
        if a is not None and b is not None:
            lo, hi = min(a, b), max(a, b)
            self._selection = (lo, hi + 1)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on the left or right third turns the page; a drag ends a selection."""
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        press, self._press = self._press, None
        if self._dragging:
            self._dragging = False
            self.selection_changed.emit(self._selection)
            return
        if self._selection is not None:
            self.clear_selection()
        x = press.x()
        if x < self.width() / 3:
            self.prev_page()
        elif x > self.width() * 2 / 3:
            self.next_page()
