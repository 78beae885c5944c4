"""Line-scanning primitives shared by paragraph-mode detection and block splitting.

Whole-text regular expressions for non-blank lines and runs of them, the
:class:`BlockSink` column builder the splitters append blocks to, and small
per-line tests. Used by :mod:`reader.text.paragraphs`, :mod:`reader.text.splitting`
and :mod:`reader.text.verse`.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from reader.text import rx
from reader.text.book import BlockKind, ParagraphMode

# A run of non-blank lines. A blank line shows nothing: it holds only whitespace and
# characters the display drops (NULs and other controls: a NUL-padded tail is no
# paragraph). The lazy scan to the first visible character is tried once per line,
# so a 5 MB line of spaces stays linear.
_INK = r"[^\s\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff]"
CHUNK_RE = rx.lazy(r"(?m)^[^\n]*?" + _INK + r".*+(?:\n[^\n]*?" + _INK + r".*+)*+")
LINE_RE = rx.lazy(r"(?m)^[^\n]*?" + _INK + r".*+")
# A line, and the lines after it while each break falls in mid-sentence (line mode of a
# text whose lines were broken wherever a converter ran out of width): the line before
# the break ends without a stop, and the next goes on in lower case, or, in Chinese and
# Japanese, straight on without the indent that starts a paragraph. The look-behinds
# run only at line ends, so the scan stays linear.
_LATIN_OPEN = r"(?<=[^\s.!?…:;\"'”’»)\]—–])"
_LATIN_ON = r"(?=[ \t]*+[a-zß-öø-ÿа-яёα-ω])"
_CJK_OPEN = r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff，、；：])"
_CJK_ON = r"(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff“「『《（])"
JOINED_LINES_RE = rx.lazy(
    r"(?m)^[^\n]*?" + _INK + r".*+"
    r"(?:(?:" + _LATIN_OPEN + r"\n" + _LATIN_ON + r"|" + _CJK_OPEN + r"\n" + _CJK_ON + r").*+)*+"
)

SENTENCE_END = frozenset(".!?…\"'”’»」』。！？．）)]»›")
"""Characters that can end a sentence at the end of a line."""

PARAGRAPH = int(BlockKind.PARAGRAPH)
VERSE = int(BlockKind.VERSE)
SCENE_BREAK = int(BlockKind.SCENE_BREAK)


class BlockSink:
    """Column builder for blocks: kinds, starts and ends appended in order."""

    __slots__ = ("ends", "kinds", "starts")

    def __init__(self) -> None:
        self.kinds = bytearray()
        self.starts = array("q")
        self.ends = array("q")

    def add(self, kind: int, start: int, end: int) -> None:
        """Append one block ``[start, end)`` of ``kind``."""
        self.kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)

    def extend(self, kind: int, starts: array, ends: array, lo: int, hi: int) -> None:
        """Append blocks ``starts[lo:hi]``/``ends[lo:hi]``, all of ``kind``."""
        if hi > lo:
            self.kinds.extend(bytes((kind,)) * (hi - lo))
            self.starts.extend(starts[lo:hi])
            self.ends.extend(ends[lo:hi])

    def copy(self, other: BlockSink, lo: int, hi: int) -> None:
        """Append blocks ``lo`` to ``hi`` (exclusive) of ``other``, as they are."""
        if hi > lo:
            self.kinds.extend(other.kinds[lo:hi])
            self.starts.extend(other.starts[lo:hi])
            self.ends.extend(other.ends[lo:hi])

    def __len__(self) -> int:
        return len(self.kinds)


Spans = tuple[array, array]
"""Start and end offsets of a series of matches, as two parallel arrays."""


def spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> Spans:
    """Start and end offsets of every match, as two arrays."""
    starts = array("q")
    ends = array("q")
    add_start = starts.append
    add_end = ends.append
    for m in pattern.finditer(text, start, end):
        add_start(m.start())
        add_end(m.end())
    return starts, ends


def add_lines(sink: BlockSink, kind: int, text: str, start: int, end: int) -> None:
    """One block of ``kind`` per non-blank line of ``text[start:end]``."""
    starts, ends = spans(LINE_RE, text, start, end)
    sink.extend(kind, starts, ends, 0, len(starts))


def ends_sentence(text: str, end: int) -> bool:
    """True when the line ending at ``end`` (trailing spaces allowed) ends with sentence
    punctuation."""
    i = end - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i >= 0 and text[i] in SENTENCE_END


def indent_width(line: str) -> int:
    """Width of a line's leading whitespace, in characters."""
    return len(line) - len(line.lstrip())


@dataclass(frozen=True, slots=True)
class ModeInfo:
    """The paragraph mode of a text, why it was chosen, and the figures the splitter needs."""

    mode: ParagraphMode
    reason: str
    width: int = 72
    """Typical wrap width in characters (95th percentile of line lengths)."""
    verse_book: bool = False
    """Short lines by nature (a verse novel): every multi-line passage is verse."""
    para_indent: int = 0
    """Usual indentation of a paragraph's first line (indented mode)."""
    blank_gap: int = 1
    """Usual number of blank lines between paragraphs (blank-line mode)."""
    chosen: bool = False
    """The mode was set by the reader (lines are then never joined across line ends)."""
    joined: bool = False
    """Line mode, with many lines broken in mid-sentence: such lines are joined again."""
