"""Display rendering: joined lines, stripped indentation, control characters, exact offsets."""

from __future__ import annotations

import pytest

from reader.text import render
from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.text.render import display_block, display_problems

P = BlockKind.PARAGRAPH


def book_of(text: str, *blocks: tuple[BlockKind, int, int], aozora: bool = False) -> Book:
    """A Book over ``text`` with the given blocks (whole text as one paragraph by default)."""
    if not blocks:
        blocks = ((P, 0, len(text)),)
    return Book(
        text=text,
        blocks=Blocks.from_blocks([Block(k, s, e) for k, s, e in blocks]),
        chapters=[],
        encoding=EncodingReport("utf-8", 1.0, "text"),
        metadata=Metadata(),
        paragraph_mode=ParagraphMode.WRAPPED,
        paragraph_reason="",
        aozora=aozora,
    )


def shown(text: str, kind: BlockKind = P, *, aozora: bool = False) -> str:
    book = book_of(text, (kind, 0, len(text)), aozora=aozora)
    assert display_problems(book, 0) == []
    return display_block(book, 0).text


def test_wrapped_lines_join_with_one_space_and_map_to_the_line_break() -> None:
    text = "It was a dark   \nand stormy\n   night."
    book = book_of(text)
    d = display_block(book, 0)
    assert d.text == "It was a dark and stormy night."
    # the joining space after "dark" stands for the first "\n"
    join = d.text.index(" and")
    assert d.offsets[join] == text.index("\n")
    assert d.offsets[-1] == len(text)
    assert display_problems(book, 0) == []


def test_first_line_indentation_is_dropped_and_inner_spaces_kept() -> None:
    assert shown("    Once upon  a time\nthere was.") == "Once upon  a time there was."


def test_cjk_lines_join_without_space() -> None:
    assert shown("    话说天下大势，分久必合，\n合久必分。") == "话说天下大势，分久必合，合久必分。"


def test_line_ending_in_a_dash_joins_without_space() -> None:
    assert shown("the Antichrist—\nI really believe") == "the Antichrist—I really believe"
    assert shown("a well-\nknown fact") == "a well-known fact"
    # a spaced dash is a word of its own: keep the space
    assert shown("he said --\nthen left") == "he said -- then left"


def test_verse_keeps_lines_and_relative_indentation() -> None:
    text = "   “You are old, Father William,”\n     “And your hair has become white;"
    d = shown(text, BlockKind.VERSE)
    assert d == "“You are old, Father William,”\n  “And your hair has become white;"


def test_heading_lines_joined_with_newline_and_stripped() -> None:
    assert shown("  CHAPTER II  \nJONATHAN HARKER'S JOURNAL ", BlockKind.HEADING) == (
        "CHAPTER II\nJONATHAN HARKER'S JOURNAL"
    )


def test_blank_scene_break_shows_nothing() -> None:
    text = "a\n\n\n\nb"
    book = book_of(text, (P, 0, 1), (BlockKind.SCENE_BREAK, 2, 4), (P, 5, 6))
    d = display_block(book, 1)
    assert d.text == ""
    assert list(d.offsets) == [4]
    assert all(display_problems(book, i) == [] for i in range(3))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a\x00b", "ab"),
        ("a\x85b", "ab"),  # NEL is not a line break and not shown
        ("a\u2028b", "a b"),
        ("a\u2029b", "a b"),
        ("a\tb", "a b"),
        ("a\ufeffb", "ab"),
        ("a\x1b[0mb", "a[0mb"),
        ("a\x7fb\x9fc", "abc"),
        ("a\rb", "ab"),
    ],
)
def test_control_characters_are_dropped_or_shown_as_space(source: str, expected: str) -> None:
    assert shown(source) == expected


def test_trailing_spaces_and_controls_never_leak_into_joins() -> None:
    text = "first line   \t\n\x00second line \n third"
    assert shown(text) == "first line second line third"


def test_display_of_middle_block_maps_into_its_own_range() -> None:
    text = "One.\n\n  Two lines\n  here.\n\nThree."
    a = text.index("  Two")
    b = text.index("here.") + len("here.")
    book = book_of(text, (P, 0, 4), (P, a, b), (P, len(text) - 6, len(text)))
    d = display_block(book, 1)
    assert d.text == "Two lines here."
    assert d.offsets[0] == text.index("Two")
    assert d.source_range(0, 3) == (text.index("Two"), text.index("Two") + 3)
    assert d.display_index(text.index("here")) == d.text.index("here")


def test_cache_returns_same_display_and_never_a_stale_one() -> None:
    render.clear_cache()
    book = book_of("Hello\nworld")
    first = display_block(book, 0)
    assert display_block(book, 0) is first
    # a different book (even at a reused address) with different text is rendered afresh
    other = book_of("Other\ntext!")
    assert display_block(other, 0).text == "Other text!"
    book.text = "Howdy\nthere"  # same block range, new source: never the cached result
    assert display_block(book, 0).text == "Howdy there"
    # same text and range, another kind: rendered for that kind
    book.blocks = Blocks.from_blocks([Block(BlockKind.VERSE, 0, 11)])
    assert display_block(book, 0).text == "Howdy\nthere"
    book.aozora = True  # and another notation flag
    book.text = "Howdy《x》\n"
    book.blocks = Blocks.from_blocks([Block(P, 0, 11)])
    assert display_block(book, 0).text == "Howdy《x》"


def test_render_of_a_long_single_line_is_linear() -> None:
    text = "word " * 200_000
    d = shown(text)
    assert d == text.strip()


def test_cache_is_bounded_and_thread_safe() -> None:
    import threading

    render.clear_cache()
    text = "\n\n".join(f"Paragraph {i} with\nsome words." for i in range(2000))
    starts = [i for i in range(len(text)) if text.startswith("Paragraph", i)]
    blocks = [(P, s, text.index("words.", s) + 6) for s in starts]
    book = book_of(text, *blocks)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for _k in range(3):
                for i in range(offset, len(blocks), 4):
                    assert display_block(book, i).text == f"Paragraph {i} with some words."
        except BaseException as err:  # collected and re-raised on the main thread
            errors.append(err)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(render._cache) <= render._CACHE_SIZE
    huge = book_of("x" * 300_000)
    display_block(huge, 0)
    assert render._cache_chars <= render._CACHE_CHARS
