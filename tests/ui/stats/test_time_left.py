""" "Time left" comes from the statistics: the store's pace over recorded page views.

The status line shows nothing until a pace is known, then the time left in the chapter
(and, in its tooltip, in the book) at exactly the store's figures. Skimmed pages and
idle time are the store's to leave out (these tests moved here from the status line's
own pace meter, which is gone).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from settle import shown
from stats_support import IGNORED, FakeClock, MakeWindow

from reader.store.db import open_store
from reader.store.stats_models import MIN_PACE_SECONDS
from reader.store.stats_recorder import PageViewRecorder
from reader.ui.dialogs.goto import GoToTarget
from reader.ui.reading.status import format_duration, format_time_left
from reader.ui.stats.time_left import units_left
from reader.ui.window.actions import go_to_target

pytestmark = pytest.mark.qt_log_ignore(*IGNORED)

WAR_AND_PEACE = "gutenberg/war_and_peace__pg2600-0.txt"


def test_pace_leaves_out_glances_and_skims_and_caps_a_break(tmp_path: Path) -> None:
    store = open_store(tmp_path / "library.db")
    record, _ = store.library.upsert_book(book_key="k-1", path=str(tmp_path / "a.txt"), title="A")
    clock = FakeClock()
    recorder = PageViewRecorder.for_stats(store.stats, clock=clock.mono, wall_clock=clock.wall)
    pos = 0

    def read(seconds: float, words: int = 250) -> None:
        nonlocal pos
        recorder.page_shown(record.id, pos, pos + 1500, words)
        clock.advance(seconds)
        pos += 1500

    for gap in (0.2, 0.5):  # flipping past pages: not recorded at all
        read(gap)
    read(4, words=300)  # skimmed (4,500 words a minute): time, but not pace
    read(700)  # a break: counted as the idle limit (5 minutes), no more
    assert store.stats.pace("words") is None or recorder.pending  # nothing written yet
    for _ in range(3):
        read(50)
    recorder.book_closed()
    recorder.flush()
    views = store.stats.views(record.id)
    assert [v.duration for v in views] == [4, 300, 50, 50, 50]
    pace = store.stats.pace("words")
    assert pace is not None
    assert (pace.units, pace.seconds) == (250 * 4, 300 + 150)  # the skim left out
    assert store.stats.seconds_to_read(12_000) == pytest.approx(12_000 * 450 / 1000)
    store.close()


def test_time_left_in_chapter_appears_once_pace_is_known_and_is_the_stores(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / WAR_AND_PEACE))
    shown(qtbot, window)  # a new book's length is counted once its first page is shown
    qtbot.waitUntil(lambda: window.session.record.length > 0)  # type: ignore[union-attr]
    go_to_target(window, GoToTarget("percent", 20.0))
    clock = FakeClock()
    recording = window.stats_ui.recording
    recording.use_clocks(clock.mono, clock.wall)
    status = window.status_line
    assert status.texts()["time_left"] == ""
    turns = 0
    while status.texts()["time_left"] == "":
        clock.advance(60.0)  # a page a minute
        QTest.keyClick(window.view, Qt.Key.Key_Space)
        recording.flush()  # as it is soon after every turn
        turns += 1
        assert turns * 60 <= MIN_PACE_SECONDS + 60, "time left did not appear"
    record, book = window.session.record, window.session.book
    assert record is not None and book is not None and record.length_unit == "words"
    text = status.texts()["time_left"]
    assert text.endswith("left in chapter")
    info = window.view.page_info()
    lo, hi = book.reading_range()
    chapter = window.store.stats.seconds_to_read(
        units_left(record.length, info.chapter_chars_left, hi - lo), "words"
    )
    assert chapter is not None and text == format_time_left(chapter)
    rest = window.store.stats.seconds_to_read(round(record.length * (100 - info.percent) / 100))
    assert rest is not None and f"{format_duration(rest)} left in the book" in (
        status.time_left.toolTip()
    )
    # A jump passed through at once is not reading: nothing is recorded for it.
    count = window.store.stats.count(record.id)
    clock.advance(30)
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight)  # to the next chapter ...
    clock.advance(0.5)  # ... and on at once
    QTest.keyClick(window.view, Qt.Key.Key_Space)
    recording.flush()
    assert window.store.stats.count(record.id) == count + 1  # only the page read before it
