"""Paragraphs broken in the middle of a sentence, joined again.

A PDF-to-text export breaks every line where the page ran out of width, and
often sets a blank line after each of them (or one paragraph per line, cut
wherever a line ended); its page breaks put a page number and a running header
into the middle of paragraphs. After blocks are split, two paragraph blocks
are one paragraph when only blank lines and dropped lines (page furniture) lie
between them and the first stops in the middle of a sentence:

* in Chinese and Japanese, the first does not end with sentence punctuation;
* in other scripts, the first does not end a sentence and the second goes on in
  lower case, or the first ends a full-width line in mid-phrase (a word, a comma
  or a hyphen) and a page break or a blank line of a double-spaced export is all
  that separates them.

Only the joints the page furniture makes, and (when samples of the text show
lines broken this way) the joints at blank lines and line ends, are looked at,
so an ordinary book pays almost nothing.
"""

from __future__ import annotations

import bisect

from reader.text import rx
from reader.text.book import BlockKind, Book, ParagraphMode
from reader.text.linescan import BlockSink, ModeInfo

Range = tuple[int, int]

_PARA = int(BlockKind.PARAGRAPH)
_FOOTNOTE = int(BlockKind.FOOTNOTE)
_JOINABLE = frozenset((_PARA, int(BlockKind.AUTHOR_NOTE)))
_WINDOW = 60_000
_ENDS = frozenset(".!?…。！？．")
_CLOSERS = frozenset("\"'”’»」』）)]}›】〉》")
_CJK_ENDS = frozenset("。！？…．」』”）)】》〉")
_GAP = rx.lazy(r"\n(?:[ \t\u3000]*+\n)++")
_LINE_GAP = rx.lazy(r"\n(?=[ \t\u3000]*+\S)")


def _is_wide(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


def _last_visible(text: str, end: int, start: int) -> int:
    i = end - 1
    while i >= start and text[i] in " \t\u3000":
        i -= 1
    return i


def _first_visible(text: str, start: int, end: int) -> int:
    i = start
    while i < end and text[i] in " \t\u3000\f":
        i += 1
    return i


def _sentence_ends(text: str, i: int, start: int) -> bool:
    """True when the sentence ends at ``text[i]`` (closing quotes after the stop allowed)."""
    while i >= start and text[i] in _CLOSERS:
        i -= 1
    return i >= start and text[i] in _ENDS


def continues(
    text: str, a: tuple[int, int], b: tuple[int, int], *, width: int, page_break: bool
) -> bool:
    """Whether the paragraph block ``b`` goes on with the sentence block ``a`` leaves open.

    ``width`` is the book's usual line length; ``page_break`` says page furniture lies
    between them (not only blank lines).
    """
    i = _last_visible(text, a[1], a[0])
    j = _first_visible(text, b[0], b[1])
    if i < a[0] or j >= b[1]:
        return False
    last, first = text[i], text[j]
    before = text[i - 1] if i > a[0] else last
    after = text[j + 1] if j + 1 < b[1] else first
    if any(_is_wide(ch) for ch in (last, first, before, after)):
        return last not in _CJK_ENDS
    if _sentence_ends(text, i, a[0]):
        return False
    if first.islower() or first in ",;:)]»”’":
        return True  # the sentence goes on
    if last in ":;—–" or not (last.isalnum() or last in ",-"):
        return False
    line_start = text.rfind("\n", a[0], i) + 1 if text.rfind("\n", a[0], i) >= 0 else a[0]
    long_line = i + 1 - line_start >= 0.7 * width
    return (page_break or long_line) and (first.isalnum() or first in "\"'“‘«„(–—")


def broken_lines(text: str, lo: int, hi: int, blank: bool) -> bool:
    """Whether samples of the text show many lines that stop mid-sentence at a blank line
    (``blank``) or at a line end."""
    rx = _GAP if blank else _LINE_GAP
    joints = open_ = 0
    for a, b in _windows(lo, hi):
        for m in rx.finditer(text, a, b):
            joints += 1
            i = _last_visible(text, m.start(), a)
            if i >= a and not _sentence_ends(text, i, a) and text[i] not in _CJK_ENDS:
                open_ += 1
    return joints >= 20 and open_ >= 0.2 * joints


def _windows(lo: int, hi: int) -> list[Range]:
    if hi - lo <= 3 * _WINDOW:
        return [(lo, hi)]
    mid = (lo + hi) // 2
    return [(lo, lo + _WINDOW), (mid - _WINDOW // 2, mid + _WINDOW // 2), (hi - _WINDOW, hi)]


def _gap_is_clear(text: str, a: int, b: int, dropped: list[Range], dstarts: list[int]) -> bool:
    """True when ``text[a:b]`` holds only whitespace and dropped lines."""
    pos = a
    k = bisect.bisect_left(dstarts, a)
    while k < len(dropped) and dropped[k][0] < b:
        if text[pos : dropped[k][0]].strip():
            return False
        pos = max(pos, dropped[k][1])
        k += 1
    return not text[pos:b].strip()


def rejoin(
    text: str,
    sink: BlockSink,
    info: ModeInfo,
    dropped: list[Range],
    lo: int,
    hi: int,
) -> BlockSink:
    """``sink``'s blocks with paragraphs broken mid-sentence merged (a new sink when any
    were merged, else ``sink`` itself)."""
    starts, ends, kinds = sink.starts, sink.ends, sink.kinds
    n = len(kinds)
    if n < 2:
        return sink
    joints: set[int] = set()  # block i is joined to block i + 1
    dstarts = [s for s, _e in dropped]

    def consider(i: int, page_break: bool) -> None:
        if i < 0 or i + 1 >= n or i in joints:
            return
        if kinds[i] not in _JOINABLE or kinds[i + 1] != kinds[i]:
            return
        if not _gap_is_clear(text, ends[i], starts[i + 1], dropped, dstarts):
            return
        a, b = (starts[i], ends[i]), (starts[i + 1], ends[i + 1])
        if continues(text, a, b, width=info.width, page_break=page_break):
            joints.add(i)

    for s, _e in dropped:
        consider(bisect.bisect_right(ends, s) - 1, True)
    # joints at blank lines matter in blank-line mode (a double-spaced export); in line
    # mode the splitter joins broken lines itself, in wrapped text a paragraph's lines
    # are one block already
    if info.mode is ParagraphMode.BLANK and not info.chosen and broken_lines(text, lo, hi, True):
        for m in _GAP.finditer(text, lo, hi):
            i = _last_visible(text, m.start(), lo)
            if i >= lo and text[i] not in _ENDS and text[i] not in _CJK_ENDS:
                consider(bisect.bisect_right(ends, m.start()) - 1, False)
    if not joints:
        return sink
    out = BlockSink()
    pos = 0
    for i in sorted(joints):
        if i < pos:
            continue  # inside a run already merged
        j = i
        while j in joints:
            j += 1
        out.copy(sink, pos, i)
        out.add(kinds[i], starts[i], ends[j])
        pos = j + 1
    out.copy(sink, pos, n)
    return out


def continues_paragraph(book: Book, index: int) -> bool:
    """True when paragraph block ``index`` goes on with the sentence of the paragraph before
    it, with only footnotes (and dropped lines) between them: a page's footnotes printed
    in the middle of a paragraph. The layout sets such a block as the rest of that
    paragraph (no new paragraph's indent or space), the notes between them set apart."""
    kinds = book.blocks.kinds()
    if not 0 < index < len(kinds) or kinds[index] != _PARA:
        return False
    j = index - 1
    while j >= 0 and kinds[j] == _FOOTNOTE:
        j -= 1
    if j == index - 1 or j < 0 or kinds[j] != _PARA:
        return False
    starts, ends = book.blocks.starts(), book.blocks.ends()
    dropped = [(d.start, d.end) for d in book.dropped]
    dstarts = [s for s, _e in dropped]
    for k in range(j, index):
        if not _gap_is_clear(book.text, ends[k], starts[k + 1], dropped, dstarts):
            return False
    a, b = (starts[j], ends[j]), (starts[index], ends[index])
    return continues(book.text, a, b, width=72, page_break=True)
