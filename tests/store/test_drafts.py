"""Drafts: the reader's unsaved highlights and notes, kept beside the library and replayed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import within

from reader.store.db import Store, StoreError, open_store
from reader.store.drafts import DRAFTS_FOLDER, Draft, DraftError, Drafts
from reader.store.models import BookRecord


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data" / "library.db")
    yield s
    s.close()


@pytest.fixture
def book(store: Store) -> BookRecord:
    return store.library.upsert_book(book_key="key-a", path="/b/a.txt", title="A")[0]


@pytest.fixture
def drafts(store: Store) -> Drafts:
    return Drafts.beside(store.path)


def _draft(note: str = "my note ✍ 注", **kw: object) -> Draft:
    fields: dict[str, object] = {
        "book_key": "key-a",
        "book_title": "A",
        "start": 10,
        "end": 20,
        "quote": "ten to two",
        "prefix": "before ",
        "suffix": " after",
        "color": "green",
        "note": note,
    }
    fields.update(kw)
    return Draft(**fields)  # type: ignore[arg-type]


def test_drafts_live_in_a_folder_beside_the_library(store: Store, drafts: Drafts) -> None:
    assert drafts.folder == store.path.parent / DRAFTS_FOLDER


def test_save_list_discard_round_trip(drafts: Drafts) -> None:
    assert drafts.list() == []
    first = drafts.save(_draft("first"))
    second = drafts.save(_draft("second\nline two <b>not html</b>", annotation_id=7))
    assert first.kept and second.kept
    listed = drafts.list()
    assert listed == [first, second]  # oldest first, every field intact
    files = sorted(p.name for p in drafts.folder.iterdir())
    assert files == sorted([f"{first.id}.json", f"{second.id}.json"])  # no temporary left
    data = json.loads((drafts.folder / f"{second.id}.json").read_text(encoding="utf-8"))
    assert data["note"] == "second\nline two <b>not html</b>" and data["annotation_id"] == 7
    assert data["book_key"] == "key-a" and (data["start"], data["end"]) == (10, 20)
    drafts.discard(first.id)
    drafts.discard(first.id)  # already gone: no error
    assert drafts.list() == [second]
    with pytest.raises(ValueError):
        drafts.discard("../library.db")


def test_a_second_drafts_object_sees_the_same_drafts(drafts: Drafts) -> None:
    saved = drafts.save(_draft())
    assert Drafts(drafts.folder).list() == [saved]


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff garbage",
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the JSON parser's recursion limit
        json.dumps({"format": 1, "book_key": "k", "start": "10", "end": 2}).encode(),
        json.dumps({"format": 99}).encode(),
        json.dumps({"format": 1, "book_key": "k", "start": 5, "end": 2, "quote": ""}).encode(),
    ],
)
def test_a_damaged_draft_is_reported_and_left_alone(drafts: Drafts, content: bytes) -> None:
    good = drafts.save(_draft())
    bad = drafts.folder / "damaged.json"
    bad.write_bytes(content)
    scan = drafts.scan()
    assert scan.drafts == [good]
    assert len(scan.problems) == 1 and str(bad) in scan.problems[0]
    assert "\n" not in scan.problems[0]
    assert bad.read_bytes() == content


def test_unwritable_drafts_folder_keeps_the_draft_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "drafts"
    blocker.write_text("a file where the drafts folder should be")
    drafts = Drafts(blocker)
    draft = _draft("words I typed")
    with pytest.raises(DraftError) as err:
        drafts.save(draft)
    assert "could not keep it as a draft either" in str(err.value)
    assert "\n" not in str(err.value)
    assert isinstance(err.value, StoreError)  # a ui catching StoreError catches it too
    (memo,) = drafts.list()
    assert (memo.note, memo.kept, memo.id) == ("words I typed", False, draft.id)
    assert blocker.read_text() == "a file where the drafts folder should be"
    blocker.unlink()  # the folder can be written again: saving it now puts it on disk
    stored = drafts.save(memo)
    assert stored.kept and Drafts(blocker).list() == [stored]
    assert drafts.list() == [stored]


def test_replay_adds_new_highlights_and_removes_their_drafts(
    store: Store, book: BookRecord, drafts: Drafts
) -> None:
    drafts.save(_draft("one", start=1, end=3, quote="ab"))
    drafts.save(_draft("two", start=30, end=40, quote="thirty"))
    report = drafts.replay(store)
    assert [d.note for d, _ in report.saved] == ["one", "two"] and report.left == []
    assert "2 unsaved highlights saved" in report.message()
    notes = store.annotations.annotations(book.id)
    assert [(a.start, a.end, a.quote, a.note, a.color) for a in notes] == [
        (1, 3, "ab", "one", "green"),
        (30, 40, "thirty", "two", "green"),
    ]
    assert (notes[0].prefix, notes[0].suffix) == ("before ", " after")
    assert drafts.list() == []
    assert drafts.replay(store).message() == ""  # nothing left to do


def test_replay_updates_the_highlight_a_draft_edits(
    store: Store, book: BookRecord, drafts: Drafts
) -> None:
    a = store.annotations.add_annotation(book.id, 10, 20, "ten to two", "", "", "yellow", "old")
    drafts.save(Draft.of_annotation(a, book.book_key, note="new words", book_title="A"))
    report = drafts.replay(store)
    assert [x.id for _, x in report.saved] == [a.id]
    got = store.annotations.get_annotation(a.id)
    assert got is not None and (got.note, got.color) == ("new words", "yellow")
    assert len(store.annotations.annotations(book.id)) == 1


def test_replay_re_adds_an_edited_highlight_that_was_deleted(
    store: Store, book: BookRecord, drafts: Drafts
) -> None:
    a = store.annotations.add_annotation(book.id, 10, 20, "ten to two", "", "", "pink", "old")
    drafts.save(Draft.of_annotation(a, book.book_key, note="keep me"))
    store.annotations.delete_annotation(a.id)
    drafts.replay(store)
    (again,) = store.annotations.annotations(book.id)
    assert (again.start, again.end, again.quote, again.note, again.color) == (
        10,
        20,
        "ten to two",
        "keep me",
        "pink",
    )


def test_replay_is_idempotent_when_interrupted_before_the_draft_is_removed(
    store: Store, book: BookRecord, drafts: Drafts
) -> None:
    drafts.save(_draft("only once"))
    drafts.apply(store)  # committed, but (as if Quire died here) the draft file stays
    assert len(drafts.list()) == 1
    report = drafts.replay(store)
    assert len(report.saved) == 1 and drafts.list() == []
    assert [a.note for a in store.annotations.annotations(book.id)] == ["only once"]


def test_draft_of_a_book_not_in_the_library_stays(
    store: Store, book: BookRecord, drafts: Drafts
) -> None:
    kept = drafts.save(_draft("orphan", book_key="other-key", book_title="Gone Book"))
    drafts.save(_draft("home"))
    report = drafts.replay(store)
    assert [d.note for d, _ in report.saved] == ["home"]
    assert [(d.id, msg) for d, msg in report.left] == [
        (kept.id, "“Gone Book” is not in the library; open the book, then try again.")
    ]
    assert "1 draft could not be saved yet" in report.message()
    assert drafts.list() == [kept]


def test_replay_on_a_failing_store_keeps_every_draft(
    store: Store, book: BookRecord, drafts: Drafts
) -> None:
    first = drafts.save(_draft("a"))
    store.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="read-only"):
        drafts.replay(store)
    assert drafts.list() == [first]
    assert store.annotations.annotations(book.id) == []
    store.conn.execute("PRAGMA query_only = OFF")
    drafts.replay(store)
    assert drafts.list() == []


def test_memory_only_drafts_are_replayed_too(
    tmp_path: Path, store: Store, book: BookRecord
) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("x")
    drafts = Drafts(blocker)
    with pytest.raises(DraftError):
        drafts.save(_draft("only in memory"))
    report = drafts.replay(store)
    assert [d.note for d, _ in report.saved] == ["only in memory"] and report.left == []
    assert drafts.list() == []
    assert [a.note for a in store.annotations.annotations(book.id)] == ["only in memory"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_fifo_among_drafts_is_reported_not_read(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "drafts")
    good = drafts.save(Draft(book_key="k", start=1, end=4, quote="abc", note="kept"))
    os.mkfifo(tmp_path / "drafts" / "trap.json")
    scan = within(20, drafts.scan)
    assert [d.note for d in scan.drafts] == [good.note]
    assert len(scan.problems) == 1 and "named pipe (FIFO)" in scan.problems[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_drafts_folder_that_is_a_fifo_gives_draft_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "drafts")
    drafts = Drafts(tmp_path / "drafts")
    draft = Draft(book_key="k", start=1, end=4, quote="abc", note="my words")
    with pytest.raises(DraftError, match="could not keep it as a draft either"):
        within(20, lambda: drafts.save(draft))
    assert [(d.note, d.kept) for d in within(20, drafts.list)] == [("my words", False)]
