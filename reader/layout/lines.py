"""Setting single lines of a block: justification within bounds, hyphen runs, right-to-left fill.

QTextLayout breaks lines greedily and, with ``AlignJustify``, stretches every
line but the last to the full measure, however loose that makes it. A typesetter
would rather set such a line ragged than open rivers between its words; and it
never lets more than two lines in a row end with a hyphen. QTextLine does
neither, so the typesetter checks each line as it is made:

- lines are broken with word spaces :data:`SPACE_SHRINK` narrower than normal (a
  compositor squeezes a line a little rather than leave it loose), so that more
  lines end close to the margin;
- a line whose word spaces justifying would still stretch by more than
  :data:`MAX_SPACE_STRETCH` of a normal space (the typesetter checks each line as it
  is made) is set ragged with normal spaces by :func:`set_ragged` (the line keeps
  exactly the same text);
- :func:`word_hyphens` finds the soft hyphens of the word that ends a line, to be
  taken out (and the block laid out again) when that line would be the third
  hyphenated one in a row; :func:`without` takes them out.

Indices here are layout indices (code points of the laid-out string) unless they
end in ``16`` (Qt's UTF-16 positions).
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QTextCharFormat, QTextLayout, QTextLine

from reader.layout.block_layout import LINE_SEPARATOR
from reader.layout.hyphenate import SOFT_HYPHEN
from reader.text.book import BlockKind

if TYPE_CHECKING:
    from reader.layout.block_layout import BlockLayout

MAX_SPACE_STRETCH = 0.6
"""A justified line may widen each word space by at most this share of a normal space
(+60%); a line that would need more is set ragged."""
SPACE_SHRINK = 0.25
"""Justified paragraphs are broken into lines with word spaces this share of a normal
space narrower (TeX lets a space shrink by a third); lines are then stretched from there."""


def set_ragged(line: QTextLine, width: float, spaces: int, shrink: float) -> float:
    """Set ``line`` ragged with normal word spaces: its ``spaces`` spaces, laid out
    ``shrink`` pixels narrower than normal, get that back and nothing more (justifying a
    line to its own width stretches nothing). Returns the room left at its end.

    The line keeps its text: were Qt to break it elsewhere at the new width (it
    cannot, the width being no less than the text's), the old width is restored.
    """
    length = line.textLength()
    target = min(line.naturalTextWidth() + spaces * shrink + 0.01, width)
    line.setLineWidth(target)
    if line.textLength() != length:
        line.setLineWidth(width)
        return 0.0
    return max(width - target, 0.0)


def word_hyphens(text: str, shy: list[int], at: int) -> set[int]:
    """The soft hyphens (layout indices, from ``shy``) of the word around layout index ``at``."""
    a = at
    while a > 0 and (text[a - 1].isalpha() or text[a - 1] == SOFT_HYPHEN):
        a -= 1
    b = at + 1
    while b < len(text) and (text[b].isalpha() or text[b] == SOFT_HYPHEN):
        b += 1
    return {s for s in shy if a <= s < b}


def without(text: str, shy: list[int], drop: set[int]) -> tuple[str, list[int]]:
    """``text`` and its soft-hyphen indices ``shy`` with the hyphens at ``drop`` taken out."""
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    removed = 0
    for s in shy:
        if s in drop:
            pieces.append(text[last:s])
            last = s + 1
            removed += 1
        else:
            kept.append(s - removed)
    pieces.append(text[last:])
    return "".join(pieces), kept


def fill_rtl_line(block: BlockLayout, line: QTextLine, width: float) -> float:
    """Make a justified right-to-left ``line`` (just broken at ``width``) meet the margins;
    returns how far right to move it from its start margin.

    QTextLayout justifies a right-to-left line to its width less its trailing spaces
    (which hang off its left end) and then aligns it by that width, so both edges fall
    short of the margins. Widening the line by the shortfall makes it fill the column;
    when the wider line would take in more text, or Qt cannot justify it (no room to
    stretch), the width is restored and the line is moved flush right instead.
    """
    qs, length = line.textStart(), line.textLength()
    a, b = block.from_qt(qs), block.from_qt(qs + length, end=True)
    text = block.text
    if b >= len(text) or b <= a or text[b - 1] == LINE_SEPARATOR:
        return 0.0  # the last line, or one ended by a line separator: not justified
    k = b
    while k > a and text[k - 1].isspace():
        k -= 1
    if k in (a, b):
        return 0.0  # no trailing space: nothing hangs
    k16 = block.to_qt(k)
    extent = ink(line, qs, k16)
    if extent is None:
        return 0.0
    left, right = extent
    if right - left < width - 0.01:
        line.setLineWidth(width + width - (right - left))
        if line.textLength() == length:
            wide = ink(line, qs, k16)
            if wide is not None and abs(wide[1] - wide[0] - width) <= 0.25:
                return -wide[0]
        line.setLineWidth(width)
    return max(width - right, 0.0)


def flush_right(block: BlockLayout, line: QTextLine, width: float) -> float:
    """How far right to move ``line`` for its last glyph (trailing spaces aside, which a
    right-to-left line keeps at its left end) to meet the right margin at ``width``."""
    qs, length = line.textStart(), line.textLength()
    a, b = block.from_qt(qs), block.from_qt(qs + length, end=True)
    text = block.text
    while b > a and text[b - 1].isspace():
        b -= 1
    extent = ink(line, qs, block.to_qt(b)) if b > a else None
    return width - extent[1] if extent is not None else 0.0


def ink(line: QTextLine, a16: int, b16: int) -> tuple[float, float] | None:
    """Left and right x of the glyphs of Qt range ``[a16, b16)`` on ``line`` (None: none)."""
    runs = line.glyphRuns(a16, b16 - a16)
    if not runs:
        return None
    return min(r.boundingRect().left() for r in runs), max(r.boundingRect().right() for r in runs)


def italic_formats(
    block: BlockLayout, italic: tuple[tuple[int, int], ...], d0: int, d1: int
) -> list[QTextLayout.FormatRange]:
    """Italic format ranges (Qt positions) for the shown ranges ``italic``, clipped to
    the laid-out part ``[d0, d1)`` and mapped like highlights (soft hyphens counted)."""
    fmt = QTextCharFormat()
    fmt.setFontItalic(True)
    ranges = []
    for a, b in italic:
        a, b = max(a, d0), min(b, d1)
        if b <= a:
            continue
        la = block.to_qt(block.display_to_layout(a))
        lb = block.to_qt(block.display_to_layout(b, end=True))
        if lb > la:
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = la, lb - la, fmt
            ranges.append(r)
    return ranges


def label_format(
    block: BlockLayout, chars: int, font: QFont, link: int = 0
) -> list[QTextLayout.FormatRange]:
    """The formats of a note's label (its first ``chars`` layout characters): small,
    letter-spaced and a little heavier than the note; its last ``link`` characters (the
    "show" of a folded note) underlined, as something to click."""
    fmt = QTextCharFormat()
    fmt.setFontPointSize(max(font.pointSizeF() * LABEL_FONT / NOTE_FONT, 5.0))
    fmt.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
    fmt.setFontLetterSpacing(112.0)
    fmt.setFontWeight(QFont.Weight.DemiBold)
    ranges = []
    for a, b, underline in ((0, chars - link, False), (chars - link, chars, True)):
        if b <= a:
            continue
        if underline:
            fmt = QTextCharFormat(fmt)
            fmt.setFontUnderline(True)
        r = QTextLayout.FormatRange()
        r.start, r.length, r.format = block.to_qt(a), block.to_qt(b) - block.to_qt(a), fmt
        ranges.append(r)
    return ranges


def colour_role(kind: BlockKind) -> str:
    """Theme colour role used to draw a block of ``kind``."""
    if kind == BlockKind.HEADING or kind == BlockKind.TITLE:
        return "heading"
    if kind in (BlockKind.AUTHOR_NOTE, BlockKind.MATTER, BlockKind.SCENE_BREAK):
        return "muted"
    return "text"


def flat_offsets(start: int, end: int, n: int) -> array:
    """Offset map for replacement text: every char maps to ``start``, the end to ``end``."""
    offs = array("q", [start]) * n
    offs.append(end)
    return offs


LABEL_FONT = 0.72
"""A note label's size relative to the body (the note itself is :data:`NOTE_FONT`)."""
NOTE_FONT = 0.9

__all__ = [
    "LABEL_FONT",
    "MAX_SPACE_STRETCH",
    "NOTE_FONT",
    "SPACE_SHRINK",
    "colour_role",
    "fill_rtl_line",
    "flat_offsets",
    "flush_right",
    "ink",
    "italic_formats",
    "label_format",
    "set_ragged",
    "without",
    "word_hyphens",
]


def grid_formats(
    block: BlockLayout, strong: tuple[tuple[int, int], ...], spaced: tuple[int, ...], gap: float
) -> list[QTextLayout.FormatRange]:
    """Format ranges (Qt positions) of a contents grid: demi-bold for the layout ranges
    ``strong``; ``gap`` pixels of letter spacing after each layout index in ``spaced``."""
    out = []
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.DemiBold)
    spacing = QTextCharFormat()
    spacing.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
    spacing.setFontLetterSpacing(gap)
    ranges = [(a, b, bold) for a, b in strong] + [(i, i + 1, spacing) for i in spaced]
    for a, b, fmt in ranges:
        la, lb = block.to_qt(a), block.to_qt(b)
        if lb > la:
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = la, lb - la, fmt
            out.append(r)
    return out
