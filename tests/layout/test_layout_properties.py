"""Property tests (hypothesis) for typesetting and pagination of awkward text.

Paragraphs mix ASCII words, combining marks, emoji (plain, ZWJ sequences, flags, skin
tones), CJK (Extension B too) and right-to-left runs. They become real books through
the parser and go through the real :class:`Typesetter` and :class:`Pagination` at
several widths, font sizes and page heights. Qt counts UTF-16 code units and Python
code points: every property below fails if one leaks into the other.

How many examples: the hypothesis profile in ``tests/conftest.py`` (500 per property
by default, 5,000 with ``QUIRE_HYPOTHESIS_PROFILE=deep``).
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.layout.block_layout import LINE_SEPARATOR, BlockLayout
from reader.layout.hyphenate import SOFT_HYPHEN
from reader.layout.pagination import Pagination
from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.text.book import BlockKind, Book
from reader.text.errors import BookError
from reader.text.parse import parse_bytes, parse_text
from reader.text.render import SMART_QUOTES

PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ASCII = [
    "the", "reader", "said", "a", "I", "Notwithstanding", "characteristically",
    "uncomfortable", "1984", "end.", "(aside)", '"Yes,"', "'Tis", "don't", "well--then",
    "_soft_", "snake_case", "co-operate",
]  # fmt: skip
MARKS = ["e\u0301", "cafe\u0301", "a\u0308\u0323", "n\u0303o", "\u0915\u094d\u0937", "x\u20dd"]
EMOJI = ["👍", "😂", "🎉", "❤️", "✨", "🤔", "👀", "🙏"]
ZWJ_SEQUENCES = ["👨‍👩‍👧", "👩‍💻", "🏳️‍🌈", "❤️‍🔥", "🧑🏽‍🚀", "👨‍👨‍👦‍👦"]
FLAGS = ["🇫🇷", "🇯🇵", "🇺🇸", "🇬🇧", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"]
SKIN_TONES = ["👍🏽", "👋🏿", "🙌🏻", "🤞🏼"]
CJK = ["中文", "漢字", "話說天下大勢", "，", "。", "「引用」"]
EXTENSION_B = ["𠀀", "𠮷", "𡃁", "𪚥", "𠀋𠂢𠂤", "𤭢"]
HEBREW = ["שלום", "עולם", "בְּרֵאשִׁית", "ספר"]
ARABIC = ["مرحبا", "عالم", "مَرْحَبًا", "كتاب", "١٢٣"]
CONTROLS = ["\u200d", "\u200c", "\u200f", "\u200e", "\u2067", "\u2069", "\ufe0f", "\u00ad", "\t"]
HEADINGS = ["CHAPTER I", "Chapter 2: שלום", "* * *", "פרק א", "Chapter 3 👍"]

EMOJI_CLUSTERS = EMOJI + ZWJ_SEQUENCES + FLAGS + SKIN_TONES
PIECES = st.one_of(
    st.sampled_from(ASCII),
    st.sampled_from(MARKS),
    st.sampled_from(EMOJI_CLUSTERS),
    st.sampled_from(CJK + EXTENSION_B),
    st.sampled_from(HEBREW + ARABIC),
    st.sampled_from(CONTROLS),
)
SEPARATORS = st.sampled_from([" ", " ", " ", " ", "", "\n", " — ", ", "])
WIDTHS = st.sampled_from([60.0, 130.0, 260.0, 420.0])
SIZES = st.sampled_from([8.0, 13.0, 24.0])

ZWJ = "\u200d"
SKIN = range(0x1F3FB, 0x1F400)
REGIONAL = range(0x1F1E6, 0x1F200)


@st.composite
def paragraphs(draw: st.DrawFn, max_pieces: int = 16) -> str:
    """One paragraph: pieces joined by spaces (sometimes a line break or nothing)."""
    parts = draw(st.lists(st.tuples(PIECES, SEPARATORS), min_size=1, max_size=max_pieces))
    return "".join(p + s for p, s in parts).strip("\n") or "x"


@st.composite
def book_texts(draw: st.DrawFn) -> str:
    """A short book: maybe a heading, then one to three paragraphs."""
    paras = draw(st.lists(paragraphs(), min_size=1, max_size=3))
    if draw(st.booleans()):
        paras.insert(draw(st.integers(0, len(paras))), draw(st.sampled_from(HEADINGS)))
    return "\n\n".join(paras) + "\n"


@st.composite
def styles(draw: st.DrawFn) -> ReadingStyle:
    """A reading style at one of several sizes, justified or not, hyphenating or not."""
    return ReadingStyle(
        font_family="DejaVu Serif",
        font_size=draw(SIZES),
        justify=draw(st.booleans()),
        hyphenate=draw(st.booleans()),
    )


def same_character(
    shown: str, source_text: str, at: int, splits: frozenset[int] = frozenset()
) -> bool:
    """True when ``shown`` is what the display shows for the source character at ``at``
    (the exceptions of reader.text.render: joins, tabs and separators as a space or a line
    separator, curly quotes, an em dash for ``--``, and the space shown inside a word glued
    by lost italics — ``splits`` — mapped to the character after it)."""
    src = source_text[at]
    return (
        shown == src
        or (shown == " " and at in splits)
        or (shown in (" ", LINE_SEPARATOR) and src in "\n\t\u2028\u2029")
        or shown in SMART_QUOTES.get(src, "")
        or (shown == "—" and source_text.startswith("--", at))
    )


def inserted_hyphen(blk: BlockLayout, li: int) -> bool:
    """True when layout index ``li`` is a soft hyphen the typesetter inserted (not shown text)."""
    return blk.layout_to_display(li) == blk.layout_to_display(li + 1)


def shown_blocks(book: Book, ts: Typesetter) -> list[BlockLayout]:
    """Every block the typesetter shows (none may raise)."""
    return [blk for i in range(len(book.blocks)) if (blk := ts.block(i)) is not None]


def mid_cluster(text: str, at: int) -> bool:
    """True when source offset ``at`` obviously lies inside a grapheme cluster: on a
    combining mark, a skin tone, a variation selector or ZWJ that follow a character,
    an emoji joined by ZWJ, or the second half of a flag."""
    if at == 0:
        return False
    ch, prev = text[at], text[at - 1]
    o = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Me") or o in SKIN or ch in (ZWJ, "\ufe0f"):
        return True
    before = text[at - 2] if at >= 2 else ""
    emoji_before = before and (
        unicodedata.category(before) == "So" or ord(before) in SKIN or before == "\ufe0f"
    )
    if prev == ZWJ and emoji_before and unicodedata.category(ch) == "So":
        return True
    if o in REGIONAL:
        k = at
        while k > 0 and ord(text[k - 1]) in REGIONAL:
            k -= 1
        return (at - k) % 2 == 1
    return False


# --- properties -------------------------------------------------------------------------


@PROPERTY
@given(text=book_texts(), style=styles(), width=WIDTHS)
def test_every_shown_character_maps_back_to_its_source(
    qapp: object, text: str, style: ReadingStyle, width: float
) -> None:
    book = parse_text(text)
    splits = frozenset(g.split for g in book.glued_words)
    ts = Typesetter(book, style, width)
    for blk in shown_blocks(book, ts):
        laid = blk.text
        n = blk.line_count()
        assert n >= 1
        # The lines cut the laid-out string into consecutive pieces, at the code points
        # Python's own UTF-16 encoder puts them.
        prev_end = 0
        for i in range(n):
            a, b = blk.line_layout_range(i)
            assert a == prev_end and b > a
            assert blk.to_qt(a) == len(laid[:a].encode("utf-16-le")) // 2
            assert blk.from_qt(blk.to_qt(a)) == a
            assert blk.to_qt(b) - blk.to_qt(a) == len(laid[a:b].encode("utf-16-le")) // 2
            prev_end = b
            start = blk.line_starts[i]
            assert start == blk.source_offset(a)
            if blk.kind != BlockKind.SCENE_BREAK and not inserted_hyphen(blk, a):
                assert same_character(laid[a], book.text, start), (i, laid[a], start)
            blk.line_extent(i)
            blk.range_rects(*blk.line_range(i), i, i)
        assert prev_end == len(laid)
        assert blk.lines_text(0, n - 1) == laid.replace(SOFT_HYPHEN, "").replace(
            LINE_SEPARATOR, "\n"
        )
        assert blk.end_offset >= blk.line_starts[-1]
        if blk.kind == BlockKind.SCENE_BREAK:
            continue
        for li, ch in enumerate(laid):
            if inserted_hyphen(blk, li):
                assert ch == SOFT_HYPHEN
                continue
            if li <= blk.label_chars and blk.label_chars:
                continue  # a note's label (and the line break after it) maps to its start
            assert same_character(ch, book.text, blk.source_offset(li), splits), (li, ch)


@PROPERTY
@given(
    text=book_texts(),
    style=styles(),
    width=WIDTHS,
    height=st.sampled_from([50.0, 140.0, 400.0]),
)
def test_pages_cover_the_text_exactly_once(
    qapp: object, text: str, style: ReadingStyle, width: float, height: float
) -> None:
    book = parse_text(text)
    ts = Typesetter(book, style, width, keep_layouts=False)
    pag = Pagination(book, ts, height)
    pages = []
    ref = pag.first_ref()
    while ref is not None:
        pages.append(pag.page(ref))
        ref = pag.next_ref(ref)
        assert len(pages) < 10_000
    # Turning back from the last page gives the same pages.
    back = []
    ref = pag.last_ref()
    while ref is not None:
        back.append(ref)
        ref = pag.prev_ref(ref)
    assert back[::-1] == [p.ref for p in pages]
    # Every line of every shown block is on exactly one page, in order.
    lo, hi = pag.range
    items = [
        (b, line) for p in pages for b, first, last in p.items for line in range(first, last + 1)
    ]
    expected = []
    shown: list[int] = []
    for sec in pag.sections:
        for b in range(sec.first_block, sec.end_block):
            blk = ts.block(b)
            if blk is None:
                continue
            expected.extend((b, line) for line in range(blk.line_count()))
            if blk.kind != BlockKind.SCENE_BREAK:
                shown.extend(
                    blk.source_offset(li)
                    for li in range(len(blk.text))
                    if not inserted_hyphen(blk, li)
                )
    assert items == expected
    # The page ranges follow each other without overlap, and every shown character
    # falls in exactly one of them.
    starts = [p.start_offset for p in pages]
    for p, q in itertools.pairwise(pages):
        assert p.start_offset <= p.end_offset <= q.start_offset
    for off in shown:
        assert lo <= off < hi
        k = bisect.bisect_right(starts, off) - 1
        assert k >= 0, f"offset {off} before the first page"
        assert pages[k].start_offset <= off < pages[k].end_offset, (off, pages[k])
    if pages:
        assert pages[0].start_offset >= lo and pages[-1].end_offset <= hi
        for page in pages:
            assert pag.ref_at(page.start_offset) == page.ref


@st.composite
def texts_with_an_emoji_run(draw: st.DrawFn) -> tuple[str, int, list[str]]:
    """A book text with a run of emoji clusters inside a paragraph: (text, run offset,
    the run's clusters)."""
    before = draw(paragraphs(max_pieces=8))
    if before.endswith(tuple(EMOJI_CLUSTERS)):
        before += " x"
    after = draw(paragraphs(max_pieces=8))
    run = draw(st.lists(st.sampled_from(EMOJI_CLUSTERS), min_size=1, max_size=12))
    lead = draw(st.sampled_from(["", "Chapter 1\n\n", "Once upon a time.\n\n"]))
    prefix = f"{lead}{before} "
    return f"{prefix}{''.join(run)} {after}\n", len(prefix), run


@PROPERTY
@given(case=texts_with_an_emoji_run(), style=styles(), width=WIDTHS)
# Found by this test: a right-to-left line ending in the emoji and a space (with a joiner
# or a variation selector), which Qt reports drawn over the emoji's left edge; hitting
# there gave the space.
@example(
    case=("Chapter 1\n\n👍\nשלום  👍 \u200d\nthe \n", 19, ["👍"]),
    style=ReadingStyle(font_family="DejaVu Serif", font_size=8.0, justify=False, hyphenate=False),
    width=60.0,
)
@example(
    case=("Chapter 1\n\n👍\nשלום  👍 \ufe0f\nthe \n", 19, ["👍"]),
    style=ReadingStyle(font_family="DejaVu Serif", font_size=8.0, justify=False, hyphenate=False),
    width=60.0,
)
def test_a_highlight_on_an_emoji_run_quotes_it(
    qapp: object, case: tuple[str, int, list[str]], style: ReadingStyle, width: float
) -> None:
    text, at, run = case
    book = parse_text(text)
    ts = Typesetter(book, style, width)
    b = book.blocks.index_at(at)
    blk = ts.block(b)
    assert blk is not None
    # Each emoji, hit where it is drawn, gives its own start; its range is all of it.
    pos = at
    hits = []
    for cluster in run:
        end = pos + len(cluster)
        rects = blk.range_rects(pos, end)
        assert rects, (pos, cluster)
        c = rects[0].center()
        hit = blk.hit_test(c.x(), c.y())
        assert hit == pos, (cluster, hit, pos)
        assert ts.char_range(hit) == (pos, end)
        hits.append(hit)
        pos = end
    # A selection from the first emoji to the last, made the way the reading view makes
    # one (hit-test both ends, take the last character whole), quotes exactly the run.
    first, last = hits[0], hits[-1]
    quote = book.text[first : ts.char_range(last)[1]]
    assert quote == "".join(run)
    # The highlight's rectangles cover every emoji of the run and nothing on either side.
    rects = blk.range_rects(first, ts.char_range(last)[1])
    assert rects
    for r in rects:
        for x in (r.left() + 0.5, r.right() - 0.5):
            hit = blk.hit_test(x, r.center().y())
            assert first <= hit < pos, (x, hit)


@PROPERTY
@given(text=book_texts(), style=styles(), width=WIDTHS)
# Found by this test: a Devanagari conjunct and two joiners, where Qt 6.11 sees a boundary
# between the joiners; hitting right of the line gave the conjunct's second consonant.
@example(
    text="क्ष\u200d\u200d \n",
    style=ReadingStyle(font_family="DejaVu Serif", font_size=8.0, justify=False, hyphenate=False),
    width=60.0,
)
def test_hit_testing_every_x_lands_on_a_character_boundary(
    qapp: object, text: str, style: ReadingStyle, width: float
) -> None:
    book = parse_text(text)
    ts = Typesetter(book, style, width)
    step = max(3.0, width / 30)
    for blk in shown_blocks(book, ts):
        block_start = blk.line_starts[0]
        for i in range(blk.line_count()):
            a, b = blk.line_layout_range(i)
            # Where a hit may land: the line's first character (a line can begin inside a
            # cluster, after a space and before a combining mark) and every cluster start.
            line_start = blk.line_starts[i]
            starts = {line_start}
            li = a
            while li < b:
                c0, c1 = blk.cluster(li)
                assert c0 <= li < c1
                assert c0 == li or li == a
                starts.add(blk.source_offset(li))
                li = c1
            y = blk.line_tops[i] + blk.line_heights[i] / 2
            x = -8.0
            while x <= width + 8:
                hit = blk.hit_test(x, y, i, i)
                assert hit in starts, (i, x, hit)
                assert hit in (block_start, line_start) or not mid_cluster(book.text, hit)
                x += step


ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\n\n\n   \t\u2028"),
    max_size=400,
)


@PROPERTY
@given(
    source=ANY_TEXT | st.binary(max_size=600),
    style=styles(),
    width=WIDTHS,
    height=st.sampled_from([50.0, 400.0]),
)
def test_any_text_the_parser_accepts_typesets_and_paginates(
    qapp: object, source: str | bytes, style: ReadingStyle, width: float, height: float
) -> None:
    if isinstance(source, bytes):
        try:
            book = parse_bytes(source)
        except BookError:
            return  # refused with a message: nothing to lay out
    else:
        book = parse_text(source)
    ts = Typesetter(book, style, width)
    for blk in shown_blocks(book, ts):
        for i in range(blk.line_count()):
            assert blk.line_starts[i] <= blk.end_offset
            y = blk.line_tops[i] + 1
            blk.hit_test(-5.0, y, i, i)
            blk.hit_test(width / 2, y, i, i)
            blk.range_rects(*blk.line_range(i), i, i)
    pag = Pagination(book, ts, height)
    ref = pag.first_ref()
    count = 0
    while ref is not None:
        pag.page(ref)
        ref = pag.next_ref(ref)
        count += 1
        assert count < 10_000
