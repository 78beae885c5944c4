"""Structure as the reader sees it: the block kinds a parsed Book carries for each form.

``test_structure`` checks the detector's ranges; these check that the parse turns
them into the right blocks (one scene-break block per break, author's notes
marked, matter hidden, a printed contents list as one block) and that the
parse cache is dropped when the parser's output changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.text import cache as parse_cache
from reader.text import parse
from reader.text.book import BlockKind, Book
from reader.text.parse import load_book, parse_text
from reader.text.render import display_block

PROSE = (
    "It was a bright cold day in April, and the clocks were striking thirteen.\n"
    "Winston Smith, his chin nuzzled into his breast in an effort to escape\n"
    "the vile wind, slipped quickly through the glass doors of Victory Mansions."
)
PROSE_SHOWN = PROSE.replace("\n", " ")


def blocks(book: Book) -> list[tuple[BlockKind, str]]:
    """(kind, shown text) of every block, straight quotes as in the source."""
    return [(b.kind, unsmart(book, i)) for i, b in enumerate(book.blocks)]


def unsmart(book: Book, index: int) -> str:
    """Block ``index``'s shown text with smart quotes and em dashes put back as the source's
    straight quotes and ``--``."""
    d = display_block(book, index)
    return "".join(
        book.text[at] if ch in "“”‘’" and book.text[at] in "\"'"
        else "--" if ch == "—" and book.text.startswith("--", at)
        else ch
        for ch, at in zip(d.text, d.offsets, strict=False)
    )  # fmt: skip


def kinds_of(book: Book, kind: BlockKind) -> list[str]:
    return [text for k, text in blocks(book) if k is kind]


@pytest.mark.parametrize(
    "marker", ["***", "* * *", "~~~", "#", "oOo", "xXx", "-----", "— — —", "=====", "* ~ *"]
)
def test_scene_break_marker_is_one_scene_break_block(marker: str) -> None:
    text = "\n\n".join(["Chapter 1", PROSE, PROSE, marker, PROSE, PROSE]) + "\n"
    book = parse_text(text)
    assert kinds_of(book, BlockKind.SCENE_BREAK) == [marker]
    assert kinds_of(book, BlockKind.PARAGRAPH) == [PROSE_SHOWN] * 4


def test_markers_and_blank_lines_between_them_are_one_block() -> None:
    text = "\n\n".join([PROSE, "*", "\n*\n", "*", PROSE]) + "\n"
    book = parse_text(text)
    breaks = [b for b in book.blocks if b.kind is BlockKind.SCENE_BREAK]
    assert len(breaks) == 1
    assert book.text[breaks[0].start : breaks[0].end].replace("\n", "") == "***"


def test_extra_blank_lines_beside_a_marker_make_no_second_break() -> None:
    paras = [f"Paragraph {i} is one long line of text, as fan fiction often is." for i in range(8)]
    text = "\n\n".join(paras[:4]) + "\n\n\n\n***\n\n\n\n" + "\n\n".join(paras[4:]) + "\n"
    book = parse_text(text)
    assert [k for k, _t in blocks(book)].count(BlockKind.SCENE_BREAK) == 1
    assert kinds_of(book, BlockKind.PARAGRAPH) == paras


@pytest.mark.parametrize(
    "note", ["A/N: Thanks for reading!", "Author's Note: I own nothing.", "(A/N: see you soon)"]
)
def test_author_notes_are_marked(note: str) -> None:
    paras = [f"Paragraph {i} is one long line of text, as fan fiction often is." for i in range(8)]
    text = "\n\n".join([note, "Chapter 3: The Storm", *paras]) + "\n"
    book = parse_text(text)
    assert kinds_of(book, BlockKind.AUTHOR_NOTE) == [note]
    assert kinds_of(book, BlockKind.HEADING) == ["Chapter 3: The Storm"]
    assert [c.title for c in book.chapters] == ["Chapter 3: The Storm"]


def test_gutenberg_markers_with_end_of_the_in_chapter_titles() -> None:
    body = "\n\n".join(
        [
            "CHAPTER I. THE END OF THE WORLD",
            PROSE,
            "CHAPTER II. AT THE END OF THE PROJECT",
            PROSE,
        ]
    )
    for start, end in [
        (
            "*** START OF THIS PROJECT GUTENBERG EBOOK X ***",
            "*** END OF THIS PROJECT GUTENBERG EBOOK X ***",
        ),
        (
            "*** START OF THE PROJECT GUTENBERG EBOOK X ***",
            "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
        ),
    ]:
        text = f"Title: X\n\nAuthor: Y\n\n{start}\n\n{body}\n\n{end}\n\nThe licence.\n"
        book = parse_text(text)
        assert [c.title for c in book.chapters] == [
            "CHAPTER I. THE END OF THE WORLD",
            "CHAPTER II. AT THE END OF THE PROJECT",
        ]
        assert kinds_of(book, BlockKind.PARAGRAPH) == [PROSE_SHOWN, PROSE_SHOWN]
        hidden = " ".join(kinds_of(book, BlockKind.MATTER))
        assert "Title: X" in hidden and "The licence." in hidden
        lo, hi = book.reading_range()
        assert book.text[lo:hi].strip().startswith("CHAPTER I.")
        assert book.text[lo:hi].strip().endswith("Victory Mansions.")


def test_aozora_header_notation_and_colophon_are_hidden() -> None:
    # one paragraph per (long) line, each indented with an ideographic space
    source = [
        "　" + ("吾輩《わがはい》は猫である。名前はまだ無い。" * (3 + i % 5)) for i in range(12)
    ]
    text = (
        "吾輩は猫である\n夏目漱石\n\n"
        "-------------------------------------------------------\n"
        "【テキスト中に現れる記号について】\n\n《》：ルビ\n（例）吾輩《わがはい》\n"
        "-------------------------------------------------------\n\n"
        "［＃８字下げ］一［＃「一」は中見出し］\n\n" + "\n".join(source) + "\n\n\n"
        "底本：「夏目漱石全集1」ちくま文庫、筑摩書房\n入力：柴田卓治\n"
    )
    book = parse_text(text)
    assert book.aozora
    assert kinds_of(book, BlockKind.TITLE) == ["吾輩は猫である", "夏目漱石"]
    assert kinds_of(book, BlockKind.HEADING) == ["一"]
    # ruby readings are not in the text (they are ruby data); the indent is dropped
    assert kinds_of(book, BlockKind.PARAGRAPH) == [
        "吾輩は猫である。名前はまだ無い。" * (3 + i % 5) for i in range(12)
    ]
    hidden = "".join(kinds_of(book, BlockKind.MATTER))
    assert "【テキスト中に現れる記号について】" in hidden and "底本：" in hidden
    assert all(book.is_hidden(book.text.index(s)) for s in ("【テキスト", "底本：", "入力："))


def test_printed_contents_is_one_contents_block_not_chapters() -> None:
    numbers = ("I", "II", "III", "IV")
    toc = [
        f"CHAPTER {n}\n    The part called {n}          {i * 12 + 1}" for i, n in enumerate(numbers)
    ]
    body = []
    for n in numbers:
        body += [f"CHAPTER {n}", PROSE]
    text = "\n\n".join(["A NOVEL", "CONTENTS", *toc, *body]) + "\n"
    book = parse_text(text)
    (contents,) = kinds_of(book, BlockKind.CONTENTS)
    assert contents.split("\n")[:4] == [
        "CHAPTER I",
        "The part called I  1",
        "CHAPTER II",
        "The part called II  13",
    ]
    assert [c.title for c in book.chapters] == [f"CHAPTER {n}" for n in numbers]
    assert book.chapters[0].offset == text.index("CHAPTER I\n\nIt was")


# --------------------------------------------------------------------------- the parse cache


def test_a_new_parser_version_invalidates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "story.txt"
    f.write_text("\n\n".join(["Chapter 1", PROSE, "Chapter 2", PROSE]) + "\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    load_book(f, cache_dir=cache_dir)
    parse._load_detectors()
    calls: list[str] = []
    real = parse.detect_structure

    def counting(text: str, *, aozora: bool = False) -> object:
        calls.append("structure")
        return real(text, aozora=aozora)

    monkeypatch.setattr(parse, "detect_structure", counting)
    load_book(f, cache_dir=cache_dir)
    assert calls == []  # same parser: served from the cache
    monkeypatch.setattr(parse_cache, "PARSER_VERSION", parse_cache.PARSER_VERSION + 1)
    again = load_book(f, cache_dir=cache_dir)
    assert calls == ["structure"]  # a newer parser parses again …
    assert [c.title for c in again.chapters] == ["Chapter 1", "Chapter 2"]
    load_book(f, cache_dir=cache_dir)
    assert calls == ["structure"]  # … and caches its own result
