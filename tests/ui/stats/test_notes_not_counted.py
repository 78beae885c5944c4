"""Author's notes of every kind never count: not in a page's words for the statistics, not
in the book's length that "time left" scales, not in the library's word count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.store.db import open_store
from reader.store.models import BookRecord
from reader.text.book import Book
from reader.text.parse import parse_text
from reader.text.wordcount import reading_length
from reader.ui.session.book_session import approximate_length
from reader.ui.stats.time_left import TimeLeftEstimator
from reader.ui.stats.units import page_count

STORY = "She walked into the room and looked around for a while.\n\n" * 5
TEXT = (
    "Chapter 1\n\nChapter Summary\n\n> A summary of eight words right here.\n\n"
    "**Author's Note:**\n\n> Four words of thanks.\n\n"
    + STORY
    + "Chapter End Notes\n\n> Comment please.\n\nChapter 2\n\n"
    + STORY
    + "Afterword\n\nThe end of it all, thanks.\n"
)


@dataclass
class _Open:
    book: Book | None
    record: BookRecord | None = None


def _story_words(book: Book) -> int:
    lo, hi = book.reading_range()
    words = len(book.text[lo:hi].split())
    return words - sum(len(book.text[n.start : n.end].split()) for n in book.author_notes)


def test_page_count_leaves_every_kind_of_note_out() -> None:
    book = parse_text(TEXT)
    assert [n.kind.value for n in book.author_notes] == ["summary", "chapter", "end", "end"]
    afterword = book.author_notes[-1]
    assert book.text[afterword.start : afterword.end] == "The end of it all, thanks."
    count = page_count(book, 0, len(book.text))
    # the chapter headings (two words each) and "Afterword" count; the notes do not
    assert count.units == _story_words(book) == 2 + 2 * 11 * 5 + 2 + 1
    note = book.author_notes[0]
    only_note = page_count(book, note.start, note.end)
    assert only_note.units == 0 and not only_note.counted


def test_lengths_leave_notes_out(tmp_path: Path) -> None:
    book = parse_text(TEXT)
    assert reading_length(book)[0] == _story_words(book)
    assert approximate_length(book)[0] == _story_words(book)
    store = open_store(tmp_path / "library.db")
    estimator = TimeLeftEstimator(store.stats, _Open(book))
    length, chars = estimator._book_length(book, "words")
    assert length == _story_words(book) and chars == len(book.text)
    store.close()
