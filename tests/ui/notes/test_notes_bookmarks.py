"""The Bookmarks tab and the ``b`` key: toggle, list (chapter, snippet, date), jump, rename."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from notes_support import OpenWindow, chapter_text, window_factory
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from settle import settle

from reader.ui.window.main_window import MainWindow


def _stored(window: MainWindow) -> list:
    settle(window)  # bookmarks are written in the background
    assert window.session.record is not None
    return window.store.annotations.bookmarks(window.session.record.id)


def test_b_toggles_a_bookmark_on_the_page(notes_window: OpenWindow) -> None:
    window, panel = notes_window(chapter_text(3, 30), size=(700, 500))
    book = window.session.book
    assert book is not None
    window.view.go_to(book.chapters[1].offset + 3000)
    lo, hi = window.view.visible_range()
    QTest.keyClick(window.view, Qt.Key.Key_B)
    (bm,) = _stored(window)
    assert lo <= bm.offset < hi
    assert not book.text[bm.offset].isspace()
    assert bm.quote == book.text[bm.offset : bm.offset + len(bm.quote)] and len(bm.quote) > 20
    assert bm.name == "Chapter 2"
    (item,) = panel.bookmarks.items()
    assert item.text(0) == "Chapter 2" and item.text(1) == "Chapter 2"
    assert item.text(2) and " ".join(bm.quote.split()).startswith(item.text(2).rstrip("…"))
    datetime.strptime(item.text(3), "%Y-%m-%d %H:%M")
    assert panel.ribbon.isVisible()  # the page shows it is bookmarked
    window.view.next_page()
    assert not panel.ribbon.isVisible()
    window.view.prev_page()
    assert panel.ribbon.isVisible()
    QTest.keyClick(window.view, Qt.Key.Key_B)  # again on the same page: removed
    assert _stored(window) == []
    assert panel.bookmarks.items() == []
    assert not panel.ribbon.isVisible()


def test_enter_jumps_f2_renames_delete_deletes(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(chapter_text(3, 30), size=(700, 500))
    book = window.session.book
    assert book is not None
    window.view.go_to(book.chapters[2].offset)
    QTest.keyClick(window.view, Qt.Key.Key_B)
    (bm,) = _stored(window)
    window.view.first_page()
    assert not window.view.visible_range()[0] <= bm.offset < window.view.visible_range()[1]

    panel.show_tab(panel.bookmarks)
    tree = panel.bookmarks.tree
    tree.setFocus()
    tree.setCurrentItem(panel.bookmarks.items()[0])
    QTest.keyClick(tree, Qt.Key.Key_Return)
    lo, hi = window.view.visible_range()
    assert lo <= bm.offset < hi

    QTest.keyClick(tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    editor.selectAll()  # type: ignore[union-attr]
    QTest.keyClicks(editor, "Where <i>Marley</i> appears")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(window)[0].name == "Where <i>Marley</i> appears")
    assert panel.bookmarks.items()[0].text(0) == "Where <i>Marley</i> appears"

    tree.setFocus()
    tree.setCurrentItem(panel.bookmarks.items()[0])
    QTest.keyClick(tree, Qt.Key.Key_Delete)
    assert _stored(window) == []
    assert panel.session.undo()  # deleted by mistake: it comes back with its name
    (back,) = _stored(window)
    assert (back.id, back.name, back.offset) == (bm.id, "Where <i>Marley</i> appears", bm.offset)


def test_bookmarks_persist_across_windows(notes_window: OpenWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, _panel = notes_window(chapter_text(2, 10))
    QTest.keyClick(window.view, Qt.Key.Key_B)
    path = window.session.record.path  # type: ignore[union-attr]
    window.close()
    window.shutdown()
    again, panel = notes_window()
    assert again.open_path(path)
    assert [i.text(0) for i in panel.bookmarks.items()] == ["Chapter 1"]


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A real window over a temp store (see notes_support.window_factory)."""
    yield from window_factory(qtbot, tmp_path)
