"""Paragraph-mode detection and splitting text into paragraph and verse blocks.

Four source layouts are told apart (see :class:`~reader.text.book.ParagraphMode`):
one long line per paragraph, blank-line separated lines, hard-wrapped text
(lines joined into paragraphs) and indented print-style paragraphs. Inside
hard-wrapped text, runs of short or indented lines (verse, letters, addresses)
become VERSE blocks kept line by line.

Speed matters (a 30 MB book must parse in well under a second), so the common
case never loops over lines in Python: paragraphs are found with whole-text
regular expressions, and only the few "suspect" paragraphs (containing a short
line in the middle or an indented line) are looked at line by line.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections import Counter
from dataclasses import dataclass

from reader.text.aozora import ANNOTATION_LINE_RE
from reader.text.book import BlockKind, ParagraphMode

# A run of non-blank lines. A blank line shows nothing: it holds only whitespace and
# characters the display drops (NULs and other controls: a NUL-padded tail is no
# paragraph). The lazy scan to the first visible character is tried once per line,
# so a 5 MB line of spaces stays linear.
_INK = r"[^\s\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff]"
CHUNK_RE = re.compile(r"(?m)^[^\n]*?" + _INK + r".*+(?:\n[^\n]*?" + _INK + r".*+)*+")
LINE_RE = re.compile(r"(?m)^[^\n]*?" + _INK + r".*+")

SENTENCE_END = frozenset(".!?…\"'”’»」』。！？．）)]»›")
"""Characters that can end a sentence at the end of a line."""

LONG_LINE = 150
"""Lines longer than this (95th percentile) are not hard-wrapped."""

SAMPLE_WINDOW = 200_000

PARAGRAPH = int(BlockKind.PARAGRAPH)
VERSE = int(BlockKind.VERSE)
SCENE_BREAK = int(BlockKind.SCENE_BREAK)


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

    def __len__(self) -> int:
        return len(self.kinds)


# ---------------------------------------------------------------------------
# detection


def _sample_lines(text: str, start: int, end: int) -> list[str]:
    """Lines from up to three windows (start, middle, end) of ``text[start:end]``."""
    if end - start <= 3 * SAMPLE_WINDOW:
        return text[start:end].split("\n")
    lines: list[str] = []
    for a in (start, start + (end - start) // 2 - SAMPLE_WINDOW // 2, end - SAMPLE_WINDOW):
        b = a + SAMPLE_WINDOW
        if a > start:
            nl = text.find("\n", a, b)
            a = b if nl < 0 else nl + 1
        nl = text.rfind("\n", a, b)
        b = b if nl < 0 else nl
        lines.extend(text[a:b].split("\n"))
    return lines


def _percentile(sorted_values: list[int], q: float) -> int:
    return sorted_values[int(q * (len(sorted_values) - 1))]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


_MODE_WORDS = {
    ParagraphMode.LINE: "one paragraph per line",
    ParagraphMode.BLANK: "paragraphs separated by blank lines, one line each",
    ParagraphMode.WRAPPED: "hard-wrapped lines joined into paragraphs",
    ParagraphMode.INDENTED: "hard-wrapped lines, a paragraph starts at each indented line",
}


def detect_mode(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    cjk: bool = False,
    override: ParagraphMode | None = None,
) -> ModeInfo:
    """Decide how paragraphs are laid out in ``text[start:end]`` (the reading text).

    Looks at line lengths and blank lines in a sample of the text. With
    ``override`` the mode is the reader's choice, but the wrap width and
    the other figures are still measured.
    """
    if end is None:
        end = len(text)
    lines = _sample_lines(text, start, end)
    lens = [len(line.rstrip()) for line in lines]
    nonblank = sorted(n for n in lens if n)
    n = len(nonblank)
    if n == 0:
        mode = override or ParagraphMode.LINE
        return ModeInfo(mode, "The text has no lines to read.")
    width = max(1, _percentile(nonblank, 0.95))
    short = 0.8 * width
    cont = follow_blank = tight = 0
    gaps: Counter[int] = Counter()
    run = 0
    for i in range(len(lens) - 1):
        here, nxt = lens[i], lens[i + 1]
        if here:
            if run:
                gaps[run] += 1
                run = 0
            if nxt:
                cont += 1
                if here >= short:
                    tight += 1
            else:
                follow_blank += 1
        else:
            run += 1
    indents = Counter(_indent(line) for line, n_ in zip(lines, lens, strict=True) if n_)
    indented = n - indents.get(0, 0)
    para_indent = max((k for k in indents if k), key=lambda k: indents[k], default=0)
    blank_lines = len(lens) - n
    blank_gap = max(gaps, key=lambda k: gaps[k]) if gaps else 1
    cont_frac = cont / n
    tight_frac = tight / cont if cont else 0.0
    lo = int(short + 0.999)

    verse_book = False
    if width <= LONG_LINE and cont_frac >= 0.3 and tight_frac >= 0.7:
        if blank_lines < 0.05 * len(lens) and indented >= 0.05 * n:
            mode = ParagraphMode.INDENTED
            reason = (
                f"{tight_frac:.0%} of lines inside paragraphs are {lo}–{width} characters long"
                f" and {indented / n:.0%} of lines are indented with few blank lines:"
                " hard-wrapped text, a paragraph starts at each indented line."
            )
        else:
            mode = ParagraphMode.WRAPPED
            reason = (
                f"{tight_frac:.0%} of lines inside paragraphs are {lo}–{width} characters long:"
                " hard-wrapped text, lines joined into paragraphs"
                " (a blank line or a short line ending a sentence ends one)."
            )
    elif not cjk and width <= 60 and cont_frac >= 0.5:
        mode = ParagraphMode.WRAPPED
        verse_book = True
        reason = (
            f"95% of lines are at most {width} characters long and most come in runs"
            " without blank lines: verse, kept line by line."
        )
    elif follow_blank >= 0.5 * n:
        mode = ParagraphMode.BLANK
        reason = (
            f"Lines are not wrapped (the longest run to {nonblank[-1]} characters) and"
            f" {follow_blank / n:.0%} are followed by a blank line:"
            " one paragraph per line, separated by blank lines."
        )
    else:
        mode = ParagraphMode.LINE
        reason = (
            f"Lines are not wrapped (the longest run to {nonblank[-1]} characters) and"
            f" only {follow_blank / n:.0%} are followed by a blank line: one paragraph per line."
        )
    if override is not None and override != mode:
        mode = override
        verse_book = False
        reason = f"Set by the reader: {_MODE_WORDS[override]}."
    return ModeInfo(mode, reason, width, verse_book, para_indent, max(1, blank_gap))


# ---------------------------------------------------------------------------
# splitting


Spans = tuple[array, array]


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> Spans:
    """Start and end offsets of every match, as two arrays."""
    starts = array("q")
    ends = array("q")
    add_start = starts.append
    add_end = ends.append
    for m in pattern.finditer(text, start, end):
        add_start(m.start())
        add_end(m.end())
    return starts, ends


def _add_lines(sink: BlockSink, kind: int, text: str, start: int, end: int) -> None:
    """One block of ``kind`` per non-blank line of ``text[start:end]``."""
    starts, ends = _spans(LINE_RE, text, start, end)
    sink.extend(kind, starts, ends, 0, len(starts))


def _ends_sentence(text: str, end: int) -> bool:
    """True when the line ending at ``end`` (trailing spaces allowed) ends with sentence
    punctuation."""
    i = end - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return i >= 0 and text[i] in SENTENCE_END


def split_region(
    text: str,
    start: int,
    end: int,
    info: ModeInfo,
    sink: BlockSink,
    *,
    prose_kind: int = PARAGRAPH,
    verse_kind: int | None = VERSE,
    scene_breaks: bool = True,
    aozora: bool = False,
) -> None:
    """Split ``text[start:end]`` into blocks appended to ``sink``.

    ``prose_kind`` is the kind given to paragraphs; verse runs get
    ``verse_kind``, or, when it is None, one ``prose_kind`` block per line
    (for front matter and title pages, whose short lines are separate
    entries). Blank-line runs longer than usual become scene breaks in
    blank-line mode when ``scene_breaks`` is set. Lines made only of Aozora
    annotations are left out when ``aozora`` is set (they show nothing).
    """
    if start >= end:
        return
    if start > 0 and text[start - 1] != "\n":
        # The region starts mid-line: that partial line is its own paragraph.
        nl = text.find("\n", start, end)
        stop = end if nl < 0 else nl
        if text[start:stop].strip():
            sink.add(prose_kind, start, stop)
        if nl < 0:
            return
        start = nl + 1
    mode = info.mode
    if mode is ParagraphMode.LINE:
        starts, ends = _spans(LINE_RE, text, start, end)
        if aozora:
            for m in reversed(list(ANNOTATION_LINE_RE.finditer(text, start, end))):
                i = bisect.bisect_left(starts, m.start())
                if i < len(starts) and starts[i] == m.start():
                    del starts[i]
                    del ends[i]
        sink.extend(prose_kind, starts, ends, 0, len(starts))
    elif mode is ParagraphMode.BLANK:
        _split_blank(text, start, end, info, sink, prose_kind, verse_kind, scene_breaks)
    elif mode is ParagraphMode.INDENTED:
        for m in CHUNK_RE.finditer(text, start, end):
            _split_chunk(text, m.start(), m.end(), info, sink, prose_kind, verse_kind)
    else:
        _split_wrapped(text, _spans(CHUNK_RE, text, start, end), info, sink, prose_kind, verse_kind)


def _split_blank(
    text: str,
    start: int,
    end: int,
    info: ModeInfo,
    sink: BlockSink,
    prose_kind: int,
    verse_kind: int | None,
    scene_breaks: bool,
) -> None:
    """One block per line; extra-long blank runs are scene breaks; short-line runs verse."""
    lstarts, lends = _spans(LINE_RE, text, start, end)
    if not lstarts:
        return
    verse: list[tuple[int, int, int]] = []  # (first line, line after, end): lines → one block
    breaks: list[tuple[int, int, int]] = []  # (line index it precedes, start, end)
    if len(lstarts) > 1:
        cstarts, cends = _spans(CHUNK_RE, text, start, end)
        if len(cstarts) != len(lstarts):  # some chunks have more than one line
            line_index = {s: i for i, s in enumerate(lstarts)}
            for cs, ce in zip(cstarts, cends, strict=True):
                if text.find("\n", cs, ce) < 0:
                    continue
                i = line_index[cs]
                j = bisect.bisect_left(lstarts, ce, i)
                short = all(len(text[lstarts[k] : lends[k]].strip()) <= 80 for k in range(i, j))
                if short and verse_kind is not None:
                    verse.append((i, j, ce))
        if scene_breaks and prose_kind == PARAGRAPH:
            gap_re = re.compile(r"\n(?:[^\S\n]*+\n){" + str(info.blank_gap + 1) + ",}")
            for m in gap_re.finditer(text, lends[0], lstarts[-1]):
                i = bisect.bisect_left(lstarts, m.end())
                breaks.append((i, m.start() + 1, m.end() - 1))
    events = sorted([(i, 0, a, b) for i, a, b in breaks] + [(i, 1, j, e) for i, j, e in verse])
    pos = 0
    for i, what, x, y in events:
        if i < pos:
            continue
        sink.extend(prose_kind, lstarts, lends, pos, i)
        pos = i
        if what == 0:
            sink.add(SCENE_BREAK, x, y)
        else:
            sink.add(VERSE if verse_kind is None else verse_kind, lstarts[i], y)
            pos = x
    sink.extend(prose_kind, lstarts, lends, pos, len(lstarts))


@functools.lru_cache(maxsize=32)
def _suspect_line_re(width: int) -> re.Pattern[str]:
    """A ``\\n`` before a line that may start or end a paragraph inside a run of lines: a
    short non-blank line followed by a non-blank line, or (group 1) an indented line."""
    limit = max(0, int(0.8 * width) - 2)
    return re.compile(
        r"\n(?=[^\S\n]*+\S[^\n]{0," + str(limit) + r"}+[^\S\n]*+\n[^\S\n]*+\S|([^\S\n]++\S))"
    )


def _suspects(text: str, chunks: Spans, info: ModeInfo) -> list[int]:
    """Sorted indices of chunks that may hold more than one plain paragraph."""
    starts, ends = chunks
    if not starts:
        return []
    a, b = starts[0], ends[-1]
    suspect_re = _suspect_line_re(info.width)
    positions = []
    for m in suspect_re.finditer(text, a, b):
        p = m.start()
        # an indented line only matters when it follows a non-blank line
        if m.group(1) is None or (p > 0 and text[p - 1] != "\n"):
            positions.append(p + 1)
    first = suspect_re.match("\n" + text[a : min(b, a + 2 * info.width + 200)])
    if first and first.group(1) is None:
        positions.append(a)  # the region's first line has no newline before it
    found = set()
    for p in positions:
        i = bisect.bisect_right(starts, p) - 1
        if i >= 0 and p < ends[i]:
            found.add(i)
    return sorted(found)


def _split_wrapped(
    text: str,
    chunks: Spans,
    info: ModeInfo,
    sink: BlockSink,
    prose_kind: int,
    verse_kind: int | None,
) -> None:
    starts, ends = chunks
    if info.verse_book:
        for s, e in zip(starts, ends, strict=True):
            if text.find("\n", s, e) < 0:
                sink.add(prose_kind, s, e)
            elif verse_kind is not None:
                sink.add(verse_kind, s, e)
            else:
                _add_lines(sink, prose_kind, text, s, e)
        return
    pos = 0
    for i in _suspects(text, chunks, info):
        sink.extend(prose_kind, starts, ends, pos, i)
        _split_chunk(text, starts[i], ends[i], info, sink, prose_kind, verse_kind)
        pos = i + 1
    sink.extend(prose_kind, starts, ends, pos, len(starts))


def _first_word_len(line: str, cjk_ok: bool = True) -> int:
    word = line.lstrip()
    if not word:
        return 0
    if cjk_ok and ord(word[0]) >= 0x2E80:
        return 1  # CJK: any character can start a line
    sp = word.find(" ")
    return len(word) if sp < 0 else sp


_OPENERS = " \t\"'“‘«„([*_"


def _reads_as_wrapped(lines: list[str], lens: list[int], a: int, j: int, width: int) -> bool:
    """True when the lines ``a..j-1`` (each short or indented, so verse-like) read as
    hard-wrapped prose: at least three in four of their line breaks come after a long
    line and in mid-phrase (the next line goes on with a word, and the line ends in
    a letter or digit or the next word is in lower case), and over three lines or
    more at least one goes on in lower case.

    Verse ends its lines at phrase ends and starts them with a capital; a quoted
    letter indented as a block, or a short paragraph wrapped a little narrower
    than the rest of the book, breaks wherever the width ran out.
    """
    breaks = j - a - 1
    long = 0.65 * width
    wrapped = lower = 0
    for k in range(a, j - 1):
        if lens[k] < long:
            continue
        nxt = lines[k + 1].lstrip(_OPENERS)[:1]
        if nxt.isalnum() and (lines[k][lens[k] - 1].isalnum() or nxt.islower()):
            wrapped += 1
            lower += nxt.islower()
    # over three lines or more, prose goes on in lower case somewhere; verse seldom does
    return breaks > 0 and 4 * wrapped >= 3 * breaks and (breaks < 2 or lower > 0)


def _mark_verse(
    lines: list[str],
    lens: list[int],
    inds: list[int],
    a: int,
    j: int,
    width: int,
    is_verse: list[bool],
    cut_before: list[bool],
) -> None:
    """Mark the run of verse-like lines ``a..j-1`` as verse, except what reads as
    hard-wrapped prose: an indented block of three lines or more (a quoted letter
    under its lead-in line) or the whole run (a paragraph wrapped narrower than the
    book). Such prose is a paragraph of its own where its indentation sets it apart
    (``cut_before``).
    """

    def prose(s: int, e: int) -> None:
        cut_before[s] = s > 0 and inds[s] != inds[s - 1]
        if e < len(lines):
            cut_before[e] = inds[e] != inds[e - 1]

    rest: list[tuple[int, int]] = []
    start = k = a
    while k < j:
        m = k + 1
        while m < j and inds[m] == inds[k]:
            m += 1
        if inds[k] > 0 and m - k >= 3 and _reads_as_wrapped(lines, lens, k, m, width):
            prose(k, m)
            rest.append((start, k))
            start = m
        k = m
    rest.append((start, j))
    for s, e in rest:
        if e - s < 2:
            continue
        if _reads_as_wrapped(lines, lens, s, e, width):
            prose(s, e)
        else:
            for v in range(s, e):
                is_verse[v] = True


def _split_chunk(
    text: str,
    s: int,
    e: int,
    info: ModeInfo,
    sink: BlockSink,
    prose_kind: int,
    verse_kind: int | None,
) -> None:
    """Split one run of non-blank lines into paragraphs and verse, line by line."""
    lines = text[s:e].split("\n")
    n = len(lines)
    if n == 1:
        sink.add(prose_kind, s, e)
        return
    width = info.width
    short = 0.8 * width
    indented_mode = info.mode is ParagraphMode.INDENTED
    starts: list[int] = []
    pos = s
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    lens = [len(line.rstrip()) for line in lines]
    inds = [_indent(line) for line in lines]

    # deliberate[i]: line i was ended by hand (the next line's first word would have fit)
    deliberate = [False] * n
    for i in range(n - 1):
        if lens[i] < short:
            deliberate[i] = lens[i] + 1 + _first_word_len(lines[i + 1]) <= width
    deliberate[n - 1] = lens[n - 1] < short

    if indented_mode:
        deep = info.para_indent + 2
        verse_like = [ind >= deep for ind in inds]
    else:
        verse_like = [deliberate[i] or (inds[i] > 0 and (i > 0 or inds[1] > 0)) for i in range(n)]

    # Verse runs: two or more verse-like lines; a plain line after prose ends that prose.
    is_verse = [False] * n
    cut_before = [False] * n
    i = 0
    while i < n:
        if not verse_like[i]:
            i += 1
            continue
        j = i
        while j < n and verse_like[j]:
            j += 1
        a = i
        if a > 0 and inds[a] == 0 and not is_verse[a - 1]:
            a += 1
        if j - a >= 2 and not (
            not indented_mode
            and all(inds[k] == 0 and _ends_sentence(text, starts[k] + lens[k]) for k in range(a, j))
        ):
            if indented_mode:
                for k in range(a, j):
                    is_verse[k] = True
            else:
                _mark_verse(lines, lens, inds, a, j, width, is_verse, cut_before)
        i = j

    para_start = -1
    k = 0
    while k < n:
        ls = starts[k]
        le = ls + len(lines[k])
        if is_verse[k]:
            j = k
            while j + 1 < n and is_verse[j + 1]:
                j += 1
            if para_start >= 0:
                sink.add(prose_kind, para_start, starts[k] - 1)
                para_start = -1
            vend = starts[j] + len(lines[j])
            if verse_kind is not None:
                sink.add(verse_kind, ls, vend)
            else:
                _add_lines(sink, prose_kind, text, ls, vend)
            k = j + 1
            continue
        if para_start >= 0 and (cut_before[k] or (indented_mode and inds[k] > 0)):
            sink.add(prose_kind, para_start, ls - 1)
            para_start = -1
        if para_start < 0:
            para_start = ls
        last = k == n - 1 or is_verse[k + 1]
        if not last and deliberate[k] and _ends_sentence(text, ls + lens[k]):
            nxt = lines[k + 1].lstrip()
            if not (nxt[:1].islower()):
                sink.add(prose_kind, para_start, le)
                para_start = -1
        k += 1
    if para_start >= 0:
        sink.add(prose_kind, para_start, e)
