"""Stanza numbers in verse novels: a bare numeral above verse is centred and kept with it."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

import pytest
from PySide6.QtCore import Qt

from reader.layout.paginate import BlockMetrics, PageRef, Section, fill_page
from reader.layout.pagination import Pagination
from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    EncodingReport,
    Metadata,
    ParagraphMode,
)

WORDS = ["мой", "дядя", "самых", "честных", "правил", "когда", "не", "в", "шутку"]
WORDS += ["занемог", "он", "уважать", "себя", "заставил"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
ROMAN += ["XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXXVIII", "XLIX", "LI"]


def make_book(parts: list[tuple[BlockKind, str]]) -> Book:
    """A hand-made book, one block per part, blocks separated by a blank line."""
    text = ""
    blocks = []
    for kind, body in parts:
        blocks.append(Block(kind, len(text), len(text) + len(body)))
        text += body + "\n\n"
    return Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(title="T", language="ru"),
        paragraph_mode=ParagraphMode.WRAPPED,
        paragraph_reason="test",
    )


def stanza(rng: random.Random) -> str:
    """Verse of 4–14 short lines."""
    lines = [" ".join(rng.choices(WORDS, k=rng.randint(2, 5))) for _ in range(rng.randint(4, 14))]
    return "\n".join(lines)


def verse_novel(seed: int = 7) -> Book:
    """A prose opening, then numbered stanzas."""
    rng = random.Random(seed)
    parts: list[tuple[BlockKind, str]] = [(BlockKind.PARAGRAPH, " ".join(rng.choices(WORDS, k=60)))]
    for numeral in ROMAN:
        parts.append((BlockKind.PARAGRAPH, numeral))
        parts.append((BlockKind.VERSE, stanza(rng)))
    return make_book(parts)


def numeral_blocks(book: Book) -> set[int]:
    """Indices of the stanza-number blocks of :func:`verse_novel`."""
    return {i for i, (_k, s, e) in enumerate(book.blocks) if book.text[s:e] in ROMAN}


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12, paragraph_style="indent")


def test_numeral_above_verse_is_centred_and_kept_with_it(style: ReadingStyle) -> None:
    parts = [
        (BlockKind.PARAGRAPH, "Some prose before the stanzas begin, long enough to wrap."),
        (BlockKind.PARAGRAPH, "XIV"),
        (BlockKind.VERSE, "Мой дядя самых честных правил,\nКогда не в шутку занемог,"),
        (BlockKind.PARAGRAPH, "  I.  "),
        (BlockKind.VERSE, "Он уважать себя заставил\nИ лучше выдумать не мог."),
        (BlockKind.PARAGRAPH, "12"),
        (BlockKind.VERSE, "Его пример другим наука;\nНо, боже мой, какая скука"),
        (BlockKind.PARAGRAPH, "XIV"),  # followed by prose: an ordinary paragraph
        (BlockKind.PARAGRAPH, "Prose again."),
        (BlockKind.PARAGRAPH, "Yes"),  # a word, not a numeral
        (BlockKind.VERSE, "С больным сидеть и день и ночь,\nНе отходя ни шагу прочь!"),
        (BlockKind.PARAGRAPH, "MCMXCVIII"),  # nine characters: too long for a stanza number
        (BlockKind.VERSE, "Какое низкое коварство\nПолуживого забавлять,"),
    ]
    book = make_book(parts)
    width = 400.0
    ts = Typesetter(book, style, width)
    centre = Qt.AlignmentFlag.AlignHCenter
    for i in (1, 3, 5):
        blk = ts.block(i)
        assert blk is not None
        assert blk.keep_with_next, book.text[book.blocks[i].start : book.blocks[i].end]
        assert blk._layout is not None and blk._layout.textOption().alignment() & centre
        left, right = blk.line_extent(0)
        assert (left + right) / 2 == pytest.approx(width / 2, abs=2)
        assert ts.block(i + 1).kind == BlockKind.VERSE  # the text layer's kinds are untouched
    for i in (7, 9, 11):
        blk = ts.block(i)
        assert blk is not None and not blk.keep_with_next
        assert blk._layout is not None and not blk._layout.textOption().alignment() & centre
        assert blk.line_extent(0)[0] < width / 4  # starts at the left (maybe indented)


@dataclass
class _Unkept:
    """Wraps a typesetter, dropping keep-with-next: what pagination did before."""

    source: Typesetter

    def metrics(self, index: int) -> BlockMetrics | None:
        m = self.source.metrics(index)
        if m is None:
            return None
        return _Metrics(list(m.line_heights), list(m.line_starts), m.end_offset,
                        m.space_before, m.space_after, False)  # fmt: skip


@dataclass
class _Metrics:
    line_heights: list[float]
    line_starts: list[int]
    end_offset: int
    space_before: float
    space_after: float
    keep_with_next: bool


def pages_ending_with_a_numeral(p: Pagination, numerals: set[int]) -> int:
    """Pages whose last item is a stanza number, checking every page is well formed."""
    bad = 0
    ref: PageRef | None = p.first_ref()
    while ref is not None:
        page = p.page(ref)
        assert page.items
        nxt = p.next_ref(ref)
        if page.items[-1][0] in numerals and nxt is not None:
            bad += 1
        ref = nxt
    return bad


def test_pagination_never_ends_a_page_with_a_stanza_number(style: ReadingStyle) -> None:
    book = verse_novel()
    numerals = numeral_blocks(book)
    assert len(numerals) == len(ROMAN)
    heights = [150.0 + 7.0 * k for k in range(40)]
    naive = 0
    for height in heights:
        ts = Typesetter(book, style, 360.0)
        assert pages_ending_with_a_numeral(Pagination(book, ts, height), numerals) == 0, height
        naive += pages_ending_with_a_numeral(Pagination(book, _Unkept(ts), height), numerals)
    # Without keep-with-next these page sizes do strand numerals: the check above is real.
    assert naive > 0


@dataclass
class _Fake:
    """Fixed 10-unit lines, ``lines[i]`` of them in block ``i``; nothing kept."""

    lines: list[int]

    def metrics(self, index: int) -> BlockMetrics | None:
        n = self.lines[index]
        return _Metrics([10.0] * n, [index * 100 + k for k in range(n)], index * 100 + n,
                        0.0, 0.0, False)  # fmt: skip


def test_kept_block_needs_room_for_two_lines_of_what_follows() -> None:
    # prose of 7 lines, a stanza number, a 6-line stanza: on a 90-high page the
    # number and one verse line would fit, but a first line alone is an orphan.
    fake = _Fake([7, 1, 6])
    section = Section(0, 3, 0, 300, -1, True)
    plain = fill_page(fake, section, (0, 0), 90.0)
    assert plain is not None and [it[0] for it in plain.items] == [0, 1]  # stranded
    kept = fill_page(_KeepOnly(fake, {1}), section, (0, 0), 90.0)
    assert kept is not None and [it[0] for it in kept.items] == [0]
    assert kept.next_start == (1, 0)
    roomy = fill_page(_KeepOnly(fake, {1}), section, (0, 0), 100.0)
    assert roomy is not None and list(roomy.items) == [(0, 0, 6), (1, 0, 0), (2, 0, 1)]


def test_a_chain_of_kept_blocks_moves_together() -> None:
    # a heading kept with a stanza number kept with its stanza
    fake = _Fake([6, 1, 1, 5])
    section = Section(0, 4, 0, 400, -1, True)
    page = fill_page(_KeepOnly(fake, {1, 2}), section, (0, 0), 90.0)
    assert page is not None and [it[0] for it in page.items] == [0]
    assert page.next_start == (1, 0)
    page = fill_page(_KeepOnly(fake, {1, 2}), section, (0, 0), 100.0)
    assert page is not None and [it[0] for it in page.items] == [0, 1, 2, 3]


@dataclass
class _KeepOnly:
    """``source`` with keep-with-next set on exactly the blocks in ``keep``."""

    source: _Fake
    keep: set[int]

    def metrics(self, index: int) -> BlockMetrics | None:
        m = self.source.metrics(index)
        assert isinstance(m, _Metrics)
        return replace(m, keep_with_next=index in self.keep)
