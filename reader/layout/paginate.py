"""Page breaking: deterministic, chapter-local, lazy around a position.

The book's reading range is cut into *sections*: one per table-of-contents
entry (so every chapter and part starts on a new page), plus an untitled
opening section, and very long sections (a 30 MB fan fiction without
chapters) are cut further at block boundaries every ``MAX_SECTION_CHARS`` so
that reaching a position never means laying out the whole book. Each section
paginates on its own: :func:`fill_page` fills one page from a (block, line)
starting point, and a section's pages are found by calling it repeatedly from
the section's start. Because a page depends only on where it starts, a page can
be rebuilt later from a compact break record (block, line, offset) without
keeping any layout: that is all that is stored for sections not on screen.

Nothing here draws or imports widgets; the metrics come from a
``MetricsSource`` (the real :class:`~reader.layout.typeset.Typesetter` or a
fake in tests). :class:`~reader.layout.pagination.Pagination` adds the lazy
per-section state, the approximate-then-exact page count and the background
completion thread.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from reader.text.book import Book

MAX_SECTION_CHARS = 60_000
"""Longest run of text paginated as one unit before a forced break at a block boundary."""


class BlockMetrics(Protocol):
    """What pagination needs to know about one typeset block (read-only).

    A block may also have ``keep_lines``, a set of line indices never left last on a page
    (a part's entry heading the rows of a printed contents).
    """

    @property
    def line_heights(self) -> Sequence[float]:
        """Advance (height incl. spacing) of each line; at least one line."""
        ...

    @property
    def line_starts(self) -> Sequence[int]:
        """Source offset of the first character of each line."""
        ...

    @property
    def end_offset(self) -> int:
        """Source offset just after the block's last shown character."""
        ...

    @property
    def space_before(self) -> float:
        """Space above the block's first line."""
        ...

    @property
    def space_after(self) -> float:
        """Space below the block's last line."""
        ...

    @property
    def keep_with_next(self) -> bool:
        """Never end a page with this block (headings)."""
        ...


class MetricsSource(Protocol):
    """Anything that typesets blocks: ``metrics(i)`` is None for a hidden block."""

    def metrics(self, index: int) -> BlockMetrics | None:
        """Metrics of block ``index`` (None when it shows nothing)."""
        ...


@dataclass(frozen=True, slots=True)
class Section:
    """A run of blocks paginated on its own (a chapter, or a slice of a long one)."""

    first_block: int
    end_block: int
    """Exclusive."""
    start_offset: int
    end_offset: int
    chapter: int
    """Index into ``Book.chapters`` (-1 for text before the first entry)."""
    chapter_start: bool
    """False for the continuation slices of an over-long chapter."""


class PageRef(NamedTuple):
    """Where a page is: section index and page index within the section."""

    section: int
    # The field shadows tuple.index (which mypy reports); the name is the public interface.
    index: int  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Page:
    """One page: what it shows and where.

    ``items`` are ``(block index, first line, last line)`` with ``last line``
    inclusive; ``tops`` the y of each item's first line from the top of the
    text area. ``start_offset``/``end_offset`` are the source range shown.
    """

    section: int
    index: int
    chapter_index: int
    start_offset: int
    end_offset: int
    items: tuple[tuple[int, int, int], ...]
    tops: tuple[float, ...]

    @property
    def ref(self) -> PageRef:
        """This page's reference."""
        return PageRef(self.section, self.index)


class PageFill(NamedTuple):
    """Result of :func:`fill_page`."""

    items: tuple[tuple[int, int, int], ...]
    tops: tuple[float, ...]
    start_offset: int
    end_offset: int
    next_start: tuple[int, int] | None
    """(block, line) where the next page starts, None at the end of the section."""


def fill_page(
    source: MetricsSource,
    section: Section,
    start: tuple[int, int],
    height: float,
) -> PageFill | None:
    """Fill one page of ``height`` from ``start`` = (block, line); None if nothing is left.

    Rules: lines are never split; a block continues on the next page at a line
    boundary; space between blocks is the larger of the two; space above a
    block is dropped at the top of a page except on a section's first page;
    a keep-with-next block (a heading, a stanza number) is not left at the bottom
    of a page: the next block's first two lines must fit below it; a paragraph's
    first line alone at the bottom (orphan) or its last line alone at the top
    (widow) is avoided when the page has room to give.
    """
    b, line = start
    end = section.end_block
    at_section_top = b == section.first_block and line == 0
    items: list[tuple[int, int, int]] = []
    tops: list[float] = []
    y = 0.0
    pending = 0.0
    start_offset = end_offset = -1
    while b < end:
        m = source.metrics(b)
        if m is None:
            b, line = b + 1, 0
            continue
        heights = m.line_heights
        n = len(heights)
        gap = 0.0
        if line == 0:
            if items:
                gap = max(pending, m.space_before)
            elif at_section_top:
                gap = m.space_before
        y0 = y + gap
        k = 0
        acc = y0
        while line + k < n and acc + heights[line + k] <= height + 1e-6:
            acc += heights[line + k]
            k += 1
        if k == 0:
            if items:
                break
            k = 1  # a single line taller than the page: show it anyway
            acc = y0 + heights[line]
        rest = n - line - k
        if items and rest > 0:
            if line == 0 and k == 1 and n > 1:
                break  # orphan: move the first line to the next page
            if rest == 1 and k >= 3:
                k -= 1  # widow: take a line with it
                acc -= heights[line + k]
        keeps = getattr(m, "keep_lines", None) if rest > 0 else None
        if keeps:
            # a line that heads those after it (a part's entry in a contents) goes with them
            while k > 1 and line + k - 1 in keeps:
                k -= 1
                acc -= heights[line + k]
            if k == 1 and line in keeps and items:
                break
            rest = n - line - k
        kept = m.keep_with_next and rest == 0 and len(items) > 0
        if kept and acc + _kept_height(source, b + 1, end, m.space_after) > height + 1e-6:
            break
        if not items:
            start_offset = m.line_starts[line]
        items.append((b, line, line + k - 1))
        tops.append(y0)
        y = acc
        if rest > 0:
            end_offset = m.line_starts[line + k]
            return PageFill(tuple(items), tuple(tops), start_offset, end_offset, (b, line + k))
        end_offset = m.end_offset
        pending = m.space_after
        b, line = b + 1, 0
    if not items:
        return None
    nxt_start = (b, line) if b < end else None
    return PageFill(tuple(items), tuple(tops), start_offset, end_offset, nxt_start)


_KEEP_CHAIN = 8
"""Most keep-with-next blocks in a row whose heights count towards :func:`_kept_height`."""


def _kept_height(source: MetricsSource, b: int, end: int, pending: float) -> float:
    """Height that must fit below a keep-with-next block for it to stay on the page.

    That is the space to the next shown block in ``[b, end)`` and that block's
    first two lines (a first line alone would move on as an orphan); when the next
    block is itself kept with what follows (a heading above a stanza number), all
    of it and, in turn, what it keeps. Nothing follows at the end: 0.
    """
    need = 0.0
    for _ in range(_KEEP_CHAIN):
        m = None
        while b < end and m is None:
            m = source.metrics(b)
            b += 1
        if m is None:
            break
        need += max(pending, m.space_before)
        heights = m.line_heights
        if not m.keep_with_next:
            return need + sum(heights[:2])
        need += sum(heights)
        pending = m.space_after
    return need


def build_sections(book: Book, show_matter: bool = False) -> list[Section]:
    """Cut the reading range into sections at chapter starts and over-long runs."""
    blocks = book.blocks
    if len(blocks) == 0:
        return []
    lo, hi = (0, book.text_end) if show_matter else book.reading_range()
    starts, ends = blocks.starts(), blocks.ends()
    first = bisect.bisect_right(ends, lo)
    last = bisect.bisect_left(starts, hi)
    if first >= last:
        return []
    cuts: list[tuple[int, int]] = [(first, book.chapter_index_at(starts[first]))]
    for ci, ch in enumerate(book.chapters):
        if ch.offset <= starts[first] or ch.offset >= hi:
            continue
        bi = bisect.bisect_right(ends, ch.offset)
        if bi >= last:
            continue
        if bi == cuts[-1][0]:
            cuts[-1] = (bi, ci)
        elif bi > cuts[-1][0]:
            cuts.append((bi, ci))
    sections: list[Section] = []
    for j, (bi, ci) in enumerate(cuts):
        stop = cuts[j + 1][0] if j + 1 < len(cuts) else last
        a = bi
        chapter_start = True
        while a < stop:
            z = stop
            if ends[stop - 1] - starts[a] > MAX_SECTION_CHARS:
                z = bisect.bisect_left(starts, starts[a] + MAX_SECTION_CHARS, a + 1, stop)
                z = max(z, a + 1)
            s_off = lo if not sections else starts[a]
            e_off = starts[z] if z < len(blocks) else len(book.text)
            sections.append(Section(a, z, s_off, min(e_off, hi), ci, chapter_start))
            chapter_start = False
            a = z
    return sections
