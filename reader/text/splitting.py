"""Splitting a region of text into paragraph, verse and scene-break blocks.

:func:`split_region` applies a :class:`~reader.text.linescan.ModeInfo` (from
:func:`~reader.text.paragraphs.detect_mode`) to ``text[start:end]``. Speed
matters (a 30 MB book must parse in well under a second), so the common case
never loops over lines in Python: paragraphs are found with whole-text regular
expressions, and only the few "suspect" paragraphs (containing a short line in
the middle or an indented line) are looked at line by line
(:func:`reader.text.verse.split_chunk`).
"""

from __future__ import annotations

import bisect
import functools
import re

from reader.text import rx
from reader.text.aozora import ANNOTATION_LINE_RE
from reader.text.book import ParagraphMode
from reader.text.linescan import (
    CHUNK_RE,
    JOINED_LINES_RE,
    LINE_RE,
    PARAGRAPH,
    SCENE_BREAK,
    VERSE,
    BlockSink,
    ModeInfo,
    Spans,
    add_lines,
    spans,
)
from reader.text.verse import split_chunk


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
        starts, ends = spans(JOINED_LINES_RE if info.joined else LINE_RE, text, start, end)
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
            split_chunk(text, m.start(), m.end(), info, sink, prose_kind, verse_kind)
    else:
        _split_wrapped(text, spans(CHUNK_RE, text, start, end), info, sink, prose_kind, verse_kind)


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
    lstarts, lends = spans(LINE_RE, text, start, end)
    if not lstarts:
        return
    verse: list[tuple[int, int, int]] = []  # (first line, line after, end): lines → one block
    breaks: list[tuple[int, int, int]] = []  # (line index it precedes, start, end)
    if len(lstarts) > 1:
        cstarts, cends = spans(CHUNK_RE, text, start, end)
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
            gap_re = rx.compile(r"\n(?:[^\S\n]*+\n){" + str(info.blank_gap + 1) + ",}")
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
    return rx.compile(
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
                add_lines(sink, prose_kind, text, s, e)
        return
    pos = 0
    for i in _suspects(text, chunks, info):
        sink.extend(prose_kind, starts, ends, pos, i)
        split_chunk(text, starts[i], ends[i], info, sink, prose_kind, verse_kind)
        pos = i + 1
    sink.extend(prose_kind, starts, ends, pos, len(starts))
