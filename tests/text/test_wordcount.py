"""A book's length counted a chunk at a time equals counting it all at once."""

from __future__ import annotations

from reader.text import wordcount
from reader.text.parse import parse_text
from reader.text.wordcount import reading_length


def test_word_count_equals_split(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(wordcount, "_CHUNK", 7)  # many chunk ends, inside words too
    text = "One two  three\n\nfour-five   six.\n" * 30 + "end"
    book = parse_text(text)
    lo, hi = book.reading_range()
    assert reading_length(book) == (len(text[lo:hi].split()), "words")


def test_cjk_books_count_characters(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(wordcount, "_CHUNK", 5)
    text = "第一回\u3000宴桃园\n\n　　话说天下大势，分久必合，合久必分。\n" * 40
    book = parse_text(text)
    assert book.cjk
    lo, hi = book.reading_range()
    assert reading_length(book) == (sum(map(len, text[lo:hi].split())), "chars")
