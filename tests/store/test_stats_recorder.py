"""The page-view recording policy, driven by events with a fake clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from reader.store.base import StoreError
from reader.store.db import Store, open_store
from reader.store.stats import PageViewRecorder
from reader.store.stats_models import (
    CHARS,
    FRACTION_SCALE,
    GLANCE_SECONDS,
    Kind,
    PageView,
    count_units,
)
from reader.store.stats_recorder import FLUSH_INTERVAL_SECONDS

T0 = 1_717_243_200  # 2024-06-01T12:00:00Z


class FakeClock:
    """Monotonic and wall clocks that move only when told to."""

    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = float(T0)

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += seconds


class ListSink:
    """Records what the recorder writes; can be made to fail like a full disk."""

    def __init__(self) -> None:
        self.views: list[PageView] = []
        self.finished: dict[int, int] = {}
        self.lengths: dict[int, int] = {}
        self.calls = 0
        self.fail = False

    def add_views(
        self,
        views: Iterable[PageView],
        *,
        finished: Mapping[int, int] | None = None,
        text_lengths: Mapping[int, int] | None = None,
    ) -> int:
        self.calls += 1
        if self.fail:
            raise StoreError("The disk is full")
        batch = list(views)
        self.views += batch
        self.finished.update(finished or {})
        self.lengths.update(text_lengths or {})
        return len(batch)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sink() -> ListSink:
    return ListSink()


def recorder(sink: ListSink, clock: FakeClock, **kw: object) -> PageViewRecorder:
    return PageViewRecorder(
        sink,
        clock=lambda: clock.mono,
        wall_clock=lambda: clock.wall,
        **kw,  # type: ignore[arg-type]
    )


def test_a_page_view_is_recorded_with_its_start_time_duration_and_units(
    sink: ListSink, clock: FakeClock
) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(7, 100, 1900, 310)
    clock.advance(45.4)
    rec.page_shown(7, 1900, 3700, 295)
    clock.advance(30)
    rec.book_closed()
    assert rec.pending == 2 and sink.calls == 0  # nothing written before flush
    assert rec.flush() == 2
    assert sink.views == [
        PageView(7, 100, 1900, T0, 45, Kind.READING, 310, "words"),
        PageView(7, 1900, 3700, T0 + 45, 30, Kind.READING, 295, "words"),
    ]
    assert rec.pending == 0 and rec.flush() == 0 and sink.calls == 1


def test_a_glance_is_not_reading_time(sink: ListSink, clock: FakeClock) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(1, 0, 1000, 200)
    clock.advance(GLANCE_SECONDS - 0.1)  # flipped past
    rec.page_shown(1, 1000, 2000, 200)
    clock.advance(GLANCE_SECONDS)  # exactly the threshold counts
    rec.page_shown(1, 2000, 3000, 200)
    clock.advance(0.5)
    rec.book_closed()
    rec.flush()
    assert [(v.start_offset, v.duration) for v in sink.views] == [(1000, 2)]


def test_a_view_longer_than_the_idle_limit_is_capped(sink: ListSink, clock: FakeClock) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(1, 0, 1000, 200)
    clock.advance(20 * 60)  # went for a coffee
    rec.page_shown(1, 1000, 2000, 200)
    rec.idle_limit = 120  # the setting changed
    clock.advance(200)
    rec.book_closed()
    rec.flush()
    assert [v.duration for v in sink.views] == [300, 120]


def test_time_while_hidden_or_unfocused_is_not_reading_time(
    sink: ListSink, clock: FakeClock
) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(1, 0, 1000, 200)
    clock.advance(10)
    rec.window_inactive()  # minimised
    clock.advance(3600)
    rec.window_active()
    clock.advance(20)
    rec.window_inactive()  # another window took the focus
    clock.advance(50)
    rec.window_inactive()  # hidden as well: still paused, nothing counted twice
    clock.advance(50)
    rec.window_active()
    clock.advance(5)
    rec.book_closed()
    rec.flush()
    (view,) = sink.views
    assert (view.start_time, view.duration) == (T0, 35)


def test_a_page_shown_while_the_window_is_hidden_starts_when_it_is_shown(
    sink: ListSink, clock: FakeClock
) -> None:
    rec = recorder(sink, clock, active=False)
    rec.page_shown(1, 0, 1000, 200)  # e.g. a book opened from another instance
    clock.advance(600)
    rec.window_active()
    clock.advance(40)
    rec.book_closed()
    rec.page_shown(1, 1000, 2000, 200)  # closed book, window hidden: never active
    rec.window_inactive()
    clock.advance(100)
    rec.book_closed()
    rec.flush()
    (view,) = sink.views
    assert (view.start_time, view.duration) == (T0 + 600, 40)


def test_read_aloud_pages_are_listening_and_go_on_in_the_background(
    sink: ListSink, clock: FakeClock
) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(1, 0, 1000, 200)
    clock.advance(60)
    rec.page_shown(1, 1000, 2000, 210, kind=Kind.LISTENING)
    rec.window_inactive()  # the reader listens with the window minimised
    clock.advance(80)
    rec.page_shown(1, 2000, 3000, 190, kind=Kind.LISTENING)
    clock.advance(70)
    rec.listening_stopped()
    clock.advance(500)  # the page stays up, nobody reads it
    rec.window_active()
    rec.page_shown(1, 2000, 3000, 190)  # reading the same page again
    clock.advance(25)
    rec.book_closed()
    rec.flush()
    assert [(v.start_offset, v.kind, v.duration) for v in sink.views] == [
        (0, Kind.READING, 60),
        (1000, Kind.LISTENING, 80),
        (2000, Kind.LISTENING, 70),
        (2000, Kind.READING, 25),
    ]


def test_a_page_marked_not_counted_records_nothing(sink: ListSink, clock: FakeClock) -> None:
    """An author's-note page: its time is not reading; the pages around it still are."""
    rec = recorder(sink, clock)
    rec.page_shown(1, 0, 1000, 180)  # 180 words of story (a note on the page left out)
    clock.advance(40)
    rec.page_shown(1, 1000, 2000, 0, counted=False)  # all author's note
    clock.advance(90)
    rec.page_shown(1, 2000, 3000, 220)
    clock.advance(50)
    rec.book_closed()
    rec.flush()
    assert [(v.start_offset, v.units, v.duration) for v in sink.views] == [
        (0, 180, 40),
        (2000, 220, 50),
    ]


def test_showing_the_same_page_again_continues_the_view(sink: ListSink, clock: FakeClock) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(1, 0, 1000, 200)
    clock.advance(30)
    rec.page_shown(1, 0, 1000, 200)  # a repaint, or the status line asking again
    clock.advance(30)
    rec.book_closed()
    rec.flush()
    assert [(v.start_time, v.duration) for v in sink.views] == [(T0, 60)]


def test_reaching_the_end_marks_the_book_finished_and_lengths_are_passed_on(
    sink: ListSink, clock: FakeClock
) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(3, 0, 1000, 200, CHARS, percent=98.0, text_length=100_000)
    clock.advance(30)
    rec.page_shown(3, 1000, 2000, 200, CHARS, percent=99.4)
    clock.advance(30)
    rec.page_shown(3, 2000, 2100, 20, CHARS, percent=100.0)
    clock.advance(1)  # a glance at the last page does not count
    rec.book_closed()
    rec.flush()
    assert sink.finished == {3: T0 + 30}
    assert sink.lengths == {3: 100_000}
    assert [v.unit for v in sink.views] == [CHARS, CHARS]


def test_writes_happen_only_in_flush_and_due_says_when(sink: ListSink, clock: FakeClock) -> None:
    rec = recorder(sink, clock)
    for i in range(40):
        rec.page_shown(1, i * 1000, i * 1000 + 1000, 200)
        clock.advance(3)
    assert rec.pending == 39 and sink.calls == 0  # 2 minutes of turns, nothing written
    assert rec.due()
    rec.flush()
    assert sink.calls == 1 and len(sink.views) == 39 and not rec.due()
    rec.page_shown(1, 40_000, 41_000, 200)
    assert rec.pending == 1 and not rec.due()  # finished just now
    clock.advance(FLUSH_INTERVAL_SECONDS - 1)
    assert not rec.due()
    clock.advance(1)
    assert rec.due()


def test_a_failed_flush_keeps_the_batch_for_the_next(sink: ListSink, clock: FakeClock) -> None:
    rec = recorder(sink, clock)
    rec.page_shown(1, 0, 1000, 200)
    clock.advance(30)
    rec.page_shown(1, 1000, 2000, 200)
    sink.fail = True
    with pytest.raises(StoreError, match="disk is full"):
        rec.flush()
    assert rec.pending == 1
    sink.fail = False
    clock.advance(30)
    rec.book_closed()
    assert rec.flush() == 2
    assert [v.start_offset for v in sink.views] == [0, 1000]


def test_recording_turned_off_records_nothing(sink: ListSink, clock: FakeClock) -> None:
    rec = recorder(sink, clock, enabled=False)
    rec.page_shown(1, 0, 1000, 200, text_length=5000)
    clock.advance(30)
    rec.book_closed()
    assert rec.flush() == 0 and sink.calls == 0
    rec.enabled = True
    rec.page_shown(1, 0, 1000, 200)
    clock.advance(30)
    rec.enabled = False  # the view in progress is dropped
    assert not rec.has_open_view
    assert rec.flush() == 0 and sink.views == []


def _store(tmp_path: Path) -> tuple[Store, int]:
    store = open_store(tmp_path / "library.db")
    book, _ = store.library.upsert_book(
        book_key="abc-1", path=str(tmp_path / "b.txt"), title="B", length=50_000
    )
    return store, book.id


def test_a_crash_loses_at_most_the_open_view(tmp_path: Path, clock: FakeClock) -> None:
    store, book_id = _store(tmp_path)
    rec = PageViewRecorder(store.stats, clock=lambda: clock.mono, wall_clock=lambda: clock.wall)
    for i in range(5):
        rec.page_shown(book_id, i * 1000, i * 1000 + 1000, 200)
        clock.advance(40)
    rec.page_shown(book_id, 5000, 6000, 200)  # the page being read when Quire crashes
    clock.advance(40)
    rec.flush()
    # The process dies here: no book_closed, no further flush. Another start reads the file.
    with open_store(tmp_path / "library.db") as again:
        views = again.stats.views(book_id)
    assert [v.start_offset for v in views] == [0, 1000, 2000, 3000, 4000, 5000][:5]
    assert [v.duration for v in views] == [40] * 5
    assert rec.has_open_view and rec.pending == 0
    store.close()


def test_flush_records_finish_and_rescales_imported_views(tmp_path: Path, clock: FakeClock) -> None:
    store, book_id = _store(tmp_path)
    store.stats.add_views(
        [PageView(book_id, 250_000, 500_000, T0 - 86400, 100, offset_scale=FRACTION_SCALE)]
    )
    rec = PageViewRecorder(store.stats, clock=lambda: clock.mono, wall_clock=lambda: clock.wall)
    rec.page_shown(book_id, 79_500, 80_000, 90, percent=99.5, text_length=80_000)
    clock.advance(30)
    rec.book_closed()
    rec.flush()
    views = store.stats.views(book_id)
    assert [(v.start_offset, v.end_offset, v.offset_scale) for v in views] == [
        (20_000, 40_000, 0),  # a quarter to a half of 80,000 code points
        (79_500, 80_000, 0),
    ]
    stats = store.stats.book_stats(book_id)
    assert stats is not None and stats.finished is not None
    assert int(stats.finished.timestamp()) == T0
    store.close()


def test_for_stats_takes_the_readers_settings(tmp_path: Path, clock: FakeClock) -> None:
    store, book_id = _store(tmp_path)
    store.stats.set_idle_limit(60)
    rec = PageViewRecorder.for_stats(
        store.stats, clock=lambda: clock.mono, wall_clock=lambda: clock.wall
    )
    assert rec.idle_limit == 60 and rec.enabled
    rec.page_shown(book_id, 0, 1000, 200)
    clock.advance(400)
    rec.book_closed()
    rec.flush()
    assert [v.duration for v in store.stats.views(book_id)] == [60]
    store.stats.set_recording_enabled(False)
    assert not PageViewRecorder.for_stats(store.stats).enabled
    store.close()


def test_count_units_matches_the_library_length_and_skips_notes() -> None:
    text = "Chapter 1\n\nIt was a dark and stormy night. A/N: thanks for reading! The end."
    note = (text.index("A/N"), text.index("The end"))
    assert count_units(text, 0, len(text)) == 15
    assert count_units(text, 0, len(text), skip=[note]) == 11
    assert count_units(text, note[0], note[1], skip=[note]) == 0
    assert count_units(text, 11, 20) == 3  # "It was a "
    cjk = "第一回　甄士隐梦幻识通灵\n\n却说那日"
    assert count_units(cjk, 0, len(cjk), CHARS) == 15
    assert count_units(cjk, 0, len(cjk), CHARS, skip=[(0, 4)]) == 12
