"""Opening a long book the first time: a first Book from its opening, the whole one after.

A 20 MB novel takes well over half a second to parse; its first page needs only the
first few hundred kilobytes. :func:`open_quickly` parses only the opening of the text into
a *provisional* :class:`~reader.text.book.Book` — blocks, chapters and front matter found
in the opening and no back matter — and returns with it a ``finish`` callable that parses
the whole text (on any thread) and stores it in the parse cache. The caller shows the
provisional book's first page and puts the whole book in its place when ``finish``
returns. Every offset is one into the whole text, so positions are exact from the first
page on.

The provisional book's text is the whole text; or, for a book new to the library whose
file starts as UTF-8 (``head_first``), only the head of the file, decoded alone — its
first :data:`FIRST_HEAD_BYTES`, or :data:`HEAD_BYTES` when its opening needs more — with
:attr:`~reader.text.book.Book.whole_length` estimating the rest: decoding 20 MB takes
some 60 ms the first page need not wait for. ``finish`` then decodes the whole file. (A
file whose UTF-8 goes bad after its head may be read as a whole in a legacy code page:
the whole book, put in the provisional one's place, then shows the head's characters
beyond ASCII as that code page reads them.)

A book in the parse cache, or shorter than :data:`QUICK_MIN_CHARS`, is parsed whole at
once, as :func:`reader.text.parse.load_book` does.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reader.text import cache as parse_cache
from reader.text.book import PENDING_CHAPTER, Book, ContentsLink, EncodingReport, ParagraphMode
from reader.text.errors import UnreadableError
from reader.text.identity import book_key_of_bytes, book_key_of_file
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
HEAD_BYTES = 1_300_000
"""How much of a new book's file is decoded before its first page (``head_first``) at
most: the long opening and the search for its end in any script (CJK UTF-8 takes 3 bytes
a character)."""
FIRST_HEAD_BYTES = 256 * 1024
"""How much of it is decoded first: enough for an opening of :data:`OPENING_CHARS` and
the search for its end in a script of about a byte a character (Latin). Only a book that
needs more (another script, a story that starts late) decodes :data:`HEAD_BYTES`: the
rest of that costs some 9 ms before the first page."""


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
    head_first: bool = False,
) -> QuickOpen:
    """Read ``path`` and give a book to show at once (see the module docstring).

    ``within``: the position that will be shown, when known (a saved position); a
    provisional book is only given when it lies in the first half of the opening.
    ``head_first`` (a book new to the library): a long UTF-8 file's provisional book is
    made from its head decoded alone (see the module docstring), and ``finish`` decodes
    the rest (:func:`reader.text.decode.decode_head`); its :attr:`Book.text` is then
    that head and :attr:`Book.whole_length` says how long the whole will be.
    Raises what :func:`reader.text.parse.load_book` raises.
    """
    name = Path(os.fspath(path)).name
    if head_first and encoding is None:
        quick = _open_from_head(path, name, paragraph_mode, cache_dir, within)
        if quick is not None:
            return quick
    data = read_file(path)
    if cache_dir is not None:
        cached = parse_cache.load(
            Path(cache_dir), data, encoding=encoding, paragraph_mode=paragraph_mode
        )
        if cached is not None:
            return QuickOpen(cached)
    key, size = book_key_of_bytes(data), len(data)
    finish = _Finish(path, key, paragraph_mode, cache_dir, encoding=encoding, data=data)
    del data
    text, report = finish.decoded()
    if len(text) < QUICK_MIN_CHARS:
        return QuickOpen(finish())
    first = provisional_book(text, name, report, paragraph_mode=paragraph_mode, within=within)
    if first is None:
        return QuickOpen(finish())
    first.book_key, first.file_size = key, size
    return QuickOpen(first, finish)


class _Finish:
    """Decodes the file (unless that is done) and parses the whole book once, storing it in
    the parse cache: :attr:`QuickOpen.finish`.

    Given the file's bytes, it holds them only until they are decoded; without them, it
    reads the file again, and a file that changed since (another book key) is an
    :class:`~reader.text.errors.UnreadableError`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        key: str,
        paragraph_mode: ParagraphMode | None,
        cache_dir: Path | None,
        *,
        encoding: str | None = None,
        data: bytes | None = None,
        head: EncodingReport | None = None,
    ) -> None:
        self._path, self._key, self._mode = path, key, paragraph_mode
        self._cache_dir, self._encoding = cache_dir, encoding
        self._name = Path(os.fspath(path)).name
        self._data = data
        self._head = head
        self._decoded: tuple[str, EncodingReport] | None = None
        self._crc = 0
        self._size = 0

    def decoded(self) -> tuple[str, EncodingReport]:
        """The whole text and how it was decoded (decoding it the first time)."""
        if self._decoded is None:
            data, self._data = self._data, None
            if data is None:
                streamed = self._stream()
                if streamed is not None:
                    self._decoded = streamed
                    return streamed
                data = read_file(self._path)
                self._check_unchanged(book_key_of_bytes(data))
            self._size = len(data)
            # The cache's checksum (~8 ms for 20 MB) is taken on another thread while the
            # text is decoded: zlib lets go of the GIL over a large buffer.
            crcs: list[int] = []
            summing = threading.Thread(target=_crc_into, args=(data, crcs), daemon=True)
            summing.start()
            try:
                self._decoded = _decode(data, self._name, self._encoding)
            finally:
                summing.join()
            self._crc = crcs[0]
        return self._decoded

    def _check_unchanged(self, key: str) -> None:
        """Raise when the file read again is not the book shown (its key changed)."""
        if key != self._key:
            raise UnreadableError(f"{self._name} changed while it was being opened")

    def _stream(self) -> tuple[str, EncodingReport] | None:
        """The text of a file whose head was UTF-8, read and decoded a chunk at a time
        (never holding its bytes: for 20 MB, 20 MB less at the peak); None when it is not
        UTF-8 throughout (then its bytes are decoded as :func:`decode` decides)."""
        from reader.text.decode import decode_utf8_stream

        report = self._head
        if report is None:
            return None
        try:
            self._check_unchanged(book_key_of_file(self._path))
            with open(self._path, "rb") as raw:
                summed = _Summed(raw)
                if report.bom:
                    summed.read(3)
                text = decode_utf8_stream(summed.read)
        except OSError as err:
            raise UnreadableError(f"Cannot read {self._name}: {err.strerror or err}") from None
        if text is None:
            return None
        self._crc, self._size = summed.crc, summed.size
        return text, report

    def __call__(self) -> Book:
        text, report = self.decoded()
        book = parse_text(text, file_name=self._name, report=report, paragraph_mode=self._mode)
        book.book_key, book.file_size = self._key, self._size
        if self._cache_dir is not None:
            parse_cache.store_parsed(
                Path(self._cache_dir),
                book,
                self._crc,
                encoding=self._encoding,
                paragraph_mode=self._mode,
            )
        return book


class _Summed:
    """A binary file read through, with the CRC-32 and length of what was read."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.crc = 0
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        """Read as the file does, adding the bytes to the checksum."""
        chunk = self._raw.read(size)
        self.crc = zlib.crc32(chunk, self.crc)
        self.size += len(chunk)
        return chunk


def _open_from_head(
    path: str | os.PathLike[str],
    name: str,
    paragraph_mode: ParagraphMode | None,
    cache_dir: Path | None,
    within: int | None,
) -> QuickOpen | None:
    """A long regular file not in the parse cache, read only as far as its head (see
    ``head_first``); None when it is not such a file or its head cannot be read alone (the
    whole file is then read, and says what is wrong with it)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size < QUICK_MIN_CHARS:
            return None
        key = book_key_of_file(path)
        if cache_dir is not None:
            cached = parse_cache.cache_file(Path(cache_dir), key, None, paragraph_mode)
            if cached.exists():
                return None
        with open(path, "rb") as raw:
            data = raw.read(HEAD_BYTES + 1)  # the head, and a byte to say there is more
    except OSError:
        return None
    size = info.st_size
    if len(data) <= HEAD_BYTES or not key.endswith(f"-{size}"):
        return None  # it changed meanwhile: read it whole
    head = _decode_head(data, name, FIRST_HEAD_BYTES)
    if head is None:
        return None
    tried: set[int] = set()
    first = _provisional_from_head(size, head, name, paragraph_mode, within, tried)
    if first is None:  # the opening needs more of the head
        head = _decode_head(data, name, HEAD_BYTES)
        if head is None:
            return None
        first = _provisional_from_head(size, head, name, paragraph_mode, within, tried)
        if first is None:
            return None
    first.book_key, first.file_size = key, size
    return QuickOpen(first, _Finish(path, key, paragraph_mode, cache_dir, head=head[1]))


def _decode_head(data: bytes, name: str, limit: int) -> tuple[str, EncodingReport, int] | None:
    """:func:`reader.text.decode.decode_head` of the first ``limit`` bytes of ``data`` (the
    file, or its first bytes: the head reads the same either way), once the file is known
    to be text (else None: the whole decode says why)."""
    from reader.text.decode import decode_head, looks_binary  # with the detectors: a parse

    if looks_binary(data):
        return None
    return decode_head(data, limit)


def _provisional_from_head(
    size: int,
    head: tuple[str, EncodingReport, int],
    name: str,
    paragraph_mode: ParagraphMode | None,
    within: int | None,
    tried: set[int],
) -> Book | None:
    """The provisional book of a file whose head alone was decoded (None: not enough).
    ``tried``: the sizes of opening parsed already that did not do (see
    :func:`provisional_book`'s ``parsed``), added to."""
    text, report, used = head
    # Characters per byte stay much the same through a book (its script and line ends).
    whole = max(len(text) + 1, round(len(text) * (size - report.bom * 3) / used))
    return provisional_book(
        text,
        name,
        report,
        paragraph_mode=paragraph_mode,
        within=within,
        whole_length=whole,
        parsed=tried,
    )


def provisional_book(
    text: str,
    file_name: str,
    report: EncodingReport,
    *,
    paragraph_mode: ParagraphMode | None = None,
    within: int | None = None,
    whole_length: int = 0,
    parsed: set[int] | None = None,
) -> Book | None:
    """A provisional book of the whole ``text`` from its opening, or None when no opening
    up to :data:`LONG_OPENING_CHARS` both holds the start of the story and ``within`` in
    its first half (the book must then be parsed whole).

    The opening is :data:`OPENING_CHARS` long, or :data:`LONG_OPENING_CHARS` where that
    is not enough: a smaller opening is parsed sooner and gives the same first pages
    (``tests/text/test_quick_open.py`` compares them with the whole book's). Chinese and
    Japanese text holds some three times as much per character, and the paragraph
    detectors sample it at the opening's middle and end: it gets the long opening.

    ``whole_length`` (not 0): ``text`` is only the head of the whole, which is about this
    long; an opening is only cut where the whole text would be cut the same way.
    ``parsed``: for a caller that may try again with a longer head of the same text, the
    sizes of opening found here not to do are added to it, and sizes in it are not tried
    again (any head at least that size and its cut's search long gives the same opening,
    which would not do again).
    """
    sizes = (LONG_OPENING_CHARS,) if is_cjk(text) else (OPENING_CHARS, LONG_OPENING_CHARS)
    for size in sizes:
        if whole_length and size + _CUT_SEARCH > len(text):
            continue  # the head may end before the paragraph break the whole is cut at
        if parsed is not None and size in parsed:
            continue
        cut = opening_cut(text, size)
        if cut >= len(text):
            return None
        if (within or 0) > cut // 2:
            if parsed is not None:
                parsed.add(size)
            continue
        first = parse_text(
            text[:cut],
            file_name=file_name,
            report=report,
            paragraph_mode=paragraph_mode,
            find_italics=False,  # the whole book finds them, after the first page
        )
        if first.opening_offset > cut // 2:
            if parsed is not None:
                parsed.add(size)
            continue  # the story starts late: this opening is not enough
        return dataclasses.replace(
            first,
            text=text,
            back_matter=[],
            contents_links=pending_entries(text, first.contents_links, len(first.chapters)),
            whole_length=whole_length,
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
