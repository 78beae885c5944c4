"""Typesetting tests with real fonts (QTextLayout), plus the reading style and themes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF

from reader.layout.block_look import BOOK_TITLE_DROP
from reader.layout.geometry import (
    MAX_MEASURE_CHARS,
    MIN_MEASURE_CHARS,
    char_width,
    min_page_width,
    page_geometry,
)
from reader.layout.lines import MAX_SPACE_STRETCH
from reader.layout.setting import BOOK_TITLE_SCALE
from reader.layout.style import SERIF_PREFERENCES, ReadingStyle, Theme
from reader.layout.typeset import (
    SOFT_HYPHEN,
    Typesetter,
    hyphenator,
    insert_soft_hyphens,
)
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

PROSE = (
    "Notwithstanding the extraordinarily uncomfortable circumstances, the "
    "indefatigable correspondent continued writing interminable, incomprehensible "
    "letters to her acquaintances, characteristically underlining unquestionably "
    "unnecessary recommendations about their respectable grandchildren."
)


def make_book(
    parts: list[tuple[BlockKind, str]],
    language: str = "en",
    cjk: bool = False,
    chapters: list[Chapter] | None = None,
) -> Book:
    """A hand-made book, one block per part, blocks separated by a blank line."""
    text = ""
    blocks = []
    for kind, body in parts:
        blocks.append(Block(kind, len(text), len(text) + len(body)))
        text += body + "\n\n"
    return Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=chapters or [],
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(title="T", language=language),
        paragraph_mode=ParagraphMode.BLANK,
        paragraph_reason="test",
        cjk=cjk,
    )


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12)


def loose_at_normal_spacing(blk, i: int, width: float, font: QFont) -> bool:
    """True when line ``i`` of ``blk``, with normal word spaces, would need them widened by
    more than :data:`MAX_SPACE_STRETCH` of a space to reach ``width`` (it must then be
    set ragged rather than justified)."""
    text = blk.lines_text(i, i).rstrip(" ")
    b = blk.line_layout_range(i)[1]
    if blk.text[:b].rstrip(" ").endswith(SOFT_HYPHEN):
        text += "-"  # the line ends with a shown hyphen
    spaces = text.count(" ")
    fm = QFontMetricsF(font)
    return spaces > 0 and width - fm.horizontalAdvance(text) > spaces * (
        MAX_SPACE_STRETCH * fm.horizontalAdvance(" ")
    )


def mid_word_breaks(book: Book, blk) -> int:
    """Lines that start in the middle of a word."""
    n = 0
    for i in range(1, blk.line_count()):
        start = blk.line_starts[i]
        if book.text[start - 1].isalpha() and book.text[start].isalpha():
            n += 1
    return n


ORDINARY = (
    "Alice was beginning to get very tired of sitting by her sister on the bank, and of "
    "having nothing to do: once or twice she had peeped into the book her sister was "
    "reading, but it had no pictures or conversations in it, and what is the use of a "
    "book, thought Alice, without pictures or conversations? So she was considering in "
    "her own mind, as well as she could, for the hot day made her feel very sleepy and "
    "stupid, whether the pleasure of making a daisy-chain would be worth the trouble of "
    "getting up and picking the daisies, when suddenly a White Rabbit with pink eyes ran "
    "close by her."
)
"""Ordinary prose (short words, no hyphenation needed) that justifies well in a column."""


@pytest.mark.parametrize(
    ("text", "width"), [(ORDINARY, 400.0), (PROSE * 2, 300.0)], ids=["ordinary", "long-words"]
)
def test_justification_fills_lines_except_the_last(
    style: ReadingStyle, text: str, width: float
) -> None:
    book = make_book([(BlockKind.PARAGRAPH, text)])
    ts = Typesetter(book, style.with_(hyphenate=False), width)
    on = ts.block(0)
    off = Typesetter(book, style.with_(hyphenate=False, justify=False), width).block(0)
    assert on is not None and off is not None
    assert on.line_count() == off.line_count() > 3
    rights_on = [on.line_extent(i)[1] for i in range(on.line_count())]
    rights_off = [off.line_extent(i)[1] for i in range(off.line_count())]
    ragged = 0
    for i, r in enumerate(rights_on[:-1]):
        # Every line reaches the margin but those that would need word spaces more than
        # +60% wide: those are set ragged, with normal spaces.
        if loose_at_normal_spacing(on, i, width, ts.body_font):
            ragged += 1
            assert r < width - 3
        else:
            assert r == pytest.approx(width, abs=1.5)
    assert rights_on[-1] < width - 5  # the last line is not stretched
    if text == ORDINARY:  # ordinary prose justifies well: most lines reach the margin
        assert ragged <= len(rights_on) // 4
        assert sum(rights_off[:-1]) < sum(rights_on[:-1]) - 20
    else:  # words too long to justify without hyphens: rivers, so ragged lines
        assert ragged > len(rights_on) // 2
    assert all(r <= width + 0.5 for r in rights_off)


def test_hyphenation_breaks_words_in_a_narrow_column(style: ReadingStyle) -> None:
    book = make_book([(BlockKind.PARAGRAPH, PROSE)])
    hy = Typesetter(book, style, 160).block(0)
    plain = Typesetter(book, style.with_(hyphenate=False), 160).block(0)
    assert hy is not None and plain is not None
    assert mid_word_breaks(book, hy) >= 1
    assert mid_word_breaks(book, plain) == 0
    # The shown lines put back together are the text, without soft hyphens.
    joined = "".join(hy.lines_text(i, i) for i in range(hy.line_count()))
    assert SOFT_HYPHEN not in joined
    assert joined.rstrip() == PROSE


def test_no_hyphenation_for_unknown_language_or_cjk(style: ReadingStyle) -> None:
    assert hyphenator("") is None and hyphenator("xx") is None
    assert hyphenator("en-GB") is not None
    book = make_book([(BlockKind.PARAGRAPH, PROSE)], language="")
    blk = Typesetter(book, style, 160).block(0)
    assert blk is not None and mid_word_breaks(book, blk) == 0


def test_soft_hyphen_index_map_round_trips(style: ReadingStyle) -> None:
    hyph = hyphenator("en")
    assert hyph is not None
    text, shy = insert_soft_hyphens(PROSE, hyph)
    assert len(text) == len(PROSE) + len(shy) and shy
    assert [text[i] for i in shy] == [SOFT_HYPHEN] * len(shy)
    assert text.replace(SOFT_HYPHEN, "") == PROSE
    book = make_book([(BlockKind.PARAGRAPH, PROSE)])
    blk = Typesetter(book, style, 200).block(0)
    assert blk is not None
    for d in range(len(PROSE)):
        li = blk.display_to_layout(d)
        assert blk.layout_to_display(li) == d
        assert blk.source_offset(li) == d  # the block starts at offset 0


def test_hit_test_and_rectangles_round_trip(style: ReadingStyle) -> None:
    book = make_book([(BlockKind.TITLE, "Title"), (BlockKind.PARAGRAPH, PROSE * 2)])
    ts = Typesetter(book, style, 280)
    blk = ts.block(1)
    assert blk is not None
    start = book.blocks[1].start
    rng = random.Random(3)
    for off in rng.sample(range(start, start + len(PROSE) * 2), 60):
        rects = blk.range_rects(off, off + 1)
        assert len(rects) == 1
        c = rects[0].center()
        assert blk.hit_test(c.x(), c.y()) == off
    # A range across lines gives one rectangle per line.
    a, b = blk.line_starts[1] - 5, blk.line_starts[2] + 5
    rects = blk.range_rects(a, b)
    assert len(rects) == 3
    assert rects[0].top() < rects[1].top() < rects[2].top()


def test_first_line_indent_rules(style: ReadingStyle) -> None:
    parts = [
        (BlockKind.HEADING, "CHAPTER I"),
        (BlockKind.PARAGRAPH, PROSE),
        (BlockKind.PARAGRAPH, PROSE),
    ]
    book = make_book(parts, chapters=[Chapter("CHAPTER I", 1, 0)])
    ts = Typesetter(book, style, 400)
    after_heading, second = ts.block(1), ts.block(2)
    assert after_heading is not None and second is not None
    assert after_heading.line_extent(0)[0] == pytest.approx(0, abs=0.5)
    assert second.line_extent(0)[0] == pytest.approx(1.5 * ts.em, abs=0.5)
    assert second.line_extent(1)[0] == pytest.approx(0, abs=0.5)
    assert second.space_after == 0
    spaced = Typesetter(book, style.with_(paragraph_style="spacing"), 400)
    b2 = spaced.block(2)
    assert b2 is not None and b2.line_extent(0)[0] == pytest.approx(0, abs=0.5)
    assert b2.space_after > 0


def test_cjk_two_character_indent_and_no_hyphens(style: ReadingStyle) -> None:
    zh = "话说天下大势，分久必合，合久必分。" * 6
    book = make_book([(BlockKind.PARAGRAPH, "　　" + zh)], language="zh", cjk=True)
    ts = Typesetter(book, style, 300)
    blk = ts.block(0)
    assert blk is not None and blk.line_count() > 1
    left = blk.line_extent(0)[0]
    assert left == pytest.approx(2 * ts.cjk_em, abs=1.0)
    assert blk.line_extent(1)[0] == pytest.approx(0, abs=0.5)
    assert blk.line_starts[0] == 2  # the source's ideographic spaces are not shown twice
    assert SOFT_HYPHEN not in "".join(blk.lines_text(i, i) for i in range(blk.line_count()))


def test_heading_scene_break_verse_and_notes(style: ReadingStyle) -> None:
    parts = [
        (BlockKind.HEADING, "CHAPTER I"),
        (BlockKind.PARAGRAPH, PROSE),
        (BlockKind.SCENE_BREAK, "* * *"),
        (BlockKind.VERSE, "One line\nTwo line\nThree"),
        (BlockKind.AUTHOR_NOTE, "A/N: thanks for reading"),
    ]
    book = make_book(parts, chapters=[Chapter("CHAPTER I", 1, 0)])
    width = 400.0
    ts = Typesetter(book, style, width)
    head, para, brk, verse, note = (ts.block(i) for i in range(5))
    assert None not in (head, para, brk, verse, note)
    left, right = head.line_extent(0)
    assert (left + right) / 2 == pytest.approx(width / 2, abs=2)
    assert head.line_heights[0] > para.line_heights[0]
    assert head.space_before > 0 and head.keep_with_next
    assert brk.line_count() == 1
    bl, br = brk.line_extent(0)
    assert (bl + br) / 2 == pytest.approx(width / 2, abs=2)
    assert brk.hit_test((bl + br) / 2, 2) == book.blocks[2].start
    assert verse.line_count() == 3
    assert [book.text[s : s + 3] for s in verse.line_starts] == ["One", "Two", "Thr"]
    assert verse.line_extent(0)[0] > 0  # verse is indented
    assert note.role == "muted" and para.role == "text" and head.role == "heading"


def test_matter_hidden_unless_asked(style: ReadingStyle) -> None:
    book = make_book([(BlockKind.MATTER, "Project Gutenberg licence"), (BlockKind.PARAGRAPH, "x")])
    assert Typesetter(book, style, 300).block(0) is None
    assert Typesetter(book, style.with_(show_matter=True), 300).block(0) is not None
    blank = make_book([(BlockKind.PARAGRAPH, "   ")])
    assert Typesetter(blank, style, 300).block(0) is None


def test_lru_cache_is_bounded(style: ReadingStyle) -> None:
    book = make_book([(BlockKind.PARAGRAPH, f"Paragraph {i}.") for i in range(40)])
    ts = Typesetter(book, style, 300, cache_size=8)
    for i in range(40):
        ts.block(i)
    assert ts.cached(39) and not ts.cached(0)
    assert sum(ts.cached(i) for i in range(40)) == 8


# --- style and themes --------------------------------------------------------


def test_style_dict_round_trip_and_tolerance(qapp: object) -> None:
    s = ReadingStyle(font_size=17, theme="sepia", justify=False, two_pages="on")
    assert ReadingStyle.from_dict(s.to_dict()) == s
    odd = {"font_size": "huge", "theme": "neon", "unknown": 1, "justify": "yes", "margin": 99}
    t = ReadingStyle.from_dict(odd)
    assert t.font_size == 13.0 and t.theme == "light" and t.justify is True
    assert t.margin == 12.0  # clamped
    assert ReadingStyle.from_dict(None) == ReadingStyle()
    assert s.with_(font_size=100).font_size == 72.0
    with pytest.raises(TypeError):
        s.with_(colour="red")


def test_font_family_resolution(qapp: object) -> None:
    families = set(QFontDatabase.families())
    default = ReadingStyle().resolved_family()
    expected = next(f for f in SERIF_PREFERENCES if f in families)
    assert default == expected
    assert ReadingStyle(font_family="No Such Font 123").resolved_family() == expected
    assert ReadingStyle(font_family="DejaVu Sans").resolved_family() == "DejaVu Sans"


def test_themes_differ_and_have_highlights(qapp: object) -> None:
    light, dark, sepia = Theme.named("light"), Theme.named("dark"), Theme.named("sepia")
    assert light.color("background").lightness() > 200
    assert dark.color("background").lightness() < 60
    assert sepia.background != light.background
    assert Theme.named("system").name in ("light", "dark")
    assert light.highlight("yellow").alpha() < 255
    assert light.highlight("search") != light.highlight("yellow")
    assert light.highlight("nonsense-name") == light.highlight("yellow")
    assert light.highlight("red") == QColor(255, 0, 0, 110)


def test_geometry_spreads(qapp: object) -> None:
    s = ReadingStyle()
    assert not page_geometry(s, 800, 900).spread
    wide = page_geometry(s, 1600, 900)
    assert wide.spread and len(wide.text) == 2
    assert wide.text[0].right() <= wide.text[1].left()
    assert not page_geometry(s.with_(two_pages="off"), 1600, 900).spread
    assert page_geometry(s.with_(two_pages="on"), 1000, 900).spread  # auto would not
    # … but only when both columns keep a comfortable measure; else one page, and it says so.
    narrow = page_geometry(s.with_(two_pages="on"), 800, 900)
    assert not narrow.spread and narrow.spread_refused
    assert not page_geometry(s.with_(two_pages="on"), 1000, 900).spread_refused
    capped = page_geometry(s.with_(two_pages="off"), 3000, 900)  # the measure is capped
    assert capped.text_width < 1000 and capped.text[0].center().x() == pytest.approx(1500, abs=2)


@pytest.mark.parametrize("size", [9.0, 13.0, 20.0])
def test_the_measure_stays_between_45_and_80_characters(qapp: object, size: float) -> None:
    style = ReadingStyle(font_size=size)
    cw = char_width(style)
    for mode in ("auto", "on", "off"):
        for width in range(int(min_page_width(style)) + 1, 3200, 37):
            geom = page_geometry(style.with_(two_pages=mode), width, 900)
            chars = geom.text_width / cw
            assert MIN_MEASURE_CHARS - 1 <= chars <= MAX_MEASURE_CHARS + 1 <= 80, (mode, width)
            if geom.spread:  # two columns, each comfortable, side by side within the view
                assert geom.pages[1].right() <= width + 0.5
            if mode == "on":
                assert geom.spread != geom.spread_refused


@pytest.mark.parametrize("lang", ["en_US", "fr", "ru_RU", "de"])
def test_quick_dictionary_matches_pyphen(lang: str) -> None:
    import pyphen

    from reader.layout.hyphenate import _quick_dict

    path = pyphen.LANGUAGES[lang]
    quick = _quick_dict(Path(path))
    reference = pyphen.HyphDict(path)
    if quick is None:  # files with nonstandard patterns are left to pyphen
        lines = Path(path).read_text(encoding="latin-1").splitlines()
        assert any("/" in k or "^^" in k for k in lines)
        return
    assert quick.patterns == reference.patterns and quick.maxlen == reference.maxlen


def test_the_first_title_block_is_the_book_title_set_larger_and_lower(
    style: ReadingStyle,
) -> None:
    book = make_book(
        [
            (BlockKind.PARAGRAPH, "Produced by volunteers."),
            (BlockKind.TITLE, "Bleak House"),
            (BlockKind.TITLE, "by Charles Dickens"),
            (BlockKind.PARAGRAPH, PROSE),
            (BlockKind.TITLE, "Bleak House"),
        ]
    )
    ts = Typesetter(book, style, 400)
    title, byline, later = ts.block(1), ts.block(2), ts.block(4)
    assert title is not None and byline is not None and later is not None
    size = title._layout.font().pointSizeF()  # type: ignore[union-attr]
    assert size == pytest.approx(style.font_size * BOOK_TITLE_SCALE)
    assert size > byline._layout.font().pointSizeF() > style.font_size  # type: ignore[union-attr]
    assert later._layout.font().pointSizeF() == byline._layout.font().pointSizeF()  # type: ignore[union-attr]
    assert title.line_heights[0] > byline.line_heights[0]
    assert title.space_before == round(ts.advance * BOOK_TITLE_DROP) > 0
    assert byline.space_before == later.space_before == 0
    # The same words are wider in the title's size than in a later title block's.
    wide = title.range_rects(*_span(book, 1))[0].width()
    assert wide > later.range_rects(*_span(book, 4))[0].width()


def _span(book: Book, index: int) -> tuple[int, int]:
    blk = book.blocks[index]
    return blk.start, blk.end
