"""Pure pagination tests against a fake typesetter: fixed-height lines, no fonts."""

from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass, field

import pytest

from reader.layout import paginate
from reader.layout.paginate import PageRef, build_sections, fill_page
from reader.layout.pagination import Pagination
from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    Chapter,
    EncodingReport,
    Metadata,
    ParagraphMode,
)

LINE = 10.0
CHARS_PER_LINE = 40


@dataclass
class FakeMetrics:
    """Block metrics with one fixed-height line per 40 characters."""

    line_heights: list[float]
    line_starts: list[int]
    end_offset: int
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False


@dataclass
class FakeTypesetter:
    """Fixed-height lines; headings get space above and keep-with-next."""

    book: Book
    line: float = LINE
    cpl: int = CHARS_PER_LINE
    calls: list[int] = field(default_factory=list)

    def metrics(self, index: int) -> FakeMetrics | None:
        self.calls.append(index)
        kind, start, end = self.book.blocks[index]
        if kind == BlockKind.MATTER or end <= start:
            return None
        n = max(1, -(-(end - start) // self.cpl))
        starts = [start + i * self.cpl for i in range(n)]
        m = FakeMetrics([self.line] * n, starts, end)
        if kind == BlockKind.HEADING:
            m.space_before, m.space_after, m.keep_with_next = 2 * self.line, self.line, True
        return m


def make_book(chapters: int = 3, paras: int = 12, seed: int = 1) -> Book:
    """A book of ``chapters`` chapters, each a heading and ``paras`` paragraphs of random length."""
    rng = random.Random(seed)
    parts: list[str] = []
    blocks: list[Block] = []
    chs: list[Chapter] = []
    pos = 0

    def add(kind: BlockKind, text: str) -> None:
        nonlocal pos
        blocks.append(Block(kind, pos, pos + len(text)))
        parts.append(text + "\n\n")
        pos += len(text) + 2

    add(BlockKind.TITLE, "A Title")
    for c in range(chapters):
        chs.append(Chapter(f"Chapter {c + 1}", 1, pos))
        add(BlockKind.HEADING, f"Chapter {c + 1}")
        for _ in range(paras):
            add(BlockKind.PARAGRAPH, "x" * rng.randint(10, 400))
    return Book(
        text="".join(parts),
        blocks=Blocks.from_blocks(blocks),
        chapters=chs,
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(title="Test", language="en"),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )


def paginate_all(book: Book, height: float = 100.0) -> Pagination:
    return Pagination(book, FakeTypesetter(book), height)


def all_refs(p: Pagination) -> list[PageRef]:
    refs = []
    ref = p.first_ref()
    while ref is not None:
        refs.append(ref)
        ref = p.next_ref(ref)
    return refs


def test_sections_follow_chapters() -> None:
    book = make_book(chapters=4)
    sections = build_sections(book)
    assert len(sections) == 5  # the title page, then one per chapter
    assert sections[0].chapter == -1
    for sec, ch in zip(sections[1:], book.chapters, strict=True):
        assert sec.start_offset == ch.offset
        assert book.blocks[sec.first_block].start == ch.offset


def test_every_chapter_starts_a_new_page() -> None:
    book = make_book(chapters=4)
    p = paginate_all(book)
    firsts = [p.page(r) for r in all_refs(p) if r.index == 0]
    offsets = [pg.start_offset for pg in firsts]
    for ch in book.chapters:
        assert ch.offset in offsets
    for r in all_refs(p):
        page = p.page(r)
        # no page crosses a chapter start
        assert not any(page.start_offset < ch.offset < page.end_offset for ch in book.chapters)


def test_pages_fit_and_cover_all_text_in_order() -> None:
    book = make_book(chapters=3, paras=20)
    ts = FakeTypesetter(book)
    p = Pagination(book, ts, 95.0)
    covered: list[tuple[int, int]] = []  # (block, line)
    prev_end = -1
    for r in all_refs(p):
        page = p.page(r)
        assert page.start_offset >= prev_end
        prev_end = page.end_offset
        for (b, first, last), top in zip(page.items, page.tops, strict=True):
            m = ts.metrics(b)
            assert m is not None
            bottom = top + sum(m.line_heights[first : last + 1])
            assert bottom <= 95.0 + 1e-6
            covered.extend((b, i) for i in range(first, last + 1))
    expected = []
    for b in range(len(book.blocks)):
        m = ts.metrics(b)
        expected.extend((b, i) for i in range(len(m.line_heights)))
    assert covered == expected


def test_split_block_continues_at_line_boundary() -> None:
    text = "y" * 2000  # 50 lines of 10 px on 100 px pages
    book = Book(
        text=text,
        blocks=Blocks.from_blocks([Block(BlockKind.PARAGRAPH, 0, 2000)]),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )
    p = paginate_all(book, 100.0)
    refs = all_refs(p)
    assert len(refs) == 5
    pages = [p.page(r) for r in refs]
    assert [pg.items for pg in pages] == [((0, i * 10, i * 10 + 9),) for i in range(5)]
    for a, b in itertools.pairwise(pages):
        assert a.end_offset == b.start_offset  # contiguous
    assert p.total() == (5, True)


def test_forward_and_back_give_the_same_pages() -> None:
    book = make_book(chapters=5, paras=15, seed=7)
    p = paginate_all(book, 120.0)
    ref = p.ref_at(book.chapters[1].offset + 300)
    assert ref is not None
    seen = []
    for _ in range(30):
        seen.append(p.page(ref))
        nxt = p.next_ref(ref)
        assert nxt is not None
        ref = nxt
    for page in reversed(seen):
        prev = p.prev_ref(ref)
        assert prev is not None
        ref = prev
        assert p.page(ref) == page


def test_deterministic_across_instances_and_lazy_entry_points() -> None:
    book = make_book(chapters=4, paras=25, seed=3)
    full = [paginate_all(book).page(r) for r in all_refs(paginate_all(book))]
    # Entering in the middle (lazily) finds the very same page breaks.
    for page in full[::3]:
        fresh = paginate_all(book)
        ref = fresh.ref_at(page.start_offset + 1)
        assert ref is not None
        assert fresh.page(ref) == page


def test_ref_at_lands_on_the_page_containing_the_offset() -> None:
    book = make_book(chapters=3, paras=20, seed=5)
    p = paginate_all(book)
    pages = [p.page(r) for r in all_refs(p)]
    rng = random.Random(0)
    lo, hi = book.reading_range()
    for _ in range(200):
        off = rng.randrange(lo, hi)
        ref = p.ref_at(off)
        assert ref is not None
        page = p.page(ref)
        assert page.start_offset <= off or page == pages[0] or ref.index == 0
        nxt = p.next_ref(ref)
        if nxt is not None and nxt.section == ref.section:
            assert off < p.page(nxt).start_offset


def test_lazy_only_lays_out_up_to_the_position() -> None:
    book = make_book(chapters=6, paras=30, seed=2)
    ts = FakeTypesetter(book)
    p = Pagination(book, ts, 100.0)
    target = book.chapters[3].offset + 50
    ref = p.ref_at(target)
    assert ref is not None and p.sections[ref.section].chapter == 3
    touched = set(ts.calls)
    first_block_ch3 = book.blocks.index_at(book.chapters[3].offset)
    # nothing before chapter 3 and nothing in later chapters was typeset
    assert min(touched) >= first_block_ch3
    assert max(touched) < book.blocks.index_at(book.chapters[4].offset)


def test_page_size_change_keeps_top_offset_on_screen() -> None:
    book = make_book(chapters=3, paras=30, seed=9)
    for h1, h2 in [(100.0, 60.0), (60.0, 170.0), (100.0, 100.0)]:
        p1 = paginate_all(book, h1)
        ref = p1.ref_at(book.chapters[1].offset)
        assert ref is not None
        for _ in range(4):
            ref = p1.next_ref(ref) or ref
        top = p1.page(ref).start_offset
        p2 = paginate_all(book, h2)
        r2 = p2.ref_at(top)
        assert r2 is not None
        page = p2.page(r2)
        assert page.start_offset <= top < page.end_offset


def test_totals_are_approximate_until_known() -> None:
    book = make_book(chapters=4, paras=30, seed=4)
    exact_total = len(all_refs(paginate_all(book)))
    p = paginate_all(book)
    p.ref_at(book.chapters[2].offset)
    total, exact = p.total()
    assert not exact and total >= 1
    for s in range(len(p.sections)):
        p.complete_section(s)
    assert p.total() == (exact_total, True)
    assert p.number(p.last_ref()) == exact_total


def test_background_completes_the_count() -> None:
    book = make_book(chapters=6, paras=30, seed=8)
    expected = [paginate_all(book).page(r) for r in all_refs(paginate_all(book))]
    p = Pagination(book, FakeTypesetter(book), 100.0, source_factory=lambda: FakeTypesetter(book))
    mid = p.ref_at(book.chapters[3].offset + 100)
    assert mid is not None
    p.start_background()
    deadline = time.monotonic() + 10
    while not p.background_done() and time.monotonic() < deadline:
        time.sleep(0.01)
    p.poll()
    assert p.total() == (len(expected), True)
    assert [p.page(r) for r in all_refs(p)] == expected
    assert p.number(p.ref_at(expected[-1].start_offset)) == len(expected)


def test_cancelled_background_stops() -> None:
    book = make_book(chapters=40, paras=40, seed=1)
    p = Pagination(book, FakeTypesetter(book), 100.0, source_factory=lambda: FakeTypesetter(book))
    p.start_background()
    p.cancel()
    assert p._thread is not None and not p._thread.is_alive()


def test_global_numbers_round_trip() -> None:
    book = make_book(chapters=4, paras=20, seed=6)
    p = paginate_all(book)
    refs = all_refs(p)
    for s in range(len(p.sections)):
        p.complete_section(s)
    for n, ref in enumerate(refs, start=1):
        assert p.number(ref) == n
        assert p.ref_for_number(n) == ref
    assert p.ref_for_number(10_000) == refs[-1]
    assert p.ref_for_number(-5) == refs[0]


def test_heading_not_left_at_page_bottom() -> None:
    # paragraph filling 8 of 10 lines, then a heading that is not a chapter entry
    text = "p" * 320 + "\n\n" + "H" * 10 + "\n\n" + "q" * 200
    blocks = [
        Block(BlockKind.PARAGRAPH, 0, 320),
        Block(BlockKind.HEADING, 322, 332),
        Block(BlockKind.PARAGRAPH, 334, 534),
    ]
    book = Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )
    p = paginate_all(book, 115.0)
    first = p.page(PageRef(0, 0))
    assert [it[0] for it in first.items] == [0]
    second = p.page(PageRef(0, 1))
    assert second.items[0][0] == 1


def test_hidden_matter_and_empty_book() -> None:
    book = make_book(chapters=2)
    blocks = list(book.blocks)
    blocks[0] = Block(BlockKind.MATTER, blocks[0].start, blocks[0].end)
    book.blocks = Blocks.from_blocks(blocks)
    p = paginate_all(book)
    first = p.page(p.first_ref())
    assert first.items[0][0] == 1  # the matter block is skipped
    empty = Book(
        text="",
        blocks=Blocks(),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "empty"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )
    pe = paginate_all(empty)
    assert pe.is_empty() and pe.ref_at(0) is None and pe.total() == (0, True)


def test_long_chapterless_text_is_cut_into_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paginate, "MAX_SECTION_CHARS", 1000)
    n = 40
    text = "".join("z" * 98 + "\n\n" for _ in range(n))
    blocks = [Block(BlockKind.PARAGRAPH, i * 100, i * 100 + 98) for i in range(n)]
    book = Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )
    sections = build_sections(book)
    assert len(sections) == 4
    assert [s.chapter_start for s in sections] == [True, False, False, False]
    ts = FakeTypesetter(book)
    p = Pagination(book, ts, 100.0)
    p.ref_at(3500)
    assert min(ts.calls) >= sections[3].first_block  # only the last slice was laid out


def test_single_line_taller_than_page_still_progresses() -> None:
    book = make_book(chapters=1, paras=3)
    ts = FakeTypesetter(book, line=500.0)
    p = Pagination(book, ts, 100.0)
    refs = all_refs(p)
    lines = sum(len(ts.metrics(b).line_heights) for b in range(len(book.blocks)))
    assert len(refs) == lines  # one (oversized) line per page, never stuck


def test_fill_page_returns_none_past_the_end() -> None:
    book = make_book(chapters=1, paras=1)
    sec = build_sections(book)[-1]
    assert fill_page(FakeTypesetter(book), sec, (sec.end_block, 0), 100.0) is None


def test_chapter_navigation_refs() -> None:
    book = make_book(chapters=4, paras=20, seed=11)
    p = paginate_all(book)
    first = p.first_ref()
    assert first is not None and p.sections[first.section].chapter == -1
    ref = p.next_chapter_ref(first)
    starts = []
    while ref is not None:
        starts.append(p.page(ref).start_offset)
        ref = p.next_chapter_ref(ref)
    assert starts == [c.offset for c in book.chapters]
    inside = p.next_ref(p.ref_at(book.chapters[2].offset))
    assert inside is not None and inside.index == 1
    back = p.prev_chapter_ref(inside)
    assert p.page(back).start_offset == book.chapters[2].offset
    again = p.prev_chapter_ref(back)
    assert p.page(again).start_offset == book.chapters[1].offset
    # with spreads, the second page of a chapter counts as its start
    assert p.prev_chapter_ref(inside, step=2) == p.ref_at(book.chapters[1].offset)
    assert p.prev_chapter_ref(first) is None
