"""Splitting one run of non-blank lines into paragraphs and verse, line by line.

Only the few "suspect" runs of hard-wrapped or indented text (a short line in
the middle, an indented line) come here from :mod:`reader.text.splitting`. A
line ended by hand (the next line's first word would have fit) may end a
paragraph or belong to verse; runs of such lines become VERSE blocks unless
they read as hard-wrapped prose (a quoted letter, a narrower paragraph).
"""

from __future__ import annotations

from reader.text.book import ParagraphMode
from reader.text.linescan import BlockSink, ModeInfo, add_lines, ends_sentence, indent_width


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


def split_chunk(
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
    inds = [indent_width(line) for line in lines]

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
            and all(inds[k] == 0 and ends_sentence(text, starts[k] + lens[k]) for k in range(a, j))
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
                add_lines(sink, prose_kind, text, ls, vend)
            k = j + 1
            continue
        if para_start >= 0 and (cut_before[k] or (indented_mode and inds[k] > 0)):
            sink.add(prose_kind, para_start, ls - 1)
            para_start = -1
        if para_start < 0:
            para_start = ls
        last = k == n - 1 or is_verse[k + 1]
        if not last and deliberate[k] and ends_sentence(text, ls + lens[k]):
            nxt = lines[k + 1].lstrip()
            if not (nxt[:1].islower()):
                sink.add(prose_kind, para_start, le)
                para_start = -1
        k += 1
    if para_start >= 0:
        sink.add(prose_kind, para_start, e)
