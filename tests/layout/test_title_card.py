"""A story header typeset as a title card: parts, chips, offsets, huge headers paginate
(issue 14)."""

from __future__ import annotations

import pytest

from reader.layout.pagination import Pagination
from reader.layout.style import ReadingStyle
from reader.layout.title_card import CardLayout
from reader.layout.typeset import Typesetter
from reader.text.parse import parse_text
from tests.layout.test_astral_and_rtl import all_pages
from tests.text.fanfic_gen import alaric_spec, ao3_text, corpus_story, fanficfare_text


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12)


@pytest.mark.parametrize("make", [fanficfare_text, ao3_text])
def test_card_parts_and_offsets(style: ReadingStyle, make) -> None:  # type: ignore[no-untyped-def]
    book = parse_text(make(alaric_spec(), [("Chapter 1", corpus_story())]))
    assert book.story is not None
    card = Typesetter(book, style, 420).block(0)
    assert isinstance(card, CardLayout)
    lines = [card.lines_text(i, i).strip() for i in range(card.line_count())]
    assert lines[0] == "Alaric Leaving"
    assert lines[1] == "by Nightingale"
    assert any("Vampire\u00a0Diaries" in line for line in lines)
    # Chips: each covers one relationship or tag.
    chips = [card.text[a:b].replace("\u00a0", " ") for a, b in card.chips]
    assert chips == ["Damon/Alaric", "Angst", "Hurt/Comfort", "slowburn", "Friendship"]
    # The title is centred (its left edge well in from the column's).
    left, right = card.line_extent(0)
    assert left > 40 and abs((420 - right) - left) < 4
    # Lines are contiguous (pagination adds their heights).
    for i in range(1, card.line_count()):
        assert card.line_tops[i] == pytest.approx(card.line_tops[i - 1] + card.line_heights[i - 1])


def test_huge_header_lays_out_and_paginates(style: ReadingStyle) -> None:
    tags = ", ".join(f"Tag number {i}" for i in range(600))
    summary = "\n\n".join(" ".join(f"word{j}" for j in range(400)) for _ in range(20))
    text = (
        f"Huge\n\nby Someone\n\nRating: E\nFandom: Big <i>Fandom</i>\nGenre: {tags}\n"
        f"Summary: {summary}\n\n\n\tChapter 1\n\n{corpus_story()}"
    )
    book = parse_text(text)
    assert book.story is not None and len(book.story.tags) == 600
    ts = Typesetter(book, style, 300)
    card = ts.block(0)
    assert isinstance(card, CardLayout)
    assert card.line_count() > 100
    assert card.line_starts == sorted(card.line_starts)
    assert "Big <i>Fandom</i>".replace(" ", "\u00a0") in card.text
    pages = all_pages(Pagination(book, ts, 400.0))
    assert len(pages) > 5
    assert pages[-1].end_offset == len(book.text.rstrip())
