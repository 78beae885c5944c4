"""Every schema version ever shipped migrates forward to the current one with its rows intact."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import make_fixtures
import pytest

from reader.store import migrations
from reader.store.db import SCHEMA_VERSION, open_store
from reader.store.migrations import MIGRATIONS, migrate, user_version

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONS = list(range(1, SCHEMA_VERSION + 1))


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [(t, n, " ".join(sql.split()) if sql else None) for t, n, sql in rows]


def _load_fixture(version: int, target: Path) -> None:
    conn = sqlite3.connect(target, isolation_level=None)
    conn.executescript((FIXTURES / f"v{version}.sql").read_text(encoding="utf-8"))
    assert user_version(conn) == version
    conn.close()


def test_schema_version_is_the_number_of_migrations() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 3


def test_there_is_a_fixture_for_every_version() -> None:
    assert sorted(p.name for p in FIXTURES.glob("v*.sql")) == sorted(f"v{v}.sql" for v in VERSIONS)


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_schema_matches_the_migrations(version: int) -> None:
    """A shipped migration was edited if this fails: add a new migration instead."""
    loaded = sqlite3.connect(":memory:")
    loaded.executescript((FIXTURES / f"v{version}.sql").read_text(encoding="utf-8"))
    built = sqlite3.connect(":memory:", isolation_level=None)
    migrate(built, version)
    assert _schema(loaded) == _schema(built)


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_migrates_to_current_with_rows_intact(version: int, tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    _load_fixture(version, db)
    with open_store(db) as store:
        assert store.notices == []
        assert store.schema_version == SCHEMA_VERSION
        lib = store.library

        # v1 rows: books and progress, in every version.
        pride = lib.find_by_key("key-pride")
        assert pride is not None and pride.id == 1
        assert (pride.title, pride.author, pride.size) == (
            "Pride and Prejudice",
            "Jane Austen",
            704158,
        )
        assert pride.path == "/library/pride.txt"
        assert pride.percent == 17.5
        assert pride.added  # filled in by v2 for books that predate it
        # v1 knew when a book was read only from its progress; v2 carried that over.
        assert pride.last_read == "2024-03-01T10:00:00.000000+00:00"
        progress = store.annotations.get_progress(1)
        assert progress is not None and (progress.offset, progress.percent) == (12345, 17.5)
        tags = lib.find_by_key("key-tags")
        assert tags is not None and tags.title == "Tags <b> & &amp;"
        war = lib.get(2)
        assert war is not None and war.last_read is None and war.percent == 0.0
        assert war.length_unit == "words" and war.missing is False

        if version >= 2:
            red = lib.get(4)
            assert red is not None
            assert (red.title, red.author, red.language) == ("红楼梦", "曹雪芹", "zh")
            assert (red.length, red.length_unit, red.missing) == (730000, "chars", True)
            assert red.encoding_override == "GB18030"
            assert red.paragraph_mode_override == "indent"
            assert red.display_title == "Dream of the Red Chamber"
            assert red.added == make_fixtures.ADDED
            assert [b.title for b in lib.recent()] == ["红楼梦", "Pride and Prejudice"]
        else:
            assert lib.count() == 3

        if version >= 3:
            (mark,) = store.annotations.bookmarks(1)
            assert (mark.id, mark.offset, mark.name) == (1, 500, "Opening")
            assert mark.prefix == "Chapter 1\n\n"
            notes = store.annotations.all_annotations()
            assert [(a.id, a.book_id, a.color, a.note, a.status) for a in notes] == [
                (1, 1, "green", "famous line", "ok"),
                (2, 4, "yellow", "", "not_found"),
            ]
            assert notes[1].quote == "甄士隐"
        else:
            assert store.annotations.bookmarks(1) == []
            assert store.annotations.all_annotations() == []

        if version >= 4:
            assert store.settings.get("style.font_size") == 14
            assert store.settings.get("style.theme") == "sepia"
            assert store.settings.key_overrides() == {
                "page.next": ["Space", "L"],
                "search.find": [],
            }
        else:
            assert store.settings.all() == {}
            assert store.settings.key_overrides() == {}

        if version >= 5:
            views = store.stats.views(1)
            assert [(v.start_time, v.duration, v.kind.label) for v in views] == [
                (make_fixtures.STATS_T0, 90, "reading"),
                (make_fixtures.STATS_T0 + 90, 75, "reading"),
                (make_fixtures.STATS_T0 + 165, 120, "listening"),
            ]
            (red_view,) = store.stats.views(4)
            assert (red_view.offset_scale, red_view.unit, red_view.source) == (
                1000000,
                "chars",
                "koreader",
            )
            assert store.stats.goal_minutes() == 20
            war_stats = store.stats.book_stats(2)
            assert war_stats is not None and war_stats.finished is not None
        else:
            # v5 added the statistics tables, empty but usable.
            assert store.stats.count() == 0
            assert store.stats.goal_minutes() is None
        assert {t for (t,) in store.conn.execute("SELECT name FROM sqlite_master")} >= {
            "page_views",
            "stat_quarters",
            "stat_books",
            "page_views_insert",
            "page_views_delete",
        }
        # The summary the triggers keep agrees with the page views, old and new.
        quarters = store.conn.execute(
            "SELECT coalesce(sum(seconds), 0), coalesce(sum(views), 0) FROM stat_quarters"
        ).fetchone()
        totals = store.conn.execute(
            "SELECT coalesce(sum(duration), 0), count(*) FROM page_views"
        ).fetchone()
        assert quarters == totals

        # New rows get fresh ids after the old ones (AUTOINCREMENT state survived).
        rec, status = lib.upsert_book(book_key="new", path=str(tmp_path / "n.txt"), title="N")
        assert status == "added" and rec.id == (4 if version == 1 else 5)


def test_migrated_schema_equals_a_fresh_one(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    _load_fixture(1, db)
    open_store(db).close()
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    migrate(fresh)
    old = sqlite3.connect(db)
    assert _schema(old) == _schema(fresh)
    old.close()


def test_migrate_returns_found_version_and_is_idempotent() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert migrate(conn, 2) == 0
    assert user_version(conn) == 2
    assert migrate(conn) == 2
    assert user_version(conn) == SCHEMA_VERSION
    before = _schema(conn)
    assert migrate(conn) == SCHEMA_VERSION
    assert _schema(conn) == before
    with pytest.raises(ValueError):
        migrate(conn, SCHEMA_VERSION + 1)


def test_failing_migration_rolls_back_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS[:2], ("broken", broken)))
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, 1)
    schema_v1 = _schema(conn)
    with pytest.raises(RuntimeError, match="migration bug"):
        migrate(conn, 3)
    assert user_version(conn) == 1
    assert _schema(conn) == schema_v1
    assert not conn.in_transaction


def test_migration_keeps_foreign_keys_on_afterwards(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    _load_fixture(1, db)
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        removed = store.library.remove(1)
        assert removed.progress is not None
        assert store.conn.execute("SELECT count(*) FROM progress").fetchone()[0] == 0


def test_v5_counts_books_already_at_the_end_as_finished(tmp_path: Path) -> None:
    """Books read to 99 % or more before statistics existed are finished when last saved."""
    db = tmp_path / "library.db"
    _load_fixture(4, db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(
        'INSERT INTO progress(book_id, "offset", percent, updated) VALUES (2, 3000000, 99.5, ?)',
        ("2024-02-10T21:30:00.000000+00:00",),
    )
    conn.close()
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        war = store.stats.book_stats(2, zone=UTC)
        assert war is not None and war.finished == datetime(2024, 2, 10, 21, 30, tzinfo=UTC)
        pride = store.stats.book_stats(1, zone=UTC)  # 17.5 %: not finished
        assert pride is not None and pride.finished is None and pride.percent == 17.5
        assert store.stats.count() == 0
        # The new tables work at once: a view added through the store shows in the figures.
        from reader.store.stats_models import PageView

        assert store.stats.add_views([PageView(1, 0, 900, 1_712_000_000, 60, units=150)]) == 1
        assert store.stats.days(date(2024, 4, 1), date(2024, 4, 1), zone=UTC)[0].pages == 1
