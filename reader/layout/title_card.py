"""Typesetting a story header as a designed title card.

The card's shown text comes from :func:`reader.text.story_card.story_card` (title,
by-line, facts, chips, unparsed lines, summary, one per line, with source offsets). It is
set in one ``QTextLayout`` — so selection, hit tests, highlights and search work on it as
on any block — with a font per part (a large title, an italic by-line, small facts and
chips) and its own line placement: everything centred but the summary, which is set
flush left at the body size, with space between the parts. :class:`CardLayout` paints a
rounded chip behind each relationship and tag, in the text colour made faint.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)

from reader.layout.block_layout import LINE_SEPARATOR, BlockLayout
from reader.text.book import BlockKind, Book
from reader.text.story_card import StoryCard, story_card

__all__ = ["CARD_TITLE_SCALE", "CardLayout", "set_title_card"]

CARD_TITLE_SCALE = 1.7
"""The story's title is set this many times the body size."""
_SIZES = {"title": CARD_TITLE_SCALE, "byline": 1.1, "meta": 0.85, "chips": 0.85, "chip": 0.85}
_GAP_BEFORE = {"byline": 0.3, "meta": 0.9, "chips": 0.6, "summary": 1.0}
"""Space above the first line of each part, in body lines."""


class CardLayout(BlockLayout):
    """A title card's layout: a :class:`BlockLayout` that also paints its chips."""

    __slots__ = ("chips",)

    chips: list[tuple[int, int]]
    """Layout ranges ``[start, end)`` of the chips."""

    def draw(self, painter: QPainter, origin: QPointF, first: int, last: int) -> None:
        """Draw the chips behind lines ``first..last``, then the lines."""
        layout = self._layout
        if layout is not None and self.chips:
            pos = QPointF(origin.x(), origin.y() - self.line_tops[first])
            ink = QColor(painter.pen().color())
            fill = QColor(ink)
            fill.setAlphaF(0.08)
            edge = QColor(ink)
            edge.setAlphaF(0.35)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            pen = QPen(edge)
            pen.setWidthF(0.8)
            painter.setPen(pen)
            painter.setBrush(fill)
            for a, b in self.chips:
                for rect in self._chip_rects(a, b, first, last):
                    r = rect.translated(pos)
                    painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
            painter.restore()
        super().draw(painter, origin, first, last)

    def _chip_rects(self, a: int, b: int, first: int, last: int) -> list[QRectF]:
        """Rectangles (block coordinates) of the chip over layout indices ``[a, b)``."""
        layout = self._layout
        assert layout is not None
        a16, b16 = self.to_qt(a), self.to_qt(b)
        line = layout.lineForTextPosition(a16)
        if not line.isValid() or not first <= line.lineNumber() <= last:
            return []
        end = min(b16, line.textStart() + line.textLength())
        if end <= a16:
            return []
        x1, x2 = _x(line, a16), _x(line, end)
        pad = line.height() * 0.3
        left, right = min(x1, x2) - pad, max(x1, x2) + pad
        return [QRectF(left, line.y() + 1, right - left, line.height() - 2)]


def _x(line: QTextLine, pos: int) -> float:
    """The x of Qt position ``pos`` on ``line``."""
    # PySide6's stub types cursorToX as returning "object"; it returns (x, position).
    return float(line.cursorToX(pos)[0])  # type: ignore[index]


def set_title_card(
    book: Book,
    index: int,
    body: QFont,
    width: float,
    advance: float,
    keep_layout: bool,
) -> CardLayout | None:
    """The title card of block ``index`` (a ``STORY_HEADER``) set ``width`` wide in fonts
    sized from ``body`` and lines ``advance`` apart; None when the story has no card."""
    card = story_card(book)
    if card is None:
        return None
    disp = card.display
    text = disp.text.replace("\n", LINE_SEPARATOR)
    layout = QTextLayout(text, body)
    option = QTextOption(Qt.AlignmentFlag.AlignLeft)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    result = CardLayout(index, BlockKind.STORY_HEADER, text, disp, 0, [], layout, "text")
    result.chips = [(a, b) for a, b, role in card.parts if role == "chip"]
    layout.setFormats(_formats(result, card, body))
    roles = _line_roles(card, len(text))
    _place_lines(result, layout, roles, width, advance)
    if not result.line_tops:
        return None
    result.end_offset = disp.offsets[len(disp.text)]
    result.space_before = float(round(advance * 2.0))
    result.space_after = float(round(advance * 1.5))
    result.keep_with_next = False
    if not keep_layout:
        result._layout = None
    return result


def _formats(result: CardLayout, card: StoryCard, body: QFont) -> list[QTextLayout.FormatRange]:
    """A character format for each part of the card (sizes, weight, italics)."""
    size = body.pointSizeF() if body.pointSizeF() > 0 else 12.0
    out: list[QTextLayout.FormatRange] = []
    for a, b, role in card.parts:
        if role == "chip":
            continue  # the chips line carries the size
        fmt = QTextCharFormat()
        font = QFont(body)
        font.setPointSizeF(size * _SIZES.get(role, 1.0))
        if role == "title":
            font.setWeight(QFont.Weight.DemiBold)
        elif role == "byline":
            font.setItalic(True)
        fmt.setFont(font)
        r = QTextLayout.FormatRange()
        r.start = result.to_qt(a)
        r.length = result.to_qt(b) - r.start
        r.format = fmt
        out.append(r)
    return out


def _line_roles(card: StoryCard, n: int) -> list[str]:
    """The role of each shown character's line part (for placing lines)."""
    roles = ["summary"] * (n + 1)
    for a, b, role in card.parts:
        if role != "chip":
            for i in range(a, min(b, n)):
                roles[i] = role
    return roles


def _place_lines(
    result: CardLayout,
    layout: QTextLayout,
    roles: list[str],
    width: float,
    advance: float,
) -> None:
    """Break the card into lines; centre all but the summary; space the parts apart."""
    text = result.text
    disp = result.display
    y = 0.0
    prev_role = ""
    prev_end = -1
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        qs = line.textStart()
        ts = result.from_qt(qs)
        role = roles[min(ts, len(roles) - 1)]
        line.setLineWidth(width)
        if result.line_tops and role != prev_role and ts > 0 and text[ts - 1] == LINE_SEPARATOR:
            gap = round(advance * _GAP_BEFORE.get(role, 0.3))
            result.line_heights[-1] += gap  # lines stay contiguous for pagination
            y += gap
        h = line.height()
        step = float(max(1, round(max(h, advance * 0.8) * (1.15 if role != "summary" else 1.0))))
        if role == "summary":
            step = max(step, advance)
        x = 0.0
        if role != "summary":
            x = max(0.0, (width - line.naturalTextWidth()) / 2)
        line.setPosition(QPointF(x, y + math.floor((step - h) / 2)))
        result.line_tops.append(y)
        result.line_heights.append(step)
        result.line_starts.append(disp.offsets[result.layout_to_display(ts)])
        y += step
        prev_role = role
        if qs <= prev_end:
            break
        prev_end = qs
    layout.endLayout()
