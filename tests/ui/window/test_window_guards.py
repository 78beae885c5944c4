"""The window's smaller safety nets: the opening guard for books opened later, the saving
indicator, the drafts list (copy, discard, save now) and the About box's log file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from settle import settle, shown

from reader import recovery
from reader.paths import Paths
from reader.store.db import open_store
from reader.store.drafts import Draft, Drafts
from reader.store.writer import WriterState
from reader.ui.notes.drafts import DraftsDialog
from reader.ui.window.actions import WindowActions
from reader.ui.window.main_window import MainWindow
from reader.ui.window.write_status import SAVING_TEXT, WAITING_TEXT

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

STORY = "Chapter 1\n\nThe lamp-lighter went his rounds while the fog pressed on.\n"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(700, 500)
    win.show()
    yield win
    win.close()
    win.shutdown()


@pytest.fixture
def guard(tmp_path: Path) -> Iterator[recovery.OpeningGuard]:
    installed = recovery.install(tmp_path / "guard")
    yield installed
    installed.close()
    recovery._current.clear()


def _marker(guard: recovery.OpeningGuard) -> dict[str, str]:
    data: dict[str, str] = json.loads(guard.marker.read_text(encoding="ascii"))
    return data


def test_a_book_opened_later_is_guarded_until_its_first_page_is_shown(
    qtbot, window: MainWindow, guard: recovery.OpeningGuard, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "story.txt"
    book.write_text(STORY, encoding="utf-8")
    assert window.open_path(str(book))
    assert guard.active  # opened, not painted yet: a crash now is remembered
    marker = _marker(guard)
    assert marker["path"] == str(book)
    assert marker["key"] == window.session.book.book_key  # type: ignore[union-attr]
    shown(qtbot, window)
    assert not guard.active and not guard.marker.exists()
    assert window.store.library.last_read_book().path == str(book)  # type: ignore[union-attr]


def test_a_clean_failure_ends_the_guard(
    window: MainWindow, guard: recovery.OpeningGuard, tmp_path: Path
) -> None:
    bad = tmp_path / "photo.txt"
    bad.write_bytes(bytes.fromhex("ffd8ffe000104a464946") + bytes(range(256)) * 8)
    assert not window.open_path(str(bad))
    assert not guard.active and not guard.marker.exists()
    assert not window.open_path(str(tmp_path / "missing.txt"))  # never even guarded
    assert not guard.active


def test_the_status_bar_says_when_saving_or_waiting(window: MainWindow) -> None:
    label = window.write_status
    assert label.isHidden()
    window.writes._set_state(WriterState.SAVING)
    assert label.text() == SAVING_TEXT and not label.isHidden()
    window.writes._set_state(WriterState.WAITING)
    assert label.text() == WAITING_TEXT
    window.writes._set_state(WriterState.IDLE)
    assert label.text() == "" and label.isHidden()


def _draft(window: MainWindow, note: str) -> Draft:
    record = window.session.record
    assert record is not None
    return Drafts.beside(window.store.path).save(
        Draft(
            book_key=record.book_key,
            book_title="Fog <b>Book</b>",
            start=14,
            end=25,
            quote="lamp-lighter",
            note=note,
            error="The library was busy.",
        )
    )


def test_the_drafts_list_copies_discards_and_saves(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "story.txt"
    book.write_text(STORY, encoding="utf-8")
    assert window.open_path(str(book))
    _draft(window, "first <i>note</i>")
    _draft(window, "second note")
    dialog = DraftsDialog(window.writes, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    row = dialog.list.item(0).text()
    assert "Fog <b>Book</b>" in row and "Note: first <i>note</i>" in row  # plain text
    assert "Not saved: The library was busy." in row
    dialog.copy_selected()
    assert QGuiApplication.clipboard().text() == "“lamp-lighter”\n\nfirst <i>note</i>"
    dialog.discard_selected()
    assert [d.note for d in window.writes.drafts.list()] == ["second note"]
    assert dialog.list.count() == 1
    dialog.save_now()
    qtbot.waitUntil(lambda: dialog.list.count() == 0, timeout=10_000)
    settle(window)
    record = window.session.record
    assert record is not None
    notes = window.store.annotations.annotations(record.id)
    assert [(a.quote, a.note) for a in notes] == [("lamp-lighter", "second note")]
    assert "1 unsaved highlight saved" in dialog.status.text()


def test_drafts_left_at_start_are_behind_a_button(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    Drafts.beside(paths.database).save(
        Draft(book_key="not-in-the-library", book_title="Gone", start=0, end=4, quote="Fog.")
    )
    window = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(window)
    try:
        window.show()
        window.after_show()
        qtbot.waitUntil(lambda: window.message_bar.action_button.isVisible(), timeout=10_000)
        assert "could not be saved yet" in window.message_bar.text()
        assert window.message_bar.action_button.text() == "Show &Drafts…"
        window.message_bar.action_button.click()
        dialog = window.findChild(DraftsDialog)
        assert dialog is not None and dialog.list.count() == 1
        dialog.close()
    finally:
        window.close()
        window.shutdown()


def test_about_names_the_log_file_as_selectable_plain_text(window: MainWindow) -> None:
    box = WindowActions(window).about_box()
    text = box.informativeText()
    assert f"Unexpected errors are logged to {window.paths.log_file}" in text
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
