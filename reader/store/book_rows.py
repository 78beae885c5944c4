"""How a library record is stored: the books table's columns, and records from rows.

The SQL that reads a book with its progress (:data:`BOOK_SELECT`) and writes one
(:data:`BOOK_INSERT`, :data:`STORY_UPDATE`), the columns a story header and its versions
fill, and the conversions between rows and :class:`~reader.store.models.BookRecord`.
:mod:`reader.store.library` does the rest (identity, moves, removal).
"""

from __future__ import annotations

from typing import Any, Final

from reader.store.models import BookRecord
from reader.text.story import StoryInfo
from reader.text.story_data import story_to_json

BOOK_SELECT = """SELECT b.id, b.book_key, b.path, b.title, b.author, b.language, b.size,
    b.length, b.length_unit, b.added, b.last_read, COALESCE(p.percent, 0.0), b.missing,
    b.encoding_override, b.paragraph_mode_override, b.title_override, b.author_override,
    b.story, b.fandom, b.rating, b.story_status, b.story_words, b.chapters_done,
    b.chapters_planned, b.story_updated, b.series, b.series_part, b.story_url,
    b.first_chapter, b.new_chapters, b.first_new_offset,
    b.italics_repair, b.hide_author_notes
    FROM books b LEFT JOIN progress p ON p.book_id = b.id"""

STORY_COLUMNS: Final = (
    "story",
    "fandom",
    "rating",
    "story_status",
    "story_words",
    "chapters_done",
    "chapters_planned",
    "story_updated",
    "series",
    "series_part",
    "story_url",
)
"""The books columns a story header fills (schema v6), in :class:`BookRecord` order."""

VERSION_COLUMNS: Final = ("first_chapter", "new_chapters", "first_new_offset")
"""The books columns of a story's versions (schema v6), in :class:`BookRecord` order."""

BOOK_INSERT = f"""INSERT INTO books(id, book_key, path, title, author, language, size, length,
    length_unit, added, last_read, missing, encoding_override, paragraph_mode_override,
    title_override, author_override, italics_repair, hide_author_notes,
    {", ".join(STORY_COLUMNS)}, {", ".join(VERSION_COLUMNS)})
    VALUES ({",".join("?" * (18 + len(STORY_COLUMNS) + len(VERSION_COLUMNS)))})"""
STORY_UPDATE = f"UPDATE books SET {', '.join(c + ' = ?' for c in STORY_COLUMNS)} WHERE id = ?"


def story_values(story: StoryInfo | None) -> tuple[Any, ...]:
    """The :data:`STORY_COLUMNS` values for ``story`` (all empty for None)."""
    if story is None:
        return ("", "", "", "", None, None, None, "", "", None, "")
    return (
        story_to_json(story),
        ", ".join(story.fandoms),
        story.rating,
        story.status,
        story.words,
        story.chapters_done,
        story.chapters_planned,
        story.updated or story.published,
        story.series,
        story.series_part,
        story.story_url,
    )


def record_story_values(b: BookRecord) -> tuple[Any, ...]:
    """The :data:`STORY_COLUMNS` values a record holds now."""
    return tuple(getattr(b, c) for c in STORY_COLUMNS)


def record_from_row(row: tuple[Any, ...]) -> BookRecord:
    """A :class:`BookRecord` from a row of :data:`BOOK_SELECT`."""
    rec = BookRecord(*row)
    rec.missing = bool(rec.missing)
    rec.italics_repair = column_flag(rec.italics_repair)
    rec.hide_author_notes = column_flag(rec.hide_author_notes)
    return rec


def flag_column(flag: bool | None) -> int | None:
    """A per-book on/off choice as stored (NULL: follow the global setting)."""
    return None if flag is None else int(flag)


def column_flag(value: object) -> bool | None:
    """A per-book on/off column: NULL (follow the global setting) or 0/1."""
    return None if value is None else bool(value)
