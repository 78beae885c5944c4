"""The model every other layer reads: a Book, its blocks, chapters and reports.

A *position* is an ``int`` offset into :attr:`Book.text` (the decoded text with
its BOM removed and line endings normalised to ``\\n``). Blocks, chapters,
front/back matter, progress, bookmarks and annotations are all offsets into
that one string. What is *shown* for a block (hard-wrapped lines joined, Aozora
notation removed, control characters dropped) is produced on demand by
:func:`reader.text.render.display_block`, which returns the shown text together with the source
offset of every shown character, so any on-screen range maps back exactly.

Blocks are stored column-wise in compact arrays (a 30 MB novel has hundreds of
thousands of them) and materialised as small :class:`Block` tuples on access.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, NamedTuple, overload

if TYPE_CHECKING:
    from reader.text.story import StoryInfo


class BlockKind(IntEnum):
    """What a block is, which decides how it is shown."""

    PARAGRAPH = 0
    """Running prose; wrapped lines inside it are joined for display."""
    HEADING = 1
    """A chapter or part heading (its level is in the matching Chapter)."""
    SCENE_BREAK = 2
    """A scene break (``***``, ``* * *``, a run of blank lines …): shown as an ornament."""
    VERSE = 3
    """Preformatted text (verse, letters, addresses): shown line by line."""
    AUTHOR_NOTE = 4
    """A fan-fiction author's note (``A/N:``): prose, marked as such."""
    TITLE = 5
    """Title-page lines before the text proper (title, author, dedication)."""
    MATTER = 6
    """Gutenberg/Aozora front or back matter: hidden from reading by default."""
    CONTENTS = 7
    """A table of contents printed in the book: shown smaller, in columns where its entries
    are short, each entry a link to its chapter (:attr:`Book.contents_links`)."""
    FOOTNOTE = 8
    """A footnote printed in the text (at a page's foot, or after its paragraph): a note,
    shown smaller than the text around it."""
    STORY_HEADER = 9
    """A fan-fiction story header (title, by-line, ``Label: value`` lines, summary): shown
    as a title card made from :attr:`Book.story`."""


class ParagraphMode(StrEnum):
    """How paragraphs are separated in the source text."""

    LINE = "line"
    """One line per paragraph (long lines, no wrapping)."""
    BLANK = "blank"
    """Paragraphs separated by blank lines; lines inside are not wrapped."""
    WRAPPED = "wrapped"
    """Hard-wrapped at a fixed width; paragraphs separated by blank lines or sentence ends."""
    INDENTED = "indented"
    """Hard-wrapped, a new paragraph starts with an indented line (print style)."""


class Block(NamedTuple):
    """One block of the book: its kind and its ``[start, end)`` range in :attr:`Book.text`."""

    kind: BlockKind
    start: int
    end: int


class Blocks(Sequence[Block]):
    """Compact, immutable, offset-ordered sequence of blocks (column arrays)."""

    __slots__ = ("_ends", "_kinds", "_starts")

    def __init__(
        self,
        kinds: bytes | bytearray = b"",
        starts: array | None = None,
        ends: array | None = None,
    ) -> None:
        self._kinds = bytes(kinds)
        self._starts = starts if starts is not None else array("q")
        self._ends = ends if ends is not None else array("q")
        if not (len(self._kinds) == len(self._starts) == len(self._ends)):
            raise ValueError("block columns differ in length")

    @classmethod
    def from_blocks(cls, blocks: list[Block] | list[tuple[int, int, int]]) -> Blocks:
        """Build from a list of ``Block`` (or ``(kind, start, end)``) tuples."""
        kinds = bytearray(int(b[0]) for b in blocks)
        starts = array("q", (b[1] for b in blocks))
        ends = array("q", (b[2] for b in blocks))
        return cls(kinds, starts, ends)

    def __len__(self) -> int:
        return len(self._kinds)

    @overload
    def __getitem__(self, i: int) -> Block: ...
    @overload
    def __getitem__(self, i: slice) -> list[Block]: ...
    def __getitem__(self, i: int | slice) -> Block | list[Block]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return Block(BlockKind(self._kinds[i]), self._starts[i], self._ends[i])

    def __iter__(self) -> Iterator[Block]:
        for k, s, e in zip(self._kinds, self._starts, self._ends, strict=True):
            yield Block(BlockKind(k), s, e)

    def index_at(self, offset: int) -> int:
        """Index of the block containing ``offset``, or of the first block after it.

        Offsets between blocks (blank lines) belong to the next block; an offset
        past the last block gives the last block. Returns -1 for an empty book.
        """
        n = len(self._kinds)
        if n == 0:
            return -1
        i = bisect.bisect_right(self._ends, offset)
        return min(i, n - 1)

    def starts(self) -> array:
        """The start offsets, in order (a read-only view is not enforced; do not mutate)."""
        return self._starts

    def ends(self) -> array:
        """The end offsets, in order (do not mutate)."""
        return self._ends

    def kinds(self) -> bytes:
        """The kinds as raw bytes, one per block."""
        return self._kinds


@dataclass(frozen=True, slots=True)
class Chapter:
    """An entry in the two-level table of contents.

    ``level`` is 1 for top-level entries (parts/books, or chapters in a book
    without parts) and 2 for chapters nested under a part. ``offset`` is the
    start of the heading block (or of the text, for an untitled opening).
    """

    title: str
    level: int
    offset: int


class Dropped(NamedTuple):
    """A line kept in :attr:`Book.text` but never shown, and why.

    ``reason`` is one of the ``reader.text.furniture`` reasons: ``page number``,
    ``running header``, ``page rule``, ``banner``, ``watermark`` or ``credit``.
    """

    start: int
    end: int
    reason: str


PENDING_CHAPTER = -2
""":attr:`ContentsLink.chapter` of an entry whose chapter is not parsed yet (see
:mod:`reader.text.quick_open`): laid out as an entry of its own, not a link."""


class ContentsLink(NamedTuple):
    """One entry of a printed contents and the chapter it leads to.

    ``[start, end)`` is the entry's line in :attr:`Book.text` (inside a CONTENTS
    block); ``chapter`` is an index into :attr:`Book.chapters` (-1 when no chapter
    matched; :data:`PENDING_CHAPTER` in a book parsed from its opening only, for an
    entry like the matched ones whose chapter lies beyond the opening) and ``offset``
    that chapter's offset (-1 likewise); ``score`` (0–100) is how closely the entry
    matched the chapter's title (100: the same words).
    """

    start: int
    end: int
    chapter: int
    offset: int
    score: float


@dataclass(frozen=True, slots=True)
class TitleCandidate:
    """A title (and author) the book offered, where from, and whether it was chosen.

    ``source`` says where it was found (``Gutenberg header``, ``Aozora header``,
    ``export header``, ``title page``, ``file name``, ``opening words``); ``note`` says
    why it won or lost.
    """

    source: str
    title: str
    author: str
    chosen: bool
    note: str


@dataclass(frozen=True, slots=True)
class EncodingReport:
    """How the bytes were turned into text.

    ``name`` is Python's codec name (``utf-8``, ``gb18030``, ``cp1252`` …);
    ``method`` says how it was decided (``bom``, ``utf-8``, ``chardet``,
    ``override``, ``fallback``, ``empty``); ``replaced_bytes`` counts bytes
    that could not be decoded and became U+FFFD.
    """

    name: str
    confidence: float
    method: str
    replaced_bytes: int = 0
    bom: bool = False


@dataclass(frozen=True, slots=True)
class Ruby:
    """A ruby annotation over ``[start, end)`` of the *displayed* block text."""

    start: int
    end: int
    reading: str


@dataclass(frozen=True, slots=True)
class Display:
    """What is shown for one block and where each shown character came from.

    ``offsets[i]`` is the source offset (in :attr:`Book.text`) of ``text[i]``;
    ``offsets[len(text)]`` is the block's end, so a displayed range
    ``[a, b)`` maps to the source range ``[offsets[a], offsets[b])``.

    ``italic`` lists ranges ``[start, end)`` of the shown text to set in italics
    (emphasis marked ``_like this_`` in the source; the underscores are not shown),
    sorted and non-overlapping.
    """

    text: str
    offsets: array
    ruby: tuple[Ruby, ...] = ()
    italic: tuple[tuple[int, int], ...] = ()
    repaired: tuple[tuple[int, int], ...] = ()
    """The italic ranges that are words restored from lost italics (each also in
    ``italic``; the space shown before or after one maps to the character after it)."""

    def source_range(self, a: int, b: int) -> tuple[int, int]:
        """Map a displayed range ``[a, b)`` back to a source range."""
        return self.offsets[a], self.offsets[b]

    def display_index(self, source_offset: int) -> int:
        """The displayed index of the first shown character at or after ``source_offset``."""
        return bisect.bisect_left(self.offsets, source_offset, 0, len(self.text))


class NoteKind(StrEnum):
    """Where an author's note stands, which decides its label (see :mod:`reader.text.notes`)."""

    OPENING = "opening"
    CHAPTER = "chapter"
    END = "end"
    SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class AuthorNote:
    """One author's note: ``[start, end)`` in :attr:`Book.text` and its kind. Its text is
    in one or more ``AUTHOR_NOTE`` blocks."""

    start: int
    end: int
    kind: NoteKind


@dataclass(frozen=True, slots=True)
class GluedWord:
    """Two words run together where italics were lost ("chokingAlaric"), and how they are
    shown apart: ``[start, end)`` is the glued word in :attr:`Book.text`, ``split`` the
    offset before which a space is shown, and ``[italic_start, italic_end)`` the word
    shown in italics (see :mod:`reader.text.italics`)."""

    start: int
    end: int
    split: int
    italic_start: int
    italic_end: int


@dataclass(slots=True)
class Metadata:
    """Title, author and language of a book, as found or as the reader set them."""

    title: str = ""
    author: str = ""
    language: str = ""
    candidates: tuple[TitleCandidate, ...] = ()
    """Every title the book offered, the chosen one first (for ``quire info``)."""


@dataclass(slots=True)
class Book:
    """A parsed book: its text and structure, all as offsets into ``text``."""

    text: str
    blocks: Blocks
    chapters: list[Chapter]
    encoding: EncodingReport
    metadata: Metadata
    paragraph_mode: ParagraphMode
    paragraph_reason: str
    front_matter: list[tuple[int, int]] = field(default_factory=list)
    back_matter: list[tuple[int, int]] = field(default_factory=list)
    book_key: str = ""
    file_size: int = 0
    cjk: bool = False
    """True when the text is mostly Chinese/Japanese (lines are joined without spaces)."""
    aozora: bool = False
    """True when the text uses Aozora Bunko notation (ruby, ［＃…］ annotations)."""
    notices: list[str] = field(default_factory=list)
    """Human-readable notes about the parse (e.g. bad bytes replaced)."""
    dropped: list[Dropped] = field(default_factory=list)
    """Lines inside the reading text that are never shown (page numbers, running headers,
    banners …), sorted. They belong to no block, or are skipped by the display of the
    paragraph they interrupt; their offsets stay valid positions."""
    matter_notes: list[Dropped] = field(default_factory=list)
    """Why parts of :attr:`front_matter`/:attr:`back_matter` are matter (a site banner or
    a credit opening the file …), for ``quire info``."""
    contents_links: list[ContentsLink] = field(default_factory=list)
    """Every entry of every printed contents with the chapter it leads to (see
    :func:`reader.text.links.contents_entries`)."""
    opening_offset: int = 0
    """Where a book never opened before should open: its title page when it has one,
    else its first chapter (never a credit line or the first page of a printed contents)."""
    story: StoryInfo | None = None
    """The fan-fiction story header at the start of the text, if any (its lines are one
    ``STORY_HEADER`` block)."""
    author_notes: tuple[AuthorNote, ...] = ()
    """Every author's note with its kind, sorted (their blocks are ``AUTHOR_NOTE``)."""
    glued_words: tuple[GluedWord, ...] = ()
    """Words run together where italics were lost, sorted: shown apart, the restored word
    in italics, while :attr:`repair_italics` is True."""
    repair_italics: bool = True
    """A display option, not parsed: show :attr:`glued_words` repaired (the reader's
    per-book or global setting; the display cache keys on it)."""
    whole_length: int = 0
    """For a provisional book whose :attr:`text` is only the opening of its file (see
    :mod:`reader.text.quick_open`): the whole text's length, estimated from the file's
    size, so a position reads as far through the book as it will in the whole. 0 when
    :attr:`text` is all of it."""

    @property
    def text_end(self) -> int:
        """Where the book's text ends: ``len(text)``, or for a provisional book whose text
        is its opening, the estimated end of the whole (:attr:`whole_length`)."""
        return max(len(self.text), self.whole_length)

    def notes_between(self, start: int, end: int) -> list[AuthorNote]:
        """The author's notes overlapping ``[start, end)``."""
        notes = self.author_notes
        if not notes or end <= start:
            return []
        i = max(bisect.bisect_right(notes, start, key=lambda n: n.start) - 1, 0)
        out = []
        while i < len(notes) and notes[i].start < end:
            if notes[i].end > start:
                out.append(notes[i])
            i += 1
        return out

    def chapter_index_at(self, offset: int) -> int:
        """Index into :attr:`chapters` of the entry containing ``offset`` (-1 if before all)."""
        starts = [c.offset for c in self.chapters]
        return bisect.bisect_right(starts, offset) - 1

    def is_hidden(self, offset: int) -> bool:
        """True when ``offset`` lies in front or back matter."""
        return any(s <= offset < e for s, e in self.front_matter + self.back_matter)

    def is_dropped(self, offset: int) -> bool:
        """True when ``offset`` lies in a dropped line (page number, banner …)."""
        i = bisect.bisect_right(self.dropped, (offset, 1 << 62)) - 1
        return i >= 0 and self.dropped[i].start <= offset < self.dropped[i].end

    def reading_range(self) -> tuple[int, int]:
        """``[start, end)`` of the text a reader sees, with front/back matter excluded."""
        start = max((e for _s, e in self.front_matter), default=0)
        end = min((s for s, _e in self.back_matter if s >= start), default=self.text_end)
        return start, max(start, end)
