"""The Search tab: / and Ctrl+F, streaming results, options, n/N, page marks, timeouts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.ui.notes.panel import NotesPanel
from reader.ui.notes.search import HIT_ROLE

LINE = "The café owner counted the lanterns; a Lantern-maker came by at dusk."
BOOK = "Chapter 1\n\n" + "\n\n".join(f"{i}: {LINE} Plain words follow." for i in range(400)) + "\n"


def _search(panel: NotesPanel, qtbot, query: str) -> None:  # type: ignore[no-untyped-def]
    panel.open_search()
    panel.search.field.setText(query)
    QTest.keyClick(panel.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.search.is_running(), timeout=10_000)
    qtbot.waitUntil(lambda: "Searching" not in panel.search.status.text(), timeout=10_000)


def test_slash_and_ctrl_f_open_the_search_field(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    assert not window.notes_dock.isVisible()
    QTest.keyClick(window.view, "/")
    assert window.notes_dock.isVisible() and panel.currentWidget() is panel.search
    assert QApplication.focusWidget() is panel.search.field
    QTest.keyClicks(panel.search.field, "n/b")  # typing: no reading keys fire
    assert panel.search.field.text() == "n/b"
    assert window.store.annotations.bookmarks(window.session.record.id) == []  # type: ignore[union-attr]
    window.notes_dock.hide()
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.notes_dock.isVisible()
    assert QApplication.focusWidget() is panel.search.field
    assert panel.search.field.selectedText() == "n/b"


def test_results_stream_in_batches_and_are_counted(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    panel.search.runner.chunk_chars = 2000
    sizes: list[int] = []
    panel.search.runner.hits_found.connect(lambda _b: sizes.append(panel.search.model.rowCount()))
    _search(panel, qtbot, "lantern")
    text = window.session.book.text  # type: ignore[union-attr]
    expected = [m.start() for m in re.finditer("lantern", text, re.IGNORECASE)]
    assert len(expected) == 800
    assert len(sizes) > 5 and sizes == sorted(sizes) and sizes[-1] == 800  # grew batch by batch
    assert [h.start for h in panel.search.model.hits] == expected
    assert panel.search.status.text() == "800 results"
    qtbot.waitUntil(lambda: sum(c == "search" for *_r, c in window.view._decorations.items) == 800)


def test_accents_case_whole_word_and_regex_options(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel = notes_window(BOOK)
    _search(panel, qtbot, "CAFE")  # accent- and case-insensitive by default
    assert panel.search.status.text() == "400 results"
    hit = panel.search.model.hits[0]
    assert hit.match_text == "café"
    panel.search.match_case.setChecked(True)  # re-searches at once
    qtbot.waitUntil(lambda: panel.search.status.text() == "0 results", timeout=5000)
    panel.search.match_case.setChecked(False)
    panel.search.whole_word.setChecked(True)
    _search(panel, qtbot, "lantern")
    assert panel.search.status.text() == "400 results"  # "Lantern-maker", not "lanterns"
    assert {h.match_text for h in panel.search.model.hits} == {"Lantern"}
    panel.search.whole_word.setChecked(False)
    panel.search.use_regex.setChecked(True)
    _search(panel, qtbot, r"counted\s+the\s+\w+s;")
    assert panel.search.status.text() == "400 results"
    _search(panel, qtbot, "(unclosed")
    assert "Invalid regular expression" in panel.search.status.text()


def test_a_runaway_regex_is_stopped_with_a_message(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel = notes_window("Chapter 1\n\n" + "a" * 5000 + "!\n")
    panel.search.timeout_s = 0.05
    panel.search.use_regex.setChecked(True)
    _search(panel, qtbot, r"(a|aa)+$")
    assert "took too long" in panel.search.status.text()


def test_n_and_shift_n_jump_between_hits(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK, size=(700, 460))
    _search(panel, qtbot, "dusk. Plain")
    hits = panel.search.model.hits
    assert len(hits) == 400
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_N)
    assert panel.search.current_row() == 0
    for expected in (1, 2, 3):
        QTest.keyClick(window.view, Qt.Key.Key_N)
        assert panel.search.current_row() == expected
        lo, hi = window.view.visible_range()
        assert lo <= hits[expected].start < hi
    window.view.go_to(hits[300].start)  # paged away: N goes to the last hit before this page
    top = window.view.visible_range()[0]
    before = max(i for i, h in enumerate(hits) if h.start < top)
    QTest.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    row = panel.search.current_row()
    assert row == before
    assert 250 < row < 300
    QTest.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert panel.search.current_row() == row - 1
    assert panel.search.list.currentIndex().row() == row - 1
    panel.search.go_to_row(399)
    QTest.keyClick(window.view, Qt.Key.Key_N)
    assert panel.search.current_row() == 0  # wraps around


def test_a_new_query_replaces_the_old_results(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel = notes_window(BOOK)
    panel.search.runner.chunk_chars = 500
    panel.open_search()
    panel.search.field.setText("lantern")
    panel.search.search_now()
    panel.search.field.setText("owner")
    panel.search.search_now()  # cancels the first search; its late batches are dropped
    qtbot.waitUntil(lambda: panel.search.status.text() == "400 results", timeout=10_000)
    assert {h.match_text for h in panel.search.model.hits} == {"owner"}
    panel.search.field.clear()
    panel.search.search_now()
    assert panel.search.model.rowCount() == 0


def test_book_text_in_results_is_shown_literally(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel = notes_window("Chapter <i>1</i>\n\nHe wrote <b>bold</b> &amp; more.\n")
    _search(panel, qtbot, "bold")
    (hit,) = panel.search.model.hits
    index = panel.search.model.index(0)
    assert index.data(HIT_ROLE) is hit
    assert "<b>bold</b> &amp; more." in index.data(Qt.ItemDataRole.DisplayRole)
    assert hit.context_before.endswith("<b>") and hit.match_text == "bold"
    # The delegate paints the row: dark text pixels inside the row's rectangle.
    image = panel.search.list.viewport().grab().toImage()
    row = panel.search.list.visualRect(index)
    assert row.height() > 0
    dark = sum(
        max(c.red(), c.green(), c.blue()) < 140
        for y in range(row.top(), row.bottom())
        for x in range(row.left(), row.right(), 2)
        if (c := image.pixelColor(x, y)).isValid()
    )
    assert dark > 30


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A real window over a temp store (see notes_support.window_factory)."""
    yield from window_factory(qtbot, tmp_path)


def test_many_hits_only_nearby_ones_go_to_the_page(  # type: ignore[no-untyped-def]
    notes_window: OpenWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.ui.session.annotation_session as annotation_session

    monkeypatch.setattr(annotation_session, "HIT_WINDOW_COUNT", 50)
    monkeypatch.setattr(annotation_session, "HIT_WINDOW", 500)
    window, panel = notes_window(BOOK)
    _search(panel, qtbot, "lantern")
    assert panel.search.status.text() == "800 results"

    def marked() -> list[int]:
        return [s for s, _e, c in window.view._decorations.items if c == "search"]

    qtbot.waitUntil(lambda: bool(marked()))
    lo, hi = window.view.visible_range()
    first = marked()
    assert 0 < len(first) < 800
    assert all(lo - 500 <= s <= hi + 500 for s in first)
    for _ in range(5):
        window.view.next_page()
    lo2, _hi2 = window.view.visible_range()
    assert lo2 > hi
    later = marked()
    assert later != first and min(later) >= lo2 - 500
