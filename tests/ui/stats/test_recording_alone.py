"""The recording controller built on its own from plain objects: author's notes are left out
of a page's count, a page that is all author's note is not recorded, a removed book's views
never block a flush, and a store error is shown once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fakes import Messages
from stats_support import FakeClock

from reader.store.base import StoreError
from reader.store.db import Store, open_store
from reader.store.models import BookRecord
from reader.store.stats_models import count_units
from reader.text.book import BlockKind, Book
from reader.text.parse import parse_bytes
from reader.ui.stats.recording import RecordingController
from reader.ui.stats.units import note_ranges, page_count

STORY = (
    "Chapter 1\n\n"
    "A/N: Thanks for all the reviews! This chapter took a while to write.\n\n"
    "The story begins here, with the fog rolling in over the moor.\n\n"
    "Another paragraph of the story, and the last.\n\n"
    "A/N: See you next week!\n"
)


@dataclass
class Progress:
    """A page's progress (what ``page_info()`` gives)."""

    percent: float = 10.0


@dataclass
class FakePage:
    """A page on screen: a book and the range shown."""

    shown: Book | None
    range: tuple[int, int] = (0, 0)
    progress: Progress = field(default_factory=Progress)

    def book(self) -> Book | None:
        """The book shown."""
        return self.shown

    def visible_range(self) -> tuple[int, int]:
        """The range shown."""
        return self.range

    def page_info(self) -> Progress:
        """How far through the book."""
        return self.progress


@dataclass
class FakeOpen:
    """The open book and its record."""

    book: Book | None
    record: BookRecord | None


def _book() -> Book:
    return parse_bytes(STORY.encode())


def _block(book: Book, kind: BlockKind, n: int = 0) -> tuple[int, int]:
    found = [(b.start, b.end) for b in book.blocks if b.kind == kind]
    return found[n]


def test_author_notes_are_left_out_of_a_page_and_a_page_of_notes_does_not_count() -> None:
    book = _book()
    first_note = _block(book, BlockKind.AUTHOR_NOTE)
    whole = page_count(book, 0, len(book.text))
    note = BlockKind.AUTHOR_NOTE
    story = sum(count_units(book.text, b.start, b.end) for b in book.blocks if b.kind != note)
    assert whole.units == story and whole.counted and whole.unit == "words"
    assert note_ranges(book, 0, len(book.text)) == [
        (b.start, b.end) for b in book.blocks if b.kind == BlockKind.AUTHOR_NOTE
    ]
    only_note = page_count(book, *first_note)
    assert only_note.units == 0 and not only_note.counted
    heading = _block(book, BlockKind.HEADING)
    assert page_count(book, *heading).counted  # a heading page is no author's note


def _controller(
    tmp_path: Path, page: FakePage, opened: FakeOpen, messages: Messages
) -> tuple[Store, RecordingController, FakeClock]:
    store = open_store(tmp_path / "library.db")
    clock = FakeClock()
    controller = RecordingController(
        store, page, opened, messages, clock=clock.mono, wall_clock=clock.wall
    )
    return store, controller, clock


def test_a_page_of_author_notes_is_not_recorded_but_the_story_is(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = _book()
    page = FakePage(book)
    messages = Messages()
    store = open_store(tmp_path / "library.db")
    record, _ = store.library.upsert_book(book_key="k-1", path=str(tmp_path / "a.txt"), title="A")
    store.close()
    opened = FakeOpen(book, record)
    store, controller, clock = _controller(tmp_path, page, opened, messages)
    page.range = _block(book, BlockKind.AUTHOR_NOTE)
    controller.page_shown()
    clock.advance(30)
    story = _block(book, BlockKind.PARAGRAPH)
    page.range = (story[0], _block(book, BlockKind.PARAGRAPH, 1)[1])
    controller.page_shown()
    clock.advance(20)
    controller.close_view()
    views = store.stats.views(record.id)
    assert [(v.start_offset, v.duration) for v in views] == [(story[0], 20)]
    assert views[0].units == count_units(book.text, *page.range)
    assert messages.shown == []
    store.close()


def test_views_of_a_removed_book_are_dropped_and_store_errors_shown_once(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    book = _book()
    page = FakePage(book, (0, len(book.text)))
    messages = Messages()
    store = open_store(tmp_path / "library.db")
    record, _ = store.library.upsert_book(book_key="k-1", path=str(tmp_path / "a.txt"), title="A")
    store.close()
    opened = FakeOpen(book, record)
    store, controller, clock = _controller(tmp_path, page, opened, messages)
    controller.page_shown()
    clock.advance(30)
    store.library.remove(record.id)  # removed while open: its view cannot be stored
    controller.close_view()
    assert controller.recorder.pending == 0 and messages.shown == []

    other, _ = store.library.upsert_book(book_key="k-2", path=str(tmp_path / "b.txt"), title="B")
    opened.record = other
    controller.page_shown()
    clock.advance(30)

    def fail(*_args: object, **_kwargs: object) -> int:
        raise StoreError("The library is locked.")

    monkeypatch.setattr(store.stats, "add_views", fail)
    controller.close_view()
    controller.flush()
    error = "Reading statistics could not be saved: The library is locked."
    assert messages.shown == [(error, True)]
    assert controller.recorder.pending == 1  # kept for the next try
    monkeypatch.undo()
    assert controller.flush() == 1
    assert [v.duration for v in store.stats.views(other.id)] == [30]
    store.close()


def test_writes_wait_while_a_background_job_holds_them(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = _book()
    page = FakePage(book, (0, len(book.text)))
    store = open_store(tmp_path / "library.db")
    record, _ = store.library.upsert_book(book_key="k-1", path=str(tmp_path / "a.txt"), title="A")
    store.close()
    messages = Messages()
    store, controller, clock = _controller(tmp_path, page, FakeOpen(book, record), messages)
    controller.page_shown()
    clock.advance(30)
    controller.hold_writes(True)  # e.g. clearing all statistics on a thread
    controller.close_view()
    assert controller.flush() == 0 and controller.recorder.pending == 1
    controller.hold_writes(False)  # the job is done: written soon after
    qtbot.waitUntil(lambda: controller.recorder.pending == 0, timeout=3000)
    assert [v.duration for v in store.stats.views(record.id)] == [30]
    controller.hold_writes(True)
    controller.page_shown()
    clock.advance(20)
    controller.shutdown()  # quitting: written even while held
    assert [v.duration for v in store.stats.views(record.id)] == [30, 20]
    store.close()
