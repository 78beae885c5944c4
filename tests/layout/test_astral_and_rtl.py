"""Characters outside the BMP and right-to-left text in the layout.

The UTF-16 ↔ code-point map and the base-direction rules on their own; the failures
issue 9 reported (60 × 👍 wrapped, a chat paragraph full of emoji, a line of CJK
Extension B), each as a plain regression test; right-to-left paragraphs aligned and
indented from the right, mixed lines mapped in logical order, and hit-testing on them.
"""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from reader.layout.bidi import _MAYBE_RTL, is_rtl, needs_bidi
from reader.layout.block_layout import BlockLayout
from reader.layout.pagination import Pagination
from reader.layout.style import ReadingStyle
from reader.layout.typeset import SOFT_HYPHEN, Typesetter
from reader.layout.utf16 import Utf16Map
from reader.text.book import BlockKind, Book
from reader.text.parse import parse_text
from tests.layout.test_typeset import PROSE, loose_at_normal_spacing, make_book

HEBREW = (
    "בראשית ברא אלוהים את השמים ואת הארץ. והארץ הייתה תוהו ובוהו, וחושך על פני תהום, "
    "ורוח אלוהים מרחפת על פני המים. ויאמר אלוהים יהי אור ויהי אור."
)
ARABIC = (
    "في البدء خلق الله السماوات والأرض. وكانت الأرض خربة وخالية، وعلى وجه الغمر ظلمة، "
    "وروح الله يرف على وجه المياه. وقال الله ليكن نور فكان نور."
)


@pytest.fixture
def style(qapp: object) -> ReadingStyle:
    return ReadingStyle(font_family="DejaVu Serif", font_size=12)


def laid_out(book: Book, ts: Typesetter) -> list[BlockLayout]:
    """Every shown block of ``book``."""
    return [blk for i in range(len(book.blocks)) if (blk := ts.block(i)) is not None]


def assert_maps_back(book: Book, blk: BlockLayout) -> None:
    """Every line starts at its own first character, and every character shown is its
    source character (these books have no quotes, dashes or joins)."""
    text = blk.text
    for i in range(blk.line_count()):
        a, _b = blk.line_layout_range(i)
        assert book.text[blk.line_starts[i]] == text[a]
    for li, ch in enumerate(text):
        if ch != SOFT_HYPHEN:
            assert book.text[blk.source_offset(li)] == ch


def all_pages(pag: Pagination) -> list:
    """Every page of ``pag``, first to last."""
    pages = []
    ref = pag.first_ref()
    while ref is not None:
        pages.append(pag.page(ref))
        ref = pag.next_ref(ref)
    return pages


# --- the UTF-16 map -----------------------------------------------------------------------


@given(st.text(max_size=60))
def test_utf16_map_agrees_with_pythons_encoder(text: str) -> None:
    m = Utf16Map(text)
    for i in range(len(text) + 1):
        u = len(text[:i].encode("utf-16-le")) // 2
        assert m.to_utf16(i) == u
        assert m.from_utf16(u) == i
        assert m.from_utf16(u, end=True) == i
    assert m.length16 == len(text.encode("utf-16-le")) // 2
    assert m.trivial == (m.length16 == len(text))


def test_utf16_positions_inside_a_pair_snap_to_the_character() -> None:
    m = Utf16Map("a👍b𠮷")
    assert [m.to_utf16(i) for i in range(5)] == [0, 1, 3, 4, 6]
    assert m.from_utf16(2) == 1 and m.from_utf16(2, end=True) == 2
    assert m.inside_pair(2) and m.inside_pair(5) and not m.inside_pair(3)
    assert m.from_utf16(-3) == 0 and m.from_utf16(99) == 4 and m.to_utf16(99) == 6


def test_utf16_map_is_the_identity_without_astral_characters() -> None:
    for text in ("", "plain", "“curly” — and é", "漢字", "a\ud800b"):  # a lone surrogate too
        m = Utf16Map(text)
        assert m.trivial
        assert [m.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


# --- base direction ----------------------------------------------------------------------


def test_every_right_to_left_character_is_in_the_quick_scan() -> None:
    """The quick "may be right-to-left" scan misses no character of class R, AL or AN,
    nor any that opens a right-to-left embedding, override or isolate."""
    missing = [
        hex(cp)
        for cp in range(0x110000)
        if unicodedata.bidirectional(chr(cp)) in ("R", "AL", "AN", "RLE", "RLO", "RLI", "FSI")
        and not _MAYBE_RTL.match(chr(cp))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("שלום עולם", True),
        ("مرحبا بالعالم", True),
        ("“שלום,” he said", True),  # the quote is neutral: the first strong letter decides
        ("1984 שלום", True),  # digits are weak
        ("Hello שלום", False),
        ("\u2067שלום\u2069 hello", False),  # text inside an isolate is skipped (P2)
        ("\u2067שלום", False),  # … up to the end when the isolate is never closed
        ("١٢٣ abc", False),  # Arabic-Indic digits are weak (AN)
        ("👍👍 123", False),  # no strong character: left to right (P3)
        ("plain English", False),
        ("", False),
    ],
)
def test_base_direction_follows_the_first_strong_character(text: str, rtl: bool) -> None:
    assert is_rtl(text) is rtl


def test_only_text_with_right_to_left_characters_needs_reordering() -> None:
    assert not needs_bidi("plain “English” — é 漢字 👍")
    assert needs_bidi("Hello שלום") and needs_bidi("abc \u202e") and needs_bidi("١٢٣")


# --- the failures of issue 9 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I loved it " + "👍" * 60 + " so much.", id="60-thumbs-up"),
        pytest.param(
            "omg 😭😭 this chapter 🔥🔥🔥 I cannot 💀 when he said that 😂😂 and she was like 🙄 "
            "and then 👀👀 the kiss 😍😍💕 I am screaming 😱 update soon pls 🙏🙏✨ "
            "best fic ever 💯 ❤️",
            id="chat-paragraph",
        ),
        pytest.param("𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋𠀌𠀍𠀎𠀏" * 6, id="cjk-extension-b"),
    ],
)
@pytest.mark.parametrize("width", [80.0, 200.0, 400.0])
def test_wrapped_astral_paragraphs_lay_out_and_paginate(
    style: ReadingStyle, text: str, width: float
) -> None:
    book = parse_text(f"Chapter 1\n\n{text}\n\n{text}\n")
    ts = Typesetter(book, style, width)
    blocks = laid_out(book, ts)
    assert max(blk.line_count() for blk in blocks) > 1  # the paragraph wraps
    for blk in blocks:
        assert_maps_back(book, blk)
        assert blk.lines_text(0, blk.line_count() - 1) == blk.text.replace(SOFT_HYPHEN, "")
    pages = all_pages(Pagination(book, ts, 120.0))
    assert pages and pages[-1].end_offset == len(book.text.rstrip())
    for p, q in itertools.pairwise(pages):
        assert p.end_offset <= q.start_offset


def test_each_emoji_hit_tests_to_itself_and_quotes_whole(style: ReadingStyle) -> None:
    run = ["👍", "👨‍👩‍👧", "🇫🇷", "👋🏿", "🏳️‍🌈", "𠮷", "e\u0301"]
    body = "Look: " + "".join(run) * 4 + " done."
    book = make_book([(BlockKind.PARAGRAPH, body)])
    ts = Typesetter(book, style, 150)
    blk = ts.block(0)
    assert blk is not None and blk.line_count() > 1
    pos = body.index(run[0])
    for cluster in run * 4:
        end = pos + len(cluster)
        rects = blk.range_rects(pos, end)
        assert len(rects) == 1
        c = rects[0].center()
        assert blk.hit_test(c.x(), c.y()) == pos
        assert ts.char_range(pos) == (pos, end)
        assert ts.char_range(end - 1) == (pos, end)  # from inside the cluster too
        # A range that starts or ends inside the cluster covers all of it.
        if len(cluster) > 1:
            assert blk.range_rects(pos + 1, end) == rects
            assert blk.range_rects(pos, pos + 1) == rects
        pos = end


def test_flags_after_an_emoji_pair_up(style: ReadingStyle) -> None:
    """Qt 6.11 pairs the letters of flags after an emoji wrongly; the layout does not."""
    body = "x 👍🇫🇷🇯🇵 y"
    book = make_book([(BlockKind.PARAGRAPH, body)])
    ts = Typesetter(book, style, 400)
    fr = body.index("🇫🇷")
    assert ts.char_range(fr + 1) == (fr, fr + 2)
    assert ts.char_range(fr + 2) == (fr + 2, fr + 4)
    blk = ts.block(0)
    assert blk is not None
    assert blk.cluster(fr + 1) == (fr, fr + 2) and blk.cluster(fr + 3) == (fr + 2, fr + 4)


def test_italics_soft_hyphens_and_ruby_after_astral_characters(style: ReadingStyle) -> None:
    body = "👍👍👍 She was _extraordinarily 𠮷_ uncomfortable about the 🎉 indefatigable " * 3
    book = make_book([(BlockKind.PARAGRAPH, body.strip())])
    blk = Typesetter(book, style, 140).block(0)
    assert blk is not None and SOFT_HYPHEN in blk.text
    assert_maps_back_shown(book, blk)
    layout = blk._layout
    assert layout is not None
    for r in layout.formats():  # Qt positions: UTF-16
        a, b = blk.from_qt(r.start), blk.from_qt(r.start + r.length)
        assert blk.text[a:b].replace(SOFT_HYPHEN, "") == "extraordinarily 𠮷"
    # Ruby over an Extension B base after emoji (an Aozora book).
    body = "👍👍 𠮷野《よしの》家の猫" * 5
    book = make_book([(BlockKind.PARAGRAPH, body)], language="ja", cjk=True)
    book.aozora = True
    blk = Typesetter(book, style, 120).block(0)
    assert blk is not None and blk._ruby
    for a, b, reading in blk._ruby:
        assert blk.text[a:b] == "𠮷野" and reading == "よしの"
    image = QImage(200, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    blk.draw(painter, QPointF(0, 0), 0, blk.line_count() - 1)
    painter.end()


def assert_maps_back_shown(book: Book, blk: BlockLayout) -> None:
    """Like :func:`assert_maps_back` for text with emphasis (underscores not shown)."""
    for li, ch in enumerate(blk.text):
        if blk.layout_to_display(li) != blk.layout_to_display(li + 1):
            assert book.text[blk.source_offset(li)] == ch


def test_hit_at_the_end_of_a_hyphenated_line_gives_the_letter_before(
    style: ReadingStyle,
) -> None:
    book = make_book([(BlockKind.PARAGRAPH, PROSE)])
    blk = Typesetter(book, style, 160).block(0)
    assert blk is not None
    checked = 0
    for i in range(blk.line_count() - 1):
        b = blk.line_layout_range(i)[1]
        if blk.text[b - 1] == SOFT_HYPHEN:
            hit = blk.hit_test(1000.0, blk.line_tops[i] + 1, i, i)
            assert hit == blk.source_offset(b - 2) and hit < blk.line_starts[i + 1]
            checked += 1
    assert checked


# --- right to left -------------------------------------------------------------------------


@pytest.mark.parametrize("body", [HEBREW, ARABIC], ids=["hebrew", "arabic"])
@pytest.mark.parametrize("justify", [True, False])
def test_rtl_paragraphs_are_aligned_and_indented_on_the_right(
    style: ReadingStyle, body: str, justify: bool
) -> None:
    book = make_book([(BlockKind.PARAGRAPH, body), (BlockKind.PARAGRAPH, body)])
    width = 300.0
    ts = Typesetter(book, style.with_(justify=justify, hyphenate=False), width)
    first, second = ts.block(0), ts.block(1)
    assert first is not None and second is not None
    assert first.rtl and second.rtl and second.line_count() > 2
    indent = 1.5 * ts.em
    space = ts.em  # a generous bound on one space's width
    for blk, lead in ((first, 0.0), (second, indent)):
        n = blk.line_count()
        extents = [blk.line_extent(i) for i in range(n)]
        # Lines start from the right margin; the indent of an indented paragraph is there.
        assert extents[0][1] == pytest.approx(width - lead, abs=0.6)
        for left, right in extents[1:]:
            assert right == pytest.approx(width, abs=0.6)
            assert left >= -0.6
        if justify:  # justified lines fill the column (the last one is not stretched)
            for i, (left, _right) in enumerate(extents[1:-1], start=1):
                # … unless they would need word spaces more than +60% wide: then ragged.
                if loose_at_normal_spacing(blk, i, width, ts.body_font):
                    assert left > space
                else:
                    assert left <= space
    # Left to right, the indent stays on the left.
    ltr = make_book([(BlockKind.PARAGRAPH, PROSE), (BlockKind.PARAGRAPH, PROSE)])
    blk = Typesetter(ltr, style, width).block(1)
    assert blk is not None and not blk.rtl
    assert blk.line_extent(0)[0] == pytest.approx(1.5 * ts.em, abs=0.6)


def test_headings_and_other_blocks_take_their_own_direction(style: ReadingStyle) -> None:
    book = make_book(
        [
            (BlockKind.HEADING, "פרק ראשון"),
            (BlockKind.PARAGRAPH, PROSE),
            (BlockKind.VERSE, "שורה אחת\nשורה שנייה"),
            (BlockKind.AUTHOR_NOTE, "A/N: תודה"),
            (BlockKind.PARAGRAPH, HEBREW),
        ]
    )
    ts = Typesetter(book, style, 400)
    heading, para, verse, note, hebrew = (ts.block(i) for i in range(5))
    assert heading is not None and heading.rtl
    assert para is not None and not para.rtl
    assert verse is not None and verse.rtl
    assert note is not None and not note.rtl  # "A/N" comes first
    assert hebrew is not None and hebrew.rtl
    left, right = heading.line_extent(0)
    assert (left + right) / 2 == pytest.approx(200, abs=2)  # still centred
    # Verse keeps its margin, on the right.
    assert verse.line_extent(0)[1] == pytest.approx(400 - 2 * ts.em, abs=0.6)


def test_a_mixed_line_keeps_logical_order(style: ReadingStyle) -> None:
    body = "Hello שלום עולם world, and more English words to follow."
    book = make_book([(BlockKind.PARAGRAPH, body)])
    blk = Typesetter(book, style.with_(justify=False), 600).block(0)
    assert blk is not None and not blk.rtl and blk.line_count() == 1
    assert blk.line_starts == [0]
    xs = {}
    for off in range(len(body)):
        rects = blk.range_rects(off, off + 1)
        assert len(rects) == 1
        c = rects[0].center()
        assert blk.hit_test(c.x(), c.y()) == off  # hit-testing gives logical offsets
        xs[off] = c.x()
    heb = range(body.index("ש"), body.index("ם", body.index("ע")) + 1)
    hebrew_x = [xs[o] for o in heb if body[o] != " "]
    assert hebrew_x == sorted(hebrew_x, reverse=True)  # drawn right to left
    assert xs[0] < xs[1] < xs[heb[0]] and xs[heb[-1]] < xs[heb[-1] + 2]
    # A logical range that crosses the direction change is drawn in two pieces.
    a = body.index("lo ")
    rects = blk.range_rects(a, a + 6)  # "lo שלו"
    assert len(rects) == 2
    assert book.text[a : a + 6] == "lo שלו"


@pytest.mark.parametrize("justify", [True, False])
def test_hit_testing_on_rtl_lines_maps_back_to_the_right_characters(
    style: ReadingStyle, justify: bool
) -> None:
    body = HEBREW + " With English inside, 123 and more. " + ARABIC
    book = make_book([(BlockKind.PARAGRAPH, body)])
    blk = Typesetter(book, style.with_(justify=justify), 260).block(0)
    assert blk is not None and blk.rtl and blk.line_count() > 3
    for off, ch in enumerate(body):
        if ch == " ":
            continue
        rects = blk.range_rects(off, off + 1)
        assert rects, off
        for r in rects:
            c = r.center()
            assert blk.hit_test(c.x(), c.y()) == off, (off, ch)
    # Beyond the right end of a line: its logical first character; beyond the left end:
    # its last one (when they are right-to-left letters, which sit at those ends).
    checked = 0
    for i in range(blk.line_count()):
        a, b = blk.line_layout_range(i)
        y = blk.line_tops[i] + 1
        last = b - 1
        while blk.text[last] == " ":
            last -= 1
        if unicodedata.bidirectional(blk.text[a]) in ("R", "AL"):
            assert blk.hit_test(10_000.0, y, i, i) == blk.line_starts[i]
            checked += 1
        if unicodedata.bidirectional(blk.text[last]) in ("R", "AL"):
            assert blk.hit_test(-10_000.0, y, i, i) == blk.source_offset(last)
            checked += 1
    assert checked >= blk.line_count()
