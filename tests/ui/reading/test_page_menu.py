"""The page's right-click menu: selection, highlight-under-pointer and page items."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import menu_action
from notes_support import OpenWindow, point_in, window_factory
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from reader.ui.dialogs.goto import GoToDialog
from reader.ui.reading.page_menu import QUOTE_CHARS, menu_quote
from reader.ui.window.main_window import MainWindow

QUOTE = "Scrooge & <b>Marley</b> said Humbug and meant it"
BOOK = (
    "Chapter 1\n\n" + "Fog and frost and fire. " * 20 + "\n\n"
    f"{QUOTE}, loudly and at length in the cold counting-house.\n\n"
    + "\n\n".join(["The clerk's fire was very small. " * 10] * 30)
    + "\n"
)  # fmt: skip


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A shown window over a temp store (see notes_support)."""
    yield from window_factory(qtbot, tmp_path)


def _span(window: MainWindow) -> tuple[int, int]:
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index(QUOTE)
    return start, start + len(QUOTE)


def _point_off_highlights(window: MainWindow) -> QPoint:
    """A point on the first paragraph (which the tests never highlight)."""
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index("Fog")
    return point_in(window, start, start + 40)


def _names(menu: QMenu) -> list[str]:
    return [a.objectName() or (a.menu().objectName() if a.menu() else "") for a in menu.actions()]


def test_menu_quote_shortens_doubles_ampersands_and_stays_one_line() -> None:
    assert menu_quote("Tom & Jerry") == "Tom && Jerry"
    long = "word " * 40 + "& end"
    out = menu_quote(long)
    assert out.endswith("…") and len(out) <= QUOTE_CHARS
    assert menu_quote("a\nb\t c") == "a b c"
    assert menu_quote("<b>x</b>") == "<b>x</b>"  # kept literally; menu items are never HTML


def test_page_items_without_selection_or_highlight(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    menu = panel.page_menu.build_menu(_point_off_highlights(window))
    assert _names(menu) == ["chapters.mark_line", "", "bookmark.toggle", "go.to"]
    assert "\tB" in menu_action(menu, "bookmark.toggle").text()

    menu_action(menu, "bookmark.toggle").trigger()
    assert len(panel.session.bookmarks_on_page()) == 1
    panel.page_menu.build_menu(QPoint(5, 5)).findChild(QAction, "bookmark.toggle").trigger()
    assert panel.session.bookmarks_on_page() == []

    seen: list[bool] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(isinstance(dialog, GoToDialog))
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(100, close_dialog)
    menu_action(panel.page_menu.build_menu(QPoint(5, 5)), "go.to").trigger()
    assert seen == [True]


def test_selection_items_highlight_copy_and_search(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    start, end = _span(window)
    window.view.set_selection((start, end))
    menu = panel.page_menu.build_menu(point_in(window, start, end))
    names = _names(menu)
    assert names[:4] == ["highlightMenu", "note.add", "copy", "search.for"]
    assert names[-2:] == ["bookmark.toggle", "go.to"]
    search_text = menu_action(menu, "search.for").text()
    assert search_text == "&Search for “Scrooge && <b>Marley</b>…”"

    menu_action(menu, "copy").trigger()
    assert QApplication.clipboard().text() == QUOTE

    menu_action(menu, "highlight.green").trigger()
    (ann,) = panel.session.annotations()
    assert (ann.start, ann.end, ann.color, ann.quote) == (start, end, "green", QUOTE)
    assert window.view.selection() is None
    assert not panel.selection.is_active()
    assert (start, end, "green") in window.view._decorations.items

    window.view.set_selection((start, start + len("Scrooge")))
    panel.search.use_regex.setChecked(True)
    menu = panel.page_menu.build_menu(point_in(window, start, start + 7))
    menu_action(menu, "search.for").trigger()
    assert panel.currentWidget() is panel.search
    assert panel.search.field.text() == "Scrooge"
    assert not panel.search.use_regex.isChecked()
    qtbot.waitUntil(lambda: panel.search.model.rowCount() == 1, timeout=3000)


def test_add_note_opens_the_editor_on_a_new_highlight(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    start, end = _span(window)
    window.view.set_selection((start, end))
    menu_action(panel.page_menu.build_menu(QPoint(5, 5)), "note.add").trigger()
    (ann,) = panel.session.annotations()
    assert (ann.start, ann.end) == (start, end)
    editor = panel.highlights.editor
    assert editor is not None
    editor.edit.setPlainText("A & B")
    editor.accept()
    qtbot.waitUntil(lambda: panel.highlights.editor is None)
    assert panel.session.annotations()[0].note == "A & B"


def test_highlight_under_pointer_edit_recolour_delete(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    start, end = _span(window)
    ann = panel.highlight(start, end, "pink")
    assert ann is not None
    point = point_in(window, start, end)
    menu = panel.page_menu.build_menu(point)
    assert _names(menu) == [
        "note.edit", "recolourMenu", "highlight.delete", "", "chapters.mark_line", "",
        "bookmark.toggle", "go.to",
    ]  # fmt: skip
    assert menu_action(menu, "recolour.pink").isChecked()
    assert not menu_action(menu, "recolour.blue").isChecked()

    menu_action(menu, "recolour.blue").trigger()
    assert panel.session.annotations()[0].color == "blue"

    menu_action(panel.page_menu.build_menu(point), "note.edit").trigger()
    editor = panel.highlights.editor
    assert editor is not None
    editor.reject()
    qtbot.waitUntil(lambda: panel.highlights.editor is None)

    menu_action(panel.page_menu.build_menu(point), "highlight.delete").trigger()
    assert panel.session.annotations() == []
    assert panel.page_menu.highlight_at(point) is None
    assert "note.edit" not in _names(panel.page_menu.build_menu(point))
