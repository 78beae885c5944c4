"""The typesetter's kept layouts: bounded by their text, yet a spread is never set twice.

The page asks its typesetter for every block on the spread at each paint, and lays out
the next spread ahead of a turn; these tests page through generated books the same way
(:func:`read_through`) and count the blocks set again when the spread is repainted.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_typeset import make_book

from reader.layout.block_layout import BlockLayout
from reader.layout.layout_cache import KEPT_CHARS, MOST_OF_BUDGET, budget_for
from reader.layout.paginate import PageRef
from reader.layout.pagination import Pagination
from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.text.book import BlockKind

SENTENCE = (
    "the quiet river ran past the old mill where a miller once kept his accounts in "
    "a ledger bound with string and sealed every evening before the lamps were lit"
)
WORDS = SENTENCE.split()

KEPT_LAYOUTS = 128
"""The count the reading view keeps (``reader.ui.reading.view.KEPT_LAYOUTS``)."""


def prose(seed: int, chars: int) -> str:
    """About ``chars`` characters of words, different for each ``seed``."""
    out: list[str] = []
    n = 0
    i = seed
    while n < chars:
        word = WORDS[(i * 7 + seed) % len(WORDS)]
        out.append(word)
        n += len(word) + 1
        i += 1
    return " ".join(out).capitalize() + "."


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12)


class Spy:
    """Records the blocks a typesetter sets (rather than finds kept)."""

    def __init__(self, ts: Typesetter, monkeypatch: pytest.MonkeyPatch) -> None:
        self.set: list[int] = []
        typeset = ts._typeset

        def spy(index: int) -> BlockLayout | None:
            self.set.append(index)
            return typeset(index)

        monkeypatch.setattr(ts, "_typeset", spy)


def fit_like_the_view(ts: Typesetter, width: float, height: float) -> int:
    """Bound ``ts``'s kept layouts as the reading view does for a page of ``width`` ×
    ``height``; the page's lines."""
    lines = max(int(height // ts.advance), 1)
    ts.fit_cache_to_page(lines, width / ts.avg_char * lines * 0.92)
    return lines


def text_length(ts: Typesetter, index: int) -> int:
    """Characters of block ``index`` as laid out (0 when it shows nothing)."""
    blk = ts.block(index)
    return 0 if blk is None else len(blk.text)


def spread_blocks(pag: Pagination, ref: PageRef) -> list[int]:
    """The blocks on the two pages from ``ref``, in the order the painter asks for them."""
    pages = [pag.page(ref)]
    right = PageRef(ref.section, ref.index + 1)
    if pag.exists(right):
        pages.append(pag.page(right))
    return [b for page in pages for b, _first, _last in page.items]


def read_through(
    pag: Pagination, ts: Typesetter, spy: Spy
) -> Iterator[tuple[list[int], list[int], bool]]:
    """Turn the spreads from the first as the page does: paint the spread, lay out the
    next one ahead, repaint. Yields each spread's blocks, those set again on the repaint,
    and whether the spread has two pages."""
    ref = pag.first_ref()
    while ref is not None:
        blocks = spread_blocks(pag, ref)
        two = pag.exists(PageRef(ref.section, ref.index + 1))
        for b in blocks:
            ts.block(b)  # the paint
        nxt = pag.next_ref(ref, 2)
        if nxt is not None:
            for b in spread_blocks(pag, nxt):
                ts.block(b)  # laid out ahead (the view's idle prefetch)
        spy.set.clear()
        for b in blocks:
            ts.block(b)  # the repaint
        yield blocks, list(spy.set), two
        ref = nxt


def test_kept_layouts_stay_within_the_character_budget(
    style: ReadingStyle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Paragraphs of 100–900 characters, and every fifth one blank (it shows nothing).
    parts = [
        (BlockKind.PARAGRAPH, "   " if i % 5 == 4 else prose(i, 100 + (i * 37) % 800))
        for i in range(400)
    ]
    book = make_book(parts)
    budget = 8000
    ts = Typesetter(book, style, 400, cache_size=KEPT_LAYOUTS, cache_chars=budget)
    cache = ts._cache
    probe = Typesetter(book, style, 400)
    longest = max(text_length(probe, i) for i in range(len(parts)))
    assert longest < budget * MOST_OF_BUDGET  # (so each counts in full)
    counts = []
    for i in range(len(parts)):
        ts.block(i)
        assert ts.cached(i)
        # Over the budget by the oldest kept layout at most (the newer ones alone fit).
        assert cache.held <= budget + longest
        counts.append(len(cache))
    assert cache.held >= budget - longest  # what fits is kept
    # The budget bounds them, well before the count: 128 of these held ~50,000 characters.
    assert max(counts) < KEPT_LAYOUTS // 2
    assert all(not ts.cached(i) for i in range(len(parts) // 2))


def test_a_block_that_shows_nothing_costs_no_characters(style: ReadingStyle) -> None:
    book = make_book([(BlockKind.PARAGRAPH, "   ")] * 50 + [(BlockKind.PARAGRAPH, prose(1, 500))])
    ts = Typesetter(book, style, 400, cache_size=KEPT_LAYOUTS, cache_chars=1000)
    for i in range(50):
        assert ts.block(i) is None
    assert ts._cache.held == 0 and len(ts._cache) == 50
    blk = ts.block(50)
    assert blk is not None and ts._cache.held == len(blk.text)
    assert all(ts.cached(i) for i in range(51))


def test_a_spread_of_many_short_paragraphs_is_never_set_again_on_a_repaint(
    style: ReadingStyle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One-line paragraphs on tall pages: a spread shows more of them than KEPT_LAYOUTS.
    book = make_book([(BlockKind.PARAGRAPH, f"Item {i}: {WORDS[i % 20]}.") for i in range(1200)])
    ts = Typesetter(book, style, 500, cache_size=KEPT_LAYOUTS)
    height = 100 * ts.advance + 2
    assert fit_like_the_view(ts, 500, height) == 100
    pag = Pagination(book, ts, height)
    spy = Spy(ts, monkeypatch)
    turned = 0
    for blocks, set_again, two in read_through(pag, ts, spy):
        assert len(blocks) > KEPT_LAYOUTS or not two
        assert set_again == [], f"spread {turned}: {len(set_again)} of {len(blocks)} set again"
        turned += 1
    assert turned >= 5


def test_a_spread_larger_than_the_fixed_budget_is_kept_whole(
    style: ReadingStyle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large page of small type: a spread holds more text than the fixed least budget.
    small = style.with_(font_size=8)
    book = make_book([(BlockKind.PARAGRAPH, prose(i, 200 + (i * 53) % 700)) for i in range(420)])
    width = 1100.0
    ts = Typesetter(book, small, width, cache_size=KEPT_LAYOUTS)
    height = 120 * ts.advance + 2
    lines = fit_like_the_view(ts, width, height)
    probe = Typesetter(book, small, width)
    longest = max(text_length(probe, i) for i in range(len(book.blocks)))
    pag = Pagination(book, ts, height)
    spy = Spy(ts, monkeypatch)
    turned = 0
    for blocks, set_again, two in read_through(pag, ts, spy):
        kept = ts._cache
        shown = sum(text_length(ts, b) for b in set(blocks))
        assert shown > KEPT_CHARS or not two
        assert set_again == [], f"spread {turned}: {len(set_again)} of {len(blocks)} set again"
        assert kept.chars is not None and kept.held <= kept.chars + longest
        turned += 1
    assert turned >= 3
    assert ts._cache.chars == budget_for(width / ts.avg_char * lines * 0.92) > KEPT_CHARS


def test_long_paragraphs_at_a_spreads_edges_do_not_push_out_the_rest(
    style: ReadingStyle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Paragraphs each longer than the budget, with short ones between: a spread starts in
    # the middle of one and ends at the start of the next.
    parts: list[tuple[BlockKind, str]] = []
    for i in range(4):
        parts.append((BlockKind.PARAGRAPH, prose(100 + i, 7000)))
        parts.extend((BlockKind.PARAGRAPH, f"A short line, {i}.{j}.") for j in range(12))
    book = make_book(parts)
    budget = 6000
    ts = Typesetter(book, style, 400, cache_size=KEPT_LAYOUTS, cache_chars=budget)
    height = 40 * ts.advance + 2
    pag = Pagination(book, ts, height)
    spy = Spy(ts, monkeypatch)
    edges = 0
    for blocks, set_again, _two in read_through(pag, ts, spy):
        long_ones = [b for b in blocks if book.blocks[b].end - book.blocks[b].start > budget]
        edges += len(long_ones) == 2 and len(blocks) > 2
        assert set_again == [], f"{len(set_again)} of {blocks} set again"
    assert edges >= 2  # spreads with a long paragraph at each edge were painted


def test_the_page_count_keeps_no_shown_text_the_page_would_lose() -> None:
    """The count's typesetter (``keep_layouts=False``) passes through the whole book without
    filling the renderer's shown-text cache, so the page's blocks stay in it."""
    from reader.text import render

    book = make_book([(BlockKind.PARAGRAPH, prose(i, 300)) for i in range(60)])
    render._cache.clear()
    render._cache_chars = 0
    page = Typesetter(book, ReadingStyle(), 500.0)
    page.block(5)
    kept = list(render._cache)
    assert len(kept) == 1
    counting = Typesetter(book, ReadingStyle(), 500.0, cache_size=8, keep_layouts=False)
    for index in range(len(book.blocks)):
        assert counting.block(index) is not None
    assert list(render._cache) == kept
