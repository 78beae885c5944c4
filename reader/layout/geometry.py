"""Where pages and their text areas sit in a view of a given size.

The column keeps a comfortable measure: never narrower than about
:data:`MIN_MEASURE_CHARS` characters of the body font nor wider than about
:data:`MAX_MEASURE_CHARS` (counted with :func:`char_width`, the average width of
a character in ordinary prose). When the view is narrow the margins give way
first, down to :data:`MIN_MARGIN_EM`; two pages appear side by side only when
both columns keep the minimum measure ("Two pages: On" falls back to one page
otherwise, and :attr:`PageGeometry.spread_refused` says so).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from reader.layout.style import ReadingStyle

MIN_MEASURE_CHARS = 45
"""Narrowest column, in characters of ordinary prose (below this, justified lines open
rivers and hyphens pile up)."""
MAX_MEASURE_CHARS = 72
"""Widest column, in characters (longer lines make the eye lose its way back)."""
AUTO_SPREAD_CHARS = 55
"""With "Two pages: Automatic", two pages only when each column gets at least this many
characters (a comfortable spread; "On" settles for the minimum measure)."""
MIN_MARGIN_EM = 1.0
"""Margins shrink to this (in ems) before the measure goes below its minimum."""
SPREAD_MIN_WIDTH = 900.0
SPREAD_MIN_ASPECT = 1.3
GUTTER_EM = 1.0
SAMPLE = (
    "It was a bright cold day in April, and the clocks were striking thirteen. "
    "She said, “Come in; the kettle’s on,” and he followed her into the warm kitchen."
)
"""Ordinary prose: capitals, punctuation and spaces in their usual share."""


@functools.lru_cache(maxsize=64)
def _char_width(family: str, size: float) -> float:
    style = ReadingStyle(font_family=family, font_size=size)
    fm = QFontMetricsF(style.body_font())
    return max(fm.horizontalAdvance(SAMPLE) / len(SAMPLE), 1.0)


def char_width(style: ReadingStyle) -> float:
    """The average width of a character of ordinary prose in the style's body font."""
    return _char_width(style.resolved_family(), style.font_size)


def measure_bounds(style: ReadingStyle) -> tuple[float, float]:
    """The narrowest and widest column (pixels) for ``style``."""
    cw = char_width(style)
    return MIN_MEASURE_CHARS * cw, MAX_MEASURE_CHARS * cw


def _em(style: ReadingStyle) -> float:
    return max(QFontMetricsF(style.body_font()).horizontalAdvance("M"), 4.0)


def min_margin(style: ReadingStyle) -> float:
    """The narrowest side margin: :data:`MIN_MARGIN_EM`, or the style's own if smaller."""
    return min(style.margin, MIN_MARGIN_EM) * _em(style)


def min_page_width(style: ReadingStyle) -> float:
    """The narrowest view that still shows one page at the minimum measure."""
    return math.ceil(measure_bounds(style)[0]) + 1 + 2 * min_margin(style)


@dataclass(frozen=True)
class PageGeometry:
    """Page sheets and text areas (widget coordinates) for one view size and style."""

    spread: bool
    pages: tuple[QRectF, ...]
    text: tuple[QRectF, ...]
    spread_refused: bool = False
    """True when "Two pages: On" shows one page because two columns would be too narrow."""

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


def spread_fits(style: ReadingStyle, width: float, chars: int = MIN_MEASURE_CHARS) -> bool:
    """True when two columns of at least ``chars`` characters fit side by side in
    ``width``: the minimum measure between the narrowest margins, or (for more
    characters) that many between the style's own margins."""
    em = _em(style)
    margin = min_margin(style) if chars <= MIN_MEASURE_CHARS else style.margin * em
    column = math.ceil(chars * char_width(style)) + 1 + 2 * margin
    return (width - GUTTER_EM * em) / 2 >= column


def use_spread(style: ReadingStyle, width: float, height: float) -> bool:
    """Whether two pages are shown side by side for this style and view size."""
    if style.two_pages == "off" or not spread_fits(style, width):
        return False
    if style.two_pages == "on":
        return True
    return (
        width > SPREAD_MIN_ASPECT * height
        and width > SPREAD_MIN_WIDTH
        and spread_fits(style, width, AUTO_SPREAD_CHARS)
    )


def page_geometry(style: ReadingStyle, width: float, height: float) -> PageGeometry:
    """Lay out one page (or a two-page spread) centred in a ``width`` × ``height`` view."""
    fm = QFontMetricsF(style.body_font())
    em = _em(style)
    width = max(float(width), 120.0)
    height = max(float(height), 120.0)
    spread = use_spread(style, width, height)
    low, high = measure_bounds(style)
    low = math.ceil(low)
    margin_x = min(style.margin * em, width * 0.12)
    margin_y = min(max(style.margin * em * 0.7, fm.lineSpacing()), height * 0.12)
    gutter = GUTTER_EM * em if spread else 0.0
    n = 2 if spread else 1
    avail = (width - gutter) / n
    if avail - 2 * margin_x < low:  # the margins give way before the measure does
        margin_x = max((avail - low) / 2, min(min_margin(style), avail * 0.12))
    measure = min(avail - 2 * margin_x, high)
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
    refused = style.two_pages == "on" and not spread
    return PageGeometry(spread, tuple(pages), tuple(texts), refused)
