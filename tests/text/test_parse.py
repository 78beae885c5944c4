"""The parse pipeline: file errors, the Book it builds, blocks from structure, the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.text import cache as parse_cache
from reader.text import parse
from reader.text.book import BlockKind, Book, ParagraphMode
from reader.text.errors import (
    BookError,
    BookNotFoundError,
    NotAFileError,
    NotTextError,
    UnreadableError,
)
from reader.text.parse import load_book, parse_bytes, parse_text
from reader.text.render import display_block, display_problems

GUTENBERG_LIKE = """\
The Project Gutenberg EBook of A Small Tale, by Jane Writer

Title: A Small Tale

Author: Jane Writer

*** START OF THIS PROJECT GUTENBERG EBOOK A SMALL TALE ***




A SMALL TALE

by Jane Writer




CHAPTER I

It was a bright cold day in April, and the clocks were striking
thirteen. Nobody in the village remembered such a thing happening
before, and so the people gathered in the square to talk about it.

“What does it mean?” asked the baker, who had come out with flour
still on his hands. Nobody could tell him, and the talk went on.

* * *

Later that night the clocks struck thirteen again, and this time the
whole village was awake to hear it, standing in their doorways.


CHAPTER II

The next morning a stranger arrived on the early coach, carrying a
small leather case and asking for the clockmaker by name. He was
directed to the shop beside the church, and went there at once.

*** END OF THIS PROJECT GUTENBERG EBOOK A SMALL TALE ***

This file should be named small.txt. Updated editions will replace
the previous one--the old editions will be renamed.
"""


def check_blocks(book: Book) -> None:
    """Blocks are ordered, non-overlapping, non-empty, inside the text, and render exactly."""
    prev_end = 0
    for i, b in enumerate(book.blocks):
        assert prev_end <= b.start, (i, b)
        assert b.start <= b.end <= len(book.text), (i, b)
        prev_end = b.end
        assert display_problems(book, i) == [], (i, b)


# --------------------------------------------------------------------------- file errors


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BookNotFoundError, match=r"^No such file: .*nope\.txt$"):
        load_book(tmp_path / "nope.txt")


def test_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAFileError, match=r"is a folder, not a file$"):
        load_book(tmp_path)


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(NotAFileError, match="not a regular file"):
        load_book(fifo)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text("text")
    f.chmod(0)
    try:
        with pytest.raises(UnreadableError, match=r"^Cannot read .*locked\.txt: "):
            load_book(f)
    finally:
        f.chmod(0o600)


def test_binary_file_is_not_text(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40)
    with pytest.raises(NotTextError, match=r"^photo\.txt is not a text file$"):
        load_book(f)


def test_unknown_encoding_override_is_a_book_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("hello")
    with pytest.raises(BookError, match=r"a\.txt"):
        load_book(f, encoding="no-such-codec")


def test_empty_file_gives_an_empty_book(tmp_path: Path) -> None:
    f = tmp_path / "empty_story.txt"
    f.write_bytes(b"")
    book = load_book(f)
    assert book.text == ""
    assert len(book.blocks) == 0 and book.chapters == []
    assert book.file_size == 0 and book.book_key
    assert book.metadata.title  # from the file name
    assert book.paragraph_reason == "The file is empty."


# --------------------------------------------------------------------------- the Book


def test_gutenberg_like_book_blocks() -> None:
    book = parse_bytes(GUTENBERG_LIKE.encode("utf-8"), file_name="small.txt")
    check_blocks(book)
    assert book.paragraph_mode is ParagraphMode.WRAPPED
    assert book.front_matter and book.back_matter
    shown = {k: [] for k in BlockKind}
    for i, b in enumerate(book.blocks):
        shown[b.kind].append(display_block(book, i).text)
    assert "CHAPTER I" in shown[BlockKind.HEADING] and "CHAPTER II" in shown[BlockKind.HEADING]
    assert shown[BlockKind.PARAGRAPH][0] == (
        "It was a bright cold day in April, and the clocks were striking thirteen. Nobody in"
        " the village remembered such a thing happening before, and so the people gathered"
        " in the square to talk about it."
    )
    assert shown[BlockKind.SCENE_BREAK] == ["* * *"]
    assert any("Title: A Small Tale" in t for t in shown[BlockKind.MATTER])
    # nothing of the licence or header is shown as reading text
    assert not any("Gutenberg" in t for t in shown[BlockKind.PARAGRAPH])
    assert [c.title for c in book.chapters][-2:] == ["CHAPTER I", "CHAPTER II"]
    assert book.book_key and book.file_size == len(GUTENBERG_LIKE.encode())
    assert book.metadata.title == "A Small Tale"
    assert not book.cjk and not book.aozora


def test_blank_lines_between_blocks_belong_to_no_block() -> None:
    book = parse_text("First paragraph here.\n\n\nSecond one.\n")
    covered = "".join(book.text[b.start : b.end] for b in book.blocks)
    assert covered == "First paragraph here.Second one."


def test_cjk_flag_and_join() -> None:
    text = "第一章 开始\n\n    " + "他走进了房间，看见桌上放着一封信。" * 3 + "\n"
    book = parse_text(text * 5)
    assert book.cjk
    check_blocks(book)


def test_replaced_bytes_become_a_notice() -> None:
    good = "Café “naïve” text. " * 200
    data = good.encode() + b"\xff bad " + good.encode()
    book = parse_bytes(data)
    assert book.encoding.replaced_bytes == 1
    assert any("could not be decoded" in n for n in book.notices)


def test_structure_failure_is_a_notice_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, *, aozora: bool = False) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(parse, "detect_structure", broken)
    book = parse_text("Some text.\n\nMore text.\n")
    assert len(book.blocks) == 2
    assert any("boom" in n for n in book.notices)


# --------------------------------------------------------------------------- cache


def test_cache_round_trip_skips_detection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "small.txt"
    f.write_text(GUTENBERG_LIKE, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    first = load_book(f, cache_dir=cache_dir)
    assert list((cache_dir / "parse").iterdir())

    def no_detection(*args: object, **kwargs: object) -> None:
        raise AssertionError("detection ran on a cached book")

    monkeypatch.setattr(parse, "detect_structure", no_detection)
    monkeypatch.setattr(parse, "detect_mode", no_detection)
    second = load_book(f, cache_dir=cache_dir)
    assert second.text == first.text
    assert list(second.blocks) == list(first.blocks)
    assert second.chapters == first.chapters
    assert second.front_matter == first.front_matter
    assert second.back_matter == first.back_matter
    assert second.paragraph_mode == first.paragraph_mode
    assert second.paragraph_reason == first.paragraph_reason
    assert second.metadata == first.metadata
    assert second.encoding == first.encoding
    assert second.book_key == first.book_key


def test_cache_is_per_override(tmp_path: Path) -> None:
    f = tmp_path / "small.txt"
    f.write_text(GUTENBERG_LIKE, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    wrapped = load_book(f, cache_dir=cache_dir)
    line = load_book(f, cache_dir=cache_dir, paragraph_mode=ParagraphMode.LINE)
    assert line.paragraph_mode is ParagraphMode.LINE
    assert len(line.blocks) > len(wrapped.blocks)
    again = load_book(f, cache_dir=cache_dir)
    assert again.paragraph_mode is ParagraphMode.WRAPPED
    assert len(list((cache_dir / "parse").iterdir())) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncate", "empty", "flip"])
def test_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    f = tmp_path / "small.txt"
    f.write_text(GUTENBERG_LIKE, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    fresh = load_book(f, cache_dir=cache_dir)
    (cached,) = (cache_dir / "parse").iterdir()
    raw = cached.read_bytes()
    if damage == "garbage":
        cached.write_bytes(b"\x00garbage" * 10)
    elif damage == "truncate":
        cached.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        cached.write_bytes(b"")
    else:  # one flipped bit in a block offset: sizes still match, the checksum does not
        at = len(raw) - 8 * 20
        cached.write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :])
    assert parse_cache.load(cache_dir, f.read_bytes()) is None
    book = load_book(f, cache_dir=cache_dir)
    assert book.text == fresh.text
    assert list(book.blocks) == list(fresh.blocks)
    rewritten = parse_cache.load(cache_dir, f.read_bytes())
    assert rewritten is not None
    assert list(rewritten.blocks) == list(fresh.blocks)


def test_changed_file_with_same_key_is_not_served_from_cache(tmp_path: Path) -> None:
    # Identical size and identical sampled bytes, but a change outside the samples.
    body = ("x" * 99 + "\n") * 2000
    f = tmp_path / "a.txt"
    f.write_text(body)
    cache_dir = tmp_path / "cache"
    load_book(f, cache_dir=cache_dir)
    changed = body[:3000] + "\n" + body[3001:]  # 3000 lies between the 1 KiB and 4 KiB samples
    f.write_text(changed)
    book = load_book(f, cache_dir=cache_dir)
    assert book.text == changed


def test_unwritable_cache_dir_is_not_an_error(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Some text.\n")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    book = load_book(f, cache_dir=blocker)
    assert len(book.blocks) == 1


# --------------------------------------------------------------------------- corpus


CORPUS_FILES = [
    "gutenberg/war_and_peace__pg2600-0.txt",
    "gutenberg/alices_adventures_in_wonderland__pg11-0.txt",
    "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt",
    "gutenberg/pride_and_prejudice__pg1342.txt",
    "gutenberg/dracula__pg345.txt",
    "french_latin1/madame_bovary_fr__pg14155-8.txt",
    "chinese_gbk/sanguo_yanyi.txt",
    "japanese_sjis/wagahaiwa_nekodearu.txt",
    "russian_cp1251/evgeniy_onegin.txt",
    "fanfic/desperate_measures.txt",
    "fanfic/alaric_leaving.txt",
    "variants/alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt",
    "variants/evgeniy_onegin.utf8-bom.txt",
    "variants/wagahaiwa_nekodearu.utf16be-bom.txt",
]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_books_are_well_formed(corpus: Path, name: str, tmp_path: Path) -> None:
    path = corpus / name
    book = load_book(path, cache_dir=tmp_path)
    check_blocks(book)
    assert book.file_size == path.stat().st_size
    offsets = [c.offset for c in book.chapters]
    assert offsets == sorted(offsets) and all(0 <= o <= len(book.text) for o in offsets)
    kinds = {b.kind for b in book.blocks}
    assert BlockKind.PARAGRAPH in kinds or BlockKind.VERSE in kinds
    if "gutenberg" in name or "pg11" in name:
        assert BlockKind.MATTER in kinds
    # every reading paragraph lies outside front and back matter
    for b in book.blocks:
        if b.kind is BlockKind.PARAGRAPH:
            assert not book.is_hidden(b.start)
    cached = load_book(path, cache_dir=tmp_path)
    assert list(cached.blocks) == list(book.blocks)
    assert cached.chapters == book.chapters
