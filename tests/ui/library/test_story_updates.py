"""A story re-downloaded with new chapters, in the window: the library finds it by itself,
says "2 new chapters" until it is opened, and opening it keeps the reader's notes,
highlights, bookmarks and place, and offers (without a dialog) to jump to the first new
chapter."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from settle import settle

from reader.ui.library.model import Role

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "store"))
from test_story_versions import story

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

QUOTE = "In chapter 2, paragraph 3: the road was long"


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    yield from window_factory(qtbot, tmp_path)


def test_an_updated_story_keeps_everything_and_offers_its_new_chapters(  # type: ignore[no-untyped-def]
    notes_window: OpenWindow, tmp_path: Path, qtbot
) -> None:
    old = tmp_path / "road.txt"
    old.write_text(story(3), encoding="utf-8")
    window, panel = notes_window(old)
    record = window.session.record
    assert record is not None
    book = window.session.book
    assert book is not None
    start = book.text.index(QUOTE)
    ann = panel.highlight(start, start + len(QUOTE), "green")
    assert ann is not None
    settle(window)
    (saved,) = window.store.annotations.annotations(record.id)
    window.store.annotations.update_annotation(saved.id, note="Damon waits here.")
    window.view.go_to(book.text.index("In chapter 3, paragraph 1"))
    panel.toggle_bookmark()
    reading_at = book.text.index("In chapter 3, paragraph 2")
    window.session.position_changed(reading_at, 70.0)
    window.session.flush()
    settle(window)
    window.session.close_book()

    # The story is re-downloaded under another name, two chapters longer, its header
    # longer too (everything after it moves); the old file is gone.
    new = tmp_path / "road (1).txt"
    new.write_text(story(5).replace("Summary:", "Series: On the Road [2]\nSummary:"), "utf-8")
    old.unlink()
    pane = window.library_pane()
    assert pane is not None
    with qtbot.waitSignal(pane.import_finished, timeout=20_000) as done:
        pane.add_paths([str(new)])
    assert done.args[0].updated == 1
    assert "1 story updated" in pane.info_label.text()
    assert window.store.library.count() == 1
    row = pane.model.index(pane.model.row_of(record.id))
    assert row.data(Role.NEW_CHAPTERS) == "2 new chapters"
    assert row.data(Role.PATH).endswith("road (1).txt")

    assert window.open_path(str(new))
    settle(window)
    qtbot.waitUntil(window.view.book_was_shown)
    settle(window)
    book = window.session.book
    assert book is not None and window.session.record is not None
    assert window.session.record.id == record.id  # the same entry: stats keep their book
    # the place, the highlight with its note and the bookmark, all where their text went
    assert book.text[window.view.position() :].startswith("In chapter 3, paragraph 2")
    (moved,) = panel.session.annotations()
    assert moved.status == "ok" and book.text[moved.start : moved.end] == QUOTE
    assert moved.note == "Damon waits here." and moved.color == "green"
    (mark,) = panel.session.bookmarks()
    assert mark.status == "ok"
    assert book.text[mark.offset :].startswith(mark.quote)
    # the offer: a message above the page with a button and a key, no dialog
    assert QApplication.activeModalWidget() is None
    assert "2 new chapters" in window.message_bar.text()
    assert "Ctrl+Shift+N" in window.message_bar.text()
    button = window.message_bar.action_button
    assert button.isVisible() and "First New Chapter" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    first_new = next(c for c in book.chapters if c.title == "Chapter 4")
    lo, hi = window.view.visible_range()
    assert lo <= book.text.index("Chapter 4", first_new.offset) < hi
    assert window.message_bar.text() == ""
    # opened: no longer news in the library
    pane.refresh_book(record.id)
    row = pane.model.index(pane.model.row_of(record.id))
    assert row.data(Role.NEW_CHAPTERS) == ""
    assert window.store.library.get(record.id).new_chapters == 0  # type: ignore[union-attr]


def test_the_key_goes_to_the_first_new_chapter(notes_window: OpenWindow, tmp_path: Path) -> None:
    path = tmp_path / "road.txt"
    path.write_text(story(2), encoding="utf-8")
    window, _panel = notes_window(path)
    window.session.close_book()
    path.write_text(story(4), encoding="utf-8")  # re-downloaded over the old file
    assert window.open_path(str(path))
    book = window.session.book
    assert book is not None
    window.view.go_to(0)
    window.registry.run("go.new_chapters")
    first_new = next(c for c in book.chapters if c.title == "Chapter 3")
    lo, hi = window.view.visible_range()
    assert lo <= book.text.index("Chapter 3", first_new.offset) < hi
