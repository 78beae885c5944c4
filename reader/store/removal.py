"""Removing a book from the library with everything it had, and undoing that.

:func:`remove_book` deletes a book's row (its progress, bookmarks and notes go with it)
and returns them all as a :class:`RemovedBook`; :func:`restore_book` puts them back with
the same ids, or merges them into the same book added again meanwhile. Both run inside
the caller's transaction (:meth:`reader.store.library.Library.remove` and ``restore``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from reader.store.annotations import (
    ANNOTATION_COLUMNS,
    BOOKMARK_COLUMNS,
    annotation_from_row,
    annotation_values,
    bookmark_from_row,
    bookmark_values,
)
from reader.store.base import StoreError
from reader.store.book_rows import (
    BOOK_INSERT,
    BOOK_SELECT,
    VERSION_COLUMNS,
    flag_column,
    record_from_row,
    record_story_values,
)
from reader.store.models import Annotation, Bookmark, BookRecord, Progress


@dataclass(slots=True)
class RemovedBook:
    """Everything :meth:`Library.remove` deleted, so :meth:`Library.restore` can undo it."""

    book: BookRecord
    progress: Progress | None
    bookmarks: list[Bookmark] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)


def remove_book(conn: sqlite3.Connection, book_id: int) -> RemovedBook:
    """Delete the book ``book_id`` and return everything it had (raises
    :class:`~reader.store.base.StoreError` when it is no longer there)."""
    row = conn.execute(f"{BOOK_SELECT} WHERE b.id = ?", (book_id,)).fetchone()
    if row is None:
        raise StoreError("That book is no longer in the library.")
    prog = conn.execute(
        'SELECT book_id, "offset", percent, updated FROM progress WHERE book_id = ?',
        (book_id,),
    ).fetchone()
    marks = conn.execute(
        f"SELECT {BOOKMARK_COLUMNS} FROM bookmarks WHERE book_id = ? ORDER BY id",
        (book_id,),
    ).fetchall()
    notes = conn.execute(
        f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE book_id = ? ORDER BY id",
        (book_id,),
    ).fetchall()
    conn.execute("DELETE FROM books WHERE id = ?", (book_id,))  # cascades
    return RemovedBook(
        book=record_from_row(row),
        progress=Progress(*prog) if prog else None,
        bookmarks=[bookmark_from_row(r) for r in marks],
        annotations=[annotation_from_row(r) for r in notes],
    )


def restore_book(conn: sqlite3.Connection, removed: RemovedBook) -> int:
    """Put ``removed`` back (see the module docstring); the id of the book it is in now."""
    b = removed.book
    row = conn.execute("SELECT id FROM books WHERE book_key = ?", (b.book_key,)).fetchone()
    if row is not None:
        target = int(row[0])
        # Keep the reader's choices where the new entry has none of its own.
        conn.execute(
            """UPDATE books SET
                 encoding_override = COALESCE(encoding_override, ?),
                 paragraph_mode_override = COALESCE(paragraph_mode_override, ?),
                 title_override = COALESCE(title_override, ?),
                 author_override = COALESCE(author_override, ?),
                 italics_repair = COALESCE(italics_repair, ?),
                 hide_author_notes = COALESCE(hide_author_notes, ?),
                 added = MIN(added, ?),
                 last_read = CASE WHEN last_read IS NULL OR last_read < ?
                                  THEN ? ELSE last_read END
               WHERE id = ?""",
            (
                b.encoding_override,
                b.paragraph_mode_override,
                b.title_override,
                b.author_override,
                flag_column(b.italics_repair),
                flag_column(b.hide_author_notes),
                b.added,
                b.last_read,
                b.last_read,
                target,
            ),
        )
    else:
        target = b.id
        conn.execute(
            BOOK_INSERT,
            (
                b.id,
                b.book_key,
                b.path,
                b.title,
                b.author,
                b.language,
                b.size,
                b.length,
                b.length_unit,
                b.added,
                b.last_read,
                int(b.missing),
                b.encoding_override,
                b.paragraph_mode_override,
                b.title_override,
                b.author_override,
                flag_column(b.italics_repair),
                flag_column(b.hide_author_notes),
                *record_story_values(b),
                *(getattr(b, c) for c in VERSION_COLUMNS),
            ),
        )
    p = removed.progress
    if p is not None:
        conn.execute(
            """INSERT INTO progress(book_id, "offset", percent, updated) VALUES (?,?,?,?)
               ON CONFLICT(book_id) DO UPDATE SET "offset" = excluded."offset",
                 percent = excluded.percent, updated = excluded.updated
               WHERE excluded.updated > progress.updated""",
            (target, p.offset, p.percent, p.updated),
        )
    for bm in removed.bookmarks:
        values = bookmark_values(bm, target)
        if conn.execute("SELECT 1 FROM bookmarks WHERE id = ?", (bm.id,)).fetchone():
            values = (None, *values[1:])  # id taken: give it a new one
        conn.execute(f"INSERT INTO bookmarks({BOOKMARK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)", values)
    for a in removed.annotations:
        values = annotation_values(a, target)
        if conn.execute("SELECT 1 FROM annotations WHERE id = ?", (a.id,)).fetchone():
            values = (None, *values[1:])
        conn.execute(
            f"INSERT INTO annotations({ANNOTATION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            values,
        )
    return target
