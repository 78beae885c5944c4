"""What the status line says about the page on screen: number, total, chapter, progress."""

from __future__ import annotations

from dataclasses import dataclass

from reader.layout.paginate import Page, PageRef
from reader.layout.pagination import Pagination
from reader.text.book import Book
from reader.text.render import typographic
from reader.ui.common.chapter_title import shown_chapter_title

END_SCAN_LIMIT = 10_000
"""Up to this many characters after the page are checked for being only white space."""


@dataclass(frozen=True)
class PageInfo:
    """What the status line shows about the page on screen."""

    page: int
    """1-based global number of the (left) page on screen; 0 without a book."""
    total: int
    approximate: bool
    """True while the total (and so ``page``) is still an estimate."""
    chapter_title: str
    percent: float
    """0–100, how far the end of the visible text is through the reading range."""
    chapter_chars_left: int
    """Characters from the end of the visible text to the end of the chapter."""
    offset: int = 0
    """Source offset where the visible text starts (the position)."""
    chapter_page: int = 0
    """1-based number of the page within its chapter; 0 unless the chapter is laid out."""
    chapter_pages: int = 0
    """Pages of the chapter on screen, once all of it is laid out (else 0)."""


EMPTY_PAGE_INFO = PageInfo(0, 0, False, "", 0.0, 0)


def percent_at(offset: int, lo: int, hi: int) -> float:
    """How far source ``offset`` is through the reading range ``[lo, hi)``, 0–100.

    The position is where the visible text starts, so the first page is 0 % and the
    library (which keeps that position's percent) says the same as the status line.
    """
    if hi <= lo:
        return 100.0
    return min(max(100.0 * (offset - lo) / (hi - lo), 0.0), 100.0)


def chapter_pages(pag: Pagination, ref: PageRef) -> tuple[int, int]:
    """(page number within its chapter, the chapter's pages) for ``ref``, once every
    section of that chapter is laid out; ``(0, 0)`` before that. Nothing is laid out here."""
    sections = pag.sections
    first = ref.section
    while first > 0 and not sections[first].chapter_start:
        first -= 1
    end = ref.section + 1
    while end < len(sections) and not sections[end].chapter_start:
        end += 1
    before = total = 0
    for s in range(first, end):
        count, exact = pag.section_count(s)
        if not exact:
            return 0, 0
        if s < ref.section:
            before += count
        total += count
    return before + ref.index + 1, total


def _shows_end(book: Book, pag: Pagination, ref: PageRef, pages: list[Page]) -> bool:
    """True when ``pages`` reach the end of the reading text: nothing but white space
    follows them, or (near the end) no page follows them."""
    end, hi = pages[-1].end_offset, pag.range[1]
    if end >= hi:
        return True
    if hi - end > END_SCAN_LIMIT:
        return False
    return not book.text[end:hi].strip() or pag.next_ref(ref, len(pages)) is None


def page_info_for(book: Book, pag: Pagination, pages: list[Page], ref: PageRef) -> PageInfo:
    """The :class:`PageInfo` of ``pages`` (the page or spread at ``ref``) in ``book``.

    The percent is that of the position (where the page starts: :func:`percent_at`),
    and 100 on the page that shows the end of the reading text, even when only
    trailing white space (or nothing laid out) separates it from the end.
    """
    total, exact = pag.total()
    number = pag.number(ref)
    page = pages[0]
    title = book.chapters[page.chapter_index].title if page.chapter_index >= 0 else ""
    if title and not book.cjk:  # as the heading on the page shows it
        title = typographic(title)
    # A lone numeral ("一", "7") is named as the contents name it ("第一", "Chapter 7").
    title = shown_chapter_title(title, book.metadata.language)
    lo, hi = pag.range
    end = pages[-1].end_offset
    start = pages[0].start_offset
    percent = 100.0 if _shows_end(book, pag, ref, pages) else percent_at(start, lo, hi)
    in_chapter, of_chapter = chapter_pages(pag, ref)
    ci = page.chapter_index
    nxt = [c.offset for c in book.chapters[ci + 1 :] if c.offset > end]
    chapter_end = min(nxt[0] if nxt else hi, hi)
    return PageInfo(
        number,
        max(total, number),
        not exact,
        title or book.metadata.title,
        percent,
        max(chapter_end - end, 0),
        start,
        in_chapter,
        of_chapter,
    )
