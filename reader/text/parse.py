"""The parse pipeline: a file or its bytes in, a structured :class:`Book` out.

Steps: read the file (clear one-line errors for missing, folder, unreadable
or binary files) → decode (:mod:`reader.text.decode`) → detect Aozora notation
and CJK script → structure (:mod:`reader.text.structure`: headings, chapters,
matter, scene breaks, notes, title page) → paragraph mode and blocks
(:mod:`reader.text.paragraphs`) → metadata. With a cache folder the result is
stored per book key, so opening the same book again skips detection.

The detectors (decode with chardet, structure, paragraphs, metadata) are
imported on first use, not with this module: opening a cached book — every
start-up but the first — never loads them.
"""

from __future__ import annotations

import bisect
import dataclasses
import importlib
import os
import stat
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.text import cache as parse_cache
from reader.text import rx
from reader.text.aozora import is_aozora
from reader.text.book import (
    BlockKind,
    Blocks,
    Book,
    Chapter,
    EncodingReport,
    GluedWord,
    Metadata,
    ParagraphMode,
    TitleCandidate,
)
from reader.text.cache import PARSER_VERSION
from reader.text.chapter_rules import ChapterRule, apply_rules, rules_digest
from reader.text.errors import BookNotFoundError, NotAFileError, NotTextError, UnreadableError
from reader.text.identity import book_key_of_bytes
from reader.text.links import link_contents
from reader.text.rejoin import broken_lines, rejoin
from reader.text.story import StoryInfo, parse_story_info

if TYPE_CHECKING:  # bound at run time by _load_detectors (lazily: see the module docstring)
    from reader.text.decode import decode, looks_binary
    from reader.text.metadata import guess_metadata
    from reader.text.paragraphs import BlockSink, ModeInfo, detect_mode, split_region
    from reader.text.structure import OPENING_TITLE, Structure, detect_structure

__all__ = ["PARSER_VERSION", "load_book", "parse_bytes", "parse_text", "read_file"]

_LAZY = {
    "decode": "reader.text.decode",
    "looks_binary": "reader.text.decode",
    "guess_metadata": "reader.text.metadata",
    "BlockSink": "reader.text.paragraphs",
    "ModeInfo": "reader.text.paragraphs",
    "detect_mode": "reader.text.paragraphs",
    "split_region": "reader.text.paragraphs",
    "Structure": "reader.text.structure",
    "detect_structure": "reader.text.structure",
    "OPENING_TITLE": "reader.text.structure",
}
"""Names this module exposes but imports on first use (module global → defining module)."""


def __getattr__(name: str) -> object:
    """``parse.detect_structure`` and the other detectors, imported when first asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _load_detectors()
    return globals()[name]


def _load_detectors() -> None:
    """Bind the detector names as module globals (keeping any already set, e.g. by a test)."""
    namespace = globals()
    for name, module in _LAZY.items():
        if name not in namespace:
            namespace[name] = getattr(importlib.import_module(module), name)


_NOT_CJK_RE = rx.lazy_stdlib(
    r"[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
_SPACE_RE = rx.lazy_stdlib(r"\s+")
_CJK_SAMPLE = 20_000

Range = tuple[int, int]


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path``, or a :class:`~reader.text.errors.BookError`
    with a one-line message (missing, a folder or device, unreadable)."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except (FileNotFoundError, NotADirectoryError):
        raise BookNotFoundError(f"No such file: {p}") from None
    except OSError as err:
        raise UnreadableError(f"Cannot read {p}: {err.strerror or err}") from None
    if stat.S_ISDIR(st.st_mode):
        raise NotAFileError(f"{p} is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise NotAFileError(f"{p} is not a regular file")
    try:
        with open(p, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise BookNotFoundError(f"No such file: {p}") from None
    except IsADirectoryError:
        raise NotAFileError(f"{p} is a folder, not a file") from None
    except OSError as err:
        raise UnreadableError(f"Cannot read {p}: {err.strerror or err}") from None
    except MemoryError:
        raise UnreadableError(f"Cannot read {p}: the file is too large") from None


def load_book(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    paragraph_mode: ParagraphMode | None = None,
    cache_dir: Path | None = None,
    rules: Sequence[ChapterRule] = (),
) -> Book:
    """Read and parse the book at ``path``.

    ``encoding`` (a codec name) and ``paragraph_mode`` override detection; the
    reader's chapter ``rules`` are applied to the result (see
    :mod:`reader.text.chapter_rules`; what they cannot do becomes a notice).
    With ``cache_dir`` a previous parse of the same bytes (same book key,
    parser version, overrides and rules) is reused, and a fresh parse is stored.
    Raises only :class:`~reader.text.errors.BookError` subclasses, each with a
    one-line message; a 0-byte file gives an empty Book.
    """
    data = read_file(path)
    name = Path(os.fspath(path)).name
    digest = rules_digest(rules)
    if cache_dir is not None:
        cached = parse_cache.load(
            Path(cache_dir), data, encoding=encoding, paragraph_mode=paragraph_mode, rules=digest
        )
        if cached is not None:
            return cached
    # What the book keeps of the bytes is taken now, so that they can go before the
    # structure is found: a parse then holds the text, not the file as well.
    key, size, crc = book_key_of_bytes(data), len(data), zlib.crc32(data)
    text, report = _decode(data, name, encoding)
    del data
    book = parse_text(text, file_name=name, report=report, paragraph_mode=paragraph_mode)
    book.book_key, book.file_size = key, size
    if rules:
        book = apply_rules(book, rules).book
    if cache_dir is not None:
        parse_cache.store_parsed(
            Path(cache_dir),
            book,
            crc,
            encoding=encoding,
            paragraph_mode=paragraph_mode,
            rules=digest,
        )
    return book


def _decode(data: bytes, file_name: str, encoding: str | None) -> tuple[str, EncodingReport]:
    """The text of ``data`` and how it was decoded, or a one-line BookError."""
    _load_detectors()
    label = file_name or "The file"
    if encoding is None and looks_binary(data):
        raise NotTextError(f"{label} is not a text file")
    try:
        return decode(data, encoding)
    except ValueError as err:
        raise UnreadableError(f"Cannot read {label}: {err}") from None


def parse_bytes(
    data: bytes,
    *,
    file_name: str = "",
    encoding: str | None = None,
    paragraph_mode: ParagraphMode | None = None,
) -> Book:
    """Parse a file's bytes into a Book (see :func:`load_book`; no file access, no cache)."""
    text, report = _decode(data, file_name, encoding)
    book = parse_text(text, file_name=file_name, report=report, paragraph_mode=paragraph_mode)
    book.book_key = book_key_of_bytes(data)
    book.file_size = len(data)
    return book


def parse_text(
    text: str,
    *,
    file_name: str = "",
    report: EncodingReport | None = None,
    paragraph_mode: ParagraphMode | None = None,
    find_italics: bool = True,
) -> Book:
    """Build a Book from already decoded text (``\\n`` line endings, no BOM).

    ``find_italics`` False leaves :attr:`Book.glued_words` empty (a provisional book, whose
    first page must not wait for the word list: :mod:`reader.text.quick_open`).
    """
    _load_detectors()
    if report is None:
        report = EncodingReport("utf-8", 1.0, "text")
    notices: list[str] = []
    if report.replaced_bytes:
        notices.append(
            f"{report.replaced_bytes} byte(s) could not be decoded as {report.name}"
            " and are shown as �."
        )
    if not text or text.isspace():
        mode = paragraph_mode or ParagraphMode.LINE
        return Book(
            text=text,
            blocks=Blocks(),
            chapters=[],
            encoding=report,
            metadata=_metadata(text, file_name, False, notices),
            paragraph_mode=mode,
            paragraph_reason="The file is empty." if not text else "The file has no text.",
            notices=notices,
        )
    aoz = is_aozora(text)
    cjk = is_cjk(text)
    try:
        st = detect_structure(text, aozora=aoz)
    except Exception as err:  # a structure bug must not make the book unreadable
        notices.append(f"Chapter detection failed ({type(err).__name__}: {err}).")
        st = Structure()
    front = _clean_ranges(st.front_matter, len(text))
    back = _clean_ranges(st.back_matter, len(text))
    lo = max((e for _s, e in front), default=0)
    hi = min((s for s, _e in back if s >= lo), default=len(text))
    story = parse_story_info(text)
    if story is not None and story.header_start < lo:
        story = None  # a header inside front matter is not the story's title page
    skip = [(d.start, d.end) for d in st.dropped]
    info = detect_mode(text, lo, max(lo, hi), cjk=cjk, override=paragraph_mode, skip=skip)
    if info.mode is ParagraphMode.LINE and not info.chosen and broken_lines(text, lo, hi, False):
        info = dataclasses.replace(info, joined=True)
    story_span = (story.header_start, story.header_end) if story is not None else None
    blocks = build_blocks(text, st, info, aozora=aoz, story=story_span)
    book = Book(
        text=text,
        blocks=blocks,
        chapters=_story_chapters(_clean_chapters(st.chapters, len(text)), story),
        encoding=report,
        metadata=_metadata(
            text,
            file_name,
            aoz,
            notices,
            sorted((d.start, d.end) for d in [*st.matter_notes, *st.dropped]),
        ),
        paragraph_mode=info.mode,
        paragraph_reason=info.reason,
        front_matter=front,
        back_matter=back,
        cjk=cjk,
        aozora=aoz,
        notices=notices,
        dropped=list(st.dropped),
        matter_notes=list(st.matter_notes),
        story=story,
    )
    if story is not None:
        _story_metadata(book.metadata, story)
    book.opening_offset = opening_offset(book, frozenset(s for s, _e in st.contents_heads))
    book.author_notes = tuple(st.notes)
    book.glued_words = _glued_words(book, notices) if find_italics else ()
    if st.toc_spans:
        kinds, starts, ends = blocks.kinds(), blocks.starts(), blocks.ends()
        spans = [(starts[i], ends[i]) for i in range(len(blocks)) if kinds[i] == _CONTENTS]
        book.contents_links = link_contents(text, spans, book.chapters)
    return book


def _glued_words(book: Book, notices: list[str]) -> tuple[GluedWord, ...]:
    """The book's words run together where italics were lost (none for CJK books or books
    in a language the word list does not know); a failure is a notice, never an error."""
    if book.cjk or book.aozora:
        return ()
    from reader.text.italics import find_glued

    try:
        return find_glued(book)
    except Exception as err:  # a nicety: never fail the book over it
        notices.append(f"Repairing lost italics failed ({type(err).__name__}: {err}).")
        return ()


def opening_offset(book: Book, contents_heads: frozenset[int] = frozenset()) -> int:
    """Where a book never opened before should open: the start of its first block in the
    reading range that is the title page or the text proper (not matter, a printed
    contents or its ``CONTENTS`` line — starts in ``contents_heads`` —, a footnote or a
    scene break)."""
    lo, hi = book.reading_range()
    blocks = book.blocks
    i = max(blocks.index_at(lo), 0)
    kinds = blocks.kinds()
    starts = blocks.starts()
    skip = {_MATTER, _CONTENTS, _SCENE, _FOOTNOTE}
    while i < len(blocks) and starts[i] < hi:
        if starts[i] >= lo and kinds[i] not in skip and starts[i] not in contents_heads:
            return int(starts[i])
        i += 1
    return lo


def is_cjk(text: str) -> bool:
    """True when the text is mostly Chinese/Japanese characters (sampled at three places)."""
    n = len(text)
    if n <= 3 * _CJK_SAMPLE:
        samples = [text]
    else:
        mid = n // 2
        samples = [
            text[:_CJK_SAMPLE],
            text[mid - _CJK_SAMPLE // 2 : mid + _CJK_SAMPLE // 2],
            text[-_CJK_SAMPLE:],
        ]
    cjk = sum(len(_NOT_CJK_RE.sub("", s)) for s in samples)
    if not cjk:
        return False  # the usual case, told without counting the spaces (~3 ms)
    total = sum(len(_SPACE_RE.sub("", s)) for s in samples)
    return total > 0 and cjk >= 0.3 * total


def _metadata(
    text: str,
    file_name: str,
    aoz: bool,
    notices: list[str],
    skip: list[tuple[int, int]] | None = None,
) -> Metadata:
    try:
        return guess_metadata(text, file_name, aozora=aoz, skip=skip)
    except Exception as err:  # metadata is a nicety: never fail the book over it
        notices.append(f"Title detection failed ({type(err).__name__}: {err}).")
        return Metadata(title=Path(file_name).stem if file_name else "")


def _story_chapters(chapters: list[Chapter], story: StoryInfo | None) -> list[Chapter]:
    """``chapters`` without headings found inside the story header (its lines are a card);
    an entry that started inside it starts at the header instead."""
    if story is None:
        return chapters
    hs, he = story.header_start, story.header_end
    out = [c for c in chapters if not hs < c.offset < he]
    name = story.title or "Story"
    if out and out[0].offset > he and len(out) < len(chapters):
        out.insert(0, Chapter(name, 1, hs))
    elif out and out[0].offset <= hs and out[0].title == OPENING_TITLE:
        out[0] = Chapter(name, out[0].level, out[0].offset)
    return out


def _story_metadata(meta: Metadata, story: StoryInfo) -> None:
    """Title, author and language as the story header gives them (it wins over guesses)."""
    if story.title:
        chosen = TitleCandidate("story header", story.title, story.author, True, "a story header")
        meta.candidates = (
            chosen,
            *(dataclasses.replace(c, chosen=False) for c in meta.candidates),
        )
        meta.title = story.title
        meta.author = story.author or meta.author
    if story.language and not meta.language:
        meta.language = story.language


def _clean_ranges(ranges: list[Range], n: int) -> list[Range]:
    """Clamped, sorted, merged copy of ``ranges``."""
    out: list[Range] = []
    for s, e in sorted((max(0, int(s)), min(n, int(e))) for s, e in ranges):
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _clean_chapters(chapters: list[Chapter], n: int) -> list[Chapter]:
    """Chapters inside the text, in order of offset."""
    ok = [c for c in chapters if 0 <= c.offset <= n]
    return sorted(ok, key=lambda c: c.offset)


# Reserved ranges from the structure, by priority (lower wins an overlap).
_MATTER = int(BlockKind.MATTER)
_HEADING = int(BlockKind.HEADING)
_SCENE = int(BlockKind.SCENE_BREAK)
_TITLE = int(BlockKind.TITLE)
_NOTE = int(BlockKind.AUTHOR_NOTE)
_PARA = int(BlockKind.PARAGRAPH)
_VERSE = int(BlockKind.VERSE)
_CONTENTS = int(BlockKind.CONTENTS)
_FOOTNOTE = int(BlockKind.FOOTNOTE)
_STORY = int(BlockKind.STORY_HEADER)
_DROP = -1  # a dropped line: reserved, but no block


def _minus(span: tuple[int, int], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``span`` outside every range in ``holes``."""
    pieces = [span]
    for hs, he in holes:
        pieces = [
            piece
            for s, e in pieces
            for piece in ((s, min(e, hs)), (max(s, he), e))
            if piece[0] < piece[1]
        ]
    return pieces


def _reserved(
    text: str, st: Structure, story: tuple[int, int] | None = None
) -> list[tuple[int, int, int]]:
    """Non-overlapping ``(start, end, kind)`` ranges the structure claims, in order."""
    n = len(text)
    wanted: list[tuple[int, int, int]] = []
    for s, e in _clean_ranges([*st.front_matter, *st.back_matter], n):
        wanted.append((s, e, _MATTER))
    if story is not None:
        wanted.append((story[0], story[1], _STORY))
    for d in st.dropped:
        wanted.append((d.start, d.end, _DROP))
    for h in st.headings:
        wanted.append((h.start, h.end, _HEADING))
    for s, e in st.footnotes:
        wanted.append((s, e, _FOOTNOTE))
    for s, e in st.scene_breaks:
        wanted.append((s, e, _SCENE))
    # A printed table of contents is one compact block; the title page around it is title.
    for s, e in st.toc_spans:
        wanted.append((s, e, _CONTENTS))
    if st.title_block:
        holes = sorted([*st.toc_spans, *((d.start, d.end) for d in st.dropped)])
        for s, e in _minus(st.title_block, holes):
            wanted.append((s, e, _TITLE))
    for s, e in st.author_notes:
        wanted.append((s, e, _NOTE))
    starts: list[int] = []
    placed: list[tuple[int, int, int]] = []
    for s, e, kind in wanted:  # already in priority order
        s, e = max(0, int(s)), min(n, int(e))
        if s >= e:
            continue
        i = bisect.bisect_left(starts, s)
        if i > 0 and placed[i - 1][1] > s:
            continue
        if i < len(placed) and placed[i][0] < e:
            continue
        starts.insert(i, s)
        placed.insert(i, (s, e, kind))
    return placed


def build_blocks(
    text: str,
    st: Structure,
    info: ModeInfo,
    *,
    aozora: bool = False,
    story: tuple[int, int] | None = None,
) -> Blocks:
    """All blocks of the book, in order and non-overlapping (blank lines between them
    belong to no block); ``story`` is the story header's range (one block)."""
    _load_detectors()
    sink = BlockSink()
    pos = 0
    for s, e, kind in _reserved(text, st, story):
        if s > pos:
            split_region(text, pos, s, info, sink, aozora=aozora)
        if kind == _DROP:
            pass  # shown nowhere: no block
        elif kind in (_HEADING, _SCENE, _CONTENTS, _STORY):
            sink.add(kind, s, e)
        else:
            split_region(
                text,
                s,
                e,
                info,
                sink,
                prose_kind=kind,
                verse_kind=None,
                scene_breaks=False,
                aozora=aozora,
            )
        pos = e
    if pos < len(text):
        split_region(text, pos, len(text), info, sink, aozora=aozora)
    lo = max((e for _s, e in st.front_matter), default=0)
    hi = min((s for s, _e in st.back_matter if s >= lo), default=len(text))
    sink = rejoin(text, sink, info, [(d.start, d.end) for d in st.dropped], lo, hi)
    return Blocks(sink.kinds, sink.starts, sink.ends)
