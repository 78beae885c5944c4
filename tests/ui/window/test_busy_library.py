"""A busy library never loses typing (issue 9, item 6), in the real window.

Another process holds the library's write lock. The window keeps working: a highlight shows
at once, the note editor stays open saying it is waiting, the status bar says so, pages turn
and bookmarks appear; once the lock is released everything lands. If the lock is held past
the writer's limit, the note editor stays open with the text, the text is kept as a draft,
and the next start saves the draft into the library.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from notes_support import chapter_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from settle import settle

from reader.app import install_panes
from reader.paths import Paths
from reader.store.db import open_store
from reader.store.drafts import Drafts
from reader.store.writer import StoreWriter
from reader.ui.notes.note_editor import WAITING_TEXT as EDITOR_WAITING
from reader.ui.notes.panel import NotesPanel
from reader.ui.window.main_window import MainWindow
from reader.ui.window.write_status import WAITING_TEXT

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "store"))
from store_support import lock_held

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.timeout(180),  # a hang guard only: the lock is held for seconds on purpose
]

NOTE = "Typed while another program held the library"
WORDS = "fog pressed against the windows"

MakeWindow = Callable[..., tuple[MainWindow, NotesPanel]]


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[MakeWindow]:  # type: ignore[no-untyped-def]
    """A window (with its panes) over ``tmp_path/quire``, its writer giving up after
    ``busy_limit`` seconds; the book is open."""
    made: list[MainWindow] = []
    book = tmp_path / "fog.txt"
    book.write_text(chapter_text(3, 12), encoding="utf-8")
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()

    def make(busy_limit: float = 30.0) -> tuple[MainWindow, NotesPanel]:
        writer = StoreWriter(paths.database, busy_limit=busy_limit)
        window = MainWindow(open_store(paths.database), paths, writer=writer)
        install_panes(window)
        qtbot.addWidget(window)
        window.resize(900, 640)
        window.show()
        made.append(window)
        assert window.open_path(str(book))
        panel = window.notes_panel()
        assert panel is not None
        window.after_show()
        settle(window)  # the book's first position is saved before a test locks the library
        return window, panel

    yield make
    for window in made:
        window.close()
        window.shutdown()


def _span(window: MainWindow, label: str = "Paragraph 1.3.") -> tuple[int, int]:
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index(WORDS, text.index(label))
    return start, start + len(WORDS)


def test_with_the_library_locked_the_note_waits_and_lands_when_it_is_free(
    qtbot, make_window: MakeWindow
) -> None:  # type: ignore[no-untyped-def]
    window, panel = make_window()
    db = window.store.path
    record = window.session.record
    assert record is not None
    start, end = _span(window)
    with lock_held(db, seconds=60) as holder:
        editor = panel.highlight_with_note(start, end)
        assert editor is not None and editor.isVisible()
        (shown,) = panel.session.annotations()  # on the page at once, still unsaved
        assert shown.id < 0 and (start, end, "yellow") in window.view._decorations.items
        qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.edit)
        QTest.keyClicks(editor.edit, NOTE)
        editor.accept()
        assert editor.isVisible() and editor.is_saving()  # it stays open while saving
        qtbot.waitUntil(lambda: window.write_status.text() == WAITING_TEXT, timeout=10_000)
        assert editor.status.text() == EDITOR_WAITING
        # Meanwhile the reader goes back to the page, turns pages and bookmarks one there.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.view.setFocus()
        for _ in range(3):
            QTest.keyClick(window.view, Qt.Key.Key_Space)
        window.session.flush()
        QTest.keyClick(window.view, Qt.Key.Key_B)
        assert len(panel.session.bookmarks()) == 1
        qtbot.wait(300)
        assert editor.isVisible() and editor.edit.toPlainText() == NOTE
        assert window.store.annotations.annotations(record.id) == []  # nothing saved yet
        holder.release()
    qtbot.waitUntil(lambda: panel.highlights.editor is None, timeout=20_000)  # saved: closed
    settle(window)
    (saved,) = window.store.annotations.annotations(record.id)
    assert (saved.start, saved.end, saved.note) == (start, end, NOTE)
    assert [a.id for a in panel.session.annotations()] == [saved.id]  # swapped in
    assert len(window.store.annotations.bookmarks(record.id)) == 1
    progress = window.store.annotations.get_progress(record.id)
    assert progress is not None and progress.offset == window.view.position()
    qtbot.waitUntil(lambda: window.write_status.text() == "")
    assert not Drafts.beside(db).list()  # the draft kept while waiting is gone


def test_past_the_limit_the_editor_keeps_the_text_and_the_draft_is_saved_next_start(
    qtbot, make_window: MakeWindow
) -> None:  # type: ignore[no-untyped-def]
    window, panel = make_window(busy_limit=1.0)
    db = window.store.path
    drafts = Drafts.beside(db)
    start, end = _span(window)
    with lock_held(db, seconds=60):
        editor = panel.highlight_with_note(start, end)
        assert editor is not None
        qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.edit)
        QTest.keyClicks(editor.edit, NOTE)
        editor.accept()
        qtbot.waitUntil(lambda: not editor.is_saving(), timeout=20_000)  # the write gave up
        assert editor.isVisible() and editor.edit.toPlainText() == NOTE  # text intact
        message = editor.status.text()
        assert "was busy in another program" in message and "kept as a draft" in message
        assert panel.highlights.editor is editor
        qtbot.waitUntil(lambda: [d.note for d in drafts.list()] == [NOTE], timeout=10_000)
        (draft,) = drafts.list()
        assert (draft.start, draft.end) == (start, end)
        button = panel.highlights.drafts_button
        assert not button.isHidden() and button.text() == "Unsaved (1)…"
        assert panel.session.annotations() == []  # not in the library: not on the page
        assert "kept as a draft" in window.message_bar.text()  # the reader is told
        editor.reject()  # the reader gives up for now; the draft keeps the text
    window.close()
    window.shutdown()

    # The next start: the draft is saved into the library and the reader is told.
    again, panel = make_window()
    record = again.session.record
    assert record is not None
    qtbot.waitUntil(lambda: not drafts.list(), timeout=20_000)
    settle(again)
    (saved,) = again.store.annotations.annotations(record.id)
    assert (saved.start, saved.end, saved.note) == (start, end, NOTE)
    assert again.message_bar.text() == "1 unsaved highlight saved to the library."
    assert [a.note for a in panel.session.annotations()] == [NOTE]


def test_trying_again_in_the_editor_saves_the_note_and_removes_its_draft(
    qtbot, make_window: MakeWindow
) -> None:  # type: ignore[no-untyped-def]
    window, panel = make_window(busy_limit=1.0)
    db = window.store.path
    drafts = Drafts.beside(db)
    start, end = _span(window)
    with lock_held(db, seconds=60):
        editor = panel.highlight_with_note(start, end)
        assert editor is not None
        QTest.keyClicks(editor.edit, NOTE)
        editor.accept()
        qtbot.waitUntil(lambda: not editor.is_saving(), timeout=20_000)
        qtbot.waitUntil(lambda: [d.note for d in drafts.list()] == [NOTE], timeout=10_000)
    editor.accept()  # the library is free again: OK saves it now
    qtbot.waitUntil(lambda: panel.highlights.editor is None, timeout=20_000)
    settle(window)
    record = window.session.record
    assert record is not None
    (saved,) = window.store.annotations.annotations(record.id)
    assert saved.note == NOTE
    qtbot.waitUntil(lambda: not drafts.list(), timeout=10_000)


def test_a_book_opened_while_the_library_is_locked_is_recorded_once_it_is_free(
    qtbot, make_window: MakeWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, panel = make_window()
    new = tmp_path / "new book.txt"
    new.write_text(chapter_text(2, 6).replace("Paragraph", "Section"), encoding="utf-8")
    with lock_held(window.store.path, seconds=60) as holder:
        assert window.open_path(str(new))  # it opens and shows at once …
        assert window.session.book is not None and window.session.record is None  # … unsaved
        qtbot.waitUntil(window.view.book_was_shown)
        qtbot.waitUntil(lambda: window.write_status.text() == WAITING_TEXT, timeout=10_000)
        holder.release()
    qtbot.waitUntil(lambda: window.session.record is not None, timeout=20_000)
    record = window.session.record
    assert record is not None and record.path == str(new)
    settle(window)
    last = window.store.library.last_read_book()
    assert last is not None and last.id == record.id  # shown, so read, once recorded
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index("Section 1.2.")
    assert panel.highlight(start, start + 12) is not None  # notes can be saved now
    settle(window)
    assert len(window.store.annotations.annotations(record.id)) == 1
