"""The background writer: waits for a busy library off the caller's thread, keeps drafts.

Another process holds the write lock (see store_support.lock_held). No timing is
asserted: the guards only catch a hang (tests/bench/bench_store_busy.py measures).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import CancelledError, Future
from pathlib import Path
from typing import Any

import pytest
from store_support import lock_held, within

from reader.store.base import StoreBusyError
from reader.store.db import Store, StoreError, open_store
from reader.store.drafts import Drafts
from reader.store.models import BookRecord
from reader.store.writer import StoreWriter, WriteFailed, WriterState

GUARD = 30.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data" / "library.db")
    yield s
    s.close()


@pytest.fixture
def book(store: Store) -> BookRecord:
    return store.library.upsert_book(book_key="key-a", path="/b/a.txt", title="A")[0]


class States:
    """Records the writer's state reports (from its monitor thread)."""

    def __init__(self) -> None:
        self.seen: list[WriterState] = []
        self.threads: set[str] = set()
        self._cond = threading.Condition()

    def __call__(self, state: WriterState) -> None:
        with self._cond:
            self.seen.append(state)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def wait_for(self, state: WriterState) -> None:
        with self._cond:
            assert self._cond.wait_for(lambda: state in self.seen, GUARD), self.seen


@pytest.fixture
def make_writer(store: Store) -> Iterator[Any]:
    made: list[StoreWriter] = []

    def make(**kw: Any) -> StoreWriter:
        w = StoreWriter(store.path, **kw)
        made.append(w)
        return w

    yield make
    for w in made:
        assert w.close(timeout=5)


def _result(future: Future[Any]) -> Any:
    return future.result(GUARD)


def test_jobs_run_in_order_in_one_transaction_each(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    writer: StoreWriter = make_writer()
    order: list[str] = []
    threads: set[str] = set()

    def mark(name: str) -> Any:
        def job(s: Store) -> str:
            order.append(name)
            threads.add(threading.current_thread().name)
            assert s.conn.in_transaction and s is not store
            return name

        return job

    futures = [writer.submit(mark(str(i))) for i in range(20)]
    assert [_result(f) for f in futures] == [str(i) for i in range(20)]
    assert order == [str(i) for i in range(20)]
    assert threads == {"quire-store-writer"}

    bm = _result(writer.submit(lambda s: s.annotations.add_bookmark(book.id, 5, "q", "p", "n")))
    _result(writer.submit(lambda s: s.annotations.rename_bookmark(bm.id, "renamed")))
    _result(writer.submit(lambda s: s.settings.set("theme", "dark")))
    _result(writer.save_progress(book.id, 1234, 12.5))
    ann = _result(writer.add_annotation(book, 1, 4, "abc", "", "", "blue", "a note"))
    edited = _result(writer.update_annotation(book, ann, note="edited"))
    assert writer.wait_idle(GUARD) and writer.pending == 0
    # The GUI's own connection sees every committed write.
    assert [b.name for b in store.annotations.bookmarks(book.id)] == ["renamed"]
    assert store.settings.get("theme") == "dark"
    progress = store.annotations.get_progress(book.id)
    assert progress is not None and progress.offset == 1234
    assert store.annotations.annotations(book.id) == [edited]
    assert (edited.note, edited.color) == ("edited", "blue")


def test_a_job_is_atomic_and_its_error_goes_to_its_caller(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    writer: StoreWriter = make_writer()

    def half_then_fail(s: Store) -> None:
        s.annotations.add_bookmark(book.id, 1, "q", "", "first write of the job")
        raise ValueError("second step failed")

    with pytest.raises(ValueError, match="second step failed"):
        _result(writer.submit(half_then_fail))
    assert store.annotations.bookmarks(book.id) == []  # rolled back as a whole
    with pytest.raises(StoreError, match="no longer exists"):
        _result(writer.submit(lambda s: s.annotations.update_annotation(999, note="x")))
    # The writer carries on after both.
    assert _result(writer.submit(lambda s: s.library.count())) == 1
    assert writer.drafts.list() == []  # no draft for jobs that carry none


def test_busy_library_the_write_waits_in_the_background_then_lands(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    states = States()
    writer: StoreWriter = make_writer()
    writer.add_listener(states)
    with lock_held(store.path) as holder:
        note = within(GUARD, lambda: writer.add_annotation(book, 1, 4, "abc", "", "", note="hi"))
        progress = within(GUARD, lambda: writer.save_progress(book.id, 99, 1.0))
        states.wait_for(WriterState.WAITING)
        assert not note.done() and not progress.done()
        # While it waits, the note is already safe on disk as a draft.
        assert [d.note for d in writer.drafts.list()] == ["hi"]
        # A read on the calling ("GUI") thread during the held lock either works or
        # fails fast with a StoreError; it must never hang (timing: the benchmark).
        try:
            seen = within(GUARD, lambda: store.annotations.annotations(book.id))
        except StoreError:
            seen = None
        assert seen in ([], None)
        holder.release()
        saved = _result(note)
        assert _result(progress) is None
    assert (saved.note, saved.quote) == ("hi", "abc")
    assert store.annotations.annotations(book.id) == [saved]
    got = store.annotations.get_progress(book.id)
    assert got is not None and got.offset == 99
    assert writer.wait_idle(GUARD)
    states.wait_for(WriterState.IDLE)
    assert WriterState.WAITING in states.seen and states.seen[-1] is WriterState.IDLE
    assert states.threads == {"quire-store-state"}
    assert writer.drafts.list() == []


def test_lock_held_beyond_the_limit_fails_and_keeps_the_note_as_a_draft(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    writer: StoreWriter = make_writer(busy_limit=0.5)
    with lock_held(store.path):
        future = writer.add_annotation(book, 2, 9, "quoted", "pre", "suf", "pink", "my thoughts")
        with pytest.raises(WriteFailed) as err:
            _result(future)
        failed = err.value
        assert isinstance(failed.cause, StoreBusyError)
        assert failed.draft_kept and failed.draft.kept
        assert "busy in another program" in str(failed) and "kept as a draft" in str(failed)
        assert "\n" not in str(failed)
        (draft,) = writer.drafts.list()
        assert (draft.book_key, draft.start, draft.end, draft.quote) == ("key-a", 2, 9, "quoted")
        assert (draft.note, draft.color, draft.prefix, draft.suffix) == (
            "my thoughts",
            "pink",
            "pre",
            "suf",
        )
        assert "busy" in draft.error
        assert store.annotations.annotations(book.id) == []
    # The library works again: the draft is replayed into it.
    report = _result(writer.replay_drafts())
    assert [d.note for d, _ in report.saved] == ["my thoughts"]
    assert [a.note for a in store.annotations.annotations(book.id)] == ["my thoughts"]
    assert writer.drafts.list() == []


def test_edit_that_fails_keeps_the_new_text_as_a_draft_of_that_highlight(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    writer: StoreWriter = make_writer(busy_limit=0.3)
    ann = store.annotations.add_annotation(book.id, 3, 6, "abc", "", "", "yellow", "old note")
    with lock_held(store.path), pytest.raises(WriteFailed):
        _result(writer.update_annotation(book, ann, note="new note"))
    (draft,) = writer.drafts.list()
    assert (draft.annotation_id, draft.note, draft.book_title) == (ann.id, "new note", "A")
    _result(writer.replay_drafts())
    got = store.annotations.get_annotation(ann.id)
    assert got is not None and got.note == "new note"


def test_disk_full_fails_the_write_and_keeps_the_draft(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    writer: StoreWriter = make_writer()
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    _result(writer.submit(lambda s: s.conn.execute(f"PRAGMA max_page_count = {pages}")))
    big = "a long note " * 50_000
    with pytest.raises(WriteFailed) as err:
        _result(writer.add_annotation(book, 1, 2, "x", "", "", note=big))
    assert "disk is full" in str(err.value) and err.value.draft_kept
    assert [d.note for d in writer.drafts.list()] == [big]
    assert store.annotations.annotations(book.id) == []
    _result(writer.submit(lambda s: s.conn.execute("PRAGMA max_page_count = 1073741823")))
    _result(writer.replay_drafts())
    assert [a.note for a in store.annotations.annotations(book.id)] == [big]


def test_read_only_library_fails_the_write_and_keeps_the_draft(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    writer: StoreWriter = make_writer()
    _result(writer.submit(lambda s: s.conn.execute("PRAGMA query_only = ON")))
    with pytest.raises(WriteFailed) as err:
        _result(writer.add_annotation(book, 1, 2, "x", "", "", note="read-only day"))
    assert "read-only" in str(err.value) and err.value.draft_kept
    assert [d.note for d in writer.drafts.list()] == ["read-only day"]


def test_when_even_the_draft_cannot_be_kept_the_caller_is_told(
    tmp_path: Path, store: Store, book: BookRecord, make_writer: Any
) -> None:
    blocker = tmp_path / "no-drafts-here"
    blocker.write_text("a file, not a folder")
    writer: StoreWriter = make_writer(drafts=Drafts(blocker), busy_limit=0.3)
    with lock_held(store.path), pytest.raises(WriteFailed) as err:
        _result(writer.add_annotation(book, 1, 2, "x", "", "", note="only on screen"))
    failed = err.value
    assert not failed.draft_kept and not failed.draft.kept
    assert failed.draft.note == "only on screen"
    assert "could not keep it as a draft either" in str(failed) and "\n" not in str(failed)
    # Still held in memory, so it is saved once the library works again.
    assert [(d.note, d.kept) for d in writer.drafts.list()] == [("only on screen", False)]
    _result(writer.replay_drafts())
    assert [a.note for a in store.annotations.annotations(book.id)] == ["only on screen"]


def test_progress_saves_for_a_book_coalesce_while_waiting(
    store: Store, book: BookRecord, make_writer: Any
) -> None:
    writer: StoreWriter = make_writer()
    with lock_held(store.path) as holder:
        first = writer.save_progress(book.id, 1, 0.1)
        while writer.pending and not first.running():
            time.sleep(0.01)
        queued = [writer.save_progress(book.id, n, n / 10) for n in range(2, 6)]
        holder.release()
        _result(first)
        _result(queued[-1])
    assert all(f.cancelled() for f in queued[:-1])
    with pytest.raises(CancelledError):
        queued[0].result(0)
    got = store.annotations.get_progress(book.id)
    assert got is not None and got.offset == 5


def test_a_slow_write_shows_saving(store: Store, make_writer: Any) -> None:
    states = States()
    writer: StoreWriter = make_writer(saving_delay=0.05)
    writer.add_listener(states)
    release = threading.Event()

    def slow(s: Store) -> None:
        release.wait(GUARD)  # the test decides when it ends, never a clock
        s.settings.set("slow", True)

    future = writer.submit(slow)
    states.wait_for(WriterState.SAVING)
    release.set()
    _result(future)
    states.wait_for(WriterState.IDLE)
    assert states.seen == [WriterState.SAVING, WriterState.IDLE]
    assert store.settings.get("slow") is True


def test_a_broken_listener_does_not_stop_the_others(
    store: Store, make_writer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    states = States()
    writer: StoreWriter = make_writer(saving_delay=0.0)
    release = threading.Event()

    def broken(state: WriterState) -> None:
        raise RuntimeError("listener bug")

    writer.add_listener(broken)
    writer.add_listener(states)
    future = writer.submit(lambda s: release.wait(GUARD))
    states.wait_for(WriterState.SAVING)
    release.set()
    _result(future)
    states.wait_for(WriterState.IDLE)
    assert states.seen == [WriterState.SAVING, WriterState.IDLE]
    logged = [str(r.exc_info[1]) for r in caplog.records if r.exc_info]
    assert logged == ["listener bug", "listener bug"]  # one per state change, logged


def test_close_with_the_library_locked_keeps_notes_as_drafts(
    store: Store, book: BookRecord
) -> None:
    writer = StoreWriter(store.path)  # default 30 s limit: close() must cut it short
    with lock_held(store.path):
        future = writer.add_annotation(book, 1, 2, "x", "", "", note="written at quit")
        assert within(GUARD, lambda: writer.close(timeout=0.3))
        with pytest.raises(WriteFailed):
            future.result(0)
        late = writer.add_annotation(book, 3, 4, "y", "", "", note="after close")
        with pytest.raises(WriteFailed, match="closing"):
            late.result(0)
    assert sorted(d.note for d in writer.drafts.list()) == ["after close", "written at quit"]
    assert writer.close()  # idempotent


def test_close_finishes_the_queue_first(store: Store, book: BookRecord) -> None:
    writer = StoreWriter(store.path)
    futures = [writer.save_progress(book.id, n, 1.0) for n in range(3)]
    futures += [writer.submit(lambda s: s.settings.set("last", "yes"))]
    assert writer.close(timeout=GUARD)
    assert futures[-1].result(0) is None and store.settings.get("last") == "yes"


_CRASH = """
import os, signal, sys, threading
from reader.store.db import open_store
from reader.store.writer import StoreWriter, WriterState
store = open_store(sys.argv[1])
book = store.library.find_by_key("key-a")
writer = StoreWriter(sys.argv[1])
waiting = threading.Event()
writer.add_listener(lambda s: s is WriterState.WAITING and waiting.set())
writer.add_annotation(book, 1, 4, "abc", "", "", note="typed before the crash")
waiting.wait(30)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_crash_while_waiting_for_the_lock_keeps_the_note(store: Store, book: BookRecord) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    with lock_held(store.path):
        done = subprocess.run(
            [sys.executable, "-c", _CRASH, str(store.path)], cwd=root, env=env, timeout=GUARD
        )
    assert done.returncode == -signal.SIGKILL
    drafts = Drafts.beside(store.path)
    assert [d.note for d in drafts.list()] == ["typed before the crash"]
    drafts.replay(store)
    assert [a.note for a in store.annotations.annotations(book.id)] == ["typed before the crash"]
