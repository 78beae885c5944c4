"""Recognising a new version of a story in the library, and what it brought.

:func:`find_story` is the library's last identity rule (after "same key" and "same
path"): a file it has never seen is a new version of a story it holds when both name
the same story URL (and their authors, when both are known, agree), or else when title,
author and the digest of the opening of their text agree (see
:mod:`reader.text.versions`) — and no story URLs disagree. A different author or URL
with the same title is never the same story. The entry found takes the new
file only when it is newer: its own file is gone, or the new file is larger (so an old
copy lying beside the new one never takes the entry back).

:func:`note_version` stores a version's fingerprint and, when it replaces an older one,
counts the new chapters (kept until the story is opened) and moves the reading position
by as much as the text before it moved (a header that grew by a line); bookmarks,
highlights and notes are re-anchored by their quotes when the book is opened.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.text.versions import Fingerprint, new_chapters

__all__ = ["StoryHints", "StoryIndex", "find_story", "note_version"]


@dataclass(frozen=True, slots=True)
class StoryHints:
    """What a new file says about the story it is (empty strings: it does not say)."""

    story_url: str
    title: str
    author: str
    opening: str
    """The digest of the opening of its text (:func:`reader.text.versions.opening_digest`)."""
    size: int


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


@dataclass(slots=True)
class StoryIndex:
    """Entries with a fingerprint by (title, author), read once for a batch of imports."""

    by_name: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    loaded: bool = False

    def candidates(self, conn: sqlite3.Connection, title: str, author: str) -> list[int]:
        """Ids of the entries named ``title`` by ``author`` (case and spaces ignored)."""
        if not self.loaded:
            for book_id, t, a in conn.execute(
                "SELECT id, title, author FROM books WHERE first_chapter != ''"
            ):
                self.by_name.setdefault((_norm(t), _norm(a)), []).append(int(book_id))
            self.loaded = True
        return list(self.by_name.get((_norm(title), _norm(author)), ()))

    def add(self, book_id: int, title: str, author: str) -> None:
        """An entry added in this batch (so a second version in the same batch finds it)."""
        if self.loaded:
            self.by_name.setdefault((_norm(title), _norm(author)), []).append(book_id)


def find_story(
    conn: sqlite3.Connection, hints: StoryHints, index: StoryIndex | None = None
) -> int | None:
    """The id of the entry whose story the new file is a newer version of, or None."""
    if hints.story_url:
        rows = conn.execute(
            "SELECT id, path, size, author FROM books WHERE story_url = ? "
            "ORDER BY missing, id DESC",
            (hints.story_url,),
        ).fetchall()
        # The same URL by another author is not taken on trust (a copy, a wrong header).
        rows = [r for r in rows if not _authors_differ(r[3], hints.author)]
        for book_id, path, size, _author in rows:
            if _newer(hints.size, path, size):
                return int(book_id)
        if rows:
            return None  # this story's entry holds a version at least as new
    if not hints.opening or not hints.title.strip():
        return None
    if index is not None:
        ids = index.candidates(conn, hints.title, hints.author)
        if not ids:
            return None
        marks = ",".join("?" * len(ids[:500]))
        rows = conn.execute(
            f"SELECT id, title, author, first_chapter, story_url, path, size FROM books "
            f"WHERE id IN ({marks}) ORDER BY missing, id DESC",
            tuple(ids[:500]),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT id, title, author, first_chapter, story_url, path, size FROM books "
            "WHERE title = ? COLLATE NOCASE AND first_chapter LIKE ? ORDER BY missing, id DESC",
            (hints.title.strip(), f"{hints.opening}:%"),
        ).fetchall()
    for book_id, title, author, first, url, path, size in rows:
        stored = Fingerprint.decode(first)
        if stored is None or stored.digest != hints.opening:
            continue
        if _norm(title) != _norm(hints.title) or _norm(author) != _norm(hints.author):
            continue
        if url and hints.story_url and url != hints.story_url:
            continue  # two stories that say which they are, and differ
        if _newer(hints.size, path, size):
            return int(book_id)
    return None


def _authors_differ(a: str, b: str) -> bool:
    """Both authors are known and are not the same name."""
    return bool(a.strip() and b.strip()) and _norm(a) != _norm(b)


def _newer(new_size: int, old_path: str, old_size: int) -> bool:
    """Whether a file of ``new_size`` bytes should replace the entry's file."""
    return not os.path.isfile(old_path) or new_size > int(old_size or 0)


def note_version(
    conn: sqlite3.Connection,
    book_id: int,
    version: Fingerprint,
    chapter_offsets: Sequence[int],
    *,
    changed: bool = True,
) -> tuple[int, int | None]:
    """Store ``version`` as the entry's fingerprint, inside the caller's transaction.

    Without ``changed`` (the same file as before, its fingerprint perhaps only estimated
    by the light import) the fingerprint is just stored. When it replaces an older
    version of the same story: add its new chapters to those
    not yet seen, remember where the first unseen one starts, and move the reading
    position with the text. Returns (new chapters not yet seen, offset of the first).
    """
    row = conn.execute(
        "SELECT first_chapter, new_chapters, first_new_offset FROM books WHERE id = ?",
        (book_id,),
    ).fetchone()
    if row is None:
        return 0, None
    old = Fingerprint.decode(row[0])
    pending, first_new = int(row[1] or 0), row[2]
    if old == version:
        return pending, first_new
    if changed and old is not None and old.digest == version.digest:
        shift = version.start - old.start
        if shift:
            conn.execute(
                'UPDATE progress SET "offset" = MAX(0, "offset" + ?) '
                'WHERE book_id = ? AND "offset" >= ?',
                (shift, book_id, old.start),
            )
        if pending and first_new is not None:
            first_new = int(first_new) + shift
        count, first = new_chapters(old, version, chapter_offsets)
        if count:
            pending += count
            first_new = first_new if pending > count and first_new is not None else first
    conn.execute(
        "UPDATE books SET first_chapter = ?, new_chapters = ?, first_new_offset = ? WHERE id = ?",
        (version.encode(), pending, first_new if pending else None, book_id),
    )
    return pending, (first_new if pending else None)
