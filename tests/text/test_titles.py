"""Titles and authors from title pages and file names, contents links, opening words
(issue 11)."""

from __future__ import annotations

import pytest

from reader.text.book import BlockKind
from reader.text.filenames import is_id_like, looks_like_name, read_file_name
from reader.text.links import contents_entries, match_key
from reader.text.metadata import guess_metadata, title_from_file_name
from reader.text.parse import parse_text
from reader.text.titlepage import opening_words

PROSE = (
    "It was late in the evening when the letter came, and nobody in the house wanted to "
    "open it, because they all knew what it would say.\n"
)


@pytest.mark.parametrize(
    ("name", "title", "author", "how"),
    [
        ("《斗破苍穹》作者：天蚕土豆.txt", "斗破苍穹", "天蚕土豆", "web novel"),
        ("《斗破苍穹》作者:天蚕土豆.txt", "斗破苍穹", "天蚕土豆", "web novel"),
        ("《斗破苍穹》（天蚕土豆）.txt", "斗破苍穹", "天蚕土豆", "web novel"),
        ("《斗破苍穹》[天蚕土豆].txt", "斗破苍穹", "天蚕土豆", "web novel"),
        ("《斗破苍穹》天蚕土豆.txt", "斗破苍穹", "天蚕土豆", "web novel"),
        ("《斗破苍穹》（精校版全本）作者：天蚕土豆.txt", "斗破苍穹", "天蚕土豆", "web novel"),
        ("斗破苍穹 作者：天蚕土豆.txt", "斗破苍穹", "天蚕土豆", "web novel"),
        ("The_Long_Way_Home-ffnet_12345.txt", "The Long Way Home", "", "FanFicFare"),
        ("Stars Fell on Alabama-ao3_987654.txt", "Stars Fell on Alabama", "", "FanFicFare"),
        ("Leo Tolstoy - War and Peace.txt", "War and Peace", "Leo Tolstoy", "author - title"),
        ("War and Peace - Leo Tolstoy.txt", "War and Peace", "Leo Tolstoy", "title - author"),
        ("The Hobbit by J.R.R. Tolkien.txt", "The Hobbit", "J.R.R. Tolkien", "title by author"),
        ("[Terry Pratchett] Mort.txt", "Mort", "Terry Pratchett", "[author] title"),
        ("stand_by_me.txt", "Stand by Me", "", "plain"),
        ("Евгений_Онегин.txt", "Евгений Онегин", "", "plain"),
        ("三国演义.txt", "三国演义", "", "plain"),
    ],
)
def test_file_name_conventions(name: str, title: str, author: str, how: str) -> None:
    assert read_file_name(name) == (title, author, how)


@pytest.mark.parametrize(
    "name",
    [
        "004_2b6f1807d6bb2112.txt",
        "004 2b6f1807d6bb2112.txt",
        "12345.txt",
        "pg1342.txt",
        "b8c7f8e2-5d2b-4c9e-9f3a-1b2c3d4e5f60.txt",
    ],
)
def test_ids_and_hashes_are_never_titles(name: str) -> None:
    assert is_id_like(name)
    assert title_from_file_name(name) == ""
    meta = guess_metadata("He has it all planned out: he's going to wait.\n\nMore.\n", name)
    assert meta.title == "He has it all planned out…"
    assert [c.source for c in meta.candidates] == ["opening words"]


@pytest.mark.parametrize("name", ["chapter1.txt", "deadbeef.txt", "War-and-Peace.txt"])
def test_names_with_words_are_not_ids(name: str) -> None:
    assert not is_id_like(name)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Leo Tolstoy", True),
        ("Л. Н. Толстой", True),
        ("Александр Пушкин", True),
        ("J.R.R. Tolkien", True),
        ("Ursula K. Le Guin", True),
        ("War and Peace", False),
        ("Война и мир", False),
        ("The Hobbit", False),
        ("Chapter 12", False),
    ],
)
def test_names(value: str, name: bool) -> None:
    assert looks_like_name(value) is name


@pytest.mark.parametrize(
    ("head", "title", "author"),
    [
        # Russian books name the author first; the Cyrillic lines beat the romanised name
        ("Лев Толстой\n\nВойна и мир\n\nРоман\n\n\n", "Война и мир", "Лев Толстой"),
        ("Александр Пушкин\n\nЕвгений Онегин\n\n\n", "Евгений Онегин", "Александр Пушкин"),
        ("WAR AND PEACE\n\nLEO TOLSTOY\n\n\n", "War and Peace", "Leo Tolstoy"),
        (
            "PRIDE AND PREJUDICE\n\nA Novel\n\nby Jane Austen\n\n\n",
            "Pride and Prejudice",
            "Jane Austen",
        ),
        ("Anna Karenina\n\nLeo Tolstoy\n\n\n", "Anna Karenina", "Leo Tolstoy"),
        ("《三体》\n\n作者：刘慈欣\n\n\n", "三体", "刘慈欣"),
    ],
)
def test_title_pages_in_any_script_beat_the_file_name(head: str, title: str, author: str) -> None:
    meta = guess_metadata(head + PROSE, "Tolstoy_Lev_Voyna_i_mir.txt")
    assert (meta.title, meta.author) == (title, author)
    chosen = meta.candidates[0]
    assert chosen.chosen and chosen.source == "title page"
    loser = next(c for c in meta.candidates if c.source == "file name")
    assert not loser.chosen and "title page comes first" in loser.note


def test_the_file_name_gives_the_author_the_title_page_does_not() -> None:
    meta = guess_metadata("Tales of the River\n\n\n" + PROSE, "Anna Smith - Tales of the River.txt")
    assert (meta.title, meta.author) == ("Tales of the River", "Anna Smith")
    assert "the author from the file name" in meta.candidates[0].note


@pytest.mark.parametrize(
    ("first", "words"),
    [
        (
            "He has it all planned out: he's going to wait for nightfall.",
            "He has it all planned out…",
        ),
        (
            "The rain had not stopped for three days and the river was rising fast and wide.",
            "The rain had not stopped for three days…",
        ),
        ("“Get out of my house,” she said.", "Get out of my house…"),
        ("雨已经下了三天，河水涨得很快。", "雨已经下了三天…"),
    ],
)
def test_opening_words(first: str, words: str) -> None:
    assert opening_words(["", "Chapter 1", "", first]) == words


# --------------------------------------------------------------------------- contents links


@pytest.mark.parametrize(
    ("entry", "heading"),
    [
        ("Chapter One .......... 5", "CHAPTER I"),
        ("Ch. 3", "Chapter 3"),
        ("chapter 4 14", "Chapter 4"),
        ("Гл. 1", "Глава первая"),
        ("第1回 宴桃园豪杰三结义", "第一回　宴桃园豪杰三结义"),
        ("I. A Scandal in Bohemia", "ADVENTURE I. A SCANDAL IN BOHEMIA"),
        ("Chapter Twenty-One", "Chapter 21"),
    ],
)
def test_entries_and_headings_reduce_to_the_same_numbers(entry: str, heading: str) -> None:
    a, b = match_key(entry), match_key(heading)
    assert [t for t in a.split() if t.isdigit()] == [t for t in b.split() if t.isdigit()]


def test_contents_entries_link_to_their_chapters_fuzzily_and_in_order() -> None:
    heads = ["Chapter 1", "Chapter 2", "Chapter 3", "Chapter 11"]
    entries = [
        "Chapter One ..... 3",
        "CHAPTER II ..... 9",
        "Ch. 3 ..... 15",
        "Chapter Eleven ..... 21",
    ]
    body = "\n\n".join(f"{h}\n\n{PROSE * 8}" for h in heads)
    text = "A BOOK\n\nCONTENTS\n\n" + "\n".join(entries) + "\n\n\n" + body
    book = parse_text(text)
    assert [c.title for c in book.chapters] == heads
    (i,) = [k for k, b in enumerate(book.blocks) if b.kind == BlockKind.CONTENTS]
    links = contents_entries(book, i)
    assert [book.text[link.start : link.end] for link in links] == entries
    assert [link.chapter for link in links] == [0, 1, 2, 3]
    assert [link.offset for link in links] == [c.offset for c in book.chapters]
    assert all(80 <= link.score <= 100 for link in links)
    assert contents_entries(book, 0) == []  # not a contents block
    assert book.text.startswith("A BOOK", book.opening_offset)  # not the contents
