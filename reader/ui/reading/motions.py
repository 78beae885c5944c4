"""Caret motions over a book's text, for selecting with the keyboard.

:class:`Motions` moves a source offset by whole characters (grapheme clusters: an
emoji with its modifiers, a flag, a letter with its combining marks, as the
typesetter sees them), words, sentences and paragraphs, inside the book's reading
range; :func:`line_move` moves it a display line up or down at the same x.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.layout.typeset import Typesetter
    from reader.text.book import Book

_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’»)\]」』]*(?=\s|$)")
_SENTENCE_GAP = re.compile(r"[.!?…。！？]+[\"'”’»)\]」』]*\s+")
_LOOK = 20_000  # characters scanned back for a sentence start


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class Motions:
    """Caret motions over a book's source text, kept inside its reading range and blocks.

    With the page's typesetter, a character is what the reader sees as one (a whole
    grapheme cluster); without one, a code point.
    """

    def __init__(self, book: Book, typesetter: Typesetter | None = None) -> None:
        self.book = book
        self.text = book.text
        self.lo, self.hi = book.reading_range()
        self.typesetter = typesetter

    def char_range(self, pos: int) -> tuple[int, int]:
        """Source ``[start, end)`` of the character (grapheme cluster) at ``pos``."""
        if self.typesetter is None:
            return pos, pos + 1
        return self.typesetter.char_range(pos)

    def char_start(self, pos: int) -> int:
        """``pos`` moved back to the start of the character it is inside."""
        return self.clamp(self.char_range(self.clamp(pos))[0])

    def char_end(self, pos: int) -> int:
        """The end of the character at ``pos`` (the end of a selection that includes it)."""
        return self.char_range(pos)[1]

    def is_rtl(self, pos: int) -> bool:
        """True when the block at ``pos`` runs right to left (its ← and → swap)."""
        ts = self.typesetter
        b = self.book.blocks.index_at(pos)
        blk = ts.block(b) if ts is not None and b >= 0 else None
        return blk is not None and blk.rtl

    def clamp(self, pos: int) -> int:
        """``pos`` moved onto a character of the reading range (never past the last)."""
        return max(self.lo, min(pos, max(self.lo, self.hi - 1)))

    def block_span(self, pos: int) -> tuple[int, int]:
        """``[start, end)`` of the block holding ``pos`` (or the next block)."""
        blocks = self.book.blocks
        i = blocks.index_at(pos)
        if i < 0:
            return self.lo, self.hi
        return blocks.starts()[i], blocks.ends()[i]

    def _block(self, i: int) -> tuple[int, int]:
        return self.book.blocks.starts()[i], self.book.blocks.ends()[i]

    def first_visible(self, start: int, end: int) -> int:
        """The first non-blank character in ``[start, end)`` (``start`` if all blank)."""
        text, p = self.text, max(start, self.lo)
        while p < min(end, self.hi) and text[p].isspace():
            p += 1
        return self.clamp(p if p < end else start)

    # --- characters ---------------------------------------------------------------------

    def char_next(self, pos: int) -> int:
        """One whole character on (to the next block's start at a block end)."""
        _s, e = self.block_span(pos)
        nxt = max(self.char_end(pos), pos + 1)
        if nxt < e:
            return self.clamp(nxt)
        i = self.book.blocks.index_at(pos) + 1
        if i < len(self.book.blocks):
            return self.clamp(self._block(i)[0])
        return pos

    def char_prev(self, pos: int) -> int:
        """One whole character back (to the previous block's last character at a block
        start)."""
        s, _e = self.block_span(pos)
        if pos - 1 >= s:
            return self.char_start(pos - 1)
        i = self.book.blocks.index_at(pos) - 1
        if i >= 0:
            return self.char_start(self._block(i)[1] - 1)
        return pos

    def char_left(self, pos: int) -> int:
        """One character to the left as the reader sees it (back in left-to-right text,
        on in a right-to-left paragraph)."""
        return self.char_next(pos) if self.is_rtl(pos) else self.char_prev(pos)

    def char_right(self, pos: int) -> int:
        """One character to the right as the reader sees it."""
        return self.char_prev(pos) if self.is_rtl(pos) else self.char_next(pos)

    # --- words --------------------------------------------------------------------------

    def word_next(self, pos: int) -> int:
        """The start of the next word."""
        text, hi, p = self.text, self.hi, pos
        while p < hi and _is_word(text[p]):
            p += 1
        while p < hi and not _is_word(text[p]):
            p += 1
        return self.clamp(p) if p < hi else pos

    def word_end(self, pos: int) -> int:
        """The last character of this word, or of the next one when already at an end."""
        text, hi, p = self.text, self.hi, pos + 1
        while p < hi and not _is_word(text[p]):
            p += 1
        if p >= hi:
            return pos
        while p + 1 < hi and _is_word(text[p + 1]):
            p += 1
        return self.clamp(p)

    def word_prev(self, pos: int) -> int:
        """The start of this word, or of the previous one when already at a start."""
        text, lo, p = self.text, self.lo, pos - 1
        while p > lo and not _is_word(text[p]):
            p -= 1
        while p > lo and _is_word(text[p - 1]):
            p -= 1
        return self.clamp(p) if p >= lo else pos

    # --- sentences ----------------------------------------------------------------------

    def _last_char(self, start: int, end: int) -> int:
        p = end - 1
        while p > start and self.text[p].isspace():
            p -= 1
        return p

    def sentence_end(self, pos: int) -> int:
        """The end of this sentence (its closing punctuation), or of the next one."""
        for _ in range(2):
            s, e = self.block_span(pos)
            m = _SENTENCE_END.search(self.text, pos + 1, e)
            target = m.end() - 1 if m else self._last_char(s, e)
            if target > pos:
                return self.clamp(target)
            i = self.book.blocks.index_at(pos) + 1
            if i >= len(self.book.blocks):
                return pos
            pos = self.first_visible(*self._block(i)) - 1
        return pos

    def _sentence_starts(self, start: int, end: int) -> list[int]:
        starts = [self.first_visible(start, end)]
        look = max(start, end - _LOOK)
        starts += [m.end() for m in _SENTENCE_GAP.finditer(self.text, look, end)]
        return starts

    def sentence_start(self, pos: int) -> int:
        """The start of this sentence, or of the previous one when already at a start."""
        s, e = self.block_span(pos)
        before = [p for p in self._sentence_starts(s, min(e, pos + 1)) if p < pos]
        if before:
            return self.clamp(max(before))
        i = self.book.blocks.index_at(pos) - 1
        if i < 0:
            return pos
        ps, pe = self._block(i)
        return self.clamp(max(self._sentence_starts(ps, pe)))

    # --- paragraphs ---------------------------------------------------------------------

    def paragraph_end(self, pos: int) -> int:
        """The last character of this paragraph, or of the next one when already there."""
        s, e = self.block_span(pos)
        last = self._last_char(s, e)
        if last > pos:
            return self.clamp(last)
        i = self.book.blocks.index_at(pos) + 1
        if i >= len(self.book.blocks):
            return pos
        return self.clamp(self._last_char(*self._block(i)))

    def paragraph_start(self, pos: int) -> int:
        """The first character of this paragraph, or of the previous one when already there."""
        s, e = self.block_span(pos)
        first = self.first_visible(s, e)
        if first < pos:
            return first
        i = self.book.blocks.index_at(pos) - 1
        return self.first_visible(*self._block(i)) if i >= 0 else pos


def line_move(book: Book, ts: Typesetter, pos: int, direction: int) -> int:
    """The offset one display line up (``direction`` -1) or down (1) from ``pos``, same x."""
    blocks = book.blocks
    b = blocks.index_at(pos)
    blk = ts.block(b) if b >= 0 else None
    if blk is None or not blk.line_starts:
        return pos
    i = max(0, bisect.bisect_right(blk.line_starts, pos) - 1)
    rects = blk.range_rects(pos, pos + 1, i, i)
    x = rects[0].center().x() if rects else 0.0
    j = i + direction
    if 0 <= j < blk.line_count():
        return blk.hit_test(x, blk.line_tops[j] + 0.5, j, j)
    nb = b + direction
    lo, hi = book.reading_range()
    while 0 <= nb < len(blocks):
        other = ts.block(nb)
        start = blocks.starts()[nb]
        if start >= hi or blocks.ends()[nb] <= lo:
            return pos
        if other is not None and other.line_starts:
            j = 0 if direction > 0 else other.line_count() - 1
            return other.hit_test(x, other.line_tops[j] + 0.5, j, j)
        nb += direction
    return pos


__all__ = ["Motions", "line_move"]
