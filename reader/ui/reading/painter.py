"""Painting pages for :class:`~reader.ui.reading.view.ReadingView`: sheets, highlights, text."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from reader.layout.geometry import PageGeometry
from reader.layout.paginate import Page
from reader.layout.style import Theme
from reader.layout.typeset import Typesetter
from reader.ui.common.marks import CURRENT_HIT, SEARCH_HIT, SELECTION

SPOKEN_SENTENCE = "spoken-sentence"
"""Mark name of the sentence being read aloud: a light tint with a line under it."""
SPOKEN_WORD = "spoken-word"
"""Mark name of the word being read aloud: a stronger tint over the sentence's."""

Decoration = tuple[int, int, str]
"""Source ``[start, end)`` and a colour name: a highlight colour, ``"search"`` (a search hit),
:data:`~reader.ui.common.marks.CURRENT_HIT` (the hit jumped to) or ``"selection"``."""


class Decorations:
    """Highlight/search ranges sorted by start, for finding those on a page quickly."""

    def __init__(self, ranges: list[tuple[int, int, str]] | None = None) -> None:
        self.items: list[Decoration] = sorted(
            (int(s), int(e), str(c)) for s, e, c in (ranges or []) if e > s
        )
        self._starts = [d[0] for d in self.items]
        self._maxlen = max((e - s for s, e, _c in self.items), default=0)

    def between(self, start: int, end: int) -> list[Decoration]:
        """The ranges overlapping ``[start, end)``."""
        if not self.items:
            return []
        lo = bisect.bisect_left(self._starts, start - self._maxlen)
        hi = bisect.bisect_left(self._starts, end)
        return [d for d in self.items[lo:hi] if d[1] > start]


def paint_sheets(
    painter: QPainter, geom: PageGeometry, theme: Theme, width: int, height: int
) -> None:
    """Page sheet(s) on the desk colour, with thin edges and a gutter shade for spreads."""
    painter.fillRect(QRectF(0, 0, width, height), theme.color("desk"))
    edge = QPen(theme.color("edge"))
    edge.setWidthF(1.0)
    background = theme.color("background")
    for rect in geom.pages:
        painter.fillRect(rect, background)
        painter.setPen(edge)
        if rect.left() > 0.5:
            painter.drawLine(QPointF(rect.left(), 0), QPointF(rect.left(), rect.bottom()))
        if rect.right() < width - 1:
            painter.drawLine(QPointF(rect.right(), 0), QPointF(rect.right(), rect.bottom()))
    if geom.spread:
        shade = QColor(theme.color("edge"))
        shade.setAlpha(90)
        mid = (geom.pages[0].right() + geom.pages[1].left()) / 2
        painter.fillRect(QRectF(mid - 1, 0, 2, height), shade)


def paint_message(painter: QPainter, rect: QRectF, text: str, font: QFont, colour: QColor) -> None:
    """A centred, wrapped plain-text message (drawText with a str never renders markup)."""
    painter.setPen(colour)
    painter.setFont(font)
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    painter.drawText(rect, int(flags), text)


def paint_page(
    painter: QPainter,
    page: Page,
    text_rect: QRectF,
    typesetter: Typesetter,
    theme: Theme,
    decorations: list[Decoration],
    selection_fill: QColor,
) -> None:
    """Draw one page's lines at ``text_rect``, with its decorations underneath."""
    for (b, first, last), top in zip(page.items, page.tops, strict=True):
        blk = typesetter.block(b)
        if blk is None:
            continue
        origin = QPointF(text_rect.left(), text_rect.top() + top)
        if decorations:
            a = blk.line_starts[first]
            z = blk.line_range(last)[1]
            shift = QPointF(origin.x(), origin.y() - blk.line_tops[first])
            for s, e, colour in decorations:
                if s >= z or e <= a:
                    continue
                rects = [
                    r.translated(shift) for r in blk.range_rects(max(s, a), min(e, z), first, last)
                ]
                if colour == CURRENT_HIT:
                    _paint_current_hit(painter, rects, theme)
                    continue
                if colour in (SPOKEN_SENTENCE, SPOKEN_WORD):
                    _paint_spoken(painter, rects, theme, word=colour == SPOKEN_WORD)
                    continue
                fill = selection_fill if colour == SELECTION else theme.highlight(colour)
                for r in rects:
                    painter.fillRect(r, fill)
        painter.setPen(theme.color(blk.role))
        blk.draw(painter, origin, first, last)


def current_hit_colours(theme: Theme) -> tuple[QColor, QColor]:
    """Fill and outline of the current search hit: the search colour made opaque-ish,
    outlined in the text colour, so it stands out from the other hits."""
    fill = theme.highlight(SEARCH_HIT)
    fill.setAlpha(min(255, max(fill.alpha() * 2, 200)))
    return fill, theme.color("text")


def _paint_current_hit(painter: QPainter, rects: list[QRectF], theme: Theme) -> None:
    fill, outline = current_hit_colours(theme)
    pen = QPen(outline)
    pen.setWidthF(1.5)
    painter.save()
    painter.setPen(pen)
    painter.setBrush(fill)
    for r in rects:
        painter.drawRect(r.adjusted(0.75, 0.75, -0.75, -0.75))
    painter.restore()


def spoken_colours(theme: Theme) -> tuple[QColor, QColor, QColor]:
    """Fill of the sentence read aloud, fill of its word, and the line under the sentence:
    the theme's blue highlight, lighter and stronger, so they differ from the reader's own
    highlights and from search hits."""
    sentence = theme.highlight("blue")
    sentence.setAlpha(max(50, sentence.alpha() * 2 // 3))
    word = theme.highlight("blue")
    word.setAlpha(min(255, max(word.alpha() * 2, 150)))
    line = QColor(theme.color("text"))
    line.setAlpha(140)
    return sentence, word, line


def _paint_spoken(painter: QPainter, rects: list[QRectF], theme: Theme, *, word: bool) -> None:
    sentence_fill, word_fill, line = spoken_colours(theme)
    for r in rects:
        painter.fillRect(r, word_fill if word else sentence_fill)
        if not word:
            painter.fillRect(QRectF(r.left(), r.bottom() - 1.5, r.width(), 1.5), line)


def hit_test_page(page: Page, typesetter: Typesetter, x: float, y: float) -> int | None:
    """Source offset at ``(x, y)`` from the page's text-area origin (nearest line)."""
    best = None
    for (b, first, last), top in zip(page.items, page.tops, strict=True):
        blk = typesetter.block(b)
        if blk is None:
            continue
        bottom = top + blk.line_tops[last] + blk.line_heights[last] - blk.line_tops[first]
        if best is None or y >= top:
            best = (blk, first, last, top)
        if y < bottom:
            break
    if best is None:
        return None
    blk, first, last, top = best
    return blk.hit_test(x, y - top + blk.line_tops[first], first, last)


__all__ = [
    "CURRENT_HIT",
    "SPOKEN_SENTENCE",
    "SPOKEN_WORD",
    "Decoration",
    "Decorations",
    "current_hit_colours",
    "hit_test_page",
    "paint_message",
    "paint_page",
    "paint_sheets",
    "spoken_colours",
]
