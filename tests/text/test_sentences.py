"""Sentences for reading aloud: per-language ends, abbreviations, CJK and Russian text,
and (hypothesis) the ranges cover a block's text in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.text.parse import load_book
from reader.text.render import display_block
from reader.text.sentences import MAX_CJK_SENTENCE, MAX_SENTENCE, is_speakable, split_sentences

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sentences(text: str, language: str = "en", *, cjk: bool = False) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, language, cjk=cjk)]


# --- the rules --------------------------------------------------------------------------


def test_sentence_ends_and_closing_quotes() -> None:
    text = "It was late. Was it? “Yes!” she said. “Go!” He went… And then? Nothing."
    assert sentences(text) == [
        "It was late.",
        "Was it?",
        "“Yes!” she said.",
        "“Go!”",
        "He went…",
        "And then?",
        "Nothing.",
    ]


def test_no_break_after_abbreviations_and_initials() -> None:
    text = (
        "Mr. and Mrs. Dursley met Dr. Watson at St. Paul’s. "
        "J. R. R. Tolkien wrote books, e.g. this one, i.e. a long one. "
        "No. 5 was empty. I said so. The end."
    )
    assert sentences(text) == [
        "Mr. and Mrs. Dursley met Dr. Watson at St. Paul’s.",
        "J. R. R. Tolkien wrote books, e.g. this one, i.e. a long one.",
        "No. 5 was empty.",
        "I said so.",
        "The end.",
    ]


def test_no_break_before_a_lower_case_word_or_inside_numbers() -> None:
    assert sentences("“Help!” he cried. Pi is 3.14 or so... more or less. Fine.") == [
        "“Help!” he cried.",
        "Pi is 3.14 or so... more or less.",
        "Fine.",
    ]


def test_russian_abbreviations_and_initials() -> None:
    text = (
        "Он приехал в 1812 г. Москва горела, т. е. всё было плохо. "
        "А. С. Пушкин писал стихи и т. д. Потом ушёл. «Что? — спросил он. — Правда?» Да."
    )
    assert sentences(text, "ru") == [
        "Он приехал в 1812 г. Москва горела, т. е. всё было плохо.",
        "А. С. Пушкин писал стихи и т. д.",
        "Потом ушёл.",
        "«Что? — спросил он.",
        "— Правда?»",
        "Да.",
    ]


def test_cjk_sentence_ends_take_their_closing_brackets() -> None:
    zh = "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。「你好！」他说。好吧？"
    assert sentences(zh, "zh", cjk=True) == [
        "话说天下大势，分久必合，合久必分。",
        "周末七国分争，并入于秦。",
        "「你好！」",
        "他说。",
        "好吧？",
    ]
    ja = "吾輩は猫である。名前はまだ無い。『そうか』と言った。（笑）どこで生れたか。"
    assert sentences(ja, "ja", cjk=True) == [
        "吾輩は猫である。",
        "名前はまだ無い。",
        "『そうか』と言った。",
        "（笑）どこで生れたか。",
    ]


def test_long_sentences_are_cut_at_clauses_and_pieces_without_words_join() -> None:
    long = ", ".join(f"clause number {i} goes on" for i in range(40)) + "."
    pieces = sentences(long)
    assert len(pieces) > 1
    assert all(len(p) <= MAX_SENTENCE for p in pieces)
    assert all(p.endswith((",", ".")) for p in pieces)
    cjk = "，".join("天下大势分久必合" for _ in range(40)) + "。"
    assert all(len(p) <= MAX_CJK_SENTENCE for p in sentences(cjk, "zh", cjk=True))
    assert sentences("* * * Then it began. — ! Fine.") == ["* * * Then it began. — !", "Fine."]
    assert sentences("   \n ") == []
    assert sentences("* * *") == ["* * *"]


# --- the corpus ---------------------------------------------------------------------------


def _block_sentences(path: Path, needle: str) -> tuple[str, list[str]]:
    book = load_book(path)
    for i, _block in enumerate(book.blocks):
        shown = display_block(book, i)
        if needle in shown.text:
            found = split_sentences(shown.text, book.metadata.language, cjk=book.cjk)
            return book.metadata.language, [shown.text[a:b] for a, b in found]
    raise AssertionError(f"{needle!r} not found in {path.name}")


@pytest.mark.corpus
def test_sanguo_sentences(corpus: Path) -> None:
    language, found = _block_sentences(corpus / "chinese_gbk/sanguo_yanyi.txt", "话说天下大势")
    assert language == "zh"
    assert found[:3] == [
        "话说天下大势，分久必合，合久必分。",
        "周末七国分争，并入于秦。",
        "及秦灭之后，楚、汉分争，又并入于汉。",
    ]
    assert all(s[-1] in "。！？”」』）" for s in found[:-1]), found


@pytest.mark.corpus
def test_wagahai_sentences(corpus: Path) -> None:
    path = corpus / "japanese_sjis/wagahaiwa_nekodearu.txt"
    language, found = _block_sentences(path, "名前はまだ無い")
    assert language == "ja"
    assert "吾輩は猫である。" in found and "名前はまだ無い。" in found
    assert all(len(s) <= MAX_CJK_SENTENCE for s in found)


@pytest.mark.corpus
def test_onegin_sentences(corpus: Path) -> None:
    path = corpus / "russian_cp1251/evgeniy_onegin.txt"
    language, found = _block_sentences(path, "Мой дядя самых честных правил")
    assert language == "ru"
    assert found[0].startswith("«Мой дядя самых честных правил,")
    assert found[0].endswith("И лучше выдумать не мог.")  # the verse lines read as one
    assert all(s.strip() == s and is_speakable(s) for s in found)


# --- properties -------------------------------------------------------------------------

PIECES = [
    " ",
    "\n",
    "  ",
    "Mr.",
    "Dr. ",
    "J. R. ",
    "e.g. ",
    "т. е. ",
    "г. ",
    "word",
    "Word",
    "слово",
    "話",
    ".",
    "!",
    "?",
    "…",
    "...",
    "。",
    "！",
    "？",
    "」",
    "』",
    "”",
    "“",
    "«",
    "»",
    "—",
    ",",
    "，",
    "*",
    "3.14",
    "😀",
    "𠀀",
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
    st.text(max_size=600),
)


@SETTINGS
@given(texts, st.sampled_from(["", "en", "ru", "zh", "ja", "fr"]), st.booleans())
def test_sentences_cover_the_text_in_order(text: str, language: str, cjk: bool) -> None:
    spans = split_sentences(text, language, cjk=cjk)
    assert bool(spans) == bool(text.strip())
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)  # in order, never empty, never overlapping
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert text[last:a].strip() == ""  # only white space between sentences
        last = b
    assert text[last:].strip() == ""
    if len(spans) > 1:
        assert all(is_speakable(text[a:b]) for a, b in spans)
