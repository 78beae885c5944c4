"""Opening the store: pragmas, corruption move-aside, newer-version refusal, write failures."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from store_support import lock_held, within

from reader.store.base import READ_WAIT_MS, StoreBusyError
from reader.store.db import SCHEMA_VERSION, Store, StoreError, open_store, utc_now

GUARD = 30.0


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "library.db"


def _fill(store: Store, n: int = 50) -> None:
    store.library.add_many(
        {"book_key": f"k{i}", "path": f"/books/{i}.txt", "title": f"Book {i}" * 20}
        for i in range(n)
    )


def test_open_creates_folder_and_current_schema(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert db_path.is_file()
        assert store.path == db_path
        assert store.schema_version == SCHEMA_VERSION
        assert store.notices == []
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        # Short, so a GUI-thread read that meets a lock fails fast instead of freezing;
        # writes still wait for the lock (test_synchronous_writes_still_wait_…).
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == READ_WAIT_MS <= 50


def test_reopen_keeps_data_and_writes_are_committed_at_once(db_path: Path) -> None:
    store = open_store(db_path)
    rec, _ = store.library.upsert_book(book_key="k", path="/b/x.txt", title="X")
    store.annotations.save_progress(rec.id, 42, 1.5)
    # A separate raw connection sees the write while the store is still open: committed.
    raw = sqlite3.connect(db_path)
    assert raw.execute('SELECT "offset" FROM progress').fetchone() == (42,)
    raw.close()
    store.close()
    store.close()  # idempotent
    with open_store(db_path) as again:
        assert again.notices == []
        got = again.annotations.get_progress(rec.id)
        assert got is not None and got.offset == 42


def _corrupt_files(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob("library.db.corrupt-*"))


def test_garbage_file_is_moved_aside_with_wal_and_shm(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    db_path.write_bytes(garbage)
    Path(f"{db_path}-wal").write_bytes(b"wal bytes")
    Path(f"{db_path}-shm").write_bytes(b"shm bytes")
    with open_store(db_path) as store:
        moved = [p for p in _corrupt_files(db_path) if not p.name.endswith(("-wal", "-shm"))]
        assert len(moved) == 1
        assert moved[0].read_bytes() == garbage  # nothing deleted, nothing altered
        assert Path(f"{moved[0]}-wal").read_bytes() == b"wal bytes"
        # The -shm is only SQLite's shared-memory index (rebuilt from the -wal): moved too.
        assert Path(f"{moved[0]}-shm").exists()
        assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").read_bytes() != (
            b"wal bytes"
        )
        stamp = moved[0].name.removeprefix("library.db.corrupt-")
        datetime.strptime(stamp, "%Y%m%d-%H%M%S")
        assert len(store.notices) == 1
        assert str(moved[0]) in store.notices[0]
        assert "fresh library" in store.notices[0]
        # The fresh library works.
        assert store.schema_version == SCHEMA_VERSION
        assert store.library.count() == 0
        store.library.upsert_book(book_key="k", path="/b/x.txt", title="X")
        assert store.library.count() == 1


def test_truncated_database_is_moved_aside(db_path: Path) -> None:
    with open_store(db_path) as store:
        _fill(store, 400)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    assert len(data) > 8 * 4096
    db_path.write_bytes(data[: len(data) // 2])
    with open_store(db_path) as store:
        assert store.library.count() == 0
        moved = [p for p in _corrupt_files(db_path) if not p.name.endswith(("-wal", "-shm"))]
        assert [p.read_bytes() for p in moved] == [data[: len(data) // 2]]
        assert str(moved[0]) in store.notices[0]


def test_foreign_sqlite_database_is_moved_aside(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    other = sqlite3.connect(db_path)
    other.execute("CREATE TABLE books (isbn TEXT)")
    other.commit()
    other.close()
    with open_store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert "not a Quire library" in store.notices[0]
        assert len(_corrupt_files(db_path)) == 1


def test_two_corruptions_in_the_same_second_get_distinct_names(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    for content in (b"first garbage" * 100, b"second garbage" * 100):
        db_path.write_bytes(content)
        open_store(db_path).close()
    contents = {p.read_bytes() for p in _corrupt_files(db_path)}
    assert contents == {b"first garbage" * 100, b"second garbage" * 100}


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = sqlite3.connect(db_path)
    raw.execute("CREATE TABLE future (x)")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.commit()
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version of Quire") as err:
        open_store(db_path)
    assert "\n" not in str(err.value)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["library.db"]


def test_path_that_is_a_folder_gives_store_error(tmp_path: Path) -> None:
    (tmp_path / "library.db").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path / "library.db")


def test_data_folder_that_cannot_be_created_gives_store_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder should be")
    with pytest.raises(StoreError, match="could not create its data folder"):
        open_store(tmp_path / "blocker" / "library.db")


def test_disk_full_gives_clear_error_and_keeps_data(db_path: Path) -> None:
    store = open_store(db_path)
    _fill(store, 20)
    rec = store.library.find_by_key("k3")
    assert rec is not None
    store.annotations.save_progress(rec.id, 7, 2.0)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    many = [{"book_key": f"big{i}", "path": f"/x/{i}", "title": "T" * 5000} for i in range(200)]
    with pytest.raises(StoreError, match="disk is full") as err:
        store.library.add_many(many)
    assert "\n" not in str(err.value)
    assert not store.conn.in_transaction
    assert store.library.count() == 20
    assert store.library.find_by_key("big0") is None
    got = store.annotations.get_progress(rec.id)
    assert got is not None and got.offset == 7
    store.close()
    with open_store(db_path) as again:
        assert again.library.count() == 20


def test_read_only_database_gives_clear_error_and_keeps_data(db_path: Path) -> None:
    store = open_store(db_path)
    store.settings.set("theme", "dark")
    store.conn.execute("PRAGMA query_only = ON")  # SQLite refuses writes as for a read-only file
    with pytest.raises(StoreError, match="read-only"):
        store.settings.set("theme", "light")
    assert store.settings.get("theme") == "dark"
    store.close()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_read_only_file_on_disk_gives_store_error(db_path: Path) -> None:
    open_store(db_path).close()
    db_path.chmod(0o444)
    db_path.parent.chmod(0o555)
    try:
        with pytest.raises(StoreError):
            open_store(db_path).settings.set("x", 1)
    finally:
        db_path.parent.chmod(0o755)
        db_path.chmod(0o644)


def test_worker_connection_sees_and_makes_changes(db_path: Path) -> None:
    main = open_store(db_path)
    worker = main.open_worker()
    result: list[int] = []

    def work() -> None:
        worker.library.add_many(
            {"book_key": f"w{i}", "path": f"/w/{i}.txt", "title": "W"} for i in range(100)
        )
        result.append(worker.library.count())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert result == [100]
    assert main.library.count() == 100
    worker.close()
    main.close()


def _open_and_add(path: Path, n: int) -> str:
    with open_store(path) as s:
        s.library.upsert_book(book_key=f"k{n}", path=f"/{n}.txt", title="T")
        return f"v{s.schema_version}"


def test_processes_creating_the_library_at_once_all_succeed(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ctx.Pool(4) as pool:
        for i in range(5):
            db = tmp_path / f"lib{i}" / "library.db"
            jobs = [(db, n) for n in range(4)]
            assert pool.starmap(_open_and_add, jobs) == [f"v{SCHEMA_VERSION}"] * 4
            with open_store(db) as s:
                assert s.library.count() == 4


def test_threads_opening_a_new_file_at_once_migrate_it_once(db_path: Path) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def opener() -> None:
        try:
            barrier.wait()
            with open_store(db_path) as s:
                assert s.schema_version == SCHEMA_VERSION
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(db_path) as s:
        tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"books", "progress", "bookmarks", "annotations", "settings"} <= tables


def test_utc_now_is_iso_utc_and_strictly_increasing() -> None:
    stamps = [utc_now() for _ in range(1000)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    parsed = datetime.fromisoformat(stamps[0])
    assert parsed.utcoffset() == timedelta(0)


def test_store_imports_without_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"
        "import reader.store.db, reader.store.library, reader.store.annotations\n"
        "import reader.store.settings, reader.store.migrations\n"
        "import reader.store.writer, reader.store.drafts, reader.store.base\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_library_locked_at_start_opening_does_not_wait_for_the_lock(db_path: Path) -> None:
    with open_store(db_path) as store:
        book, _ = store.library.upsert_book(book_key="k", path="/b/a.txt", title="A")
        store.annotations.save_progress(book.id, 7, 1.0)
    with lock_held(db_path):
        # Quire starting while another program writes: it opens (WAL readers don't
        # wait for a writer) and reads; its writes go through the StoreWriter later.
        again = within(GUARD, lambda: open_store(db_path))
        try:
            got = again.annotations.get_progress(book.id)
            assert got is not None and got.offset == 7
        finally:
            again.close()


def test_library_locked_exclusively_at_start_gives_a_clear_busy_message(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    sqlite3.connect(db_path).close()  # an empty (rollback-journal) file, as a new library
    with lock_held(db_path, mode="exclusive"), pytest.raises(StoreBusyError) as err:
        within(GUARD, lambda: open_store(db_path))
    message = str(err.value)
    assert "another program" in message and "locked" in message and str(db_path) in message
    assert "\n" not in message
    with open_store(db_path) as s:  # once the other program is done, it opens normally
        assert s.library.count() == 0


def test_synchronous_writes_still_wait_for_a_short_lock(db_path: Path) -> None:
    # The Store's connection gives up reads fast, but its own (blocking) writes still
    # wait for the write lock as before, so the import worker keeps working.
    store = open_store(db_path)
    book, _ = store.library.upsert_book(book_key="k", path="/b/a.txt", title="A")
    with lock_held(db_path, seconds=0.5) as holder:
        mark = within(GUARD, lambda: store.annotations.add_bookmark(book.id, 1, "q", "", "n"))
        holder.wait_released()
    assert store.annotations.bookmarks(book.id) == [mark]
    store.close()
