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


EMPTY_PAGE_INFO = PageInfo(0, 0, False, "", 0.0, 0)


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

    The percent is 100 on the page that shows the end of the reading text, even
    when only trailing white space (or nothing laid out) separates it from the end.
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
    if _shows_end(book, pag, ref, pages):
        percent = 100.0
    else:
        percent = 100.0 * (end - lo) / (hi - lo) if hi > lo else 100.0
    ci = page.chapter_index
    nxt = [c.offset for c in book.chapters[ci + 1 :] if c.offset > end]
    chapter_end = min(nxt[0] if nxt else hi, hi)
    return PageInfo(
        number,
        max(total, number),
        not exact,
        title or book.metadata.title,
        min(max(percent, 0.0), 100.0),
        max(chapter_end - end, 0),
    )
