"""Write tests/store/fixtures/vN.sql: a small library at every schema version.

Run ``python3 tests/store/make_fixtures.py`` once when a new migration is added
(it only writes fixtures that don't exist yet unless given ``--force``). Each
database is built the way a real one ages: migrate to v1, add v1-era rows, migrate
to v2, add v2-era rows, and so on up to N; then it is dumped as SQL text, with its
``PRAGMA user_version``.

Old fixtures must stay as they are: they stand for files already on readers' disks.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.store.migrations import SCHEMA_VERSION, migrate  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ADDED = "2024-04-01T09:00:00.000000+00:00"


def _v1_rows(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT INTO books(id, book_key, path, title, author, size) VALUES (?,?,?,?,?,?)",
        [
            (1, "key-pride", "/library/pride.txt", "Pride and Prejudice", "Jane Austen", 704158),
            (2, "key-war", "/library/war.txt", "War and Peace", "Leo Tolstoy", 3359630),
            (3, "key-tags", "/library/tags.txt", "Tags <b> & &amp;", "", 120),
        ],
    )
    conn.execute(
        'INSERT INTO progress(book_id, "offset", percent, updated) VALUES (?,?,?,?)',
        (1, 12345, 17.5, "2024-03-01T10:00:00.000000+00:00"),
    )


def _v2_rows(conn: sqlite3.Connection) -> None:
    conn.execute(
        """INSERT INTO books(id, book_key, path, title, author, size, language, length,
             length_unit, added, last_read, missing, encoding_override,
             paragraph_mode_override, title_override, author_override)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (
            4,
            "key-honglou",
            "/library/红楼梦.txt",
            "红楼梦",
            "曹雪芹",
            2100000,
            "zh",
            730000,
            "chars",
            ADDED,
            "2024-04-02T20:00:00.000000+00:00",
            1,
            "GB18030",
            "indent",
            "Dream of the Red Chamber",
            None,
        ),
    )
    conn.execute(
        'INSERT INTO progress(book_id, "offset", percent, updated) VALUES (?,?,?,?)',
        (4, 5000, 0.7, "2024-04-02T20:00:00.000000+00:00"),
    )


def _v3_rows(conn: sqlite3.Connection) -> None:
    conn.execute(
        """INSERT INTO bookmarks(id, book_id, "offset", quote, prefix, name, created, status)
           VALUES (?,?,?,?,?,?,?,?)""",
        (1, 1, 500, "It is a truth universally", "Chapter 1\n\n", "Opening", ADDED, "ok"),
    )
    conn.executemany(
        """INSERT INTO annotations(id, book_id, start, "end", quote, prefix, suffix, color,
             note, created, updated, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
        [
            (1, 1, 510, 540, "universally acknowledged", "a truth ", ", that", "green",
             "famous line", ADDED, ADDED, "ok"),
            (2, 4, 100, 104, "甄士隐", "第一回　", "梦幻识通灵", "yellow", "",
             ADDED, ADDED, "not_found"),
        ],
    )  # fmt: skip


def _v4_rows(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT INTO settings(key, value) VALUES (?, ?)",
        [("style.font_size", "14"), ("style.theme", '"sepia"')],
    )
    conn.executemany(
        "INSERT INTO key_bindings(command, keys) VALUES (?, ?)",
        [("page.next", '["Space", "L"]'), ("search.find", "[]")],
    )


STATS_T0 = 1711900800
"""2024-03-31T16:00:00Z: the v5 page views start here."""


def _v5_rows(conn: sqlite3.Connection) -> None:
    conn.executemany(
        """INSERT INTO page_views(book_id, start_offset, end_offset, offset_scale, start_time,
             duration, kind, units, unit, source) VALUES (?,?,?,?,?,?,?,?,?,?)""",
        [
            (1, 12000, 13500, 0, STATS_T0, 90, 0, 260, "words", "quire"),
            (1, 13500, 15000, 0, STATS_T0 + 90, 75, 0, 250, "words", "quire"),
            (1, 15000, 16400, 0, STATS_T0 + 165, 120, 1, 240, "words", "quire"),
            (4, 250000, 500000, 1000000, STATS_T0 + 86400, 110, 0, 3650, "chars", "koreader"),
        ],
    )
    conn.executemany(
        "INSERT INTO stat_books(book_id, text_length, finished_at) VALUES (?, ?, ?)",
        [(1, 704000, None), (2, None, STATS_T0 - 86400)],
    )
    conn.execute("INSERT INTO settings(key, value) VALUES ('stats.daily_goal_minutes', '20')")


def _v6_rows(conn: sqlite3.Connection) -> None:
    conn.execute(
        """UPDATE books SET story = ?, fandom = ?, rating = ?, story_status = ?,
             story_words = ?, chapters_done = ?, chapters_planned = ?, story_updated = ?,
             story_url = ?, new_chapters = 2, first_new_offset = 4000 WHERE id = 3""",
        (
            '{"fandoms": ["Vampire Diaries"], "rating": "T"}',
            "Vampire Diaries",
            "T",
            "wip",
            12000,
            3,
            None,
            "2024-04-02",
            "https://example.org/s/1",
        ),
    )
    conn.execute(
        "INSERT INTO chapter_rules(book_id, kind, pattern, line, created) VALUES (?,?,?,?,?)",
        (3, "pattern", r"^第.+章", "", ADDED),
    )


ROWS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_rows,
    2: _v2_rows,
    3: _v3_rows,
    4: _v4_rows,
    5: _v5_rows,
    6: _v6_rows,
}
"""Rows added right after migrating to each version (a new version adds its own entry)."""


def build(version: int) -> sqlite3.Connection:
    """An in-memory database at ``version``, aged one migration at a time with rows added."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    for v in range(1, version + 1):
        migrate(conn, v)
        with conn:
            conn.execute("BEGIN")
            ROWS[v](conn)
    return conn


def dump(version: int) -> str:
    """The SQL text of :func:`build` (``version``), ending with its ``user_version``."""
    conn = build(version)
    lines = list(conn.iterdump())
    conn.close()
    header = f"-- Quire library at schema v{version}; written by tests/store/make_fixtures.py\n"
    return header + "\n".join(lines) + f"\nPRAGMA user_version = {version};\n"


def main(argv: list[str]) -> int:
    """Write the missing fixtures (all of them with ``--force``)."""
    force = "--force" in argv
    FIXTURES.mkdir(exist_ok=True)
    for version in range(1, SCHEMA_VERSION + 1):
        target = FIXTURES / f"v{version}.sql"
        if target.exists() and not force:
            continue
        target.write_text(dump(version), encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
