"""The library: every book the reader owns, identified by its book key, with its file path.

Identity rules (issue 4): a book is its key (file size + partial MD5). The same key
at another path is the same entry — the path follows the file ("moved"), unless the
recorded file is still there, in which case the copy is just recognised
("duplicate"). The same path with a new key is the same entry edited in place
("changed"; the caller re-anchors its notes). Paths are stored absolute and resolved.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, Final

from reader.store.base import Repository, StoreError, reading, utc_now
from reader.store.book_rows import (
    BOOK_SELECT,
    STORY_UPDATE,
    record_from_row,
    story_values,
)
from reader.store.models import BookRecord
from reader.store.removal import RemovedBook, remove_book, restore_book
from reader.store.story_versions import StoryHints, StoryIndex, find_story, note_version
from reader.text.story import StoryInfo
from reader.text.versions import Fingerprint

_OVERRIDE_COLUMNS: Final = {
    "encoding": "encoding_override",
    "paragraph_mode": "paragraph_mode_override",
    "title": "title_override",
    "author": "author_override",
}

ADDED: Final = "added"
KNOWN: Final = "known"
MOVED: Final = "moved"
CHANGED: Final = "changed"
DUPLICATE: Final = "duplicate"
UPDATED: Final = "updated"


class Unset(Enum):
    """Type of :data:`UNSET`."""

    UNSET = "UNSET"


UNSET: Final = Unset.UNSET
"""Marker for "leave this override as it is" in :meth:`Library.set_overrides`."""


def normalise_path(path: str | os.PathLike[str]) -> str:
    """The absolute, symlink-resolved form in which book paths are stored and compared."""
    return os.path.realpath(os.path.expanduser(os.fspath(path)))


class Library(Repository):
    """The books table and the identity rules over it."""

    # -- reading ----------------------------------------------------------------

    def get(self, book_id: int) -> BookRecord | None:
        """One book by id, or None."""
        row = self._one(f"{BOOK_SELECT} WHERE b.id = ?", (book_id,))
        return record_from_row(row) if row else None

    def find_by_key(self, book_key: str) -> BookRecord | None:
        """The book with this book key, or None."""
        row = self._one(f"{BOOK_SELECT} WHERE b.book_key = ?", (book_key,))
        return record_from_row(row) if row else None

    def find_by_path(self, path: str) -> BookRecord | None:
        """The book recorded at this path (present entries first), or None."""
        row = self._one(
            f"{BOOK_SELECT} WHERE b.path = ? ORDER BY b.missing, b.id DESC LIMIT 1",
            (normalise_path(path),),
        )
        return record_from_row(row) if row else None

    def find_story(self, hints: StoryHints) -> BookRecord | None:
        """The entry of which a file with these ``hints`` would be a newer version (see
        :func:`reader.store.story_versions.find_story`), or None."""
        with reading(self._path):
            book_id = find_story(self._conn, hints)
        return self.get(book_id) if book_id is not None else None

    def all_books(self) -> list[BookRecord]:
        """Every book, with its reading percent and when it was last read (by id)."""
        return [record_from_row(r) for r in self._all(f"{BOOK_SELECT} ORDER BY b.id")]

    def recent(self, limit: int = 10) -> list[BookRecord]:
        """Books that have been read, most recently read first."""
        rows = self._all(
            f"{BOOK_SELECT} WHERE b.last_read IS NOT NULL "
            "ORDER BY b.last_read DESC, b.id DESC LIMIT ?",
            (limit,),
        )
        return [record_from_row(r) for r in rows]

    def last_read_book(self) -> BookRecord | None:
        """The book read most recently, or None if nothing has been read yet."""
        books = self.recent(1)
        return books[0] if books else None

    def count(self) -> int:
        """How many books the library holds."""
        return int(self._one("SELECT count(*) FROM books")[0])

    # -- adding and identity ----------------------------------------------------

    def upsert_book(
        self,
        *,
        book_key: str,
        path: str,
        title: str,
        author: str = "",
        language: str = "",
        size: int = 0,
        length: int = 0,
        length_unit: str = "words",
        story: StoryInfo | Unset | None = UNSET,
        version: Fingerprint | None = None,
    ) -> tuple[BookRecord, str]:
        """Record a book the reader opened or imported; returns (entry, status).

        Status is ``added``, ``known``, ``moved``, ``duplicate`` (same key, and the
        recorded file still exists: the path is kept) or ``changed`` (same path, new
        key: the caller should re-anchor notes). Detected metadata is refreshed; the
        reader's overrides are kept. ``story`` (the book's story header, or None for
        none) refreshes the story columns; left out, they are kept as they are.

        A file neither key nor path knows may be a newer version of a story in the
        library (by the story URL of ``story``, or by title, author and the digest of
        the opening of its text in ``version``): that entry takes the file, status
        ``updated`` (see :mod:`reader.store.story_versions`; the caller then records the
        version read with :meth:`note_version`). A new entry keeps ``version``.
        """
        with self._tx() as conn:
            book_id, status = self._upsert(
                conn,
                book_key=book_key,
                path=path,
                title=title,
                author=author,
                language=language,
                size=size,
                length=length,
                length_unit=length_unit,
                story=story,
                version=version,
            )
        rec = self.get(book_id)
        assert rec is not None
        return rec, status

    def add_many(self, books: Iterable[Mapping[str, Any]]) -> list[tuple[BookRecord, str]]:
        """Upsert many books (mappings of :meth:`upsert_book` arguments) in one transaction."""
        results: list[tuple[int, str]] = []
        index = StoryIndex()
        with self._tx() as conn:
            for info in books:
                results.append(self._upsert(conn, **info, index=index))
        by_id = {rec.id: rec for rec in self._records([i for i, _ in results])}
        return [(by_id[i], status) for i, status in results]

    def _records(self, ids: list[int]) -> list[BookRecord]:
        """Books by id, fetched in chunks (SQLite caps the number of parameters)."""
        out: list[BookRecord] = []
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._all(f"{BOOK_SELECT} WHERE b.id IN ({marks})", tuple(chunk))
            out += [record_from_row(r) for r in rows]
        return out

    def _upsert(
        self,
        conn: sqlite3.Connection,
        *,
        book_key: str,
        path: str,
        title: str,
        author: str = "",
        language: str = "",
        size: int = 0,
        length: int = 0,
        length_unit: str = "words",
        story: StoryInfo | Unset | None = UNSET,
        version: Fingerprint | None = None,
        index: StoryIndex | None = None,
    ) -> tuple[int, str]:
        """The identity rules, inside the caller's transaction; returns (book id, status)."""
        url = story.story_url if isinstance(story, StoryInfo) else ""
        book_id, status = self._upsert_identity(
            conn,
            book_key=book_key,
            path=path,
            meta=(title, author, language, int(size), int(length), length_unit),
            hints=StoryHints(url, title, author, version.digest if version else "", int(size)),
            index=index,
        )
        if status == ADDED and version is not None:
            conn.execute(
                "UPDATE books SET first_chapter = ? WHERE id = ?", (version.encode(), book_id)
            )
            if index is not None:
                index.add(book_id, title, author)
        if not isinstance(story, Unset):
            conn.execute(STORY_UPDATE, (*story_values(story), book_id))
        return book_id, status

    def _upsert_identity(
        self,
        conn: sqlite3.Connection,
        *,
        book_key: str,
        path: str,
        meta: tuple[str, str, str, int, int, str],
        hints: StoryHints | None = None,
        index: StoryIndex | None = None,
    ) -> tuple[int, str]:
        """Find or add the entry of ``book_key`` at ``path`` and refresh its ``meta``."""
        if not book_key:
            raise ValueError("book_key must not be empty")
        path = normalise_path(path)
        row = conn.execute("SELECT id, path FROM books WHERE book_key = ?", (book_key,)).fetchone()
        if row is not None:
            book_id, old_path = row
            if old_path == path:
                status = KNOWN
            elif os.path.isfile(old_path):
                status = DUPLICATE
            else:
                status = MOVED
                conn.execute("UPDATE books SET path = ? WHERE id = ?", (path, book_id))
            if status != KNOWN:
                # Another entry recorded at this path no longer has its book there.
                conn.execute(
                    "UPDATE books SET missing = 1 WHERE path = ? AND id != ?", (path, book_id)
                )
        else:
            row = conn.execute(
                "SELECT id FROM books WHERE path = ? ORDER BY missing, id DESC LIMIT 1", (path,)
            ).fetchone()
            found = None
            if row is None and hints is not None:
                found = find_story(conn, hints, index)
            if row is not None:
                book_id, status = row[0], CHANGED
                conn.execute("UPDATE books SET book_key = ? WHERE id = ?", (book_key, book_id))
            elif found is not None:
                book_id, status = found, UPDATED
                conn.execute(
                    "UPDATE books SET book_key = ?, path = ? WHERE id = ?", (book_key, path, found)
                )
                conn.execute(
                    "UPDATE books SET missing = 1 WHERE path = ? AND id != ?", (path, found)
                )
            else:
                cur = conn.execute(
                    """INSERT INTO books(book_key, path, title, author, language, size, length,
                                         length_unit, added) VALUES (?,?,?,?,?,?,?,?,?)""",
                    (book_key, path, *meta, utc_now()),
                )
                return int(cur.lastrowid or 0), ADDED
        if status != DUPLICATE:
            conn.execute("UPDATE books SET missing = 0 WHERE id = ?", (book_id,))
        conn.execute(
            """UPDATE books SET title = ?, author = ?, language = ?, size = ?, length = ?,
                 length_unit = ? WHERE id = ?""",
            (*meta, book_id),
        )
        return int(book_id), status

    # -- versions of a story ----------------------------------------------------

    def note_version(
        self,
        book_id: int,
        version: Fingerprint,
        chapter_offsets: Sequence[int],
        *,
        changed: bool,
    ) -> BookRecord | None:
        """Record the version of the entry's file now read; ``changed``: the file is not
        the one read before (see :func:`reader.store.story_versions.note_version`).
        Returns the entry after it."""
        with self._tx() as conn:
            note_version(conn, book_id, version, chapter_offsets, changed=changed)
        return self.get(book_id)

    def clear_new_chapters(self, book_id: int) -> None:
        """The reader opened the story: its new chapters are no longer news."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE books SET new_chapters = 0, first_new_offset = NULL WHERE id = ?",
                (book_id,),
            )

    # -- changing ---------------------------------------------------------------

    def mark_read(self, book_id: int) -> None:
        """Record that the reader opened the book now."""
        with self._tx() as conn:
            conn.execute("UPDATE books SET last_read = ? WHERE id = ?", (utc_now(), book_id))

    def set_length(self, book_id: int, length: int, length_unit: str) -> BookRecord | None:
        """Record a book's length (counted after it was added); its entry, or None if gone."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE books SET length = ?, length_unit = ? WHERE id = ?",
                (int(length), length_unit, book_id),
            )
        return self.get(book_id)

    def set_overrides(
        self,
        book_id: int,
        *,
        encoding: str | Unset | None = UNSET,
        paragraph_mode: str | Unset | None = UNSET,
        title: str | Unset | None = UNSET,
        author: str | Unset | None = UNSET,
        italics_repair: bool | Unset | None = UNSET,
        hide_author_notes: bool | Unset | None = UNSET,
    ) -> BookRecord:
        """Set the reader's per-book choices; None (or '') clears one, UNSET leaves it.
        ``italics_repair`` and ``hide_author_notes`` are on/off, None follows the global
        setting."""
        given = {"encoding": encoding, "paragraph_mode": paragraph_mode}
        given |= {"title": title, "author": author}
        changes: dict[str, object] = {
            _OVERRIDE_COLUMNS[name]: (value or None)
            for name, value in given.items()
            if value is not UNSET
        }
        for column, flag in (
            ("italics_repair", italics_repair),
            ("hide_author_notes", hide_author_notes),
        ):
            if not isinstance(flag, Unset):
                changes[column] = None if flag is None else int(flag)
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM books WHERE id = ?", (book_id,)).fetchone():
                raise StoreError("That book is no longer in the library.")
            if changes:
                assignments = ", ".join(f"{col} = ?" for col in changes)
                conn.execute(
                    f"UPDATE books SET {assignments} WHERE id = ?", (*changes.values(), book_id)
                )
        rec = self.get(book_id)
        assert rec is not None
        return rec

    def set_missing(self, book_id: int, missing: bool) -> None:
        """Mark a book's file as gone (or found again)."""
        with self._tx() as conn:
            conn.execute("UPDATE books SET missing = ? WHERE id = ?", (int(missing), book_id))

    def relocate(self, book_id: int, path: str, book_key: str | None = None) -> None:
        """Point a (missing) book at the file the reader located; optionally its new key."""
        with self._tx() as conn:
            if book_key is not None:
                other = conn.execute(
                    "SELECT id, COALESCE(title_override, title) FROM books "
                    "WHERE book_key = ? AND id != ?",
                    (book_key, book_id),
                ).fetchone()
                if other is not None:
                    raise StoreError(f"That file is already in the library as “{other[1]}”.")
                conn.execute("UPDATE books SET book_key = ? WHERE id = ?", (book_key, book_id))
            conn.execute(
                "UPDATE books SET path = ?, missing = 0 WHERE id = ?",
                (normalise_path(path), book_id),
            )

    # -- removing and undo ------------------------------------------------------

    def remove(self, book_id: int) -> RemovedBook:
        """Remove a book and its progress, bookmarks and notes (never the file) in one go.

        Returns everything needed for :meth:`restore`.
        """
        with self._tx() as conn:
            return remove_book(conn, book_id)

    def restore(self, removed: RemovedBook) -> BookRecord:
        """Undo :meth:`remove`: put the book and everything it had back, with the same ids.

        If the same book (by key) was added again meanwhile, its bookmarks and notes
        are merged into that entry instead, and the newer reading position wins.
        """
        with self._tx() as conn:
            target = restore_book(conn, removed)
        rec = self.get(target)
        assert rec is not None
        return rec
