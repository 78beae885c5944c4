"""Importing KOReader's statistics.sqlite3, built here in KOReader's own schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, date
from pathlib import Path

import pytest

from reader.store.db import Store, open_store
from reader.store.koreader import KOReaderImportError, import_koreader
from reader.store.stats_models import FRACTION_SCALE, Kind
from reader.text.identity import book_key_of_file, partial_md5_of_file

# KOReader's schema, as created by ReaderStatistics:createDB in
# plugins/statistics.koplugin/main.lua (DB_SCHEMA_VERSION 20221111).
KOREADER_SCHEMA = """
CREATE TABLE IF NOT EXISTS book
    (
        id integer PRIMARY KEY autoincrement,
        title text,
        authors text,
        notes      integer,
        last_open  integer,
        highlights integer,
        pages      integer,
        series text,
        language text,
        md5 text,
        total_read_time  integer,
        total_read_pages integer
    );
CREATE UNIQUE INDEX IF NOT EXISTS book_title_authors_md5 ON book(title, authors, md5);
CREATE TABLE IF NOT EXISTS page_stat_data
    (
        id_book     integer,
        page        integer NOT NULL DEFAULT 0,
        start_time  integer NOT NULL DEFAULT 0,
        duration    integer NOT NULL DEFAULT 0,
        total_pages integer NOT NULL DEFAULT 0,
        UNIQUE (id_book, page, start_time),
        FOREIGN KEY(id_book) REFERENCES book(id)
    );
CREATE INDEX IF NOT EXISTS page_stat_data_start_time ON page_stat_data(start_time);
CREATE TABLE IF NOT EXISTS numbers
    (
        number INTEGER PRIMARY KEY
    );
WITH RECURSIVE counter AS
    (
        SELECT 1 as N UNION ALL
        SELECT N + 1 FROM counter WHERE N < 1000
    )
    INSERT INTO numbers SELECT N AS number FROM counter;
CREATE VIEW IF NOT EXISTS page_stat AS
    SELECT id_book, first_page + idx - 1 AS page, start_time, duration / (last_page - first_page + 1) AS duration
    FROM (
        SELECT id_book, page, total_pages, pages, start_time, duration,
            ((page - 1) * pages) / total_pages + 1 AS first_page,
            max(((page - 1) * pages) / total_pages + 1, (page * pages) / total_pages) AS last_page,
            idx
        FROM page_stat_data
        JOIN book ON book.id = id_book
        JOIN (SELECT number as idx FROM numbers) AS N ON idx <= (last_page - first_page + 1)
    );
PRAGMA user_version=20221111;
"""  # noqa: E501

T = 1_704_106_800  # 2024-01-01T11:00:00Z


def make_koreader_db(
    path: Path,
    books: Sequence[tuple[str, str, str, int]],
    rows: Sequence[tuple[int, int, int, int, int]],
) -> Path:
    """``books``: (title, authors, md5, pages), ids from 1; ``rows``: page_stat_data rows
    (id_book, page, start_time, duration, total_pages)."""
    conn = sqlite3.connect(path)
    conn.executescript(KOREADER_SCHEMA)
    with conn:
        for title, authors, md5, pages in books:
            conn.execute(
                "INSERT INTO book VALUES(NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (title, authors, 0, T, 0, pages, "N/A", "en", md5, 0, 0),
            )
        conn.executemany("INSERT OR IGNORE INTO page_stat_data VALUES(?, ?, ?, ?, ?)", rows)
        conn.execute(
            """UPDATE book SET (total_read_pages, total_read_time) =
               (SELECT count(DISTINCT page), sum(duration) FROM page_stat
                WHERE id_book = book.id)"""
        )
    conn.close()
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "library.db") as s:
        yield s


@pytest.fixture
def library(store: Store, tmp_path: Path) -> dict[str, int]:
    """Three library books: one whose file KOReader read too (same bytes), one read in
    KOReader as another version of the file, one known by its file name only."""
    anna = tmp_path / "anna.txt"
    anna.write_text("Happy families are all alike.\n" * 2000, encoding="utf-8")
    a, _ = store.library.upsert_book(
        book_key=book_key_of_file(anna),
        path=str(anna),
        title="Anna Karenina",
        author="Leo Tolstoy",
        length=10_000,
    )
    store.stats.set_text_length(a.id, 60_000)
    b, _ = store.library.upsert_book(
        book_key="0123456789abcdef0123456789abcdef-999",
        path=str(tmp_path / "eclat.txt"),
        title="Éclat",
        author="Zoë Ågren",
        length=3_000,
        length_unit="chars",
    )
    n, _ = store.library.upsert_book(
        book_key="fedcba9876543210fedcba9876543210-42",
        path=str(tmp_path / "notes.txt"),
        title="Chapter One",  # what Quire read as the title; KOReader used the file name
        length=500,
    )
    return {"anna": a.id, "eclat": b.id, "notes": n.id}


@pytest.fixture
def ko_file(tmp_path: Path, library: dict[str, int]) -> Path:
    md5 = partial_md5_of_file(tmp_path / "anna.txt")
    return make_koreader_db(
        tmp_path / "statistics.sqlite3",
        books=[
            ("Anna Karenina", "Leo Tolstoy", md5, 10),
            ("ECLAT", "zoe agren\nSomeone Else", "ffffffffffffffffffffffffffffffff", 4),
            ("The Unknown Book", "Nobody", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", 200),
            ("notes.txt", "N/A", "dddddddddddddddddddddddddddddddd", 5),
        ],
        rows=[
            (1, 1, T, 60, 10),
            (1, 2, T + 60, 45, 10),
            (1, 3, T + 105, 80, 10),
            (1, 10, T + 86400, 30, 10),  # the last page, the next day: finished
            (2, 1, T + 3600, 100, 4),
            (2, 2, T + 3700, 90, 4),
            (2, 3, T + 3800, 120, 5),  # after a font change the book had 5 pages
            (3, 7, T + 7200, 300, 200),
            (3, 8, T + 7500, 200, 200),
            (3, 8, T + 9000, 100, 200),
            (4, 2, T + 20000, 40, 5),
        ],
    )


def test_the_test_file_is_in_koreaders_schema(ko_file: Path) -> None:
    conn = sqlite3.connect(ko_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 20221111
    # KOReader's page_stat view rescales to the current page count (4): page 3 of 5 is 2.
    pages = conn.execute("SELECT page FROM page_stat WHERE id_book = 2 ORDER BY start_time")
    assert [p for (p,) in pages] == [1, 2, 2]
    assert conn.execute("SELECT total_read_time FROM book WHERE id = 3").fetchone()[0] == 600
    conn.close()


def test_import_matches_by_key_then_title_and_lists_the_rest(
    store: Store, ko_file: Path, library: dict[str, int]
) -> None:
    report = import_koreader(store.stats, ko_file)
    anna, eclat, unknown, notes = report.books
    assert (anna.matched_id, anna.matched_by) == (library["anna"], "key")
    assert (eclat.matched_id, eclat.matched_by) == (library["eclat"], "title")
    assert (notes.matched_id, notes.matched_by) == (library["notes"], "title")
    assert unknown.matched_id is None and report.unmatched == [unknown]
    assert (report.views_read, report.views_matched, report.views_imported) == (11, 8, 8)
    assert (unknown.pages, unknown.pages_read, unknown.seconds, unknown.views) == (200, 2, 600, 3)
    lines = report.lines()
    assert lines[0] == (
        "Imported 8 new page views from statistics.sqlite3 (8 of 11 matched a book in the "
        "library; 0 were already there)."
    )
    assert lines[1] == "Matched 3 of 4 books (1 by document key, 2 by title and author)."
    assert lines[2:] == [
        "Not in the library (1):",
        "  The Unknown Book — Nobody: 2 of 200 pages, 10 min, 3 page views",
    ]

    # Anna: its text length is known, so pages became code-point offsets.
    views = store.stats.views(library["anna"])
    assert [(v.start_offset, v.end_offset, v.offset_scale) for v in views] == [
        (0, 6000, 0),
        (6000, 12000, 0),
        (12000, 18000, 0),
        (54000, 60000, 0),
    ]
    assert [(v.start_time, v.duration) for v in views] == [
        (T, 60),
        (T + 60, 45),
        (T + 105, 80),
        (T + 86400, 30),
    ]
    assert {(v.kind, v.units, v.unit, v.source) for v in views} == {
        (Kind.READING, 1000, "words", "koreader")
    }
    stats = store.stats.book_stats(library["anna"], zone=UTC)
    assert stats is not None and stats.finished is not None
    assert int(stats.finished.timestamp()) == T + 86400
    assert stats.reading_seconds == 215 and stats.sessions == 2

    # Éclat: no text length yet, so fractions; each row keeps its own page count.
    eclat_views = store.stats.views(library["eclat"])
    assert [(v.start_offset, v.end_offset, v.offset_scale) for v in eclat_views] == [
        (0, 250_000, FRACTION_SCALE),
        (250_000, 500_000, FRACTION_SCALE),
        (400_000, 600_000, FRACTION_SCALE),
    ]
    assert [(v.units, v.unit) for v in eclat_views] == [
        (750, "chars"),
        (750, "chars"),
        (600, "chars"),
    ]
    store.stats.set_text_length(library["eclat"], 9_000)
    rescaled = store.stats.views(library["eclat"])
    assert [(v.start_offset, v.end_offset, v.offset_scale) for v in rescaled] == [
        (0, 2250, 0),
        (2250, 4500, 0),
        (3600, 5400, 0),
    ]
    # The imported time is in the daily figures.
    (day,) = store.stats.days(date(2024, 1, 1), date(2024, 1, 1), zone=UTC)
    assert (day.reading_seconds, day.pages) == (60 + 45 + 80 + 100 + 90 + 120 + 40, 7)


def test_importing_the_same_file_twice_does_not_double_count(store: Store, ko_file: Path) -> None:
    first = import_koreader(store.stats, ko_file)
    count = store.stats.count()
    day = store.stats.days(date(2024, 1, 1), date(2024, 1, 2), zone=UTC)
    again = import_koreader(store.stats, ko_file)
    assert first.views_imported == 8 and again.views_imported == 0
    assert again.views_matched == 8 and len(again.matched) == 3
    assert "0 new page views" in again.lines()[0] and "8 were already there" in again.lines()[0]
    assert store.stats.count() == count
    assert store.stats.days(date(2024, 1, 1), date(2024, 1, 2), zone=UTC) == day


def test_the_most_recently_read_version_gets_the_views(store: Store, tmp_path: Path) -> None:
    md5 = "abcdefabcdefabcdefabcdefabcdefab"
    old, _ = store.library.upsert_book(book_key=f"{md5}-1000", path="/x/v1.txt", title="Story")
    new, _ = store.library.upsert_book(book_key=f"{md5}-1200", path="/x/v2.txt", title="Story")
    store.annotations.save_progress(new.id, 10, 1.0)
    ko = make_koreader_db(tmp_path / "s.sqlite3", [("Story", "", md5, 3)], [(1, 1, T, 50, 3)])
    report = import_koreader(store.stats, ko)
    assert report.books[0].matched_id == new.id and store.stats.count(old.id) == 0
    assert old.id != new.id


def test_an_ambiguous_title_is_not_guessed(store: Store, tmp_path: Path) -> None:
    store.library.upsert_book(book_key="a-1", path="/x/a.txt", title="Emma", author="")
    store.library.upsert_book(book_key="b-2", path="/x/b.txt", title="Emma", author="")
    ko = make_koreader_db(
        tmp_path / "s.sqlite3", [("Emma", "N/A", "c" * 32, 3)], [(1, 1, T, 50, 3)]
    )
    report = import_koreader(store.stats, ko)
    assert report.unmatched[0].reason == "several library books have this title"
    assert store.stats.count() == 0
    assert report.lines()[-1].endswith("(several library books have this title)")


def test_files_that_are_not_koreader_statistics_are_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(KOReaderImportError, match="No such file"):
        import_koreader(store.stats, tmp_path / "missing.sqlite3")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(KOReaderImportError, match="not a KOReader statistics database"):
        import_koreader(store.stats, junk)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT)")
    conn.close()
    with pytest.raises(KOReaderImportError, match="no book table"):
        import_koreader(store.stats, other)
    assert store.stats.count() == 0
