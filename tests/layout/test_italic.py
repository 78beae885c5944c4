"""Emphasis (``_word_``) is laid out in italics, mapped through soft hyphens and trimming."""

from __future__ import annotations

import pytest

from reader.layout.style import ReadingStyle
from reader.layout.typeset import SOFT_HYPHEN, Typesetter
from reader.text.book import BlockKind
from tests.layout.test_typeset import make_book


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12)


def italic_words(blk) -> list[str]:
    """The layout text (soft hyphens removed) under each italic format range."""
    layout = blk._layout
    assert layout is not None
    out = []
    for r in layout.formats():
        assert r.format.fontItalic()
        out.append(blk._text[r.start : r.start + r.length].replace(SOFT_HYPHEN, ""))
    return out


@pytest.mark.parametrize("hyphenate", [False, True])
def test_emphasis_is_set_in_italics(style: ReadingStyle, hyphenate: bool) -> None:
    body = (
        "   She was _extraordinarily_ uncomfortable about the _characteristically "
        "unquestionable_ recommendations of her _indefatigable_ correspondent."
    )
    book = make_book([(BlockKind.PARAGRAPH, body)])
    blk = Typesetter(book, style.with_(hyphenate=hyphenate), 160).block(0)
    assert blk is not None
    assert "_" not in blk._text
    if hyphenate:
        assert SOFT_HYPHEN in blk._text
    assert italic_words(blk) == [
        "extraordinarily",
        "characteristically unquestionable",
        "indefatigable",
    ]
    # the italic word still hit-tests and highlights onto its own source characters
    start = book.text.index("_extraordinarily_") + 1
    rects = blk.range_rects(start, start + len("extraordinarily"))
    assert rects and all(r.width() > 1 for r in rects)


def test_emphasis_in_headings_and_no_formats_without_it(style: ReadingStyle) -> None:
    book = make_book(
        [
            (BlockKind.HEADING, "CHAPTER I\n_The Beginning_"),
            (BlockKind.PARAGRAPH, "A plain snake_case paragraph."),
        ]
    )
    ts = Typesetter(book, style, 300)
    heading, plain = ts.block(0), ts.block(1)
    assert heading is not None and plain is not None
    assert italic_words(heading) == ["The Beginning"]
    assert plain._layout is not None and plain._layout.formats() == []
    assert "snake_case" in plain._text
