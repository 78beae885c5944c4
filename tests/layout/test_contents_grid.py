"""A printed contents set smaller, in columns, with exact offsets (reader/layout/contents_grid).

Hand-made books hold one CONTENTS block of generated entries and the headings they
name (linked by the real :func:`~reader.text.links.link_contents`); the real
:class:`Typesetter` and :class:`Pagination` lay them out. The property checks what the
reader relies on: every entry shown once, whole, inside the measure and apart from its
neighbours; every source offset of the block on exactly one line and one page; a point
on an entry hit-tests back to that entry.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFontMetricsF

from reader.layout.contents_grid import GAP_EMS
from reader.layout.pagination import Pagination
from reader.layout.setting import SMALL_SCALE
from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    Chapter,
    Display,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.text.links import link_at, link_contents
from reader.text.parse import load_book
from reader.text.render import SMART_QUOTES, display_block

ROMAN = ["I", "II", "III", "IV", "V", "IX", "XIV", "XXVIII", "XXXVIII", "XLIV"]
WORDS = ["The", "Storm", "Moscow", "a", "Letter", "Return", "of", "Natasha's", "Ball", "End"]
LONG = "In Which the Whole Company Goes Down to the Sea and Nobody Comes Back Quite the Same"


def contents_book(parts: list[tuple[str, list[str]]], leader: str = "") -> Book:
    """A book whose contents lists ``parts`` (a part's title, then its chapters' titles),
    followed by those headings, each with a line of prose."""
    entries = []
    for part, chapters in parts:
        if part:
            entries.append(part)
        entries.extend(chapters)
    text = "CONTENTS\n\n"
    blocks = [Block(BlockKind.HEADING, 0, 8)]
    start = len(text)
    text += "\n".join(f"    {e}{leader}" for e in entries)
    blocks.append(Block(BlockKind.CONTENTS, start, len(text)))
    contents_span = (start, len(text))
    text += "\n\n"
    chapters: list[Chapter] = []
    for part, titles in parts:
        for title, level in ([(part, 1)] if part else []) + [(t, 2 if part else 1) for t in titles]:
            chapters.append(Chapter(title, level, len(text)))
            blocks.append(Block(BlockKind.HEADING, len(text), len(text) + len(title)))
            text += title + "\n\n"
            body = "Some prose follows the heading here."
            blocks.append(Block(BlockKind.PARAGRAPH, len(text), len(text) + len(body)))
            text += body + "\n\n"
    book = Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=chapters,
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(title="T", language="en"),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
    )
    book.contents_links = link_contents(text, [contents_span], chapters)
    return book


def chapter_titles(n: int) -> list[str]:
    return [f"CHAPTER {ROMAN[i % len(ROMAN)]}" for i in range(n)]


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12)


def test_short_entries_are_set_in_columns_smaller_than_the_text(style: ReadingStyle) -> None:
    book = contents_book([("BOOK ONE: 1805", chapter_titles(28)), ("BOOK TWO", chapter_titles(9))])
    ts = Typesetter(book, style, 600)
    blk = ts.block(1)
    assert blk is not None
    entries = len(book.contents_links)
    assert blk.line_count() < entries / 2  # several entries a line
    assert "\t" in blk.text
    font = ts._font("contents")
    assert font.pointSizeF() == pytest.approx(style.font_size * SMALL_SCALE)
    # a part's entry stands on a line of its own
    links = book.contents_links
    for k, link in enumerate(links):
        if book.chapters[link.chapter].level == 1:
            assert link.start in blk.line_starts
            assert links[k + 1].start in blk.line_starts
    # every line keeps inside the measure
    for i in range(blk.line_count()):
        assert blk.line_extent(i)[1] <= 600 + 0.5


def test_a_part_entry_is_never_left_at_the_foot_of_a_page(style: ReadingStyle) -> None:
    parts = [(f"BOOK {r}", chapter_titles(9)) for r in ROMAN[:8]]
    book = contents_book(parts)
    ts = Typesetter(book, style, 600)
    blk = ts.block(1)
    assert blk is not None and len(blk.keep_lines) == 8
    for height in range(60, 400, 7):
        pag = Pagination(book, ts, float(height))
        ref = pag.first_ref()
        while ref is not None:
            for b, first, last in pag.page(ref).items:
                if b == 1 and last < blk.line_count() - 1:
                    assert last not in blk.keep_lines or (first == last and first == 0)
            ref = pag.next_ref(ref)


def test_long_entries_keep_one_column(style: ReadingStyle) -> None:
    book = contents_book([("", [f"{LONG} {r}" for r in ROMAN[:5]])])
    blk = Typesetter(book, style, 500).block(1)
    assert blk is not None
    assert "\t" not in blk.text
    # each entry starts a line of its own (long ones wrap onto more)
    starts = set(blk.line_starts)
    assert all(link.start in starts for link in book.contents_links)


def test_entry_and_its_subtitle_share_a_cell(style: ReadingStyle) -> None:
    text_parts = [("", ["CHAPTER I", "CHAPTER II", "CHAPTER III"])]
    book = contents_book(text_parts)
    # "CHAPTER I" / "Jonathan Harker's Journal": two lines of one entry, linked to one chapter
    assert [link.chapter for link in book.contents_links] == [0, 1, 2]
    blk = Typesetter(book, style, 600).block(1)
    assert blk is not None and blk.line_count() == 1


def test_war_and_peace_contents_takes_a_few_pages(corpus: Path, qapp: object) -> None:
    book = load_book(corpus / "gutenberg" / "war_and_peace__pg2600-0.txt")
    style = ReadingStyle()
    # the default window's measure and page (960×800: a text area of about 610×690)
    ts = Typesetter(book, style, 610)
    i = next(i for i, b in enumerate(book.blocks) if b.kind == BlockKind.CONTENTS)
    pag = Pagination(book, ts, 690.0)
    blk = book.blocks[i]
    first, last = pag.ref_at(blk.start), pag.ref_at(blk.end - 1)
    assert first is not None and last is not None
    pages = pag.number(last) - pag.number(first) + 1
    assert len(book.contents_links) > 360
    assert pages <= 5


def test_link_at_finds_the_entry_under_an_offset(qapp: object) -> None:
    book = contents_book([("", ["CHAPTER I", "CHAPTER II"])])
    first, second = book.contents_links
    assert link_at(book, first.start) == first
    assert link_at(book, first.end - 1) == first
    assert link_at(book, first.end) is None  # the line break between entries
    assert link_at(book, second.start + 3) == second
    assert link_at(book, 0) is None  # the heading above


def _shown(book: Book) -> tuple[str, Display, int]:
    """Contents block 1's trimmed shown text, its display and where the trimmed text starts
    (what the typesetter hands :func:`contents_grid`)."""
    disp = display_block(book, 1)
    d0 = len(disp.text) - len(disp.text.lstrip())
    return disp.text.strip().replace("\t", " "), disp, d0


PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TITLE = st.one_of(
    st.builds(lambda r: f"CHAPTER {r}", st.sampled_from(ROMAN)),
    st.builds(
        lambda n, ws: f"{n}. " + " ".join(ws),
        st.integers(1, 400),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    ),
    st.sampled_from(
        ["第一回", "第十二回 大雪", "Глава 7", "🎉 Party", "Part the Last", "פרק א", LONG]
    ),
)


@st.composite
def contents_parts(draw: st.DrawFn) -> list[tuple[str, list[str]]]:
    n = draw(st.integers(1, 3))
    parts = []
    for k in range(n):
        part = draw(st.sampled_from(["", f"BOOK {ROMAN[k]}", f"VOLUME {k + 1}: 1812"]))
        parts.append((part, draw(st.lists(TITLE, min_size=1, max_size=24))))
    return parts


@PROPERTY
@given(
    parts=contents_parts(),
    width=st.sampled_from([180.0, 340.0, 610.0, 900.0]),
    size=st.sampled_from([9.0, 13.0, 20.0]),
    leader=st.sampled_from(["", " .......... 17", "  204"]),
    height=st.sampled_from([120.0, 400.0]),
)
def test_contents_blocks_lay_out_with_exact_offsets(
    qapp: object,
    parts: list[tuple[str, list[str]]],
    width: float,
    size: float,
    leader: str,
    height: float,
) -> None:
    book = contents_book(parts, leader)
    style = ReadingStyle(font_family="DejaVu Serif", font_size=size)
    ts = Typesetter(book, style, width)
    blk = ts.block(1)
    assert blk is not None
    start, end = book.blocks[1].start, book.blocks[1].end
    text = book.text
    # lines in reading order, each inside the block
    starts = list(blk.line_starts)
    assert starts == sorted(set(starts))
    assert start <= starts[0] and blk.end_offset <= end
    # every shown character maps back to itself in the source
    for li, ch in enumerate(blk.text):
        src = blk.source_offset(li)
        assert start <= src < end
        assert (
            ch == text[src]
            or (ch in "\t \u2028" and text[src] in " \n")
            or ch in SMART_QUOTES.get(text[src], "")
        )
    gap = GAP_EMS * QFontMetricsF(ts._font("contents")).horizontalAdvance("M")
    for link in book.contents_links:
        # each entry is shown whole, on one line (unless it is wider than the measure)
        i = max(k for k, s in enumerate(starts) if s <= link.start)
        rects = blk.range_rects(link.start, link.end)
        assert rects
        assert all(r.left() >= -0.5 and r.right() <= width + 0.5 for r in rects)
        if len(rects) == 1:
            r = rects[0]
            # a point on the entry hit-tests back into it
            hit = blk.hit_test(r.center().x(), r.center().y())
            assert link.start <= hit < link.end
            assert blk.line_at_y(r.center().y()) == i
    # entries sharing a line start at a column and stand apart by at least the gap (lines
    # leading to one chapter, an entry and its subtitle, are one entry)
    font = QFontMetricsF(ts._font("contents"))
    columns = (0.0, *ts._contents_grid(1, *_shown(book)).tabs)
    by_line: dict[int, list[tuple[float, float, int]]] = {}
    for link in book.contents_links:
        a, b = blk.layout_index(link.start), blk.layout_index(link.end, end=True)
        ink = font.horizontalAdvance(blk.text[a:b])
        for r in blk.range_rects(link.start, link.end):
            line = blk.line_at_y(r.center().y())
            by_line.setdefault(line, []).append((r.left(), r.left() + ink, link.chapter))
    for spans in by_line.values():
        spans.sort()
        for (_a, right, c1), (left, _b, c2) in itertools.pairwise(spans):
            if c1 != c2:
                assert left - right >= gap - 1.0
                assert min(abs(left - x) for x in columns) < 1.0
    # pagination: every offset of the block is on exactly one page, pages in order
    pag = Pagination(book, ts, height)
    ref = pag.first_ref()
    pages = []
    while ref is not None:
        pages.append(pag.page(ref))
        ref = pag.next_ref(ref)
    for a, b in itertools.pairwise(pages):
        assert a.end_offset <= b.start_offset
    # a part's entry is never the last line of a page while its chapters go on overleaf
    for page in pages:
        for b, first, last in page.items:
            if b == 1 and last < blk.line_count() - 1 and last > first:
                assert last not in blk.keep_lines
    shown = {o for link in book.contents_links for o in (link.start, link.end - 1)}
    for offset in sorted(shown | set(starts)):
        ref = pag.ref_at(offset)
        assert ref is not None
        page = pag.page(ref)
        assert page.start_offset <= offset < page.end_offset
        on_page = [(b, first, last) for b, first, last in page.items if b == 1]
        assert on_page  # the page shows the contents' line holding ``offset``
        i = max(k for k, s in enumerate(starts) if s <= offset)
        assert any(first <= i <= last for _b, first, last in on_page)


def _opening_only(book: Book, chapters: int) -> Book:
    """``book`` as parsed from its opening: only its first ``chapters`` chapters known,
    its contents matched to those (entries beyond them marked as quick_open does)."""
    from reader.text.quick_open import pending_entries

    known = book.chapters[:chapters]
    (span,) = [
        (s, e)
        for k, s, e in zip(
            book.blocks.kinds(), book.blocks.starts(), book.blocks.ends(), strict=True
        )
        if k == BlockKind.CONTENTS
    ]
    links = link_contents(book.text, [span], known)
    return dataclasses.replace(
        book, chapters=known, contents_links=pending_entries(book.text, links, len(known))
    )


def test_entries_beyond_the_opening_are_set_as_the_whole_book_sets_them(
    style: ReadingStyle,
) -> None:
    """A long book is shown from its opening first: its contents must look the same
    before the chapters its later entries lead to are known, or the first page would
    change when the whole book arrives."""
    from reader.text.book import PENDING_CHAPTER

    whole = contents_book(
        [
            (f"BOOK {n}: 1805", chapter_titles(k))
            for n, k in (("ONE", 28), ("TWO", 21), ("THREE", 19))
        ]
    )
    for known in (3, 30, 31, 40):
        opening = _opening_only(whole, known)
        assert any(link.chapter == PENDING_CHAPTER for link in opening.contents_links)
        assert link_at(opening, opening.contents_links[-1].start) is None  # not a link yet
        a, b = Typesetter(whole, style, 600).block(1), Typesetter(opening, style, 600).block(1)
        assert a is not None and b is not None
        assert (b.text, b.line_starts) == (a.text, a.line_starts), known


def test_war_and_peace_opening_sets_its_contents_as_the_whole_book(
    corpus: Path, style: ReadingStyle
) -> None:
    from reader.text.quick_open import open_quickly

    quick = open_quickly(corpus / "gutenberg" / "war_and_peace__pg2600-0.txt")
    assert quick.finish is not None
    whole = quick.finish()
    index = list(whole.blocks.kinds()).index(BlockKind.CONTENTS)
    a, b = (
        Typesetter(whole, style, 600).block(index),
        Typesetter(quick.book, style, 600).block(index),
    )
    assert a is not None and b is not None
    # Its first 300 entries (the first page shows some 30): only further on, an entry unlike
    # any matched in the opening ("FIRST EPILOGUE") is taken for the previous one's subtitle.
    rows = 75
    assert b.line_starts[:rows] == a.line_starts[:rows]
    assert b.text.split("\u2028")[:rows] == a.text.split("\u2028")[:rows]
