"""Swatches of the highlight colours: the icons of the page menu's and the Highlights
tab's colour items, and the colour bar of a highlight row.

Kept apart from :mod:`reader.ui.notes.highlights` so that the page menu can show them
without the notes panel building its tabs.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap

SWATCH_PX = 14


def swatch_colour(color: str) -> QColor:
    """The opaque fill of highlight colour ``color`` (a name from ``marks.COLORS``)."""
    from reader.layout.style import ReadingStyle

    fill = QColor(ReadingStyle().colours().highlight(color))
    fill.setAlpha(255)
    return fill


class Swatches:
    """Icons of the highlight colours, made once per colour and kept by their owner."""

    def __init__(self) -> None:
        self._icons: dict[str, QIcon] = {}

    def icon(self, color: str) -> QIcon:
        """A 14-pixel swatch of highlight colour ``color``."""
        if color not in self._icons:
            pix = QPixmap(SWATCH_PX, SWATCH_PX)
            pix.fill(swatch_colour(color))
            self._icons[color] = QIcon(pix)
        return self._icons[color]


__all__ = ["SWATCH_PX", "Swatches", "swatch_colour"]
