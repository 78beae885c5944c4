"""Importing KOReader's reading statistics (``statistics.sqlite3``) into Quire's page views.

The schema is KOReader's own (``plugins/statistics.koplugin/main.lua``, schema
version 20221111)::

    book(id integer PRIMARY KEY autoincrement, title text, authors text, notes integer,
         last_open integer, highlights integer, pages integer, series text, language text,
         md5 text, total_read_time integer, total_read_pages integer)
    page_stat_data(id_book integer, page integer NOT NULL DEFAULT 0,
         start_time integer NOT NULL DEFAULT 0, duration integer NOT NULL DEFAULT 0,
         total_pages integer NOT NULL DEFAULT 0, UNIQUE (id_book, page, start_time),
         FOREIGN KEY(id_book) REFERENCES book(id))

(plus a ``numbers`` table and a ``page_stat`` view that rescales pages to the current
page count; the import reads the raw ``page_stat_data``). ``book.md5`` is KOReader's
partial MD5 of the file, the first half of Quire's book key (``<md5>-<size>``);
``authors`` may hold several names one per line, or ``N/A``. A row says: page
``page`` of ``total_pages`` (1-based, as paginated when it was read) was shown from
``start_time`` (UTC epoch seconds) for ``duration`` seconds (KOReader already left out
pages under its minimum and capped those over its maximum).

Books are matched by the partial MD5 (the most recently read library book wins when
several versions share it), then by title and author, ignoring case and accents
(a title may also match the file name). Page ``p`` of ``n`` becomes the fraction
``[(p-1)/n, p/n)`` of the text: offsets in code points when the book's text length
is known (Quire records it while reading), else fractions out of
:data:`FRACTION_SCALE`, rescaled when the book is next read. Words (or CJK
characters) per page are the book's length divided by ``n``. A book counts as
finished at the first page at or beyond :data:`FINISHED_PERCENT`. Importing the same
file again adds nothing: a book's views are unique by start second.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import pathname2url

from reader.store.stats import StatBook, Stats
from reader.store.stats_models import (
    FINISHED_PERCENT,
    FRACTION_SCALE,
    UNITS,
    WORDS,
    Kind,
    PageView,
)

__all__ = ["ImportReport", "KOBook", "KOReaderImportError", "import_koreader"]

_NEEDED = {
    "book": {"id", "title", "authors", "md5", "pages"},
    "page_stat_data": {"id_book", "page", "start_time", "duration", "total_pages"},
}
_UNKNOWN_AUTHORS = {"", "n/a"}
_AUTHOR_SPLIT = re.compile(r"\s*(?:\n|;|&|,| and )\s*")


class KOReaderImportError(Exception):
    """The file cannot be imported; ``str()`` is a one-line message for the reader."""


@dataclass
class KOBook:
    """One book of KOReader's statistics and what became of it."""

    title: str
    authors: str
    md5: str
    pages: int
    """KOReader's page count of the book (its last layout)."""
    views: int = 0
    """Page rows KOReader recorded for it."""
    pages_read: int = 0
    """Distinct pages among them."""
    seconds: int = 0
    matched_id: int | None = None
    matched_title: str = ""
    matched_by: str = ""
    """``key`` (partial MD5) or ``title`` (title and author); empty when unmatched."""
    imported: int = 0
    """Views that were new in Quire (the rest were imported before)."""
    reason: str = ""
    """Why it was not matched."""


@dataclass
class ImportReport:
    """What an import did: the page views read, matched and imported, per book."""

    path: str
    books: list[KOBook] = field(default_factory=list)

    @property
    def matched(self) -> list[KOBook]:
        """Books found in the library."""
        return [b for b in self.books if b.matched_id is not None]

    @property
    def unmatched(self) -> list[KOBook]:
        """Books not found in the library (their views were not imported)."""
        return [b for b in self.books if b.matched_id is None]

    @property
    def views_read(self) -> int:
        """Page rows in the KOReader file."""
        return sum(b.views for b in self.books)

    @property
    def views_matched(self) -> int:
        """Page rows of the matched books."""
        return sum(b.views for b in self.matched)

    @property
    def views_imported(self) -> int:
        """Page views added to Quire."""
        return sum(b.imported for b in self.books)

    def lines(self) -> list[str]:
        """The report in sentences, unmatched books listed (title, author, pages, time)."""
        name = os.path.basename(self.path)
        by_key = sum(1 for b in self.matched if b.matched_by == "key")
        out = [
            f"Imported {self.views_imported} new page views from {name} "
            f"({self.views_matched} of {self.views_read} matched a book in the library; "
            f"{self.views_matched - self.views_imported} were already there).",
            f"Matched {len(self.matched)} of {len(self.books)} books ({by_key} by document "
            f"key, {len(self.matched) - by_key} by title and author).",
        ]
        if self.unmatched:
            out.append(f"Not in the library ({len(self.unmatched)}):")
            for b in self.unmatched:
                who = (
                    f" — {b.authors}"
                    if b.authors.strip().casefold() not in _UNKNOWN_AUTHORS
                    else ""
                )
                out.append(
                    f"  {b.title or 'Untitled'}{who}: {b.pages_read} of {b.pages} pages, "
                    f"{format_duration(b.seconds)}, {b.views} page views"
                    + (f" ({b.reason})" if b.reason else "")
                )
        return out


def format_duration(seconds: int) -> str:
    """``"2 h 05 min"``, ``"12 min"``, ``"40 s"``."""
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _fold(text: str) -> str:
    """Case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _authors(text: str) -> set[str]:
    names = {_fold(n) for n in _AUTHOR_SPLIT.split(text or "")}
    return {n for n in names if n not in _UNKNOWN_AUTHORS}


def _titles(book: StatBook) -> set[str]:
    name = os.path.basename(book.path)
    return {t for t in (_fold(book.title), _fold(name), _fold(os.path.splitext(name)[0])) if t}


def _open(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise KOReaderImportError(f"No such file: {path}")
    try:
        conn = sqlite3.connect(f"file:{pathname2url(str(path))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise KOReaderImportError(f"Cannot open {path.name} ({exc}).") from None
    try:
        tables = {
            name: {row[1] for row in conn.execute(f"PRAGMA table_info('{name}')")}
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name in _NEEDED
        }
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise KOReaderImportError(
            f"{path.name} is not a KOReader statistics database ({exc})."
        ) from None
    for table, columns in _NEEDED.items():
        if not columns <= tables.get(table, set()):
            conn.close()
            raise KOReaderImportError(
                f"{path.name} is not a KOReader statistics database "
                f"(no {table} table with {', '.join(sorted(columns))})."
            )
    return conn


def _match(ko: KOBook, by_md5: dict[str, list[StatBook]], books: list[StatBook]) -> StatBook | None:
    candidates = by_md5.get(ko.md5.lower(), [])
    if candidates:
        ko.matched_by = "key"
        return max(candidates, key=lambda b: (b.last_read or "", b.id))
    title = _fold(ko.title)
    if not title:
        ko.reason = "no title"
        return None
    ko_authors = _authors(ko.authors)
    found = [
        b
        for b in books
        if title in _titles(b)
        and (not ko_authors or not _authors(b.author) or ko_authors & _authors(b.author))
    ]
    if len(found) > 1 and ko_authors:
        found = [b for b in found if ko_authors & _authors(b.author)] or found
    if len(found) == 1:
        ko.matched_by = "title"
        return found[0]
    ko.reason = "several library books have this title" if found else ""
    return None


def import_koreader(stats: Stats, path: str | os.PathLike[str]) -> ImportReport:
    """Import the page views of KOReader's ``statistics.sqlite3`` at ``path`` (read only).

    Raises :class:`KOReaderImportError` for a file that is missing or not KOReader's,
    and ``StoreError`` when the library cannot be written (nothing is half-imported:
    all views go in one transaction).
    """
    file = Path(path).expanduser().absolute()
    conn = _open(file)
    try:
        ko_books: dict[int, KOBook] = {}
        for bid, title, authors, md5, pages in conn.execute(
            "SELECT id, title, authors, md5, pages FROM book ORDER BY id"
        ):
            ko_books[bid] = KOBook(
                str(title or ""), str(authors or ""), str(md5 or ""), int(pages or 0)
            )
        rows: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        for bid, page, start, duration, total in conn.execute(
            """SELECT id_book, page, start_time, duration, total_pages FROM page_stat_data
               WHERE id_book IS NOT NULL AND duration > 0 ORDER BY id_book, start_time, page"""
        ):
            if bid in ko_books:
                rows[bid].append((int(page), int(start), int(duration), int(total or 0)))
    except sqlite3.DatabaseError as exc:
        raise KOReaderImportError(f"{file.name} could not be read ({exc}).") from None
    finally:
        conn.close()

    library = stats.library_books()
    by_md5: dict[str, list[StatBook]] = defaultdict(list)
    for b in library:
        md5, sep, _size = b.book_key.rpartition("-")
        if sep:
            by_md5[md5.lower()].append(b)

    report = ImportReport(str(file))
    groups: dict[int, list[PageView]] = {}
    finished: dict[int, int] = {}
    for bid, ko in ko_books.items():
        ko_rows = rows.get(bid, [])
        ko.views = len(ko_rows)
        ko.pages_read = len({r[0] for r in ko_rows})
        ko.seconds = sum(r[2] for r in ko_rows)
        report.books.append(ko)
        target = _match(ko, by_md5, library)
        if target is None:
            continue
        ko.matched_id, ko.matched_title = target.id, target.title
        views, done = _views(target, ko, ko_rows)
        groups[bid] = views
        if done is not None:
            finished[target.id] = min(done, finished.get(target.id, done))
    added = stats.add_view_groups(groups, finished=finished)
    for bid, count in added.items():
        ko_books[bid].imported = count
    return report


def _views(
    target: StatBook, ko: KOBook, ko_rows: list[tuple[int, int, int, int]]
) -> tuple[list[PageView], int | None]:
    """The page views of one matched book, and when it was first finished (if it was)."""
    scale = target.text_length or 0
    fraction = FRACTION_SCALE if not scale else 0
    span = scale or FRACTION_SCALE
    views = []
    done: int | None = None
    for page, start, duration, total in ko_rows:
        total = total if total > 0 else max(ko.pages, page, 1)
        page = min(max(page, 1), total)
        views.append(
            PageView(
                book_id=target.id,
                start_offset=(page - 1) * span // total,
                end_offset=page * span // total,
                start_time=start,
                duration=duration,
                kind=Kind.READING,
                units=round(target.length / total) if target.length > 0 else 0,
                unit=target.unit if target.unit in UNITS else WORDS,
                offset_scale=fraction,
                source="koreader",
            )
        )
        if page * 100 >= FINISHED_PERCENT * total and (done is None or start < done):
            done = start
    return views, done
