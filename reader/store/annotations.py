"""Reading progress, bookmarks, and highlights/notes — each saved the moment it changes.

Positions are offsets into the book's text (see DESIGN.md); bookmarks and
annotations also keep the quoted text and a little context so they can be
re-anchored when the file or its decoding changes. Re-anchoring itself happens
elsewhere; this module stores the outcome (:meth:`Annotations.move_annotation`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.store.base import Repository, StoreError, utc_now
from reader.store.models import Annotation, Bookmark, Progress

BOOKMARK_COLUMNS = 'id, book_id, "offset", quote, prefix, name, created, status'
ANNOTATION_COLUMNS = (
    'id, book_id, start, "end", quote, prefix, suffix, color, note, created, updated, status'
)
STATUSES = ("ok", "not_found")


def bookmark_from_row(row: Sequence[Any]) -> Bookmark:
    """A Bookmark from a row selected with :data:`BOOKMARK_COLUMNS`."""
    return Bookmark(*row)


def annotation_from_row(row: Sequence[Any]) -> Annotation:
    """An Annotation from a row selected with :data:`ANNOTATION_COLUMNS`."""
    return Annotation(*row)


def bookmark_values(b: Bookmark, book_id: int | None = None) -> tuple[Any, ...]:
    """The column values of ``b`` in :data:`BOOKMARK_COLUMNS` order (optionally re-homed)."""
    bid = b.book_id if book_id is None else book_id
    return (b.id, bid, b.offset, b.quote, b.prefix, b.name, b.created, b.status)


def annotation_values(a: Annotation, book_id: int | None = None) -> tuple[Any, ...]:
    """The column values of ``a`` in :data:`ANNOTATION_COLUMNS` order (optionally re-homed)."""
    bid = a.book_id if book_id is None else book_id
    return (
        a.id,
        bid,
        a.start,
        a.end,
        a.quote,
        a.prefix,
        a.suffix,
        a.color,
        a.note,
        a.created,
        a.updated,
        a.status,
    )


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")


class Annotations(Repository):
    """Progress, bookmarks and annotations of every book, over one connection."""

    # -- progress ---------------------------------------------------------------

    def save_progress(self, book_id: int, offset: int, percent: float) -> None:
        """Remember the reading position of a book and mark it as read now."""
        now = utc_now()
        with self._tx() as conn:
            conn.execute(
                """INSERT INTO progress(book_id, "offset", percent, updated) VALUES (?, ?, ?, ?)
                   ON CONFLICT(book_id) DO UPDATE SET
                     "offset" = excluded."offset", percent = excluded.percent,
                     updated = excluded.updated""",
                (book_id, int(offset), float(percent), now),
            )
            conn.execute("UPDATE books SET last_read = ? WHERE id = ?", (now, book_id))

    def get_progress(self, book_id: int) -> Progress | None:
        """The saved reading position of a book, or None if it was never opened."""
        row = self._one(
            'SELECT book_id, "offset", percent, updated FROM progress WHERE book_id = ?',
            (book_id,),
        )
        return Progress(*row) if row else None

    # -- bookmarks --------------------------------------------------------------

    def add_bookmark(
        self, book_id: int, offset: int, quote: str, prefix: str, name: str
    ) -> Bookmark:
        """Add a bookmark at ``offset`` and return it (with its new id)."""
        now = utc_now()
        with self._tx() as conn:
            cur = conn.execute(
                """INSERT INTO bookmarks(book_id, "offset", quote, prefix, name, created)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (book_id, int(offset), quote, prefix, name, now),
            )
            bookmark_id = int(cur.lastrowid or 0)
        return Bookmark(bookmark_id, book_id, int(offset), quote, prefix, name, now)

    def get_bookmark(self, bookmark_id: int) -> Bookmark | None:
        """One bookmark by id, or None."""
        row = self._one(f"SELECT {BOOKMARK_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return bookmark_from_row(row) if row else None

    def bookmarks(self, book_id: int) -> list[Bookmark]:
        """The bookmarks of a book, in reading order."""
        rows = self._all(
            f'SELECT {BOOKMARK_COLUMNS} FROM bookmarks WHERE book_id = ? ORDER BY "offset", id',
            (book_id,),
        )
        return [bookmark_from_row(r) for r in rows]

    def rename_bookmark(self, bookmark_id: int, name: str) -> None:
        """Give a bookmark a new name."""
        with self._tx() as conn:
            conn.execute("UPDATE bookmarks SET name = ? WHERE id = ?", (name, bookmark_id))

    def delete_bookmark(self, bookmark_id: int) -> None:
        """Delete a bookmark (nothing happens if it is already gone)."""
        with self._tx() as conn:
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))

    def restore_bookmark(self, b: Bookmark) -> None:
        """Put back a deleted bookmark with its old id (undo)."""
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM books WHERE id = ?", (b.book_id,)).fetchone():
                raise StoreError("The book of that bookmark is no longer in the library.")
            conn.execute(
                f"INSERT OR REPLACE INTO bookmarks({BOOKMARK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                bookmark_values(b),
            )

    def move_bookmark(
        self,
        bookmark_id: int,
        offset: int,
        status: str = "ok",
        *,
        quote: str | None = None,
        prefix: str | None = None,
    ) -> None:
        """Store where re-anchoring placed a bookmark (``status`` ``ok`` or ``not_found``).

        ``quote``/``prefix``, when given, replace the stored anchor text (after a fuzzy match).
        """
        _check_status(status)
        with self._tx() as conn:
            conn.execute(
                """UPDATE bookmarks SET "offset" = ?, status = ?,
                     quote = COALESCE(?, quote), prefix = COALESCE(?, prefix)
                   WHERE id = ?""",
                (int(offset), status, quote, prefix, bookmark_id),
            )

    # -- annotations ------------------------------------------------------------

    def add_annotation(
        self,
        book_id: int,
        start: int,
        end: int,
        quote: str,
        prefix: str,
        suffix: str,
        color: str = "yellow",
        note: str = "",
    ) -> Annotation:
        """Add a highlight (with an optional note) over ``[start, end)`` and return it."""
        if end < start:
            raise ValueError(f"annotation ends ({end}) before it starts ({start})")
        now = utc_now()
        with self._tx() as conn:
            cur = conn.execute(
                """INSERT INTO annotations(book_id, start, "end", quote, prefix, suffix,
                                           color, note, created, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (book_id, int(start), int(end), quote, prefix, suffix, color, note, now, now),
            )
            annotation_id = int(cur.lastrowid or 0)
        return Annotation(
            annotation_id,
            book_id,
            int(start),
            int(end),
            quote,
            prefix,
            suffix,
            color,
            note,
            now,
            now,
        )

    def get_annotation(self, annotation_id: int) -> Annotation | None:
        """One annotation by id, or None."""
        row = self._one(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)
        )
        return annotation_from_row(row) if row else None

    def annotations(self, book_id: int) -> list[Annotation]:
        """The highlights and notes of a book, in reading order."""
        rows = self._all(
            f"""SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE book_id = ?
                ORDER BY start, "end", id""",
            (book_id,),
        )
        return [annotation_from_row(r) for r in rows]

    def all_annotations(self) -> list[Annotation]:
        """Every highlight and note in the library (for export), by book then position."""
        rows = self._all(
            f'SELECT {ANNOTATION_COLUMNS} FROM annotations ORDER BY book_id, start, "end", id'
        )
        return [annotation_from_row(r) for r in rows]

    def update_annotation(
        self, annotation_id: int, *, color: str | None = None, note: str | None = None
    ) -> Annotation:
        """Change the colour and/or note of an annotation; returns the updated one."""
        with self._tx() as conn:
            cur = conn.execute(
                """UPDATE annotations SET color = COALESCE(?, color), note = COALESCE(?, note),
                     updated = ? WHERE id = ?""",
                (color, note, utc_now(), annotation_id),
            )
            if cur.rowcount == 0:
                raise StoreError("That highlight no longer exists.")
        found = self.get_annotation(annotation_id)
        assert found is not None
        return found

    def move_annotation(
        self,
        annotation_id: int,
        start: int,
        end: int,
        status: str = "ok",
        *,
        quote: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
    ) -> None:
        """Store where re-anchoring placed an annotation (``status`` ``ok`` or ``not_found``).

        ``quote``/``prefix``/``suffix``, when given, replace the stored anchor text.
        """
        _check_status(status)
        if end < start:
            raise ValueError(f"annotation ends ({end}) before it starts ({start})")
        with self._tx() as conn:
            conn.execute(
                """UPDATE annotations SET start = ?, "end" = ?, status = ?,
                     quote = COALESCE(?, quote), prefix = COALESCE(?, prefix),
                     suffix = COALESCE(?, suffix)
                   WHERE id = ?""",
                (int(start), int(end), status, quote, prefix, suffix, annotation_id),
            )

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete an annotation and return it, so the UI can offer undo."""
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)
            ).fetchone()
            if row is None:
                raise StoreError("That highlight no longer exists.")
            conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
        return annotation_from_row(row)

    def restore_annotation(self, a: Annotation) -> None:
        """Put back a deleted annotation with its old id (undo)."""
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM books WHERE id = ?", (a.book_id,)).fetchone():
                raise StoreError("The book of that highlight is no longer in the library.")
            conn.execute(
                f"""INSERT OR REPLACE INTO annotations({ANNOTATION_COLUMNS})
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
                annotation_values(a),
            )
