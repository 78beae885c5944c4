"""What an empty list says: a short centred line telling the reader what it is for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QAbstractItemView


def paint_placeholder(view: QAbstractItemView, text: str) -> None:
    """Draw ``text`` centred in an empty ``view`` (what the list is for, not a blank box)."""
    model = view.model()
    if not text or (model is not None and model.rowCount() > 0):
        return
    painter = QPainter(view.viewport())
    colour = QColor(view.palette().text().color())
    colour.setAlphaF(0.6)
    painter.setPen(colour)
    rect = view.viewport().rect().adjusted(16, 16, -16, -16)
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    painter.drawText(rect, int(flags), text)
    painter.end()
