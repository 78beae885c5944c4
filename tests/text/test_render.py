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
    # a spaced dash is a word of its own: keep the space (and show it as an em dash)
    assert shown("he said --\nthen left") == "he said — then left"


def test_typewriter_dashes_become_em_dashes_with_exact_offsets() -> None:
    source = '_3 May. Bistritz._--Left Munich--at last -- and ---- stays "yes--" she said'
    d = render.render_range(source, 0, len(source), P, smart_quotes=True, emphasis=True)
    assert d.text == "3 May. Bistritz.—Left Munich—at last — and ---- stays “yes—” she said"
    assert d.italic == ((0, 16),)
    for i, ch in enumerate(d.text):
        if ch == "—":
            assert source.startswith("--", d.offsets[i])
        elif ch not in "“”":
            assert source[d.offsets[i]] == ch
    assert d.offsets[-1] == len(source)
    # without smart typography (CJK books) the hyphens stay
    plain = render.render_range(source, 0, len(source), P)
    assert "--" in plain.text


def test_verse_keeps_lines_and_relative_indentation() -> None:
    text = "   “You are old, Father William,”\n     “And your hair has become white;"
    d = shown(text, BlockKind.VERSE)
    assert d == "“You are old, Father William,”\n  “And your hair has become white;"


def test_heading_lines_joined_with_newline_and_stripped() -> None:
    assert shown("  CHAPTER II  \nJONATHAN HARKER'S JOURNAL ", BlockKind.HEADING) == (
        "CHAPTER II\nJONATHAN HARKER’S JOURNAL"
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


def smart(text: str, kind: BlockKind = P) -> str:
    """The shown text of one-line ``text`` as a block of a non-CJK book (offsets checked)."""
    d = shown(text, kind)
    assert len(d) == len(text)  # one shown character for each source character
    return d


def test_dialogue_gets_curly_double_quotes() -> None:
    assert smart('"Yes," she said. "No."') == "“Yes,” she said. “No.”"
    assert smart('He said ("quietly") and left.') == "He said (“quietly”) and left."


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'Tis the season", "’Tis the season"),
        ("get 'em out", "get ’em out"),
        ("rock 'n' roll", "rock ’n’ roll"),
        ("back in the '90s", "back in the ’90s"),
        ("don't stop", "don’t stop"),
        ("at six o'clock", "at six o’clock"),
        ("the dogs' bones", "the dogs’ bones"),
        ("she called it 'quoted' text", "she called it ‘quoted’ text"),
        ("\"'Hello,' he said,\" she told me.", "“‘Hello,’ he said,” she told me."),
        ("\"I heard him say 'Never.'\"", "“I heard him say ‘Never.’”"),
    ],
)
def test_single_quotes_and_apostrophes(source: str, expected: str) -> None:
    assert smart(source) == expected


def test_quotes_after_dashes() -> None:
    assert smart('He turned—"Wait!"') == "He turned—“Wait!”"
    assert smart('a pause –"Go" and -"Stop"') == "a pause –“Go” and -“Stop”"
    # interrupted speech: the quote after the dash closes
    assert smart('"I was going to—" she began.') == "“I was going to—” she began."
    assert smart('"But—"') == "“But—”"


def test_quote_at_block_start_and_end_and_across_a_joined_line() -> None:
    assert smart('"Done"') == "“Done”"
    assert smart("'") == "‘"
    assert smart('"') == "“"
    assert smart('It ended."') == "It ended.”"
    # a wrapped line starting with a quote: the joining space makes it open
    assert shown('he said,\n"come here."') == "he said, “come here.”"
    assert shown('  "Indented\n  dialogue"  ') == "“Indented dialogue”"


def test_smart_quotes_by_block_kind() -> None:
    text = '"Hi," she said'
    for kind in (
        P,
        BlockKind.AUTHOR_NOTE,
        BlockKind.VERSE,
        BlockKind.TITLE,
        BlockKind.HEADING,
        BlockKind.CONTENTS,
    ):
        assert shown(text, kind) == "“Hi,” she said"
    for kind in (BlockKind.SCENE_BREAK, BlockKind.MATTER):
        assert shown(text, kind) == text
    assert shown('\'Twas brillig\n  "and" the slithy', BlockKind.VERSE) == (
        "’Twas brillig\n  “and” the slithy"
    )


def test_cjk_books_keep_straight_quotes() -> None:
    text = '他说： "好的。" it\'s'
    book = book_of(text)
    book.cjk = True
    render.clear_cache()
    assert display_block(book, 0).text == text
    assert display_problems(book, 0) == []
    book.cjk = False  # the cache notices the flag
    assert display_block(book, 0).text == "他说： “好的。” it’s"


def test_smart_quotes_keep_offsets_exact_and_source_unchanged() -> None:
    text = "Intro.\n\n  \"Don't,\"\n  he said. '90s."
    a = text.index('  "Don')
    book = book_of(text, (P, 0, 6), (P, a, len(text)))
    d = display_block(book, 1)
    assert d.text == "“Don’t,” he said. ’90s."
    assert book.text == text  # the source keeps its straight quotes
    assert len(d.offsets) == len(d.text) + 1
    for i, ch in enumerate(d.text):
        src = text[d.offsets[i]]
        assert src == ch or (ch, src) in {
            ("“", '"'),
            ("”", '"'),
            ("‘", "'"),
            ("’", "'"),
            (" ", "\n"),
        }
    assert d.offsets[0] == text.index('"Don')
    assert d.source_range(1, 6) == (text.index("Don"), text.index("Don") + 5)
    assert d.display_index(text.index("'90s")) == d.text.index("’90s")
    assert display_problems(book, 1) == []


def test_display_problems_rejects_other_substitutions() -> None:
    text = '"a" b'
    book = book_of(text)
    render.clear_cache()
    good = display_block(book, 0)
    assert display_problems(book, 0) == []
    for wrong in ("«a» b", "'a' b", '"a" c', "“a” c", "„a“ b"):
        key = (id(book), 0)
        what, source, _ = render._cache[key]
        render._cache[key] = (what, source, render.Display(wrong, good.offsets, ()))
        assert display_problems(book, 0) != [], wrong
    render.clear_cache()
    book.cjk = True  # no curly quotes allowed in a CJK book
    key = (id(book), 0)
    display_block(book, 0)
    what, source, _ = render._cache[key]
    render._cache[key] = (what, source, render.Display("“a” b", good.offsets, ()))
    assert display_problems(book, 0) != []
    render.clear_cache()


def emphasis(text: str, kind: BlockKind = P) -> tuple[str, list[str]]:
    """The shown text of ``text`` and the shown words in italics (offsets checked)."""
    render.clear_cache()
    book = book_of(text, (kind, 0, len(text)))
    assert display_problems(book, 0) == []
    d = display_block(book, 0)
    for i, ch in enumerate(d.text):  # every shown character keeps its source offset
        src = text[d.offsets[i]]
        assert src == ch or (ch == " " and src == "\n") or ch in render.SMART_QUOTES.get(src, "")
    return d.text, [d.text[a:b] for a, b in d.italic]


def test_emphasis_drops_underscores_and_marks_italics() -> None:
    text = "It is _what_ she said to _her_, (_3 May. Bistritz._) and —_I_— too."
    book = book_of(text)
    render.clear_cache()
    d = display_block(book, 0)
    assert d.text == "It is what she said to her, (3 May. Bistritz.) and —I— too."
    assert [d.text[a:b] for a, b in d.italic] == ["what", "her", "3 May. Bistritz.", "I"]
    w = d.text.index("what")
    assert d.italic[0] == (w, w + 4)
    # the shown word maps to the source word; the underscores left the map
    assert list(d.offsets[w : w + 4]) == list(range(text.index("what"), text.index("what") + 4))
    assert text.index("_what") not in d.offsets
    assert d.display_index(text.index("_what")) == w
    assert len(d.offsets) == len(d.text) + 1 and d.offsets[-1] == len(text)
    assert display_problems(book, 0) == []


def test_emphasis_across_a_joined_line_and_in_verse_and_headings() -> None:
    assert emphasis("and _so it\n  was_ done") == ("and so it was done", ["so it was"])
    assert emphasis("Line _one\ntwo_ end", BlockKind.VERSE) == ("Line one\ntwo end", ["one\ntwo"])
    assert emphasis("CHAPTER I\n_Letters_", BlockKind.HEADING) == (
        "CHAPTER I\nLetters",
        ["Letters"],
    )
    assert emphasis("_A Title_", BlockKind.TITLE) == ("A Title", ["A Title"])
    for kind in (BlockKind.SCENE_BREAK, BlockKind.MATTER, BlockKind.CONTENTS):
        assert emphasis("_x_", kind) == ("_x_", [])


@pytest.mark.parametrize(
    "source",
    [
        "a snake_case_name here",
        "call __init__ now",
        "a lone _ here",
        "_ spaced _",
        "_open only",
        "x_y_ and _a_b c_",
        "__bold__",
        "_" + "long " * 70 + "_",
    ],
)
def test_underscores_that_are_not_emphasis_stay(source: str) -> None:
    assert emphasis(source) == (source, [])


def test_emphasis_with_smart_quotes() -> None:
    assert emphasis('"_Do_ you?" she asked.') == ("“Do you?” she asked.", ["Do"])
    assert emphasis("He said \"_Yes_\" and '_no_'.") == ("He said “Yes” and ‘no’.", ["Yes", "no"])
    assert emphasis("_Hamlet_'s ghost") == ("Hamlet’s ghost", ["Hamlet"])
    assert emphasis('—"_Wait!_"') == ("—“Wait!”", ["Wait!"])


def test_cjk_books_keep_underscores() -> None:
    text = "他说 _好的_ ok _x_"
    book = book_of(text)
    book.cjk = True
    render.clear_cache()
    d = display_block(book, 0)
    assert d.text == text and d.italic == ()
    assert display_problems(book, 0) == []
    render.clear_cache()


def test_display_problems_checks_italics_and_dropped_underscores() -> None:
    text = "a _b_ c_d"
    book = book_of(text)
    render.clear_cache()
    good = display_block(book, 0)
    assert good.text == "a b c_d" and display_problems(book, 0) == []
    key = (id(book), 0)
    what, source, _ = render._cache[key]
    bad = [
        render.Display(good.text, good.offsets, (), ()),  # italic lost: "b" ok, but _ dropped
        render.Display(good.text, good.offsets, (), ((0, 1),)),  # not enclosed in underscores
        render.Display(good.text, good.offsets, (), ((2, 3), (2, 3))),  # unsorted
    ]
    no_mid = [o for o in good.offsets if o != text.index("_d")]
    bad.append(render.Display("a b cd", render.array("q", no_mid), (), good.italic))
    for d in bad:
        render._cache[key] = (what, source, d)
        assert display_problems(book, 0) != [], d
    render.clear_cache()


def test_titles_are_shown_with_the_page_typography() -> None:
    assert render.typographic("HARKER'S JOURNAL--continued") == "HARKER’S JOURNAL—continued"
    quoted = render.typographic('FROM "THE DAILYGRAPH," 8 AUGUST')
    assert quoted == "FROM “THE DAILYGRAPH,” 8 AUGUST"
    assert render.typographic("A rule ---- stays") == "A rule ---- stays"
    assert render.typographic("Chapter 1") == "Chapter 1"


def test_a_pass_through_the_book_uses_the_cache_but_keeps_nothing_new() -> None:
    """``keep=False`` (the page count's pass) finds what the page showed, and leaves the
    cache as it was: otherwise a count through a long book pushes out the page's blocks."""
    text = "\n\n".join(f"Paragraph {i} with some words." for i in range(40))
    starts = [text.index(f"Paragraph {i} ") for i in range(40)]
    book = book_of(
        text, *((P, s, s + len(f"Paragraph {i} with some words.")) for i, s in enumerate(starts))
    )
    render._cache.clear()
    render._cache_chars = 0
    shown_on_page = display_block(book, 3)
    before = list(render._cache)
    assert display_block(book, 3, keep=False) is shown_on_page  # a hit is used
    for i in range(40):
        assert display_block(book, i, keep=False).text == f"Paragraph {i} with some words."
    assert list(render._cache) == before
    assert display_block(book, 3) is shown_on_page
