"""Property tests (hypothesis): any input gives a well-formed Book; displays map back exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.text.book import Block, BlockKind, Blocks, Book, EncodingReport, Metadata, ParagraphMode
from reader.text.errors import BookError
from reader.text.parse import parse_bytes, parse_text
from reader.text.render import display_block, display_problems

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces real books are made of, plus the awkward characters: texts built from them hit
# headings, matter markers, verse, CJK, Aozora notation and control characters often.
PIECES = [
    "\n",
    "\n\n",
    "\n\n\n\n",
    "   ",
    "\t",
    "\u3000",
    "CHAPTER I\n\n",
    "Chapter 12: The End\n\n",
    "第一回　宴桃园\n",
    "第1章 开始\n",
    "* * *\n",
    "A/N: thanks for reading!\n",
    "*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n",
    "*** END OF THIS PROJECT GUTENBERG EBOOK X ***\n",
    "Title: X\nAuthor: Y\n",
    "It was a dark and stormy night; the rain fell in torrents.",
    "“Yes,” she said. ",
    '"No," he said. ',
    "'Tis don't 'em the '90s 'quoted' ",
    '—"',
    '"\n',
    "'",
    "word-\n",
    "dash—\n",
    "   Twinkle, twinkle, little bat!\n",
    "话说天下大势，分久必合，合久必分。",
    "吾輩《わがはい》は猫である。",
    "一｜疋《ぴき》",
    "※［＃「言＋墟のつくり」、第4水準2-88-74］《いつ》",
    "［＃８字下げ］一［＃「一」は中見出し］\n",
    "《",
    "》",
    "｜",
    "［＃",
    "\x00",
    "\x85",
    "\u2028",
    "\ufeff",
    "\x1b",
    "\r",
    "e\u0301",
    "😀",
    "בראשית",
    "_what_ ",
    '"_Do_ you?" ',
    "_3 May.\nBistritz._",
    "snake_case __init__ ",
    "_",
    " _a_b c_ ",
]

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=40).map("".join),
)
modes = st.one_of(st.none(), st.sampled_from(list(ParagraphMode)))


def check_book(book: Book) -> None:
    n = len(book.text)
    prev_end = 0
    for i, b in enumerate(book.blocks):
        assert prev_end <= b.start <= b.end <= n, (i, b)
        prev_end = b.end
        assert display_problems(book, i) == [], (i, b, book.text[b.start : b.end])
    offsets = [c.offset for c in book.chapters]
    assert offsets == sorted(offsets)
    assert all(0 <= o <= n for o in offsets)
    for s, e in book.front_matter + book.back_matter:
        assert 0 <= s <= e <= n
    assert not [note for note in book.notices if "failed" in note], book.notices


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_book_errors(data: bytes) -> None:
    try:
        book = parse_bytes(data, file_name="x.txt")
    except BookError as err:
        assert "\n" not in str(err) and str(err)
        return
    check_book(book)


@SETTINGS
@given(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.sampled_from(["utf-8", "utf-16", "gb18030", "cp932", "cp1251", "cp1252"]),
)
def test_encoded_texts_round_trip(text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    try:
        book = parse_bytes(data)
    except BookError:
        return
    check_book(book)


@SETTINGS
@given(texts, modes)
def test_any_text_in_any_mode_gives_a_well_formed_book(
    text: str, mode: ParagraphMode | None
) -> None:
    book = parse_text(text, paragraph_mode=mode)
    check_book(book)
    if mode is not None and book.text.strip():
        assert book.paragraph_mode is mode


@st.composite
def books_with_random_blocks(draw: st.DrawFn) -> Book:
    text = draw(texts)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    blocks = [Block(draw(st.sampled_from(list(BlockKind))), s, e) for s, e in pairs]
    return Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "text"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.WRAPPED,
        paragraph_reason="",
        aozora=draw(st.booleans()),
    )


@SETTINGS
@given(books_with_random_blocks())
def test_display_of_any_range_as_any_kind_maps_back_exactly(book: Book) -> None:
    for i in range(len(book.blocks)):
        assert display_problems(book, i) == []
        d = display_block(book, i)
        b = book.blocks[i]
        # nothing shown that is not in the block, no control characters shown
        assert all(not ("\x00" <= ch < " " and ch != "\n") for ch in d.text)
        assert all(not ("\x7f" <= ch <= "\x9f") for ch in d.text)
        linewise = (BlockKind.VERSE, BlockKind.HEADING, BlockKind.SCENE_BREAK, BlockKind.CONTENTS)
        if b.kind not in linewise:
            assert "\n" not in d.text
        # smart quotes: straight quotes shown curly in text, headings and contents, else kept
        # (a story header shows its values as written)
        source = book.text[b.start : b.end]
        if b.kind in (BlockKind.SCENE_BREAK, BlockKind.MATTER, BlockKind.STORY_HEADER):
            assert not set("“”‘’") & (set(d.text) - set(source))
        else:
            assert '"' not in d.text and "'" not in d.text
        for r in d.ruby:
            assert r.reading
        # emphasis: only these underscores are dropped (display_problems checks which)
        if book.aozora:
            continue
        assert d.text.count("_") == source.count("_") - 2 * len(d.italic)
        emphasised = (
            BlockKind.PARAGRAPH,
            BlockKind.AUTHOR_NOTE,
            BlockKind.VERSE,
            BlockKind.TITLE,
            BlockKind.HEADING,
        )
        if b.kind not in emphasised or book.cjk:
            assert d.italic == ()
