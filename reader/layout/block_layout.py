"""A typeset block (:class:`BlockLayout`) and the text helpers it relies on.

The layout text is the block's shown text trimmed, with soft hyphens (U+00AD)
inserted into long words when hyphenating; :class:`BlockLayout` maps layout
indices back to shown indices and source offsets for hit-testing and
highlight rectangles, and draws its lines (and any ruby) with a QPainter.

Three kinds of index meet here. *Layout indices* are code-point indices into
the laid-out string; *shown indices* index :attr:`Display.text`; *Qt
positions* count UTF-16 code units. Every public method takes and returns
layout indices or source offsets; Qt positions only cross through
:meth:`BlockLayout.to_qt` and :meth:`BlockLayout.from_qt` (a
:class:`~reader.layout.utf16.Utf16Map`). Hit-testing and highlight ranges work
in whole grapheme clusters (a ZWJ emoji sequence, a flag, a letter with its
combining marks): a position inside one moves to its start or end.
"""

from __future__ import annotations

import bisect
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QTextLayout,
    QTextLine,
)

from reader.layout.graphemes import extends, is_regional, visible
from reader.layout.hyphenate import SOFT_HYPHEN
from reader.layout.utf16 import Utf16Map
from reader.text.book import BlockKind, Display

LINE_SEPARATOR = "\u2028"
ORNAMENT = "⁂"
ORNAMENT_FALLBACK = "*   *   *"


class BlockLayout:
    """One typeset block: lines with tops/heights/source offsets, and how to draw them.

    Coordinates are relative to the block's origin: x from the left of the text
    column, y from the top of its first line (``space_before`` lies above it).
    ``rtl`` is True when the block's base direction is right-to-left; ``bidi``
    (given by the typesetter) when its lines may mix directions, so that a range
    can cover several separate pieces of one line.
    """

    __slots__ = (
        "_bidi",
        "_d0",
        "_hits",
        "_layout",
        "_ruby",
        "_ruby_font",
        "_shy",
        "_shy_k",
        "_text",
        "_u16",
        "display",
        "end_offset",
        "index",
        "keep_lines",
        "keep_with_next",
        "kind",
        "label_chars",
        "line_heights",
        "line_starts",
        "line_tops",
        "role",
        "rtl",
        "space_after",
        "space_before",
    )

    def __init__(
        self,
        index: int,
        kind: BlockKind,
        text: str,
        display: Display,
        d0: int,
        shy: list[int],
        layout: QTextLayout,
        role: str,
        rtl: bool = False,
        bidi: bool = False,
    ) -> None:
        self.index = index
        self.kind = kind
        self.display = display
        self.role = role
        self._text = text
        self._u16 = Utf16Map(text)
        self.rtl = rtl
        self._bidi = bidi or rtl
        self._hits: dict[int, list[tuple[float, float, int, bool]]] = {}
        self._d0 = d0
        self._shy = shy
        self._shy_k = [s - j for j, s in enumerate(shy)]
        self._layout: QTextLayout | None = layout
        self._ruby: list[tuple[int, int, str]] = []
        self._ruby_font: QFont | None = None
        self.line_tops: list[float] = []
        self.line_heights: list[float] = []
        self.line_starts: list[int] = []
        self.end_offset = 0
        self.space_before = 0.0
        self.space_after = 0.0
        self.keep_with_next = False
        self.keep_lines: frozenset[int] = frozenset()
        """Lines never left last on a page (a part's entry in a printed contents)."""
        self.label_chars = 0
        """Layout characters of an author's note's label (or fold line) on its first line;
        a thin rule is drawn after it to the end of the line."""

    @property
    def text(self) -> str:
        """The laid-out string: the shown text trimmed, with any inserted soft hyphens."""
        return self._text

    @property
    def utf16_trivial(self) -> bool:
        """True when Qt positions and layout indices coincide (no astral characters)."""
        return self._u16.trivial

    # index maps ---------------------------------------------------------

    def layout_to_display(self, li: int) -> int:
        """Shown-text index of layout index ``li`` (a soft hyphen maps to the next char)."""
        return self._d0 + li - bisect.bisect_left(self._shy, li)

    def display_to_layout(self, d: int, end: bool = False) -> int:
        """Layout index of shown index ``d`` (``end``: as the end of a range)."""
        k = min(max(d - self._d0, 0), len(self._text) - len(self._shy))
        fn = bisect.bisect_left if end else bisect.bisect_right
        return k + fn(self._shy_k, k)

    def source_offset(self, li: int) -> int:
        """Source offset of the character at layout index ``li``."""
        return self.display.offsets[self.layout_to_display(li)]

    def layout_index(self, offset: int, end: bool = False) -> int:
        """Layout index of source ``offset`` (the first shown character at or after it)."""
        return self.display_to_layout(self.display.display_index(offset), end)

    def to_qt(self, li: int) -> int:
        """The Qt (UTF-16) position of layout index ``li``."""
        return self._u16.to_utf16(li)

    def from_qt(self, pos: int, end: bool = False) -> int:
        """The layout index of Qt position ``pos``.

        A position between the halves of a surrogate pair moves to that character's
        start (with ``end``, just after it). Grapheme clusters are left alone: a line may
        start inside one (after a space, before a combining mark or ZWNJ), see
        :meth:`cluster`.
        """
        return self._u16.from_utf16(pos, end)

    def cluster(self, li: int) -> tuple[int, int]:
        """Layout range ``[start, end)`` of the grapheme cluster (the character as the reader
        sees it) containing layout index ``li``."""
        n = len(self._text)
        if n == 0:
            return 0, 0
        start = self._snap(min(max(li, 0), n - 1), False)
        return start, max(self._snap(start + 1, True), start + 1)

    def char_range(self, offset: int, source: str) -> tuple[int, int]:
        """Source ``[start, end)`` of the grapheme cluster shown at source ``offset`` of
        ``source`` (the book's text); ``(offset, offset + 1)`` when it is not shown here."""
        disp = self.display
        d = disp.display_index(offset)
        shown_end = self._d0 + len(self._text) - len(self._shy)
        if (
            self._d0 < d <= shown_end
            and disp.offsets[d - 1] == offset - 1
            and disp.text[d - 1] == "—"
            and source.startswith("--", offset - 1)
        ):
            d -= 1  # the second hyphen of a typewriter dash, shown as one em dash
        elif not self._d0 <= d < shown_end or disp.offsets[d] != offset:
            return offset, offset + 1
        la, lb = self.cluster(self.display_to_layout(d))
        last = self.layout_to_display(lb - 1)
        start = self.display.offsets[self.layout_to_display(la)]
        end = disp.offsets[last] + 1
        if disp.text[last] == "—" and source.startswith("--", disp.offsets[last]):
            end += 1  # a typewriter dash: one character shown for two
        return min(start, offset), max(end, offset + 1)

    def _snap(self, li: int, end: bool) -> int:
        """Layout index ``li`` moved to a grapheme-cluster boundary: back to the start of
        the cluster it is inside, or with ``end`` on to the cluster's end.

        Qt's cursor positions decide, except where Qt (6.11) strays from UAX #29: flags
        are paired here, and a combining mark, ZWJ, variation selector or skin tone
        always stays with the character before it.
        """
        text = self._text
        n = len(text)
        li = min(max(li, 0), n)
        step = 1 if end else -1
        while True:  # each pass moves one way only, so this ends
            before = li
            if 0 < li < n and (is_regional(text[li]) or is_regional(text[li - 1])):
                if self._inside_flag(li):
                    li += step
            elif self._layout is not None:
                pos = self._u16.to_utf16(li)
                if not self._layout.isValidCursorPosition(pos):
                    layout = self._layout
                    pos = (
                        layout.nextCursorPosition(pos)
                        if end
                        else layout.previousCursorPosition(pos)
                    )
                    li = self._u16.from_utf16(pos, end)
            while 0 < li < n and extends(text[li]):
                li += step
            # Stepping over a joiner may land where Qt sees no boundary (a conjunct before
            # two ZWJs, which Qt 6.11 splits after the first): snap again.
            if li == before:
                return li

    def _inside_flag(self, li: int) -> bool:
        """True when ``li`` falls between the two regional indicators of a flag.

        Qt (6.11) pairs the letters of flags that follow an emoji ("👍🇫🇷🇯🇵") wrongly,
        against UAX #29 (GB12/GB13); the pairs are counted here from the run's start.
        """
        text = self._text
        if not 0 < li < len(text) or not is_regional(text[li]) or not is_regional(text[li - 1]):
            return False
        k = li - 1
        while k > 0 and is_regional(text[k - 1]):
            k -= 1
        return (li - k) % 2 == 1

    def _qt_line(self, i: int) -> tuple[int, int]:
        """Qt positions ``[start, end)`` of line ``i``."""
        assert self._layout is not None
        line = self._layout.lineAt(i)
        start = line.textStart()
        return start, start + line.textLength()

    # geometry -----------------------------------------------------------

    @property
    def height(self) -> float:
        """Height of all lines (without the space around the block)."""
        return self.line_tops[-1] + self.line_heights[-1] if self.line_tops else 0.0

    def line_count(self) -> int:
        """Number of lines."""
        return len(self.line_heights)

    def line_range(self, i: int) -> tuple[int, int]:
        """Source ``[start, end)`` of line ``i``."""
        end = self.line_starts[i + 1] if i + 1 < len(self.line_starts) else self.end_offset
        return self.line_starts[i], end

    def line_layout_range(self, i: int) -> tuple[int, int]:
        """Layout indices ``[start, end)`` of line ``i`` (trailing spaces included)."""
        if self._layout is None:
            return 0, 0
        a, b = self._qt_line(i)
        return self._u16.from_utf16(a), self._u16.from_utf16(b, True)

    def lines_text(self, first: int, last: int) -> str:
        """The shown text of lines ``first..last`` (inclusive), without soft hyphens."""
        if self._layout is None:
            return ""
        a = self.line_layout_range(first)[0]
        b = self.line_layout_range(last)[1]
        return self._text[a:b].replace(SOFT_HYPHEN, "").replace(LINE_SEPARATOR, "\n")

    def line_extent(self, i: int) -> tuple[float, float]:
        """Left and right x of line ``i``'s ink (trailing spaces excluded)."""
        layout = self._layout
        if layout is None:
            return 0.0, 0.0
        line = layout.lineAt(i)
        a, b = self.line_layout_range(i)
        text = self._text
        while b > a and text[b - 1] in " \u2028":
            b -= 1
        a16, b16 = self._u16.to_utf16(a), self._u16.to_utf16(b)
        if b16 <= a16:
            x = _cursor_x(line, a16)
            return x, x
        spans = self._spans(line, a16, b16)
        return spans[0][0], spans[-1][1]

    def _spans(self, line: QTextLine, a16: int, b16: int) -> list[tuple[float, float]]:
        """Left-to-right x intervals covering Qt range ``[a16, b16)`` of ``line`` (not empty).

        One interval unless the block mixes directions: then each visual run of the range
        gives its own (the same bounds Qt paints a selection with).
        """
        if self._bidi:
            runs = line.glyphRuns(a16, b16 - a16)
            bounds = sorted({(r.boundingRect().left(), r.boundingRect().right()) for r in runs})
            merged: list[tuple[float, float]] = []
            for x1, x2 in bounds:
                if merged and x1 <= merged[-1][1] + 0.5:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], x2))
                else:
                    merged.append((x1, x2))
            if merged:
                return merged
        x1, x2 = _cursor_x(line, a16), _cursor_x(line, b16)
        return [(x1, x2) if x1 <= x2 else (x2, x1)]

    def draw(self, painter: QPainter, origin: QPointF, first: int, last: int) -> None:
        """Draw lines ``first..last`` with line ``first``'s top at ``origin``."""
        layout = self._layout
        if layout is None:
            return
        pos = QPointF(origin.x(), origin.y() - self.line_tops[first])
        for i in range(first, last + 1):
            layout.lineAt(i).draw(painter, pos)
        if self.label_chars and first == 0:
            self._draw_rule(painter, pos)
        if self._ruby and self._ruby_font is not None:
            self._draw_ruby(painter, pos, first, last, self._ruby_font)

    def _draw_rule(self, painter: QPainter, pos: QPointF) -> None:
        """A thin rule after the label on the first line, to the end of the measure: the
        note is set apart from the story."""
        layout = self._layout
        if layout is None:
            return
        line = layout.lineAt(0)
        end = self.to_qt(self.label_chars)
        x_label = _cursor_x(line, end)
        gap = line.height() * 0.5
        x0 = pos.x() + x_label + gap
        x1 = pos.x() + line.x() + line.width()
        if self.rtl:
            x0, x1 = pos.x() + line.x(), pos.x() + x_label - gap
        if x1 - x0 < gap:
            return
        y = pos.y() + line.y() + line.ascent() * 0.62
        painter.save()
        pen = painter.pen()
        pen.setWidthF(0.8)
        painter.setPen(pen)
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        painter.restore()

    def _draw_ruby(
        self, painter: QPainter, pos: QPointF, first: int, last: int, font: QFont
    ) -> None:
        """Draw ruby readings small, centred above their base text, in the line's top band."""
        layout = self._layout
        assert layout is not None
        painter.save()
        painter.setFont(font)
        band = QFontMetricsF(font).lineSpacing()
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        for a, b, reading in self._ruby:
            a16, b16 = self._u16.to_utf16(a), self._u16.to_utf16(b)
            line = layout.lineForTextPosition(a16)
            if not line.isValid() or not first <= line.lineNumber() <= last:
                continue
            end = min(b16, line.textStart() + line.textLength())
            if end <= a16:
                continue
            spans = self._spans(line, a16, end)
            x1, x2 = spans[0][0], spans[-1][1]
            centre = pos.x() + (x1 + x2) / 2
            top = pos.y() + self.line_tops[line.lineNumber()]
            width = max(x2 - x1, band * len(reading))
            painter.drawText(QRectF(centre - width / 2, top, width, band), flags, reading)
        painter.restore()

    def line_at_y(self, y: float) -> int:
        """The line whose band contains ``y`` (clamped to the first/last line)."""
        i = bisect.bisect_right(self.line_tops, y) - 1
        return min(max(i, 0), len(self.line_tops) - 1)

    def hit_test(self, x: float, y: float, first: int = 0, last: int = -1) -> int:
        """Source offset of the character at block point ``(x, y)``, within lines first..last.

        The character is the whole grapheme cluster under ``x`` (its first code point's
        offset); left or right of the text, the line's nearest character in that direction.
        """
        layout = self._layout
        if last < 0:
            last = len(self.line_tops) - 1
        i = min(max(self.line_at_y(y), first), last)
        if layout is None or self.kind == BlockKind.SCENE_BREAK:
            return self.line_starts[i]
        line = layout.lineAt(i)
        start, end = self._qt_line(i)
        if end <= start:
            return self.line_starts[i]
        first = self.from_qt(start)
        if self._bidi:
            li = self._drawn_at(i, x)
        else:
            pos = line.xToCursor(x, line.CursorPosition.CursorOnCharacter)
            if pos >= end:
                pos = layout.previousCursorPosition(end)  # the line's last character
            li = self._snap(self.from_qt(max(pos, start)), False)
        li = max(li, first)
        k = bisect.bisect_left(self._shy, li)
        if k < len(self._shy) and self._shy[k] == li and li > first:
            li -= 1  # the hyphen ending a broken word: the letter before it
        return self.source_offset(li)

    def _drawn_at(self, i: int, x: float) -> int:
        """Layout index of the cluster drawn under ``x`` on line ``i`` (else the nearest).

        For lines that may mix directions: QTextLine.xToCursor disagrees with where Qt
        draws a right-to-left line that ends in spaces (it leaves out their width), so
        the clusters' drawn extents are looked up instead (once per line, then cached).
        """
        spans = self._hits.get(i)
        if spans is None:
            spans = self._hits[i] = self._drawn_clusters(i)
        best, best_d = self.line_layout_range(i)[0], math.inf
        for x1, x2, li, blank in spans:
            # Among the spans containing x the one centred nearest wins (a ligature's
            # letters overlap), a visible one before white space (Qt may report a right-to-
            # left line's trailing space over the glyph beside it); with none, the nearest.
            if x1 <= x < x2:
                d = abs(x - (x1 + x2) / 2) - (1e6 if blank else 2e6)
            else:
                d = max(x1 - x, x - x2)
            if d < best_d:
                best, best_d = li, d
        return best

    def _drawn_clusters(self, i: int) -> list[tuple[float, float, int, bool]]:
        """``(left, right, layout index, blank)`` of each grapheme cluster drawn on line
        ``i``; ``blank``: nothing in the cluster is visible (white space, marks, joiners)."""
        assert self._layout is not None
        line = self._layout.lineAt(i)
        to_qt = self._u16.to_utf16
        a, b = self.line_layout_range(i)
        spans = []
        li = a
        while li < b:
            c1 = min(self.cluster(li)[1], b)
            a16 = to_qt(li)
            blank = not any(visible(ch) for ch in self._text[li:c1])
            for run in line.glyphRuns(a16, to_qt(c1) - a16):
                r = run.boundingRect()
                if r.width() > 0:
                    spans.append((r.left(), r.right(), li, blank))
            li = c1
        return spans

    def range_rects(self, start: int, end: int, first: int = 0, last: int = -1) -> list[QRectF]:
        """Rectangles (block coordinates) covering source ``[start, end)`` on lines first..last.

        A range that starts or ends inside a grapheme cluster covers the whole cluster. On
        a line that mixes directions a range may need several rectangles; they are given
        left to right within each line, lines in order.
        """
        layout = self._layout
        rects: list[QRectF] = []
        if layout is None or end <= start:
            return rects
        if last < 0:
            last = len(self.line_tops) - 1
        a = self.layout_index(start)
        b = self.layout_index(end, end=True)
        if b <= a:
            return rects
        u16 = self._u16
        a16, b16 = u16.to_utf16(self._snap(a, False)), u16.to_utf16(self._snap(b, True))
        text = self._text
        for i in range(first, last + 1):
            line = layout.lineAt(i)
            ls, le = self._qt_line(i)
            lo, hi = max(a16, ls), min(b16, le)
            if lo == ls and lo < hi:
                # Start at the line's first glyph: never fill white space that indents it.
                k, kh = u16.from_utf16(lo), u16.from_utf16(hi, True)
                while k < kh and text[k].isspace():
                    k += 1
                lo = u16.to_utf16(k)
            if lo >= hi:
                continue
            top, height = self.line_tops[i], self.line_heights[i]
            for x1, x2 in self._spans(line, lo, hi):
                rects.append(QRectF(x1, top, max(x2 - x1, 1.0), height))
        return rects


def _cursor_x(line: QTextLine, pos: int) -> float:
    """The x of Qt position ``pos`` on ``line``."""
    # PySide6's stub types cursorToX as returning "object"; it returns (x, position).
    return float(line.cursorToX(pos)[0])  # type: ignore[index]
