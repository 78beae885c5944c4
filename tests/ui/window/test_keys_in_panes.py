"""Keys go where the reader means (issue 13, point 1).

Reading keys act only when the page, or the window around it, has the focus. For
every pane and dialog one test types every single-letter reading key into it (each
key bound to a command that is a single character, with or without Shift, plus
Space) and checks that the book's position, its bookmarks and its notes did not
change and that no overlay opened. The library list sends typing to its filter; the
palette and the key help close on Esc and when they lose the focus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)

from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.commands.key_help import KeyHelpOverlay
from reader.ui.commands.keymap import normalize
from reader.ui.commands.palette import CommandPalette
from reader.ui.dialogs.goto import GoToDialog
from reader.ui.dialogs.settings_dialog import SettingsDialog
from reader.ui.library.pane import LibraryPane
from reader.ui.notes.panel import NotesPanel
from reader.ui.window.main_window import MainWindow

# The offscreen platform warns when a window is shown, or a combo box's list pops up.
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)

TYPED_INTO = (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView)
PARAGRAPH = "The river ran wide and brown past the mill, and the boats drifted slowly by. " * 4


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(1100, 720)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    other = tmp_path / "another book.txt"
    other.write_text("Chapter 1\n\n" + PARAGRAPH + "\n", encoding="utf-8")
    assert win.open_path(str(other))
    book = tmp_path / "river.txt"
    chapters = [f"Chapter {c}\n\n" + "\n\n".join([PARAGRAPH] * 30) for c in range(1, 6)]
    book.write_text("\n\n\n".join(chapters) + "\n", encoding="utf-8")
    assert win.open_path(str(book))
    win.view.go_to_page(3)
    # A bookmark, a highlight with a note and a search with hits: things the keys could change.
    panel = win.notes_panel()
    assert panel is not None
    panel.session.toggle_bookmark()
    start = win.view.visible_range()[0] + 10
    ann = panel.session.add_highlight(start, start + 20, "green", note="my note")
    assert ann is not None
    record = win.session.record
    assert record is not None
    # The bookmark and highlight are written by the background writer: let them land, so
    # that a key's test compares with what is saved (and never with a write in flight).
    qtbot.waitUntil(
        lambda: (
            bool(win.store.annotations.bookmarks(record.id))
            and bool(win.store.annotations.annotations(record.id))
        ),
        timeout=5000,
    )
    panel.search.field.setText("river")
    panel.search.search_now()
    qtbot.waitUntil(lambda: not panel.search.is_running(), timeout=5000)
    yield win
    for widget in [*win.findChildren(CommandPalette), *win.findChildren(KeyHelpOverlay)]:
        widget.close()
    win.close()
    win.shutdown()


def reading_keys(window: MainWindow) -> list[str]:
    """Every key bound to a command that is one character (maybe with Shift), and Space."""
    keys = {"Space"}
    for cmd in window.registry.all():
        for key in window.registry.keys_for(cmd.name):
            for text in normalize(key):
                bare = text.removeprefix("Shift+")
                if len(bare) == 1:
                    keys.add(text)
    return sorted(keys)


def press(widget: QWidget, key: str) -> None:
    """Type portable key text ``key`` ("J", "Shift+N", "?", "Space") into ``widget``."""
    shift = key.startswith("Shift+")
    bare = key.removeprefix("Shift+")
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    if bare == "Space":
        QTest.keyClick(widget, Qt.Key.Key_Space, mods)
    elif bare.isalpha():
        char = bare.upper() if shift else bare.lower()
        QTest.keyClick(widget, char, mods)
    else:
        QTest.keyClick(widget, bare, mods)


def type_text(text: str) -> None:
    """Type ``text`` as the reader does: each key into whatever has the focus then."""
    for char in text:
        focus = QApplication.focusWidget()
        assert focus is not None
        QTest.keyClick(focus, char)


def state(window: MainWindow) -> tuple[object, ...]:
    """What a stray reading key would change: position, bookmarks, notes, overlays."""
    record = window.session.record
    assert record is not None
    notes = window.store.annotations
    overlays = [
        w
        for w in (*window.findChildren(CommandPalette), *window.findChildren(KeyHelpOverlay))
        if w.isVisible()
    ]
    return (
        window.view.position(),
        window.view.visible_range(),
        [(b.offset, b.name) for b in notes.bookmarks(record.id)],
        [(a.start, a.end, a.color, a.note) for a in notes.annotations(record.id)],
        len(overlays),
        window.view.scrubber_shown(),
        window.library_dock.isVisible(),
        window.notes_dock.isVisible(),
    )


def type_every_reading_key(window: MainWindow, target: Callable[[], QWidget]) -> list[str]:
    """Type each reading key into ``target()`` (looked up again, the focus may move inside
    the pane); returns the keys typed. Asserts that nothing on the page changed."""
    before = state(window)
    keys = reading_keys(window)
    assert {"J", "K", "B", "V", "N", "Shift+N", "/", "?", ":", "[", "]", "G", "M"} <= set(keys)
    for key in keys:
        widget = target()
        assert widget.isVisible(), key
        press(widget, key)
        popup = QApplication.activePopupWidget()
        if popup is not None:  # Space opened a combo box's list: the combo used the key
            popup.close()
        assert state(window) == before, f"{key!r} typed into {widget.objectName()!r}"
    return keys


def focused_in(pane: QWidget) -> Callable[[], QWidget]:
    """The widget holding the focus, which must be inside ``pane``."""

    def target() -> QWidget:
        focus = QApplication.focusWidget()
        assert focus is not None and (focus is pane or pane.isAncestorOf(focus)), focus
        return focus

    return target


def library(window: MainWindow) -> LibraryPane:
    pane = window.library_pane()
    assert pane is not None
    pane.show_library()
    return pane


def notes(window: MainWindow) -> NotesPanel:
    panel = window.notes_panel()
    assert panel is not None
    window.notes_dock.show()
    return panel


def test_reading_keys_in_the_library_list_filter_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pane = library(window)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    pane.focus_list()
    assert QApplication.focusWidget() is pane.list
    keys = type_every_reading_key(window, focused_in(pane))
    # The first key went from the list into the filter box, which kept the keyboard.
    assert QApplication.focusWidget() is pane.filter_edit
    typed = pane.filter_edit.text()
    assert typed.startswith(keys[0].removeprefix("Shift+").lower()) and len(typed) > 5


def test_reading_keys_in_the_library_filter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pane = library(window)
    pane.focus_filter()
    type_every_reading_key(window, focused_in(pane))
    assert len(pane.filter_edit.text()) > 5


@pytest.mark.parametrize("tab", ["contents", "bookmarks", "highlights"])
def test_reading_keys_in_the_notes_lists(window: MainWindow, tab: str) -> None:
    panel = notes(window)
    widget = getattr(panel, tab)
    panel.show_tab(widget)
    panel.focus_panel()
    type_every_reading_key(window, focused_in(widget))


def test_reading_keys_in_the_search_box_and_results(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = notes(window)
    panel.open_search()
    search = panel.search
    assert QApplication.focusWidget() is search.field
    search.field.clear()
    type_every_reading_key(window, focused_in(search))
    assert len(search.field.text()) > 5
    search.field.setText("river")
    search.search_now()
    qtbot.waitUntil(lambda: not search.is_running(), timeout=5000)
    search.list.setFocus()
    search.list.setCurrentIndex(search.model.index(0))
    before = window.view.visible_range()
    type_every_reading_key(window, focused_in(search))
    assert window.view.visible_range() == before


def test_reading_keys_in_the_notes_tab_bar(window: MainWindow) -> None:
    panel = notes(window)
    bar = panel.tabBar()
    bar.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    bar.setFocus()
    type_every_reading_key(window, lambda: bar)


@pytest.mark.parametrize("which", ["settings", "goto"])
def test_reading_keys_in_dialogs(qtbot, window: MainWindow, which: str) -> None:  # type: ignore[no-untyped-def]
    dialog: QDialog
    if which == "settings":
        dialog = SettingsDialog(window, window)
    else:
        dialog = GoToDialog(window, current_page=3, page_count=20)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    try:
        typed = 0
        for widget in dialog.findChildren(QWidget):
            # Fields and lists (a button would take Space as a click, and close the dialog).
            if not isinstance(widget, TYPED_INTO) or not widget.isVisible():
                continue
            if isinstance(widget, QLineEdit) and widget.isReadOnly():
                continue
            widget.setFocus()
            if QApplication.focusWidget() is widget:
                type_every_reading_key(window, focused_in(dialog))
                typed += 1
        assert typed >= (3 if which == "settings" else 1)
    finally:
        dialog.reject()


def test_reading_keys_still_work_on_the_page(window: MainWindow) -> None:
    window.view.setFocus()
    before = window.view.visible_range()
    press(window.view, "J")
    assert window.view.visible_range() != before
    press(window.view, "K")
    assert window.view.visible_range() == before


def test_library_list_arrows_enter_and_esc(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pane = library(window)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    pane.focus_list()
    type_text("anoth")
    assert pane.filter_edit.text() == "anoth" and pane.model.rowCount() == 1
    assert QApplication.focusWidget() is pane.filter_edit
    QTest.keyClick(pane.filter_edit, Qt.Key.Key_Down)  # into the list, on the match
    assert QApplication.focusWidget() is pane.list
    QTest.keyClick(pane.list, Qt.Key.Key_Escape)  # first Esc: the filter clears
    assert pane.filter_edit.text() == "" and pane.model.rowCount() == 2
    assert QApplication.focusWidget() is pane.list
    QTest.keyClick(pane.list, Qt.Key.Key_Home)
    QTest.keyClick(pane.list, Qt.Key.Key_Down)
    assert pane.list.currentIndex().row() == 1
    QTest.keyClick(pane.list, Qt.Key.Key_Escape)  # second Esc: back to the page
    assert QApplication.focusWidget() is window.view
    pane.focus_list()
    type_text("another")
    QTest.keyClick(pane.filter_edit, Qt.Key.Key_Return)  # Enter opens the match
    assert window.session.book is not None and "boats" in window.session.book.text
    assert window.session.record is not None and "another" in window.session.record.path


def test_palette_and_key_help_close_on_esc_and_when_they_lose_the_focus(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    for open_key, kind in ((":", CommandPalette), ("?", KeyHelpOverlay)):
        # Esc closes, whatever has the focus inside.
        press(window.view, open_key)
        popup = window.findChild(kind)
        assert popup is not None and popup.isVisible()
        qtbot.waitUntil(lambda p=popup: QApplication.activeWindow() is p)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda k=kind: not [w for w in window.findChildren(k) if w.isVisible()])
        # Losing the focus (the reader clicks back into the window) closes it too.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.view.setFocus()
        press(window.view, open_key)
        popup = window.findChild(kind)
        qtbot.waitUntil(lambda p=popup: QApplication.activeWindow() is p)
        window.activateWindow()
        qtbot.waitUntil(lambda k=kind: not [w for w in window.findChildren(k) if w.isVisible()])
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.view.setFocus()
