"""A book's structure: headings and contents, scene breaks, matter, notes, title page.

:func:`detect_structure` is the one entry point the parser calls. Every range it
returns is ``[start, end)`` into the decoded text; the lists are sorted, and no
two ranges of any kind overlap (a heading is never inside matter, a scene break
never inside a heading). The detection itself lives in :mod:`reader.text.headings`
(headings, printed contents, levels) and :mod:`reader.text.matter` (Gutenberg and
Aozora matter, title pages, scene breaks, author's notes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.text import rx
from reader.text.book import Chapter, Dropped
from reader.text.contents import contents_heads, listed_titles, titled_lists
from reader.text.furniture import RUNNING_HEADER, find_furniture
from reader.text.headings import Heading, find_headings
from reader.text.matter import (
    aozora_matter,
    gutenberg_matter,
    scene_breaks,
    title_block,
)
from reader.text.notes import AuthorNote, find_notes

__all__ = ["OPENING_TITLE", "Heading", "Structure", "detect_structure"]

Range = tuple[int, int]

OPENING_TITLE = "Opening"
"""TOC title of the text before the first heading when it is more than a title page."""

_OPENING_MIN_CHARS = 200  # non-space characters of prose that make an opening entry


@dataclass(slots=True)
class Structure:
    """Everything :func:`detect_structure` finds, as ranges into the text.

    ``headings`` are the heading lines shown as headings; ``chapters`` are the
    table-of-contents entries (levels 1 and 2), including an ``Opening`` entry
    when there is real text before the first heading. ``toc_spans`` are printed
    tables of contents found in the text (not chapters; inside ``title_block``
    when they are on the title page).
    """

    headings: list[Heading] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    scene_breaks: list[Range] = field(default_factory=list)
    front_matter: list[Range] = field(default_factory=list)
    back_matter: list[Range] = field(default_factory=list)
    author_notes: list[Range] = field(default_factory=list)
    notes: list[AuthorNote] = field(default_factory=list)
    """The author's notes with their kinds (the same ranges as ``author_notes``)."""
    title_block: Range | None = None
    toc_spans: list[Range] = field(default_factory=list)
    contents_heads: list[Range] = field(default_factory=list)
    """The ``CONTENTS`` title lines right above printed contents (part of their block)."""
    dropped: list[Dropped] = field(default_factory=list)
    """Lines in the reading text never shown (page furniture, banners, credits)."""
    matter_notes: list[Dropped] = field(default_factory=list)
    """Banners and credits that were made front or back matter, and why."""
    footnotes: list[Range] = field(default_factory=list)


def _free(ranges: list[Range], taken: list[Range]) -> list[Range]:
    """The ``ranges`` that overlap none of ``taken`` (both sorted lists; linear time)."""
    taken = sorted(taken)
    out: list[Range] = []
    j = 0
    for s, e in ranges:
        while j < len(taken) and taken[j][1] <= s:
            j += 1
        if j < len(taken) and taken[j][0] < e:
            continue
        out.append((s, e))
    return out


_NONSPACE = rx.lazy_stdlib(r"\S+")


def _has_prose(text: str, a: int, b: int, toc: list[Range]) -> bool:
    """More than a title page of text in ``[a, b)``, not counting printed contents."""
    n = 0
    for m in _NONSPACE.finditer(text, a, b):
        if any(x <= m.start() < y for x, y in toc):
            continue
        n += m.end() - m.start()
        if n > _OPENING_MIN_CHARS:
            return True
    return False


def _joined(text: str, matter: list[Range], found: list[Range]) -> list[Range]:
    """``matter`` with the ``found`` ranges added; one that follows a range of ``matter``
    with only blank lines between extends it (a credit under the Gutenberg header)."""
    out = sorted(matter)
    for s, e in sorted(found):
        k = next((i for i, (a, b) in enumerate(out) if b <= s and not text[b:s].strip()), None)
        if k is not None:
            out[k] = (out[k][0], max(out[k][1], e))
        else:
            out.append((s, e))
            out.sort()
    return out


_NOT_NEWLINE = rx.lazy_stdlib(r"[^\n]")


def _masked(text: str, spans: list[Range]) -> str:
    """``text`` with every character of ``spans`` but the line breaks made a space."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        if s < pos:
            continue
        parts.append(text[pos:s])
        parts.append(_NOT_NEWLINE.sub(" ", text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _outside(headings: list[Heading], toc: list[Range]) -> list[Heading]:
    """``headings`` without those inside a printed contents."""
    return [h for h in headings if not any(a <= h.start < b for a, b in toc)]


def _heads_over(text: str, toc: list[Range], lo: int, hi: int) -> list[Range]:
    """The ``CONTENTS`` lines standing right above (only blank lines between) a contents."""
    if not toc:
        return []
    out = []
    for s, e in contents_heads(text, lo, hi):
        if any(a >= e and not text[e:a].strip() for a, _b in toc):
            out.append((s, e))
    return out


def detect_structure(text: str, *, aozora: bool = False) -> Structure:
    """Find chapters, parts, matter, scene breaks and author's notes in ``text``.

    ``text`` is the decoded book (``\\n`` line endings, no BOM). ``aozora`` says
    the text uses Aozora Bunko notation (its headings are then taken from the
    ``［＃「…」は中見出し］`` annotations). Never raises for any string.
    """
    st = Structure()
    if not text:
        return st

    front, back = gutenberg_matter(text)
    tblock: Range | None = None
    if not front and not back:
        tblock, front, back = aozora_matter(text)
    lo = max((e for _s, e in front), default=0)
    hi = min((s for s, _e in back if s >= lo), default=len(text))
    furn = find_furniture(text, lo, hi)
    front = _joined(text, front, [(d.start, d.end) for d in furn.front])
    back = _joined(text, back, [(d.start, d.end) for d in furn.back])
    st.front_matter, st.back_matter = front, back
    st.matter_notes = furn.front + furn.back
    st.dropped, st.footnotes = furn.dropped, furn.footnotes
    lo = max((e for _s, e in front), default=0)
    hi = min((s for s, _e in back if s >= lo), default=len(text))
    skip = sorted([*((d.start, d.end) for d in furn.dropped), *furn.footnotes])
    # the detectors read the text with the furniture blanked out (same length, so every
    # offset holds): a heading under a page number stands alone
    view = _masked(text, skip if furn.dropped else [])

    repeats: list[Range] = []
    headings, toc = find_headings(view, lo, hi, aozora=aozora, skip=skip, repeats=repeats)
    if repeats:
        st.dropped = sorted([*st.dropped, *(Dropped(s, e, RUNNING_HEADER) for s, e in repeats)])
    if not aozora:
        first_h = headings[0].start if headings else hi
        heading_starts = frozenset(h.start for h in headings)
        toc = sorted(toc + titled_lists(view, lo, first_h, toc, hi, heading_starts))
        if headings:
            toc = sorted(toc + titled_lists(view, headings[-1].end, hi, toc))
        headings = _outside(headings, toc)
        headings = listed_titles(view, headings, toc, lo, hi)
    st.headings, st.toc_spans = headings, toc
    st.contents_heads = _heads_over(view, toc, lo, hi)

    first = headings[0].start if headings else hi
    if tblock is None:
        tblock = title_block(view, lo, first, toc)
    st.title_block = tblock

    taken: list[Range] = [*front, *back, *((h.start, h.end) for h in headings), *skip]
    if tblock:
        taken.append(tblock)
    stops = [h.start for h in headings]
    st.notes = find_notes(view, lo, hi, stops, taken)
    notes = [(n.start, n.end) for n in st.notes]
    st.author_notes = notes
    taken += notes
    st.scene_breaks = _free(scene_breaks(view, lo, hi), taken)

    chapters = [Chapter(h.title, h.level, h.start) for h in headings if h.toc]
    if headings:
        opening_from = max(lo, tblock[1]) if tblock else lo
        if _has_prose(view, opening_from, first, toc):
            start = re.compile(r"\s*").match(view, lo, first).end()  # type: ignore[union-attr]
            chapters.insert(0, Chapter(OPENING_TITLE, 1, start))
    st.chapters = chapters
    return st
