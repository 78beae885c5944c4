"""The library schema, as an ordered list of migrations keyed to ``PRAGMA user_version``.

Migration N (1-based) takes a version N-1 database to version N. Never edit a
migration that has shipped: add a new one at the end. tests/store/fixtures holds a
dump of every version, and the tests check that each still migrates to the current one
and that the fixtures match what these functions build.

All pending migrations run in one ``BEGIN IMMEDIATE`` transaction, re-reading the
version inside it, so two processes opening the file at once migrate it exactly once.
Foreign keys are switched off while migrating (SQLite's recommended procedure for
schema changes, so a future table rebuild can't cascade-delete rows) and checked
before commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
    """Execute each statement in turn (executescript would COMMIT our transaction)."""
    for sql in statements:
        conn.execute(sql)


def _v1_books_and_progress(conn: sqlite3.Connection) -> None:
    """v1 (the reading window): books by key and path, and the reading position."""
    _run(
        conn,
        [
            """CREATE TABLE books (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                book_key TEXT NOT NULL UNIQUE,
                path TEXT NOT NULL,
                title TEXT NOT NULL DEFAULT '',
                author TEXT NOT NULL DEFAULT '',
                size INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX books_path ON books(path)",
            """CREATE TABLE progress (
                book_id INTEGER PRIMARY KEY REFERENCES books(id) ON DELETE CASCADE,
                "offset" INTEGER NOT NULL,
                percent REAL NOT NULL DEFAULT 0,
                updated TEXT NOT NULL
            )""",
        ],
    )


def _v2_library_fields(conn: sqlite3.Connection) -> None:
    """v2 (the library pane): language, length, dates, missing flag, per-book overrides."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    _run(
        conn,
        [
            "ALTER TABLE books ADD COLUMN language TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN length INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE books ADD COLUMN length_unit TEXT NOT NULL DEFAULT 'words'",
            "ALTER TABLE books ADD COLUMN added TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN last_read TEXT",
            "ALTER TABLE books ADD COLUMN missing INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE books ADD COLUMN encoding_override TEXT",
            "ALTER TABLE books ADD COLUMN paragraph_mode_override TEXT",
            "ALTER TABLE books ADD COLUMN title_override TEXT",
            "ALTER TABLE books ADD COLUMN author_override TEXT",
            # v1 knew when each book was last read only through its progress row.
            """UPDATE books SET last_read =
                (SELECT updated FROM progress WHERE progress.book_id = books.id)""",
            "CREATE INDEX books_last_read ON books(last_read)",
        ],
    )
    conn.execute("UPDATE books SET added = ? WHERE added = ''", (now,))


def _v3_bookmarks_and_annotations(conn: sqlite3.Connection) -> None:
    """v3 (the notes panel): bookmarks and highlights/notes, anchored by offset + quote."""
    _run(
        conn,
        [
            """CREATE TABLE bookmarks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
                "offset" INTEGER NOT NULL,
                quote TEXT NOT NULL DEFAULT '',
                prefix TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL DEFAULT '',
                created TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'ok'
            )""",
            'CREATE INDEX bookmarks_book ON bookmarks(book_id, "offset")',
            """CREATE TABLE annotations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                quote TEXT NOT NULL DEFAULT '',
                prefix TEXT NOT NULL DEFAULT '',
                suffix TEXT NOT NULL DEFAULT '',
                color TEXT NOT NULL DEFAULT 'yellow',
                note TEXT NOT NULL DEFAULT '',
                created TEXT NOT NULL,
                updated TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'ok'
            )""",
            "CREATE INDEX annotations_book ON annotations(book_id, start)",
        ],
    )


def _v4_settings_and_keys(conn: sqlite3.Connection) -> None:
    """v4 (desktop and keyboard): reading/behaviour settings and key-binding overrides."""
    _run(
        conn,
        [
            """CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID""",
            """CREATE TABLE key_bindings (
                command TEXT PRIMARY KEY,
                keys TEXT NOT NULL
            ) WITHOUT ROWID""",
        ],
    )


def _v5_summary_sql(row: str, sign: str) -> list[str]:
    """Trigger statements adding (``+``) or taking away (``-``) page view ``row`` (``NEW`` or
    ``OLD``) to or from both summaries: per UTC hour and per UTC quarter hour."""
    out = []
    for table, col, size in (("stat_hours", "hour", 3600), ("stat_quarters", "quarter", 900)):
        key = f"{col} = {row}.start_time / {size} AND kind = {row}.kind"
        if sign == "+":
            out.append(
                f"INSERT INTO {table}({col}, kind, seconds, views) "
                f"VALUES ({row}.start_time / {size}, {row}.kind, {row}.duration, 1) "
                f"ON CONFLICT({col}, kind) DO UPDATE SET "
                "seconds = seconds + excluded.seconds, views = views + 1;"
            )
        else:
            out.append(
                f"UPDATE {table} SET seconds = seconds - {row}.duration, views = views - 1 "
                f"WHERE {key};"
            )
            out.append(f"DELETE FROM {table} WHERE {key} AND views <= 0;")
    return out


def _v5_reading_statistics(conn: sqlite3.Connection) -> None:
    """v5 (reading statistics): page views, their sums per UTC hour and quarter hour kept
    by triggers, and what the statistics know about each book (text length, when first
    finished). Books whose saved progress is already at 99 % or more count as finished
    when their position was last saved.

    Times are UTC epoch seconds, as in KOReader's ``page_stat_data``: integer
    arithmetic buckets them (``start_time / 3600``, ``/ 900``) and local days are worked
    out at query time — from the hour sums in zones a whole number of hours from UTC,
    from the quarter-hour sums elsewhere (India, Nepal, Newfoundland …). The triggers on
    ``page_views`` (insert, delete — also the cascade when a book is removed — and
    update) keep the sums right, so the Statistics view adds up a few thousand hours
    instead of every page view. While ``stat_bulk_delete`` has a row (clearing all
    statistics, in one transaction with emptying the sums) the delete trigger stands by.
    """
    _run(
        conn,
        [
            """CREATE TABLE page_views (
                id INTEGER PRIMARY KEY,
                book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
                start_offset INTEGER NOT NULL,
                end_offset INTEGER NOT NULL,
                offset_scale INTEGER NOT NULL DEFAULT 0,
                start_time INTEGER NOT NULL,
                duration INTEGER NOT NULL CHECK (duration > 0),
                kind INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1)),
                units INTEGER NOT NULL DEFAULT 0,
                unit TEXT NOT NULL DEFAULT 'words' CHECK (unit IN ('words', 'chars')),
                source TEXT NOT NULL DEFAULT 'quire'
            )""",
            # One view per book and start second: dedupes re-imports, serves per-book queries.
            "CREATE UNIQUE INDEX page_views_book_time ON page_views(book_id, start_time)",
            # Recent pace ("time left") reads only this index.
            "CREATE INDEX page_views_time ON page_views(start_time, kind, unit, units, duration)",
            """CREATE TABLE stat_hours (
                hour INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                seconds INTEGER NOT NULL,
                views INTEGER NOT NULL,
                PRIMARY KEY (hour, kind)
            ) WITHOUT ROWID""",
            """CREATE TABLE stat_quarters (
                quarter INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                seconds INTEGER NOT NULL,
                views INTEGER NOT NULL,
                PRIMARY KEY (quarter, kind)
            ) WITHOUT ROWID""",
            "CREATE TABLE stat_bulk_delete (active INTEGER NOT NULL)",
            "CREATE TRIGGER page_views_insert AFTER INSERT ON page_views BEGIN\n"
            + "\n".join(_v5_summary_sql("NEW", "+"))
            + "\nEND",
            "CREATE TRIGGER page_views_delete AFTER DELETE ON page_views\n"
            "WHEN NOT EXISTS (SELECT 1 FROM stat_bulk_delete) BEGIN\n"
            + "\n".join(_v5_summary_sql("OLD", "-"))
            + "\nEND",
            "CREATE TRIGGER page_views_update AFTER UPDATE OF start_time, duration, kind\n"
            "ON page_views BEGIN\n"
            + "\n".join(_v5_summary_sql("OLD", "-") + _v5_summary_sql("NEW", "+"))
            + "\nEND",
            """CREATE TABLE stat_books (
                book_id INTEGER PRIMARY KEY REFERENCES books(id) ON DELETE CASCADE,
                text_length INTEGER,
                finished_at INTEGER
            )""",
            "CREATE INDEX stat_books_finished ON stat_books(finished_at)",
            # Books finished before statistics existed: their progress says when at latest.
            """INSERT INTO stat_books(book_id, finished_at)
               SELECT book_id, CAST(strftime('%s', updated) AS INTEGER) FROM progress
               WHERE percent >= 99 AND strftime('%s', updated) IS NOT NULL""",
        ],
    )


def _v6_stories(conn: sqlite3.Connection) -> None:
    """v6 (fan fiction): story fields for the library, versions of a story, chapter rules.

    ``story`` holds the whole parsed story header as JSON (``StoryInfo``) for the Story
    info view; the columns beside it are what the library shows, filters, sorts and
    groups by for thousands of stories without decoding JSON. ``story_url`` finds a
    re-downloaded story; ``first_chapter`` (a digest of its first chapter's text) finds
    one without a URL together with title and author. ``new_chapters`` and
    ``first_new_offset`` say what the last update added until the reader opens it.
    ``chapter_rules`` are the reader's fixes to a book's contents; they belong to the
    story (the row), so they survive re-parsing and updated versions.
    """
    _run(
        conn,
        [
            "ALTER TABLE books ADD COLUMN story TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN fandom TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN rating TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN story_status TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN story_words INTEGER",
            "ALTER TABLE books ADD COLUMN chapters_done INTEGER",
            "ALTER TABLE books ADD COLUMN chapters_planned INTEGER",
            "ALTER TABLE books ADD COLUMN story_updated TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN series TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN series_part INTEGER",
            "ALTER TABLE books ADD COLUMN story_url TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN first_chapter TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE books ADD COLUMN new_chapters INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE books ADD COLUMN first_new_offset INTEGER",
            "ALTER TABLE books ADD COLUMN italics_repair INTEGER",
            "ALTER TABLE books ADD COLUMN hide_author_notes INTEGER",
            "CREATE INDEX books_story_url ON books(story_url) WHERE story_url != ''",
            """CREATE TABLE chapter_rules (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('pattern', 'mark', 'unmark')),
                pattern TEXT NOT NULL DEFAULT '',
                line TEXT NOT NULL DEFAULT '',
                created TEXT NOT NULL
            )""",
            "CREATE INDEX chapter_rules_book ON chapter_rules(book_id)",
        ],
    )


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("books and reading progress", _v1_books_and_progress),
    ("library fields and per-book overrides", _v2_library_fields),
    ("bookmarks and annotations", _v3_bookmarks_and_annotations),
    ("settings and key-binding overrides", _v4_settings_and_keys),
    ("reading statistics", _v5_reading_statistics),
    ("stories, their versions and chapter rules", _v6_stories),
)
"""Migration i (0-based) takes the schema from version i to version i + 1."""

SCHEMA_VERSION: int = len(MIGRATIONS)
"""The schema version this code writes and understands."""


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the open database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database forward to ``target`` in one transaction; return the version found.

    A database already at or beyond ``target`` is left untouched (the caller decides
    what a newer version means). ``conn`` must be in autocommit mode
    (``isolation_level=None``) and not inside a transaction.
    """
    if not 0 <= target <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {target}")
    if user_version(conn) >= target:
        return user_version(conn)
    fk_on = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = user_version(conn)  # re-read: another process may have migrated
            for version in range(found, target):
                MIGRATIONS[version][1](conn)
            if found < target:
                problems = conn.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise sqlite3.IntegrityError(f"foreign key check failed: {problems[:3]}")
                conn.execute(f"PRAGMA user_version = {int(target)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        if fk_on:
            conn.execute("PRAGMA foreign_keys = ON")
    return found
