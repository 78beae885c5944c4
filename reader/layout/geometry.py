"""Where pages and their text areas sit in a view of a given size."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from reader.layout.style import ReadingStyle

MAX_MEASURE_EM = 36.0
"""Longest comfortable line, in ems (about 70–75 characters)."""
SPREAD_MIN_WIDTH = 900.0
SPREAD_MIN_ASPECT = 1.3
GUTTER_EM = 1.0


@dataclass(frozen=True)
class PageGeometry:
    """Page sheets and text areas (widget coordinates) for one view size and style."""

    spread: bool
    pages: tuple[QRectF, ...]
    text: tuple[QRectF, ...]

    @property
    def text_width(self) -> float:
        """Width of each page's text column."""
        return self.text[0].width()

    @property
    def text_height(self) -> float:
        """Height of each page's text area."""
        return self.text[0].height()

    def key(self) -> tuple[bool, int, int]:
        """What pagination depends on: (spread, text width, text height) in whole pixels."""
        return (self.spread, int(self.text_width), int(self.text_height))


def use_spread(style: ReadingStyle, width: float, height: float) -> bool:
    """Whether two pages are shown side by side for this style and view size."""
    if style.two_pages == "off":
        return False
    if style.two_pages == "on":
        return width >= 480
    return width > SPREAD_MIN_ASPECT * height and width > SPREAD_MIN_WIDTH


def page_geometry(style: ReadingStyle, width: float, height: float) -> PageGeometry:
    """Lay out one page (or a two-page spread) centred in a ``width`` × ``height`` view."""
    fm = QFontMetricsF(style.body_font())
    em = max(fm.horizontalAdvance("M"), 4.0)
    width = max(float(width), 120.0)
    height = max(float(height), 120.0)
    spread = use_spread(style, width, height)
    margin_x = min(style.margin * em, width * 0.12)
    margin_y = min(max(style.margin * em * 0.7, fm.lineSpacing()), height * 0.12)
    gutter = GUTTER_EM * em if spread else 0.0
    n = 2 if spread else 1
    avail = (width - gutter) / n
    measure = min(avail - 2 * margin_x, MAX_MEASURE_EM * em)
    measure = max(measure, 60.0)
    page_w = min(avail, measure + 2 * margin_x)
    total = page_w * n + gutter
    left = (width - total) / 2
    pages: list[QRectF] = []
    texts: list[QRectF] = []
    text_h = max(height - 2 * margin_y, fm.lineSpacing())
    for i in range(n):
        x = left + i * (page_w + gutter)
        pages.append(QRectF(x, 0.0, page_w, height))
        tx = x + (page_w - measure) / 2
        texts.append(QRectF(round(tx), round(margin_y), int(measure), int(text_h)))
    return PageGeometry(spread, tuple(pages), tuple(texts))
