"""Progress, bookmarks and highlights/notes: saved at once, listed in order, undoable."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store.db import Store, StoreError, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "library.db")
    yield s
    s.close()


@pytest.fixture
def book_id(store: Store) -> int:
    return store.library.upsert_book(book_key="k", path="/b/a.txt", title="A")[0].id


def _raw(store: Store) -> sqlite3.Connection:
    """A second connection: sees only what was committed."""
    return sqlite3.connect(store.path)


def test_progress_is_saved_updated_and_marks_the_book_read(store: Store, book_id: int) -> None:
    assert store.annotations.get_progress(book_id) is None
    store.annotations.save_progress(book_id, 1000, 12.5)
    first = store.annotations.get_progress(book_id)
    assert first is not None and (first.book_id, first.offset, first.percent) == (
        book_id,
        1000,
        12.5,
    )
    book = store.library.get(book_id)
    assert book is not None and book.last_read == first.updated and book.percent == 12.5
    store.annotations.save_progress(book_id, 2000, 25.0)
    second = store.annotations.get_progress(book_id)
    assert second is not None and second.offset == 2000 and second.updated > first.updated
    raw = _raw(store)
    assert raw.execute('SELECT "offset", percent FROM progress').fetchall() == [(2000, 25.0)]
    raw.close()


def test_progress_for_a_removed_book_gives_store_error(store: Store, book_id: int) -> None:
    store.library.remove(book_id)
    with pytest.raises(StoreError, match="no longer in the library"):
        store.annotations.save_progress(book_id, 1, 1.0)


def test_many_progress_saves_keep_the_last(store: Store, book_id: int) -> None:
    # Its speed (target < 5 ms each) is measured by tests/bench/bench_store.py.
    for i in range(50):
        store.annotations.save_progress(book_id, i * 100, i / 2)
    got = store.annotations.get_progress(book_id)
    assert got is not None and (got.offset, got.percent) == (4900, 24.5)


def test_bookmarks_add_list_rename_move_delete(store: Store, book_id: int) -> None:
    late = store.annotations.add_bookmark(book_id, 900, "late words", "before ", "Late")
    early = store.annotations.add_bookmark(book_id, 100, "early words", "", "Early")
    assert late.id != early.id and late.created and late.status == "ok"
    assert [b.name for b in store.annotations.bookmarks(book_id)] == ["Early", "Late"]
    assert store.annotations.get_bookmark(late.id) == late

    store.annotations.rename_bookmark(late.id, "Renamed")
    store.annotations.move_bookmark(early.id, 1500, "ok")
    assert [(b.name, b.offset) for b in store.annotations.bookmarks(book_id)] == [
        ("Renamed", 900),
        ("Early", 1500),
    ]
    store.annotations.move_bookmark(late.id, 900, "not_found")
    got = store.annotations.get_bookmark(late.id)
    assert got is not None and got.status == "not_found" and got.quote == "late words"
    store.annotations.move_bookmark(late.id, 950, quote="late word", prefix="before")
    got = store.annotations.get_bookmark(late.id)
    assert got is not None and (got.offset, got.quote, got.prefix, got.status) == (
        950,
        "late word",
        "before",
        "ok",
    )
    with pytest.raises(ValueError):
        store.annotations.move_bookmark(late.id, 1, "lost")

    store.annotations.delete_bookmark(early.id)
    store.annotations.delete_bookmark(early.id)  # already gone: no error
    assert [b.id for b in store.annotations.bookmarks(book_id)] == [late.id]
    store.annotations.restore_bookmark(early)
    assert store.annotations.get_bookmark(early.id) is not None


def test_annotations_add_list_update_move(store: Store, book_id: int) -> None:
    b = store.annotations.add_annotation(book_id, 50, 60, "second", "pre", "suf")
    a = store.annotations.add_annotation(book_id, 10, 20, "first", "", " after", "green", "hm")
    assert (a.color, a.note, a.status) == ("green", "hm", "ok")
    assert (b.color, b.note) == ("yellow", "")
    assert a.created == a.updated
    assert store.annotations.annotations(book_id) == [a, b]
    assert store.annotations.get_annotation(a.id) == a

    recoloured = store.annotations.update_annotation(a.id, color="pink")
    assert (recoloured.color, recoloured.note) == ("pink", "hm")
    assert recoloured.updated > a.updated and recoloured.created == a.created
    noted = store.annotations.update_annotation(a.id, note="A note\nwith <b>tags</b>")
    assert (noted.color, noted.note) == ("pink", "A note\nwith <b>tags</b>")

    store.annotations.move_annotation(b.id, 5, 11, "ok", quote="second!", suffix="x")
    moved = store.annotations.get_annotation(b.id)
    assert moved is not None
    assert (moved.start, moved.end, moved.quote, moved.prefix, moved.suffix) == (
        5,
        11,
        "second!",
        "pre",
        "x",
    )
    assert [x.id for x in store.annotations.annotations(book_id)] == [b.id, a.id]
    store.annotations.move_annotation(a.id, 10, 20, "not_found")
    got = store.annotations.get_annotation(a.id)
    assert got is not None and got.status == "not_found"
    with pytest.raises(ValueError):
        store.annotations.move_annotation(a.id, 30, 20)
    with pytest.raises(ValueError):
        store.annotations.add_annotation(book_id, 30, 20, "", "", "")
    with pytest.raises(StoreError, match="no longer exists"):
        store.annotations.update_annotation(9999, note="x")


def test_delete_annotation_returns_it_and_restore_undoes(store: Store, book_id: int) -> None:
    a = store.annotations.add_annotation(book_id, 1, 4, "abc", "", "", "blue", "note")
    other = store.annotations.add_annotation(book_id, 8, 9, "x", "", "")
    deleted = store.annotations.delete_annotation(a.id)
    assert deleted == a
    assert store.annotations.annotations(book_id) == [other]
    raw = _raw(store)
    assert raw.execute("SELECT count(*) FROM annotations").fetchone() == (1,)
    raw.close()
    store.annotations.restore_annotation(deleted)
    assert store.annotations.annotations(book_id) == [a, other]
    with pytest.raises(StoreError):
        store.annotations.delete_annotation(9999)


def test_restore_annotation_of_a_removed_book_is_refused(store: Store, book_id: int) -> None:
    a = store.annotations.add_annotation(book_id, 1, 4, "abc", "", "")
    store.library.remove(book_id)
    with pytest.raises(StoreError, match="no longer in the library"):
        store.annotations.restore_annotation(a)


def test_all_annotations_spans_the_library(store: Store, book_id: int) -> None:
    other = store.library.upsert_book(book_key="k2", path="/b/b.txt", title="B")[0].id
    x = store.annotations.add_annotation(other, 5, 6, "x", "", "")
    y = store.annotations.add_annotation(book_id, 50, 60, "y", "", "")
    z = store.annotations.add_annotation(book_id, 1, 2, "z", "", "")
    assert store.annotations.all_annotations() == [z, y, x]


def test_everything_survives_a_reopen(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    with open_store(db) as s:
        bid = s.library.upsert_book(book_key="k", path="/b/a.txt", title="A")[0].id
        s.annotations.save_progress(bid, 77, 7.0)
        mark = s.annotations.add_bookmark(bid, 5, "q", "p", "n")
        note = s.annotations.add_annotation(bid, 1, 3, "ab", "", "c", "purple", "ñ 注")
    with open_store(db) as s:
        got = s.annotations.get_progress(bid)
        assert got is not None and got.offset == 77
        assert s.annotations.bookmarks(bid) == [mark]
        assert s.annotations.annotations(bid) == [note]
