"""A printed contents set compactly: its entries in as many columns as fit the measure.

A printed contents is short entries, one a line (War and Peace has 382: ``BOOK ONE:
1805``, then ``CHAPTER I``, ``CHAPTER II`` …). Set one a line at body size it fills
fourteen pages. :func:`contents_grid` groups its shown lines into *cells* (an entry; the
lines of one entry, such as ``CHAPTER I`` and its subtitle below, go in one cell) and
flows the cells across the measure, row by row, in as many equal columns as fit the
widest of them. An entry that leads to a part (a chapter of the top level when the book
has chapters below it), or one too wide for a column, takes a row of its own.

Only separators change: the line break between two cells of a row becomes a tab (with a
tab stop at each column), between rows a line separator, inside a cell a space. Every
character keeps its place, so the block's offset map stays exact, and each row is one
line of the layout, which pagination breaks between like any other line. Rows run in
reading order (left to right, then down), so a line's source offsets only grow.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from PySide6.QtGui import QFontMetricsF

from reader.layout.bidi import needs_bidi
from reader.text.book import PENDING_CHAPTER, Book, ContentsLink, Display
from reader.text.links import contents_entries

LINE_SEPARATOR = "\u2028"
MAX_COLUMNS = 8
"""Most columns a contents is set in, however short its entries."""
GAP_EMS = 1.0
"""Least space between two columns, in the contents font's em."""


@dataclass(frozen=True, slots=True)
class Grid:
    """How a contents block is laid out: its layout text, tab stops and strong ranges.

    ``text`` is the block's trimmed shown text with its line breaks replaced (same
    length); ``tabs`` the x of each column after the first; ``strong`` the ``[start,
    end)`` indices into ``text`` of part entries (set in a heavier weight); ``spaced`` the
    last character of each cell that ends less than a gap before a column, with another
    cell after it in its row: it is set with ``gap`` pixels of letter spacing after it, so
    that the tab after it goes on to the next column; ``columns`` and ``rows`` how many there are.
    """

    text: str
    tabs: tuple[float, ...]
    strong: tuple[tuple[int, int], ...]
    spaced: tuple[int, ...]
    gap: float
    columns: int
    rows: int


@dataclass(slots=True)
class _Cell:
    start: int  # index into the text
    end: int
    width: float
    strong: bool
    chapter: int  # the chapter its entry leads to (-1: none)


def _chapter_of(links: list[ContentsLink], starts: list[int], offset: int) -> int:
    """The chapter the entry at source ``offset`` leads to (-1 for none)."""
    k = bisect.bisect_right(starts, offset) - 1
    if k >= 0 and links[k].start <= offset < max(links[k].end, links[k].start + 1):
        return links[k].chapter
    return -1


def _first_word(line: str) -> str:
    words = line.split(None, 1)
    return words[0].casefold() if words else ""


def _part_words(book: Book, links: list[ContentsLink]) -> set[str]:
    """First words of the entries that lead to parts (``book`` in "BOOK ONE: 1805"): an
    entry beyond the parsed opening that starts the same way will lead to a part too."""
    chapters = book.chapters
    if not any(c.level > 1 for c in chapters):
        return set()
    return {
        _first_word(book.text[link.start : link.end])
        for link in links
        if link.chapter >= 0 and chapters[link.chapter].level <= 1
    }


def contents_grid(
    book: Book,
    index: int,
    text: str,
    display: Display,
    d0: int,
    width: float,
    font: QFontMetricsF,
    strong_font: QFontMetricsF,
) -> Grid:
    """Lay out contents block ``index`` of ``book`` in columns (see the module docstring).

    ``text`` is the block's shown text from index ``d0`` of ``display``, trimmed, its lines
    separated by ``\\n``; ``width`` the measure; ``font`` and ``strong_font`` measure
    ordinary and part entries. A right-to-left or mixed-direction contents stays in one
    column.
    """
    links = contents_entries(book, index)
    starts = [link.start for link in links]
    chapters = book.chapters
    has_parts = any(c.level > 1 for c in chapters)
    offsets = display.offsets
    cells: list[_Cell] = []
    pending = any(link.chapter == PENDING_CHAPTER for link in links)
    parts = _part_words(book, links) if pending else set()
    last_chapter = -1
    pos = 0
    n = len(text)
    while pos <= n:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        if end > pos:
            chapter = _chapter_of(links, starts, offsets[d0 + pos])
            cell = cells[-1] if cells else None
            if (
                cell is not None
                and cell.chapter != -1
                and (
                    (chapter == cell.chapter and chapter >= 0)
                    or (chapter == -1 and last_chapter != -1 and not cell.strong)
                )
            ):
                # the entry's second line (its title under "CHAPTER I", its page number, a
                # heading over the page numbers): the same cell
                cell.end = end
            else:
                if chapter >= 0:
                    strong = has_parts and chapters[chapter].level <= 1
                else:  # an entry whose chapter is not parsed yet: strong like its kind
                    strong = chapter == PENDING_CHAPTER and _first_word(text[pos:end]) in parts
                cells.append(_Cell(pos, end, 0.0, strong, chapter))
            last_chapter = chapter
        pos = end + 1
    for cell in cells:
        shown = text[cell.start : cell.end].replace("\n", " ")
        metrics = strong_font if cell.strong else font
        cell.width = metrics.horizontalAdvance(shown)
    gap = GAP_EMS * max(font.horizontalAdvance("M"), 1.0)
    columns = 1
    if len(cells) > 1 and not needs_bidi(text):
        narrow = min((c.width for c in cells if not c.strong), default=width)
        most = int(max(1, min(MAX_COLUMNS, (width + gap) // (narrow + gap))))
        # A grid only where it stays regular: an entry spanning two columns or standing
        # alone for its width is an exception, and there are few (War and Peace's "CHAPTER
        # XXXVIII"); a contents of long, uneven entries stays in one column.
        allowed = max(1, len(cells) // 20)
        best = (_flow(cells, 1, width, gap)[0], 1)
        for k in range(2, most + 1):
            rows, _starts, irregular = _flow(cells, k, width, gap)
            if irregular <= allowed and rows < best[0]:
                best = (rows, k)
        columns = best[1]
    rows, starts_row, _irregular = _flow(cells, columns, width, gap)
    pitch = (width + gap) / columns
    chars = list(text)
    spaced: list[int] = []
    for i, cell in enumerate(cells):
        for j in range(cell.start, cell.end):
            if chars[j] == "\n":
                chars[j] = " "
        if i > 0:  # the line break before this cell
            chars[cell.start - 1] = LINE_SEPARATOR if starts_row[i] else "\t"
            before = cells[i - 1].width
            if not starts_row[i] and (before + gap) // pitch != before // pitch:
                # the tab alone would stop at a column less than a gap away
                spaced.append(cells[i - 1].end - 1)
    return Grid(
        "".join(chars).replace("\n", " "),  # (no empty lines are shown; never a stray break)
        tuple(pitch * k for k in range(1, columns)),
        tuple((c.start, c.end) for c in cells if c.strong),
        tuple(spaced),
        gap,
        columns,
        rows,
    )


def _flow(
    cells: list[_Cell], columns: int, width: float, gap: float
) -> tuple[int, list[bool], int]:
    """Rows the cells take in ``columns`` columns, whether each starts a row, and how many
    (not counting part entries) are too wide for one column.

    Columns are ``pitch`` apart, the last one without a gap after it; a cell spans as many
    as its width and a gap need (Qt's tab after it goes to the first stop past that gap),
    a part entry or a cell wider than the measure takes a row of its own.
    """
    pitch = (width + gap) / columns
    rows = filled = irregular = 0
    starts: list[bool] = []
    for cell in cells:
        span = int((cell.width + gap) // pitch) + 1
        irregular += span > 1 and not cell.strong
        if cell.strong or columns == 1 or span > columns:
            rows += max(1, math.ceil(cell.width / max(width, 1.0)))
            starts.append(True)
            filled = columns  # the next cell starts a row
            continue
        if filled + span > columns:
            filled = 0
        if filled == 0:
            rows += 1
        starts.append(filled == 0)
        filled += span
    return rows, starts, irregular


__all__ = ["GAP_EMS", "MAX_COLUMNS", "Grid", "contents_grid"]
