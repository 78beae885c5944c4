"""What read aloud says: a book's sentences in reading order, split lazily, mapped to offsets.

A :class:`Script` walks the book's blocks from any position, leaving out the
blocks the reader chose to skip (:class:`SkipRules`), and splits one block at a
time (:func:`reader.text.sentences.split_sentences` on the block's *display* text,
so hard line breaks cause no pauses), keeping the last few blocks split. Nothing
ever passes over the whole book.

Each :class:`Sentence` carries the text to speak and its exact source range
(through the display's offset map), and turns the engine's word reports, which
count UTF-16 code units in the spoken string, into source ranges: positions kept
anywhere are code points, never Qt's UTF-16 indices.

Qt-free: the controller and the tests drive it with plain offsets.
"""

from __future__ import annotations

import bisect
from array import array
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.text.book import BlockKind
from reader.text.render import display_block
from reader.text.sentences import is_speakable, split_sentences

if TYPE_CHECKING:
    from reader.text.book import Book, Display

CACHE_BLOCKS = 64
"""Blocks whose sentences are kept (the ones around the voice)."""
LOOK_AHEAD = 3
"""Blocks split ahead of the voice."""
MAX_SKIP = 20_000
"""Blocks looked at when searching for the next speakable one (a guard, never reached by
real books: blocks are checked by kind, a few bytes each)."""


@dataclass(frozen=True, slots=True)
class SkipRules:
    """Which blocks are not read aloud (each a reader's setting, all on by default)."""

    matter: bool = True
    """Front and back matter: Gutenberg and Aozora boilerplate."""
    contents: bool = True
    """Tables of contents printed in the book."""
    scene_breaks: bool = True
    """Scene-break ornaments."""
    author_notes: bool = True
    """Author's notes (every kind of them)."""


def utf16_to_code_points(text: str) -> array | None:
    """For each UTF-16 index into ``text`` (and its end), the code-point index there;
    None when every character is in the BMP (then the two counts are the same)."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    out = array("q")
    for i, c in enumerate(text):
        out.append(i)
        if ord(c) > 0xFFFF:
            out.append(i)  # the low surrogate belongs to the same code point
    out.append(len(text))
    return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence to speak: its text, where it is in the book, how to map the voice's words."""

    block: int
    """Index of its block in the book."""
    index: int
    """Its place among the sentences of its block."""
    count: int
    """How many sentences its block has."""
    text: str
    """What is spoken (the shown text of the sentence)."""
    start: int
    """Source offset of its first character."""
    end: int
    """Source offset just after its last character."""
    display: Display
    """The shown text of its block, with the offset map."""
    display_start: int
    """Where :attr:`text` starts in ``display.text``."""
    utf16: array | None
    """UTF-16 index → code-point index in :attr:`text` (None: the same)."""

    @property
    def is_first(self) -> bool:
        """True for the first sentence of its block."""
        return self.index == 0

    def source_range(self, utf16_start: int, utf16_length: int) -> tuple[int, int]:
        """The source range of a word the engine reports as ``(start, length)`` in UTF-16
        code units of :attr:`text` (clamped to the sentence)."""
        n = len(self.text)
        units = len(self.utf16) - 1 if self.utf16 is not None else n
        a = min(max(0, utf16_start), units)
        b = min(max(a, utf16_start + max(0, utf16_length)), units)
        if self.utf16 is not None:
            a, b = self.utf16[a], self.utf16[b]
        if b <= a:
            b = min(a + 1, n)
        if a >= n:
            return self.end, self.end
        offsets = self.display.offsets
        d = self.display_start
        return offsets[d + a], offsets[d + b - 1] + 1

    def from_offset(self, offset: int) -> Sentence:
        """This sentence spoken from the word holding source ``offset`` (itself when the
        offset is at or before its start)."""
        if offset <= self.start:
            return self
        shown = self.display.text
        d0 = self.display_start
        d_end = d0 + len(self.text)
        i = min(max(self.display.display_index(offset), d0), d_end - 1)
        while i > d0 and shown[i - 1].isalnum():
            i -= 1
        if i == d0:
            return self
        text = shown[i:d_end]
        return replace(
            self,
            text=text,
            start=self.display.offsets[i],
            display_start=i,
            utf16=utf16_to_code_points(text),
        )


def _lines(text: str, *, joined: bool) -> list[tuple[int, int]]:
    """The non-blank lines of ``text`` as ranges without their outer white space, or
    (``joined``) one range from the first to the last."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            a = pos + line.index(stripped)
            spans.append((a, a + len(stripped)))
        pos += len(line) + 1
    if joined and spans:
        return [(spans[0][0], spans[-1][1])]
    return spans


class Script:
    """The sentences of ``book`` to speak, in reading order (see the module docstring)."""

    def __init__(self, book: Book, language: str, skip: SkipRules | None = None) -> None:
        self.book = book
        self.language = language
        self.skip = skip if skip is not None else SkipRules()
        self._matter = sorted(book.front_matter + book.back_matter)
        self._matter_starts = [s for s, _e in self._matter]
        self._cache: OrderedDict[int, list[Sentence]] = OrderedDict()
        self.blocks_split = 0
        """How many blocks have been split (a test checks that this stays small)."""

    # --- blocks ----------------------------------------------------------------------

    def _in_matter(self, offset: int) -> bool:
        i = bisect.bisect_right(self._matter_starts, offset) - 1
        return i >= 0 and self._matter[i][0] <= offset < self._matter[i][1]

    def speakable_kind(self, index: int) -> bool:
        """Whether block ``index`` is read at all (by its kind and the skip rules)."""
        kind = self.book.blocks.kinds()[index]
        skip = self.skip
        if kind == BlockKind.AUTHOR_NOTE:
            return not skip.author_notes
        if kind == BlockKind.CONTENTS:
            return not skip.contents
        if kind == BlockKind.SCENE_BREAK:
            return not skip.scene_breaks
        if kind == BlockKind.MATTER:
            return not skip.matter
        return not (skip.matter and self._in_matter(self.book.blocks.starts()[index]))

    def sentences(self, index: int) -> list[Sentence]:
        """The sentences of block ``index`` ([] when it is skipped or has nothing to say)."""
        hit = self._cache.get(index)
        if hit is not None:
            self._cache.move_to_end(index)
            return hit
        found: list[Sentence] = []
        if self.speakable_kind(index):
            shown = display_block(self.book, index)
            spans = [
                (a, b)
                for a, b in self._split(shown.text, BlockKind(self.book.blocks.kinds()[index]))
                if is_speakable(shown.text[a:b])
            ]
            self.blocks_split += 1
            offsets = shown.offsets
            for i, (a, b) in enumerate(spans):
                text = shown.text[a:b]
                found.append(
                    Sentence(
                        block=index,
                        index=i,
                        count=len(spans),
                        text=text,
                        start=offsets[a],
                        end=offsets[b - 1] + 1,
                        display=shown,
                        display_start=a,
                        utf16=utf16_to_code_points(text),
                    )
                )
        self._cache[index] = found
        while len(self._cache) > CACHE_BLOCKS:
            self._cache.popitem(last=False)
        return found

    def _split(self, text: str, kind: BlockKind) -> list[tuple[int, int]]:
        """Sentences of prose and verse; a heading whole ("CHAPTER I.\nDown the
        Rabbit-Hole" is one title); title pages, contents and ornaments line by line."""
        if kind == BlockKind.HEADING:
            return _lines(text, joined=True)
        if kind in (
            BlockKind.TITLE,
            BlockKind.CONTENTS,
            BlockKind.SCENE_BREAK,
            BlockKind.STORY_HEADER,  # a story's title card: read line by line
        ):
            return _lines(text, joined=False)
        return split_sentences(text, self.language, cjk=self.book.cjk)

    def _next_block(self, index: int, step: int) -> list[Sentence]:
        """The sentences of the first block with something to say after (``step`` 1) or
        before (``step`` -1) block ``index``; [] at the end of the book."""
        n = len(self.book.blocks)
        i = index + step
        for _ in range(MAX_SKIP):
            if not 0 <= i < n:
                return []
            if self.speakable_kind(i):
                found = self.sentences(i)
                if found:
                    return found
            i += step
        return []

    # --- where to start ----------------------------------------------------------------

    def first_from(self, offset: int) -> Sentence | None:
        """The first sentence starting at or after source ``offset`` (None: none left)."""
        blocks = self.book.blocks
        i = blocks.index_at(offset)
        if i < 0:
            return None
        for s in self.sentences(i):
            if s.start >= offset:
                return s
        found = self._next_block(i, 1)
        return found[0] if found else None

    def containing(self, offset: int) -> Sentence | None:
        """The sentence holding source ``offset``, else the next one (None: none left)."""
        i = self.book.blocks.index_at(offset)
        if i < 0:
            return None
        for s in self.sentences(i):
            if offset < s.end:
                return s
        found = self._next_block(i, 1)
        return found[0] if found else None

    def start_for_page(self, start: int, end: int) -> Sentence | None:
        """Where reading starts on the page ``[start, end)``: the first sentence that starts
        on it, or, when none does (one long sentence), that sentence from the page's first
        word."""
        first = self.first_from(start)
        if first is not None and first.start < max(end, start + 1):
            return first
        holding = self.containing(start)
        if holding is not None and holding.start < start < holding.end:
            return holding.from_offset(start)
        return first

    def start_at(self, offset: int) -> Sentence | None:
        """Where reading starts for a selection or caret at ``offset``: its sentence, from
        the word holding it."""
        holding = self.containing(offset)
        return holding.from_offset(offset) if holding is not None else None

    # --- stepping ----------------------------------------------------------------------

    def next(self, s: Sentence) -> Sentence | None:
        """The sentence after ``s`` (None at the end of the book)."""
        here = self.sentences(s.block)
        if s.index + 1 < len(here):
            return here[s.index + 1]
        found = self._next_block(s.block, 1)
        return found[0] if found else None

    def previous(self, s: Sentence) -> Sentence | None:
        """The sentence before ``s`` (None at the start of the book)."""
        here = self.sentences(s.block)
        if s.index > 0 and s.index - 1 < len(here):
            return here[s.index - 1]
        found = self._next_block(s.block, -1)
        return found[-1] if found else None

    def next_paragraph(self, s: Sentence) -> Sentence | None:
        """The first sentence of the next block that has something to say."""
        found = self._next_block(s.block, 1)
        return found[0] if found else None

    def previous_paragraph(self, s: Sentence) -> Sentence | None:
        """The start of ``s``'s block when ``s`` is not its first sentence (or starts
        mid-sentence), else the first sentence of the block before."""
        here = self.sentences(s.block)
        if here and (s.index > 0 or s.start > here[0].start):
            return here[0]
        found = self._next_block(s.block, -1)
        return found[0] if found else None

    def prefetch(self, s: Sentence, blocks: int = LOOK_AHEAD) -> None:
        """Split the next ``blocks`` speakable blocks after ``s``'s (so the voice never
        waits on splitting)."""
        i = s.block
        for _ in range(blocks):
            found = self._next_block(i, 1)
            if not found:
                return
            i = found[0].block


__all__ = [
    "CACHE_BLOCKS",
    "LOOK_AHEAD",
    "Script",
    "Sentence",
    "SkipRules",
    "utf16_to_code_points",
]
