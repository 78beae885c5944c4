"""Recording page views from the real reading view, with a fake clock: turns, the idle cap,
glances, a hidden or unfocused window, read aloud as listening, and the flushes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from stats_support import ALICE, IGNORED, FakeClock, MakeWindow

from reader.store.stats_models import Kind, PageView
from reader.store.stats_recorder import FLUSH_INTERVAL_SECONDS
from reader.ui.stats.units import page_count
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(*IGNORED)


def _turn(window: MainWindow) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_Space)


def _views(window: MainWindow) -> list[PageView]:
    record = window.session.record
    assert record is not None
    return window.store.stats.views(record.id)


def _activate(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Bring ``window`` to the front (and wait until it is)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _start(make_window: MakeWindow, corpus: Path) -> tuple[MainWindow, FakeClock]:
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    window.go_to_offset(len(window.view.book().text) // 3)  # pages of the story itself
    clock = FakeClock()
    window.stats_ui.recording.use_clocks(clock.mono, clock.wall)
    return window, clock


def test_each_page_turned_is_a_view_with_its_range_words_and_time(
    make_window: MakeWindow, corpus: Path
) -> None:
    window, clock = _start(make_window, corpus)
    book = window.session.book
    assert book is not None
    started = clock.wall()
    ranges = []
    for _ in range(4):
        ranges.append(window.view.visible_range())
        clock.advance(30)
        _turn(window)
    assert window.stats_ui.recording.flush() == 4
    views = _views(window)
    assert [(v.start_offset, v.end_offset) for v in views] == ranges
    assert [v.duration for v in views] == [30, 30, 30, 30]
    assert [v.start_time for v in views] == [int(started + 30 * i) for i in range(4)]
    assert all(v.kind == Kind.READING and v.unit == "words" for v in views)
    assert [v.units for v in views] == [page_count(book, s, e).units for s, e in ranges]
    assert all(v.units > 50 for v in views)  # real pages of Alice hold words


def test_idle_cap_glances_and_a_jump_passed_through(make_window: MakeWindow, corpus: Path) -> None:
    window, clock = _start(make_window, corpus)
    window.store.stats.set_idle_limit(120)
    window.apply_behaviour()
    clock.advance(700)  # the reader stepped away from this page
    _turn(window)
    clock.advance(1.2)  # a glance at this one
    _turn(window)
    clock.advance(0.3)
    window.registry.run("chapter.next")  # a jump, left at once
    clock.advance(40)
    _turn(window)
    window.stats_ui.recording.flush()
    assert [v.duration for v in _views(window)] == [120, 40]


def test_hidden_unfocused_or_minimised_window_stops_the_clock(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window, clock = _start(make_window, corpus)
    clock.advance(10)
    window.hide()  # hidden: the time does not count, and what was recorded is written
    clock.advance(100)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    _activate(qtbot, other)  # on a desktop, another window has the focus meanwhile
    window.show()
    _activate(qtbot, window)
    clock.advance(20)
    _turn(window)

    _activate(qtbot, other)  # another window in front: this one has lost the focus
    clock.advance(500)
    _activate(qtbot, window)
    clock.advance(15)
    _turn(window)

    clock.advance(5)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    clock.advance(900)
    window.showNormal()
    _activate(qtbot, window)
    clock.advance(7)
    _turn(window)
    window.stats_ui.recording.flush()
    assert [v.duration for v in _views(window)] == [30, 15, 12]


def test_read_aloud_turns_count_as_listening(qtbot, make_window: MakeWindow, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    window, clock = _start(make_window, corpus)
    clock.advance(25)
    window.stats_ui.set_listening(True)  # read aloud starts on this page
    clock.advance(40)
    window.view.next_page()  # read aloud turns the page
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    _activate(qtbot, other)  # listening goes on with the window in the background
    clock.advance(35)
    window.stats_ui.set_listening(False)
    _activate(qtbot, window)
    clock.advance(20)
    _turn(window)
    window.stats_ui.recording.flush()
    views = _views(window)
    assert [(v.kind, v.duration) for v in views] == [
        (Kind.READING, 25),
        (Kind.LISTENING, 40),
        (Kind.LISTENING, 35),
        (Kind.READING, 20),
    ]
    assert views[1].start_offset == views[0].start_offset  # the same page, now listened to


def test_views_are_written_soon_after_a_turn_on_a_timer_and_on_close(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window, clock = _start(make_window, corpus)
    recording = window.stats_ui.recording
    assert recording._timer.isActive()
    assert recording._timer.interval() <= FLUSH_INTERVAL_SECONDS * 1000
    clock.advance(30)
    _turn(window)
    # Written where the reading position is saved, without waiting for the timer.
    qtbot.waitUntil(lambda: len(_views(window)) == 1, timeout=3000)
    clock.advance(45)
    store, record = window.store, window.session.record
    assert record is not None
    window.close()  # the page on screen ends, and it is written
    assert [v.duration for v in store.stats.views(record.id)] == [30, 45]


def test_recording_off_records_nothing(make_window: MakeWindow, corpus: Path) -> None:
    window, clock = _start(make_window, corpus)
    window.store.stats.set_recording_enabled(False)
    window.apply_behaviour()
    for _ in range(3):
        clock.advance(30)
        _turn(window)
    window.stats_ui.recording.flush()
    assert _views(window) == []
    window.store.stats.set_recording_enabled(True)
    window.apply_behaviour()
    clock.advance(30)
    _turn(window)
    window.stats_ui.recording.flush()
    assert [v.duration for v in _views(window)] == [30]


def test_reading_the_last_page_finishes_the_book(make_window: MakeWindow, corpus: Path) -> None:
    window, clock = _start(make_window, corpus)
    record = window.session.record
    assert record is not None
    window.registry.run("page.last")
    clock.advance(40)
    window.stats_ui.recording.close_view()
    stats = window.store.stats.book_stats(record.id)
    assert stats is not None and stats.finished is not None
    assert int(stats.finished.timestamp()) == int(clock.wall() - 40)
