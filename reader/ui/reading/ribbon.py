"""The bookmark ribbon: a small red ribbon in the page's top-right corner on a bookmarked page."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QWidget


class BookmarkRibbon(QWidget):
    """A small ribbon drawn in the page's top-right corner while the page holds a bookmark.

    A child of the reading view, transparent to the mouse; it never changes the layout.
    """

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.setObjectName("bookmarkRibbon")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setToolTip("This page is bookmarked")
        self.resize(18, 30)
        self.hide()

    def place(self, shown: bool) -> None:
        """Show (top-right of the view) or hide the ribbon."""
        parent = self.parentWidget()
        if shown and parent is not None:
            self.move(parent.width() - self.width() - 28, 0)
            self.show()
            self.raise_()
        else:
            self.hide()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """A red ribbon with a notched end."""
        w, h = self.width(), self.height()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#c0392b"))
        painter.drawPolygon(
            QPolygonF([QPointF(0, 0), QPointF(w, 0), QPointF(w, h), QPointF(w / 2, h - 6),
                       QPointF(0, h)])
        )  # fmt: skip
        painter.end()


__all__ = ["BookmarkRibbon"]
