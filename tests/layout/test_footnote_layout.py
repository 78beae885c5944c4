"""Footnotes set smaller than the text; a paragraph they interrupt goes on without a new
first line (reader/layout/typeset.py with reader/text/rejoin.continues_paragraph)."""

from __future__ import annotations

import textwrap

import pytest
from PySide6.QtGui import QFontMetricsF

from reader.layout.setting import SMALL_SCALE
from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.text.book import BlockKind, Book
from reader.text.parse import parse_text
from reader.text.rejoin import continues_paragraph

SENTENCES = (
    "The rain had not stopped for three days and the river was rising fast. "
    "Nobody in the village could remember a spring like it, not even the oldest "
    "of the fishermen who sat by the harbour wall and watched the water climb. "
)


def paged(lines_per_page: int = 30, pages: int = 3) -> str:
    """Hard-wrapped prose with a page number between blank lines at every page break, in
    the middle of paragraphs (as tests/text/test_furniture.py makes it)."""
    body = textwrap.wrap(SENTENCES * (lines_per_page * pages // 3 + 2), 70)
    out: list[str] = []
    for p in range(pages):
        out.extend(body[p * lines_per_page : (p + 1) * lines_per_page])
        out += ["", str(12 + p + 1), ""]
    return "\n".join(out) + "\n"


def interrupted(note_at_break: bool = True, new_paragraph: bool = False) -> Book:
    """Hard-wrapped prose with page numbers, and a footnote printed at the foot of the
    first page (its reference a few lines above), in the middle of a paragraph; with
    ``new_paragraph``, a new paragraph starts right after the note instead."""
    lines = paged().split("\n")
    k = next(i for i, line in enumerate(lines) if line.strip() == "13")
    lines[k - 5] += "[1]"
    lines[k:k] = ["[1] A note about the river.", ""]
    if new_paragraph:
        lines[k - 2] = lines[k - 2].rstrip() + " The end."
        lines[k + 4] = "Then " + lines[k + 4]
    return parse_text("\n".join(lines))


def kinds(book: Book) -> list[BlockKind]:
    return [b.kind for b in book.blocks]


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=13, paragraph_style="indent")


def test_a_footnote_is_set_smaller_than_the_text(style: ReadingStyle) -> None:
    book = interrupted()
    assert kinds(book)[:3] == [BlockKind.PARAGRAPH, BlockKind.FOOTNOTE, BlockKind.PARAGRAPH]
    ts = Typesetter(book, style, 500)
    note, prose = ts.block(1), ts.block(0)
    assert note is not None and prose is not None
    font = ts._font("footnote")
    assert font.pointSizeF() == pytest.approx(style.font_size * SMALL_SCALE)
    assert font.pointSizeF() < ts.body_font.pointSizeF()
    # smaller type: more characters a line and shorter lines than the prose around it
    assert max(note.line_heights) < min(prose.line_heights)
    width = QFontMetricsF(font).horizontalAdvance("A note about the river.")
    assert width < QFontMetricsF(ts.body_font).horizontalAdvance("A note about the river.")


def test_the_paragraph_a_footnote_interrupts_goes_on_without_an_indent(
    style: ReadingStyle,
) -> None:
    book = interrupted()
    assert continues_paragraph(book, 2)
    ts = Typesetter(book, style, 500)
    rest = ts.block(2)
    assert rest is not None
    # its first line starts at the margin, like the lines after it
    assert rest.line_extent(0)[0] == pytest.approx(rest.line_extent(1)[0], abs=0.5)


def test_a_new_paragraph_after_a_footnote_is_indented(style: ReadingStyle) -> None:
    book = interrupted(new_paragraph=True)
    i = kinds(book).index(BlockKind.FOOTNOTE) + 1
    assert kinds(book)[i] == BlockKind.PARAGRAPH and not continues_paragraph(book, i)
    ts = Typesetter(book, style, 500)
    blk = ts.block(i)
    assert blk is not None
    indent = blk.line_extent(0)[0] - blk.line_extent(1)[0]
    assert indent == pytest.approx(1.5 * ts.em, abs=1.0)


def test_cjk_paragraph_interrupted_by_a_footnote_keeps_no_indent(qapp: object) -> None:
    book = interrupted()
    book.cjk = True  # the same blocks set as CJK text: the indent is two ideographs
    ts = Typesetter(book, ReadingStyle(font_family="DejaVu Serif", font_size=13), 500)
    rest, first = ts.block(2), ts.block(0)
    assert rest is not None and first is not None
    assert first.line_extent(0)[0] > first.line_extent(1)[0] + 5  # a new paragraph: indented
    assert rest.line_extent(0)[0] == pytest.approx(rest.line_extent(1)[0], abs=0.5)
