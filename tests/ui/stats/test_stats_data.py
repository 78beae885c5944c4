"""Import, export and clear through the ui (a KOReader statistics.sqlite3 built in KOReader's
schema), and the library's remove-with-undo keeping a book's statistics."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from stats_support import ALICE, DRACULA, IGNORED, MakeWindow, koreader_module, local_noon

import reader.ui.stats.manage as manage
from reader.app import install_panes
from reader.store.stats_export import CSV_COLUMNS
from reader.store.stats_models import Kind, PageView
from reader.text.identity import partial_md5_of_file
from reader.ui.stats.manage import ReportDialog, running_jobs
from reader.ui.stats.view import EMPTY_TEXT
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(*IGNORED)


def _wait_jobs(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not running_jobs(), timeout=20_000)


def _read(window: MainWindow, minutes: int, days_ago: int = 1) -> int:
    record = window.session.record
    assert record is not None
    t = local_noon(days_ago)
    views = [
        PageView(record.id, i * 1000, i * 1000 + 1000, t + 60 * i, 60, Kind.READING, 200)
        for i in range(minutes)
    ]
    window.store.stats.add_views(views)
    return record.id


def test_koreader_statistics_imported_through_the_ui(
    qtbot, make_window: MakeWindow, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    alice = window.session.record
    assert alice is not None
    t = local_noon(40)
    rows = [(1, page, t + 90 * page, 60, 50) for page in range(1, 51)]  # read to the end
    rows += [(2, page, t + 10_000 + 60 * page, 45, 300) for page in range(1, 8)]
    alice_md5 = partial_md5_of_file(corpus / ALICE)
    books = [
        ("Alice's Adventures in Wonderland", "Lewis Carroll", alice_md5, 50),
        ("The Lost Book", "Nobody Known", "f" * 32, 300),
    ]
    db = koreader_module().make_koreader_db(tmp_path / "statistics.sqlite3", books, rows)
    monkeypatch.setattr(manage, "choose_koreader_file", lambda _parent: str(db))
    window.registry.run("stats.import_koreader")
    _wait_jobs(qtbot)
    qtbot.waitUntil(lambda: window.findChild(ReportDialog) is not None)
    report = window.findChild(ReportDialog)
    assert report is not None
    text = report.text.toPlainText()
    assert text.startswith("Imported 50 new page views from statistics.sqlite3 (50 of 57 matched")
    assert "Matched 1 of 2 books (1 by document key, 0 by title and author)." in text
    assert "Not in the library (1):\n  The Lost Book — Nobody Known: 7 of 300 pages" in text
    assert window.store.stats.count(alice.id) == 50
    stats = window.store.stats.book_stats(alice.id)
    assert stats is not None and stats.finished is not None
    report.close()

    window.registry.run("stats.import_koreader")  # again: nothing new
    _wait_jobs(qtbot)
    qtbot.waitUntil(lambda: any(r.isVisible() for r in window.findChildren(ReportDialog)))
    again = next(r for r in window.findChildren(ReportDialog) if r.isVisible())
    assert again.text.toPlainText().startswith("Imported 0 new page views")
    assert window.store.stats.count(alice.id) == 50


def test_a_file_that_is_not_koreaders_says_so(
    qtbot, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    bogus = tmp_path / "statistics.sqlite3"
    bogus.write_text("not a database", encoding="utf-8")
    monkeypatch.setattr(manage, "choose_koreader_file", lambda _parent: str(bogus))
    window.registry.run("stats.import_koreader")
    _wait_jobs(qtbot)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "statsWarning") is not None)
    box = window.findChild(QMessageBox, "statsWarning")
    assert box is not None and "statistics.sqlite3" in box.text()
    box.close()


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_export_writes_every_page_view(
    qtbot, make_window: MakeWindow, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    _read(window, 12)
    out = tmp_path / f"export.{suffix}"
    monkeypatch.setattr(manage, "choose_export_file", lambda _parent: str(out))
    window.registry.run("stats.export")
    _wait_jobs(qtbot)
    data = out.read_text(encoding="utf-8")
    if suffix == "csv":
        rows = list(csv.reader(io.StringIO(data)))
        assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 13
        record = window.session.record
        assert record is not None
        assert {r[5] for r in rows[1:]} == {record.display_title}
    else:
        doc = json.loads(data)
        assert doc["format"] == "quire-stats" and len(doc["page_views"]) == 12
        assert doc["summary"]["reading_seconds"] == 12 * 60
    assert window.current_message() == f"Exported 12 page views to {out}."


def _answer(button_text: str) -> None:
    """Click ``button_text`` in the question box once it is up."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        button.click()

    QTimer.singleShot(0, click)


def test_clear_this_book_then_all_asks_first_and_keeps_notes(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    alice = _read(window, 10)
    window.store.annotations.add_bookmark(alice, 500, "quote", "", "")
    assert window.open_path(str(corpus / DRACULA))
    dracula = _read(window, 7, days_ago=2)
    view = window.stats_ui.show_view()

    _answer("Cancel")
    window.registry.run("stats.clear")
    assert not running_jobs() and window.store.stats.count() == 17

    _answer("Clear &This Book")  # the open book: Dracula
    window.registry.run("stats.clear")
    _wait_jobs(qtbot)
    assert window.store.stats.count(dracula) == 0 and window.store.stats.count(alice) == 10
    assert window.current_message() == "Deleted 7 page views: this book's reading statistics."

    _answer("Clear &All")
    window.registry.run("stats.clear")
    _wait_jobs(qtbot)
    assert window.store.stats.count() == 0
    assert len(window.store.annotations.bookmarks(alice)) == 1  # notes and marks are kept
    empty = view.findChild(QLabel, "statsEmptyText")
    assert empty is not None and empty.text() == EMPTY_TEXT  # the open view followed


def test_removing_a_book_and_undoing_keeps_its_statistics(
    qtbot, make_window: MakeWindow, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    alice = _read(window, 9)
    window.store.stats.add_views([], finished={alice: local_noon(1)})
    before = window.store.stats.views(alice)
    finished = window.store.stats.book_stats(alice)
    assert finished is not None and finished.finished is not None
    assert window.open_path(str(corpus / DRACULA))
    install_panes(window)
    pane = window.library_pane()
    assert pane is not None
    pane.reload(check_files=False)
    assert pane.select_id(alice)
    assert pane.remove_selected()
    assert window.store.stats.count(alice) == 0  # gone with the book ...
    record = pane.undo_remove()
    assert record is not None and record.id == alice
    assert window.store.stats.views(alice) == before  # ... and back with it
    again = window.store.stats.book_stats(alice)
    assert again is not None and again.finished == finished.finished
