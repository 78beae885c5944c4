"""Paragraph-mode detection and splitting text into paragraph and verse blocks.

Four source layouts are told apart (see :class:`~reader.text.book.ParagraphMode`):
one long line per paragraph, blank-line separated lines, hard-wrapped text
(lines joined into paragraphs) and indented print-style paragraphs. Inside
hard-wrapped text, runs of short or indented lines (verse, letters, addresses)
become VERSE blocks kept line by line.

This module holds mode detection; the splitting itself lives in
:mod:`reader.text.splitting` (regions) and :mod:`reader.text.verse` (line by
line), on the primitives of :mod:`reader.text.linescan`. Their public names are
re-exported here, so ``from reader.text.paragraphs import split_region`` keeps
working.
"""

from __future__ import annotations

import bisect
from collections import Counter

from reader.text.book import ParagraphMode
from reader.text.linescan import (
    CHUNK_RE,
    LINE_RE,
    PARAGRAPH,
    SCENE_BREAK,
    SENTENCE_END,
    VERSE,
    BlockSink,
    ModeInfo,
    Spans,
    indent_width,
)
from reader.text.splitting import split_region

__all__ = [
    "CHUNK_RE",
    "LINE_RE",
    "LONG_LINE",
    "PARAGRAPH",
    "SAMPLE_WINDOW",
    "SCENE_BREAK",
    "SENTENCE_END",
    "VERSE",
    "BlockSink",
    "ModeInfo",
    "Spans",
    "detect_mode",
    "split_region",
]

LONG_LINE = 150
"""Lines longer than this (95th percentile) are not hard-wrapped."""

SAMPLE_WINDOW = 200_000


def _sample_lines(
    text: str, start: int, end: int, skip: list[tuple[int, int]] | None = None
) -> list[str]:
    """Lines from up to three windows (start, middle, end) of ``text[start:end]``, without
    the lines of ``skip`` (see :func:`_without`)."""
    if end - start <= 3 * SAMPLE_WINDOW:
        return _without(text, start, end, skip) if skip else text[start:end].split("\n")
    lines: list[str] = []
    for a in (start, start + (end - start) // 2 - SAMPLE_WINDOW // 2, end - SAMPLE_WINDOW):
        b = a + SAMPLE_WINDOW
        if a > start:
            nl = text.find("\n", a, b)
            a = b if nl < 0 else nl + 1
        nl = text.rfind("\n", a, b)
        b = b if nl < 0 else nl
        lines.extend(_without(text, a, b, skip) if skip else text[a:b].split("\n"))
    return lines


def _without(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[str]:
    """The lines of ``text[start:end]`` without those in ``skip`` (dropped lines, such as
    page numbers) and without the blank lines around them, so that page furniture does
    not make an indented book look like one with blank lines between paragraphs."""
    lines = text[start:end].split("\n")
    k = bisect.bisect_left(skip, (start,))
    if k >= len(skip) or skip[k][0] >= end:
        return lines
    gone: set[int] = set()
    line = 0
    pos = start
    while k < len(skip) and skip[k][0] < end:
        s, e = skip[k]
        line += text.count("\n", pos, s)
        last = line + text.count("\n", s, min(e, end))
        a = line - 1
        while a >= 0 and not lines[a].strip():
            gone.add(a)
            a -= 1
        gone.update(range(line, last + 1))
        b = last + 1
        while b < len(lines) and not lines[b].strip():
            gone.add(b)
            b += 1
        pos = s
        k += 1
    return [ln for i, ln in enumerate(lines) if i not in gone]


def _paragraph_starts(lines: list[str], lens: list[int]) -> int:
    """Indented lines straight after a flush line: paragraph starts in print style (verse
    and quotations are indented as a whole block, after a blank line)."""
    count = 0
    prev_flush = False
    for line, n in zip(lines, lens, strict=True):
        if not n:
            prev_flush = False
            continue
        ind = indent_width(line)
        if ind and prev_flush:
            count += 1
        prev_flush = ind == 0
    return count


def _percentile(sorted_values: list[int], q: float) -> int:
    return sorted_values[int(q * (len(sorted_values) - 1))]


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
    skip: list[tuple[int, int]] | None = None,
) -> ModeInfo:
    """Decide how paragraphs are laid out in ``text[start:end]`` (the reading text).

    Looks at line lengths and blank lines in a sample of the text. With
    ``override`` the mode is the reader's choice, but the wrap width and
    the other figures are still measured. Lines in ``skip`` (sorted ranges: page
    furniture) and the blank lines around them are left out.
    """
    if end is None:
        end = len(text)
    lines = _sample_lines(text, start, end, skip)
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
    indents = Counter(indent_width(line) for line, n_ in zip(lines, lens, strict=True) if n_)
    indented = n - indents.get(0, 0)
    para_indent = max((k for k in indents if k), key=lambda k: indents[k], default=0)
    blank_lines = len(lens) - n
    blank_gap = max(gaps, key=lambda k: gaps[k]) if gaps else 1
    cont_frac = cont / n
    tight_frac = tight / cont if cont else 0.0
    lo = int(short + 0.999)

    verse_book = False
    if width <= LONG_LINE and cont_frac >= 0.3 and tight_frac >= 0.7:
        few_blanks = blank_lines < 0.05 * len(lens)
        if not few_blanks and indented >= 0.05 * n:
            # blank lines only around headings and breaks: far fewer runs of them than
            # paragraphs starting with an indent
            few_blanks = sum(gaps.values()) < 0.5 * _paragraph_starts(lines, lens)
        if few_blanks and indented >= 0.05 * n:
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
    chosen = override is not None
    return ModeInfo(mode, reason, width, verse_book, para_indent, max(1, blank_gap), chosen)
