"""Opening a long book the first time: a first Book from its opening, the whole one after.

A 20 MB novel takes well over half a second to parse; its first page needs only the
first few hundred kilobytes. :func:`open_quickly` reads and decodes the whole file (every
offset is one into the whole text, so positions are exact from the first page on), parses
only the opening of the text into a *provisional* :class:`~reader.text.book.Book` — the
whole text, with blocks, chapters and front matter found in the opening and no back
matter — and returns with it a ``finish`` callable that parses the whole text (on any
thread) and stores it in the parse cache. The caller shows the provisional book's first
page and puts the whole book in its place when ``finish`` returns.

A book in the parse cache, or shorter than :data:`QUICK_MIN_CHARS`, is parsed whole at
once, as :func:`reader.text.parse.load_book` does.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.text import cache as parse_cache
from reader.text.book import PENDING_CHAPTER, Book, ContentsLink, EncodingReport, ParagraphMode
from reader.text.identity import book_key_of_bytes
from reader.text.parse import _decode, is_cjk, parse_text, read_file

QUICK_MIN_CHARS = 1_500_000
"""Texts at least this long are opened from their opening first."""
OPENING_CHARS = 100_000
"""About how much of the text the provisional book is parsed from, first."""
LONG_OPENING_CHARS = 300_000
"""The opening parsed instead when the story or the position to show lies beyond the first
half of :data:`OPENING_CHARS` (a long front matter or printed contents, a saved place)."""
_CUT_SEARCH = 100_000
"""How far past :data:`OPENING_CHARS` a paragraph break is looked for."""


@dataclass
class QuickOpen:
    """A book to show now and, when it is provisional, how to get the whole of it."""

    book: Book
    finish: Callable[[], Book] | None = None
    """Parses the whole text (and stores it in the cache); None when ``book`` is whole."""

    @property
    def provisional(self) -> bool:
        """True when ``book`` holds only the opening's structure."""
        return self.finish is not None


def opening_cut(text: str, size: int = OPENING_CHARS) -> int:
    """Where the opening of ``text`` ends: after the first paragraph break (a blank line)
    at or after ``size`` characters, else after a line break, else at ``size``."""
    if len(text) <= size:
        return len(text)
    limit = min(len(text), size + _CUT_SEARCH)
    at = text.find("\n\n", size, limit)
    if at >= 0:
        return at + 2
    at = text.find("\n", size, limit)
    return at + 1 if at >= 0 else size


def open_quickly(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    paragraph_mode: ParagraphMode | None = None,
    cache_dir: Path | None = None,
    within: int | None = None,
) -> QuickOpen:
    """Read ``path`` and give a book to show at once (see the module docstring).

    ``within``: the position that will be shown, when known (a saved position); a
    provisional book is only given when it lies in the first half of the opening.
    Raises what :func:`reader.text.parse.load_book` raises.
    """
    data = read_file(path)
    name = Path(os.fspath(path)).name
    if cache_dir is not None:
        cached = parse_cache.load(
            Path(cache_dir), data, encoding=encoding, paragraph_mode=paragraph_mode
        )
        if cached is not None:
            return QuickOpen(cached)
    key, size = book_key_of_bytes(data), len(data)
    # The cache's checksum (~8 ms for 20 MB) is taken on another thread while the text is
    # decoded: zlib lets go of the GIL over a large buffer.
    crcs: list[int] = []
    summing = threading.Thread(target=_crc_into, args=(data, crcs), daemon=True)
    summing.start()
    try:
        text, report = _decode(data, name, encoding)
    finally:
        summing.join()
    crc = crcs[0]
    del data

    def whole() -> Book:
        book = parse_text(text, file_name=name, report=report, paragraph_mode=paragraph_mode)
        book.book_key, book.file_size = key, size
        if cache_dir is not None:
            parse_cache.store_parsed(
                Path(cache_dir), book, crc, encoding=encoding, paragraph_mode=paragraph_mode
            )
        return book

    if len(text) < QUICK_MIN_CHARS:
        return QuickOpen(whole())
    first = provisional_book(text, name, report, paragraph_mode=paragraph_mode, within=within)
    if first is None:
        return QuickOpen(whole())
    first.book_key, first.file_size = key, size
    return QuickOpen(first, whole)


def provisional_book(
    text: str,
    file_name: str,
    report: EncodingReport,
    *,
    paragraph_mode: ParagraphMode | None = None,
    within: int | None = None,
) -> Book | None:
    """A provisional book of the whole ``text`` from its opening, or None when no opening
    up to :data:`LONG_OPENING_CHARS` both holds the start of the story and ``within`` in
    its first half (the book must then be parsed whole).

    The opening is :data:`OPENING_CHARS` long, or :data:`LONG_OPENING_CHARS` where that
    is not enough: a smaller opening is parsed sooner and gives the same first pages
    (``tests/text/test_quick_open.py`` compares them with the whole book's). Chinese and
    Japanese text holds some three times as much per character, and the paragraph
    detectors sample it at the opening's middle and end: it gets the long opening.
    """
    sizes = (LONG_OPENING_CHARS,) if is_cjk(text) else (OPENING_CHARS, LONG_OPENING_CHARS)
    for size in sizes:
        cut = opening_cut(text, size)
        if cut >= len(text):
            return None
        if (within or 0) > cut // 2:
            continue
        first = parse_text(
            text[:cut],
            file_name=file_name,
            report=report,
            paragraph_mode=paragraph_mode,
            find_italics=False,  # the whole book finds them, after the first page
        )
        if first.opening_offset > cut // 2:
            continue  # the story starts late: this opening is not enough
        return dataclasses.replace(
            first,
            text=text,
            back_matter=[],
            contents_links=pending_entries(text, first.contents_links, len(first.chapters)),
        )
    return None


def _crc_into(data: bytes, out: list[int]) -> None:
    out.append(zlib.crc32(data))


def pending_entries(text: str, links: list[ContentsLink], chapters: int) -> list[ContentsLink]:
    """``links`` of a book parsed from its opening, with the entries whose chapters lie
    beyond it marked :data:`~reader.text.book.PENDING_CHAPTER`.

    A printed contents is matched to the chapters in order, so once its entries have
    reached the opening's last chapter, the rest match none — or, further on, that last
    chapter again where they repeat its title (``CHAPTER II`` of every part). Those that
    read like the entries matched before (the same first word: ``CHAPTER XXIX`` after
    ``CHAPTER I`` …) will lead to chapters of the whole book; the layout sets them as
    entries of their own now, as it will then, so the first page does not change when
    the whole book replaces this one. Other lines (an entry's subtitle) keep their match.
    """
    reached = next((i for i, link in enumerate(links) if link.chapter == chapters - 1), None)
    if reached is None:
        return links
    matched = {_first_word(text, link) for link in links[: reached + 1] if link.chapter >= 0}
    matched.discard("")
    return links[: reached + 1] + [
        link._replace(chapter=PENDING_CHAPTER, offset=-1, score=0.0)
        if _first_word(text, link) in matched
        else link
        for link in links[reached + 1 :]
    ]


def _first_word(text: str, link: ContentsLink) -> str:
    words = text[link.start : link.end].split(None, 1)
    return words[0].casefold() if words else ""


__all__ = [
    "LONG_OPENING_CHARS",
    "OPENING_CHARS",
    "QUICK_MIN_CHARS",
    "QuickOpen",
    "open_quickly",
    "opening_cut",
    "pending_entries",
    "provisional_book",
]
