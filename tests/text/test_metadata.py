"""Metadata: titles and authors from headers, title lines and file names; language guesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.text.decode import decode
from reader.text.metadata import (
    guess_language,
    guess_metadata,
    language_code,
    title_from_file_name,
)

# Expectations written from reading each file's head (see MANIFEST.md).
CORPUS_METADATA = [
    ("gutenberg/war_and_peace__pg2600-0.txt", "War and Peace", "Leo Tolstoy", "en"),
    (
        "gutenberg/alices_adventures_in_wonderland__pg11-0.txt",
        "Alice’s Adventures in Wonderland",
        "Lewis Carroll",
        "en",
    ),
    (
        "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt",
        "The Adventures of Sherlock Holmes",
        "Arthur Conan Doyle",
        "en",
    ),
    ("gutenberg/pride_and_prejudice__pg1342.txt", "Pride and Prejudice", "Jane Austen", "en"),
    ("gutenberg/dracula__pg345.txt", "Dracula", "Bram Stoker", "en"),
    ("french_latin1/madame_bovary_fr__pg14155-8.txt", "Madame Bovary", "Gustave Flaubert", "fr"),
    ("chinese_gbk/sanguo_yanyi.txt", "Sanguo Yanyi", "", "zh"),
    ("japanese_sjis/wagahaiwa_nekodearu.txt", "吾輩は猫である", "夏目漱石", "ja"),
    ("russian_cp1251/evgeniy_onegin.txt", "Evgeniy Onegin", "", "ru"),
    (
        "variants/alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt",
        "Alice’s Adventures in Wonderland",
        "Lewis Carroll",
        "en",
    ),
    ("variants/evgeniy_onegin.utf8-bom.txt", "Evgeniy Onegin", "", "ru"),
    ("variants/wagahaiwa_nekodearu.utf16be-bom.txt", "吾輩は猫である", "夏目漱石", "ja"),
    ("fanfic/desperate_measures.txt", "Desperate Measures", "", "en"),
    ("fanfic/alaric_leaving.txt", "Alaric Leaving", "", "en"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rel", "title", "author", "language"), CORPUS_METADATA)
def test_corpus_metadata(corpus: Path, rel: str, title: str, author: str, language: str) -> None:
    text, _report = decode((corpus / rel).read_bytes())
    meta = guess_metadata(text, Path(rel).name, aozora="japanese" in rel or "wagahai" in rel)
    assert (meta.title, meta.author, meta.language) == (title, author, language)


@pytest.mark.corpus
def test_aozora_header_is_found_without_the_flag(corpus: Path) -> None:
    text, _ = decode((corpus / "japanese_sjis/wagahaiwa_nekodearu.txt").read_bytes())
    meta = guess_metadata(text, "whatever.txt")
    assert (meta.title, meta.author) == ("吾輩は猫である", "夏目漱石")


# --------------------------------------------------------------------------- headers


def test_gutenberg_header_fields_win_over_file_name() -> None:
    text = (
        "The Project Gutenberg EBook of Something Else, by Nobody\n\n"
        "Title: The Real Title\n\nAuthor: Real Author\n\nLanguage: German\n\n"
        "*** START OF THIS PROJECT GUTENBERG EBOOK THE REAL TITLE ***\n\n"
        "Title: not this one\n"
    )
    meta = guess_metadata(text, "file_name_here.txt")
    assert (meta.title, meta.author, meta.language) == ("The Real Title", "Real Author", "de")


def test_gutenberg_multi_line_title() -> None:
    text = (
        "The Project Gutenberg EBook of Tom Sawyer, by Mark Twain\n\n"
        "Title: The Adventures of Tom Sawyer,\n       Complete\n\nAuthor: Mark Twain\n"
    )
    meta = guess_metadata(text, "x.txt")
    assert meta.title == "The Adventures of Tom Sawyer, Complete"
    assert meta.author == "Mark Twain"


@pytest.mark.parametrize(
    ("first", "title", "author"),
    [
        ("The Project Gutenberg EBook of Dracula, by Bram Stoker", "Dracula", "Bram Stoker"),
        (
            "Project Gutenberg’s Alice’s Adventures in Wonderland, by Lewis Carroll",
            "Alice’s Adventures in Wonderland",
            "Lewis Carroll",
        ),
        (
            "Project Gutenberg's The Adventures of Sherlock Holmes, by Arthur Conan Doyle",
            "The Adventures of Sherlock Holmes",
            "Arthur Conan Doyle",
        ),
        (
            "The Project Gutenberg EBook of The Adventures of Tom Sawyer, Complete, by\nMark Twain",
            "The Adventures of Tom Sawyer, Complete",
            "Mark Twain",
        ),
    ],
)
def test_old_gutenberg_first_line(first: str, title: str, author: str) -> None:
    text = first + "\n\nThis eBook is for the use of anyone anywhere at no cost.\n"
    meta = guess_metadata(text, "ignored_name.txt")
    assert (meta.title, meta.author) == (title, author)


def test_fanfic_export_header() -> None:
    text = (
        "Title: The Long Way Home\nAuthor: someone_writes\nRating: T\nSummary: Things happen.\n\n"
        "Chapter 1: Beginnings\n\nIt was raining.\n"
    )
    meta = guess_metadata(text, "story-12345.txt")
    assert (meta.title, meta.author) == ("The Long Way Home", "someone_writes")


def test_title_line_with_by_line() -> None:
    text = "Ashes and Embers\nby Marigold Quill\n\nThe fire had burned all night.\n"
    meta = guess_metadata(text, "a.txt")
    assert (meta.title, meta.author) == ("Ashes and Embers", "Marigold Quill")


@pytest.mark.parametrize(
    "first_line",
    [
        "Chapter 1",
        "CHAPTER I. Down the Rabbit-Hole",
        "Prologue",
        "Вступление",
        "Глава первая",
        "第一回　宴桃园豪杰三结义",
        "IV",
        "It was a dark and stormy night.",
        '"Get out," she said',
        "* * *",
    ],
)
def test_headings_and_sentences_are_not_title_lines(first_line: str) -> None:
    text = first_line + "\n\nSome text follows here, as it does in books.\n"
    assert guess_metadata(text, "the_file_name.txt").title == "The File Name"


def test_chinese_bracket_title_and_author_label() -> None:
    text = "《斗破苍穹》\n作者：天蚕土豆\n\n第一章 陨落的天才\n\n　　“斗之力，三段！”\n"
    meta = guess_metadata(text, "dpcq.txt")
    assert (meta.title, meta.author) == ("斗破苍穹", "天蚕土豆")


def test_aozora_header_with_translator() -> None:
    text = (
        "変身\nフランツ・カフカ\n原田義人訳\n\n"
        "-------------------------------------------------------\n"
        "【テキスト中に現れる記号について】\n\n"
        "　ある朝、グレゴール・ザムザが気がかりな夢から目ざめたとき、\n"
    )
    meta = guess_metadata(text, "henshin.txt", aozora=True)
    assert (meta.title, meta.author) == ("変身", "フランツ・カフカ")


def test_metadata_of_empty_text_falls_back_to_file_name() -> None:
    meta = guess_metadata("", "/some/dir/my_story.txt")
    assert (meta.title, meta.author, meta.language) == ("My Story", "", "")


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("pride_and_prejudice__pg1342.txt", "Pride and Prejudice"),
        ("war_and_peace__pg2600-0.txt", "War and Peace"),
        ("adventures_of_sherlock_holmes__pg1661-8.txt", "Adventures of Sherlock Holmes"),
        (
            "alices_adventures_in_wonderland__pg11-0.utf16le-bom.txt",
            "Alices Adventures in Wonderland",
        ),
        ("alaric_leaving.txt", "Alaric Leaving"),
        ("THE-LORD-OF-THE-RINGS.TXT", "The Lord of the Rings"),
        ("McGonagall-story.txt", "McGonagall Story"),
        ("/home/reader/books/the_end_of_the_affair.txt", "The End of the Affair"),
        ("三国演义.txt", "三国演义"),
        ("евгений_онегин.txt", "Евгений Онегин"),
        ("a tale of two cities", "A Tale of Two Cities"),
    ],
)
def test_title_from_file_name(name: str, title: str) -> None:
    assert title_from_file_name(name) == title


# --------------------------------------------------------------------------- language


def test_language_names_map_to_codes() -> None:
    assert language_code("French") == "fr"
    assert language_code(" english ") == "en"
    assert language_code("German, English") == "de"
    assert language_code("fr") == "fr"
    assert language_code("Klingon") == ""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。" * 30, "ja"),
        ("话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。" * 30, "zh"),
        ("Мой дядя самых честных правил, когда не в шутку занемог. " * 30, "ru"),
        ("The man and the woman went to the market, and it was there that he saw her. " * 30, "en"),
        ("Il était une fois une jeune fille qui ne savait pas que le monde est grand. " * 30, "fr"),
        (
            "Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er sich. " * 30,
            "de",
        ),
        ("", ""),
        ("12345 67890 !!! ??? ... " * 10, ""),
    ],
)
def test_guess_language(text: str, code: str) -> None:
    assert guess_language(text) == code


def test_header_language_wins() -> None:
    english = "The man and the woman went to the market, and it was there. " * 30
    assert guess_language(english, header_language="French") == "fr"
    assert guess_language(english, header_language="Gibberish") == "en"


def test_two_short_cjk_lines_are_title_and_author() -> None:
    text = "三体\n刘慈欣\n\n第一章　疯狂年代\n\n　　中国，1967年。\n"
    meta = guess_metadata(text, "santi.txt")
    assert (meta.title, meta.author) == ("三体", "刘慈欣")


def test_two_short_english_lines_are_not_title_and_author() -> None:
    text = "Roses are red\nViolets are blue\n\nSugar is sweet, and so are you.\n"
    meta = guess_metadata(text, "valentine_poem.txt")
    assert (meta.title, meta.author) == ("Valentine Poem", "")
