"""A typeset block (:class:`BlockLayout`) and the text helpers it relies on.

The layout text is the block's shown text trimmed, with soft hyphens (U+00AD)
inserted into long words when hyphenating; :class:`BlockLayout` maps layout
indices back to shown indices and source offsets for hit-testing and
highlight rectangles, and draws its lines (and any ruby) with a QPainter.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPainter, QTextLayout

from reader.layout.hyphenate import SOFT_HYPHEN
from reader.text.book import BlockKind, Display

LINE_SEPARATOR = "\u2028"
ORNAMENT = "⁂"
ORNAMENT_FALLBACK = "*   *   *"

_CJK_SERIFS = {
    "ja": ("Noto Serif CJK JP", "Source Han Serif JP", "IPAexMincho", "IPAMincho"),
    "ko": ("Noto Serif CJK KR", "Source Han Serif KR"),
    "zh_tw": ("Noto Serif CJK TC", "Source Han Serif TC"),
    "zh_hk": ("Noto Serif CJK HK", "Noto Serif CJK TC"),
    "zh": ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
}


def cjk_serif(language: str) -> str | None:
    """An installed Mincho/Song face for a CJK language (Chinese Simplified by default)."""
    code = language.lower().replace("-", "_")
    names = _CJK_SERIFS.get(code) or _CJK_SERIFS.get(code[:2]) or _CJK_SERIFS["zh"]
    families = set(QFontDatabase.families())
    return next((n for n in names if n in families), None)


class BlockLayout:
    """One typeset block: lines with tops/heights/source offsets, and how to draw them.

    Coordinates are relative to the block's origin: x from the left of the text
    column, y from the top of its first line (``space_before`` lies above it).
    """

    __slots__ = (
        "_d0",
        "_layout",
        "_ruby",
        "_ruby_font",
        "_shy",
        "_shy_k",
        "_text",
        "display",
        "end_offset",
        "index",
        "keep_with_next",
        "kind",
        "line_heights",
        "line_starts",
        "line_tops",
        "role",
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
    ) -> None:
        self.index = index
        self.kind = kind
        self.display = display
        self.role = role
        self._text = text
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

    def lines_text(self, first: int, last: int) -> str:
        """The shown text of lines ``first..last`` (inclusive), without soft hyphens."""
        layout = self._layout
        if layout is None:
            return ""
        a = layout.lineAt(first).textStart()
        line = layout.lineAt(last)
        b = line.textStart() + line.textLength()
        return self._text[a:b].replace(SOFT_HYPHEN, "").replace(LINE_SEPARATOR, "\n")

    def line_extent(self, i: int) -> tuple[float, float]:
        """Left and right x of line ``i``'s ink (trailing spaces excluded)."""
        layout = self._layout
        if layout is None:
            return 0.0, 0.0
        line = layout.lineAt(i)
        a = line.textStart()
        b = a + line.textLength()
        while b > a and self._text[b - 1] in " \u2028":
            b -= 1
        return line.cursorToX(a)[0], line.cursorToX(b)[0]

    def draw(self, painter: QPainter, origin: QPointF, first: int, last: int) -> None:
        """Draw lines ``first..last`` with line ``first``'s top at ``origin``."""
        layout = self._layout
        if layout is None:
            return
        pos = QPointF(origin.x(), origin.y() - self.line_tops[first])
        for i in range(first, last + 1):
            layout.lineAt(i).draw(painter, pos)
        if self._ruby and self._ruby_font is not None:
            self._draw_ruby(painter, pos, first, last, self._ruby_font)

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
            line = layout.lineForTextPosition(a)
            if not line.isValid() or not first <= line.lineNumber() <= last:
                continue
            end = min(b, line.textStart() + line.textLength())
            x1, x2 = line.cursorToX(a)[0], line.cursorToX(end)[0]
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
        """Source offset of the character at block point ``(x, y)``, within lines first..last."""
        layout = self._layout
        if last < 0:
            last = len(self.line_tops) - 1
        i = min(max(self.line_at_y(y), first), last)
        if layout is None or self.kind == BlockKind.SCENE_BREAK:
            return self.line_starts[i]
        line = layout.lineAt(i)
        li = line.xToCursor(x, line.CursorPosition.CursorOnCharacter)
        end = line.textStart() + line.textLength()
        li = min(max(li, line.textStart()), max(end - 1, line.textStart()))
        return self.source_offset(li)

    def range_rects(self, start: int, end: int, first: int = 0, last: int = -1) -> list[QRectF]:
        """Rectangles (block coordinates) covering source ``[start, end)`` on lines first..last."""
        layout = self._layout
        rects: list[QRectF] = []
        if layout is None or end <= start:
            return rects
        if last < 0:
            last = len(self.line_tops) - 1
        disp = self.display
        a = self.display_to_layout(disp.display_index(start))
        b = self.display_to_layout(disp.display_index(end), end=True)
        if b <= a:
            return rects
        text = self._text
        for i in range(first, last + 1):
            line = layout.lineAt(i)
            ls = line.textStart()
            le = ls + line.textLength()
            lo, hi = max(a, ls), min(b, le)
            if lo == ls:
                # Start at the line's first glyph: never fill white space that indents it.
                while lo < hi and lo < len(text) and text[lo].isspace():
                    lo += 1
            if lo >= hi:
                continue
            x1 = line.cursorToX(lo)[0]
            x2 = line.cursorToX(hi)[0]
            if x2 < x1:
                x1, x2 = x2, x1
            rects.append(QRectF(x1, self.line_tops[i], max(x2 - x1, 1.0), self.line_heights[i]))
        return rects
