"""Messy real-world text (issue 11): generated variants of corpus books, each kind read right.

Every variant of :mod:`tests.text.messy` is parsed and compared with the truth its
generator kept (see :func:`tests.text.messy.score`); then each failure class issue 11
names has a test of its own on a generated file. Speed and the accuracy tables over the
larger generated set are in ``tests/bench/bench_structure.py``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from reader.text.book import BlockKind, Book
from reader.text.explain import explain
from reader.text.info import format_summary
from reader.text.parse import parse_bytes
from reader.text.render import display_block
from reader.text.search import SearchOptions, search_book
from tests.text.messy import Variant, score, variants
from tests.text.messy_sources import available

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module", autouse=True)
def _corpus(corpus: Path) -> None:  # skip (or fail under CI) like every corpus test
    assert available()


@functools.cache
def _all() -> dict[str, Variant]:
    return {v.name: v for v in variants()}


@functools.cache
def _book(name: str) -> Book:
    v = _all()[name]
    return parse_bytes(v.data, file_name=v.file_name)


def _names() -> list[str]:
    return [v.name for v in variants()] if available() else []


def shown(book: Book) -> str:
    lo, hi = book.reading_range()
    return "\n".join(
        display_block(book, i).text
        for i, b in enumerate(book.blocks)
        if lo <= b.start < hi and b.kind != BlockKind.MATTER
    )


@pytest.mark.parametrize("name", _names())
def test_each_kind_of_mess_is_read_right(name: str) -> None:
    v = _all()[name]
    book = _book(name)
    sc = score(v, book)
    assert book.text == v.text  # every offset is a position in the file as it is
    assert (sc.fp, sc.fn) == (0, 0), sc.misses[:10]
    assert sc.tp == len(v.truth.chapters) + v.truth.opening_entry
    assert sc.hidden[0] == sc.hidden[1], sc.misses[:10]
    assert sc.footnotes[0] == sc.footnotes[1], sc.misses[:10]
    assert sc.joins[0] == sc.joins[1], sc.misses[:10]
    assert sc.contents[0] == sc.contents[1], sc.misses[:10]
    assert sc.title[0] == sc.title[1], sc.misses[:10]
    assert sc.opening == [1, 1], sc.misses[:10]


@pytest.mark.parametrize("name", _names())
def test_each_variant_shows_exact_offsets(name: str) -> None:
    from reader.text.render import display_problems

    book = _book(name)
    for i in range(0, len(book.blocks), 7):
        assert display_problems(book, i) == []


def test_page_furniture_is_kept_in_the_text_but_never_shown_or_found() -> None:
    v = _all()["page-numbers/alice"]
    book = _book(v.name)
    reasons = {d.reason for d in book.dropped}
    assert reasons == {"page number", "running header"}
    for d in book.dropped:
        assert book.text[d.start : d.end] == v.text[d.start : d.end]  # offsets kept
        assert book.is_dropped(d.start) and not book.is_dropped(d.end + 1)
    page = book.dropped[0]
    number = book.text[page.start : page.end].strip()
    assert number.isdigit()
    hits = [h for batch in search_book(book, SearchOptions(number)) for h in batch]
    assert all(not book.is_dropped(h.start) for h in hits)
    text = shown(book)
    assert "LEWIS CARROLL" not in text  # the running header


def test_letter_spaced_headings_are_read_and_shown_as_words() -> None:
    book = _book("letter-spaced/alice")
    assert [c.title for c in book.chapters[:2]] == ["CHAPTER ONE", "CHAPTER TWO"]
    i = book.blocks.index_at(book.chapters[0].offset)
    assert display_block(book, i).text == "CHAPTER ONE"
    ru = _book("letter-spaced/onegin")
    assert ru.chapters[1].title == "Глава первая"
    zh = _book("letter-spaced/sanguo")
    assert zh.chapters[0].title.startswith("第一回\u3000宴桃园豪杰三结义")


# --------------------------------------------------------------------------- failure classes


def test_russian_cp1251_pdf_export() -> None:
    """Page numbers, footnotes, a printed contents and bare roman chapters, in cp1251 with
    CRLF, under a romanised file name: the Cyrillic title page wins, page numbers are never
    chapters, every chapter is found and every contents entry leads to it."""
    v = _all()["failures/onegin-ru-pdf"]
    assert v.file_name == "Pushkin_Evgenij_Onegin.txt" and v.crlf
    book = _book(v.name)
    assert book.encoding.name == "cp1251"
    assert (book.metadata.title, book.metadata.author) == ("Евгений Онегин", "Александр Пушкин")
    assert [c.title for c in book.chapters[:3]] == ["ЧАСТЬ ПЕРВАЯ", "I.", "II."]
    assert len(book.chapters) == len(v.truth.chapters)
    assert not any(c.title.strip(".").isdigit() for c in book.chapters)  # no "401", "505"
    assert sum(d.reason == "page number" for d in book.dropped) >= 5
    notes = [b for b in book.blocks if b.kind == BlockKind.FOOTNOTE]
    assert len(notes) >= 2 and all("Примечание" in book.text[b.start : b.end] for b in notes)
    (contents,) = [i for i, b in enumerate(book.blocks) if b.kind == BlockKind.CONTENTS]
    from reader.text.links import contents_entries

    entries = contents_entries(book, contents)
    assert len(entries) == len(book.chapters)
    assert all(e.offset == book.chapters[e.chapter].offset for e in entries)
    assert [e.chapter for e in entries] == list(range(len(book.chapters)))
    assert book.opening_offset == 0  # the title page: "Александр Пушкин / Евгений Онегин"


def test_story_collection_whose_contents_has_a_typo() -> None:
    v = _all()["failures/sherlock-collection-typo"]
    book = _book(v.name)
    titles = [c.title for c in book.chapters]
    assert titles == [text for _s, _e, text in v.truth.chapters]
    assert "The Boscombe Valley Mystery" in titles  # the story whose entry has the typo
    fuzzy = [link for link in book.contents_links if link.score < 100]
    assert len(fuzzy) == 1
    (link,) = fuzzy
    assert 80 <= link.score < 100
    assert book.chapters[link.chapter].title == "The Boscombe Valley Mystery"
    assert book.text[link.start : link.end] != "The Boscombe Valley Mystery"
    facts = explain(book)
    (row,) = [r for r in facts["contents"] if r["match"] == "fuzzy"]
    assert row["chapter_title"] == "The Boscombe Valley Mystery"


def test_chinese_novel_saved_from_a_web_site() -> None:
    """Banners at both ends, '---- Page N ----' rules, a letter-spaced banner and lines cut
    mid-sentence: the banners are matter, the rules never shown, the sentences whole, and
    the title and author come from the 《…》作者： file name."""
    v = _all()["failures/sanguo-zh-web"]
    book = _book(v.name)
    assert book.encoding.name in ("gb18030", "gbk")
    assert (book.metadata.title, book.metadata.author) == ("三国演义", "罗贯中")
    reasons = {d.reason for d in book.matter_notes}
    assert reasons == {"banner"}
    assert any("如 侵 犯" in book.text[d.start : d.end] for d in book.matter_notes)
    assert {d.reason for d in book.dropped} == {"page rule"}
    text = shown(book)
    assert "Page" not in text and "www." not in text and "侵犯" not in text
    first = book.chapters[0]
    assert first.title.startswith("第一回")
    assert book.opening_offset == first.offset
    # a paragraph cut every 28 characters with blank lines between is one paragraph again
    i = book.blocks.index_at(book.text.index("话说天下大势"))
    assert (
        "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。" in display_block(book, i).text
    )


def test_seed_fan_fiction_without_a_title_line_is_named_by_its_opening_words() -> None:
    v = _all()["failures/alaric-seed"]
    book = _book(v.name)
    assert book.metadata.title == "He has it all planned out…"
    (chosen,) = [c for c in book.metadata.candidates if c.chosen]
    assert chosen.source == "opening words"
    id_name = [c for c in book.metadata.candidates if c.source == "file name"]
    assert id_name == []  # "004_2b6f1807d6bb2112" offers no title at all


def test_war_and_peace_opens_on_its_title_page_not_the_credit(corpus: Path) -> None:
    from reader.text.parse import load_book

    book = load_book(corpus / "gutenberg/war_and_peace__pg2600-0.txt")
    credit = book.text.index("An Anonymous Volunteer, and David Widger")
    assert book.is_hidden(credit)
    assert [(d.reason, book.text[d.start : d.end]) for d in book.matter_notes] == [
        ("credit", "An Anonymous Volunteer, and David Widger")
    ]
    assert book.text.startswith("WAR AND PEACE", book.opening_offset)
    first_title = next(b for b in book.blocks if b.kind == BlockKind.TITLE)
    assert book.text[first_title.start : first_title.end] == "WAR AND PEACE"
    # the 365-chapter printed contents: one compact block, every entry a link
    assert len(book.contents_links) == 17 + 365
    assert all(link.chapter >= 0 and link.score == 100 for link in book.contents_links)
    summary = format_summary(book, "war_and_peace.txt")
    assert "Opens at:    the title page" in summary
    assert "credit" in summary
