"""Moving around by keyboard: F6 cycling, Esc to the page, Ctrl+L, F9/F10, distraction-free."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.commands.key_help import KeyHelpOverlay
from reader.ui.commands.keymap import normalize
from reader.ui.commands.palette import CommandPalette
from reader.ui.window.focus import FocusController
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
MY_COMMANDS = {
    "app.settings": "Ctrl+,",
    "app.palette": "Ctrl+K",
    "help.keys": "?",
    "focus.next": "F6",
    "focus.previous": "Shift+F6",
    "focus.page": "Esc",
    "library.filter": "Ctrl+L",
    "view.library": "F9",
    "view.notes": "F10",
    "view.distraction_free": "F12",
}


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    book = tmp_path / "river.txt"
    paragraph = "The river ran wide and brown past the mill, and the boats drifted slowly by. " * 4
    book.write_text("Chapter 1\n\n" + "\n\n".join([paragraph] * 60) + "\n", encoding="utf-8")
    assert win.open_path(str(book))
    win.library_dock.hide()
    win.notes_dock.hide()
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.view)
    yield win
    for widget in [*win.findChildren(CommandPalette), *win.findChildren(KeyHelpOverlay)]:
        widget.close()
    win.close()
    win.shutdown()


def _press(key: Qt.Key, mod: Qt.KeyboardModifier = NO) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key, mod)


def _in(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def test_my_keys_are_registered_and_clash_with_no_other_command(window: MainWindow) -> None:
    registry = window.registry
    for name, key in MY_COMMANDS.items():
        assert key in [t for k in registry.keys_for(name) for t in normalize(k)], name
        for other in registry.all():
            if other.name != name:
                theirs = {t for k in registry.keys_for(other.name) for t in normalize(k)}
                assert key not in theirs, f"{key} of {name} is also bound to {other.name}"
    assert ":" in registry.keys_for("app.palette")


def test_f9_and_f10_toggle_the_docks(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _press(Qt.Key.Key_F9)
    assert window.library_dock.isVisible() and _in(window.library_dock)
    assert window.registry.action("view.library").isChecked()
    _press(Qt.Key.Key_F9)
    assert not window.library_dock.isVisible() and _in(window.view)
    _press(Qt.Key.Key_F10)
    assert window.notes_dock.isVisible() and _in(window.notes_dock)
    assert window.registry.action("view.notes").isChecked()
    _press(Qt.Key.Key_F10)
    assert not window.notes_dock.isVisible() and _in(window.view)
    assert not window.registry.action("view.notes").isChecked()


def test_f6_cycles_visible_panes_and_shift_f6_goes_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.library_dock.show()
    window.notes_dock.show()
    window.view.setFocus()
    stops = []
    for _ in range(3):
        _press(Qt.Key.Key_F6)
        stops.append(
            next(w for w in (window.library_dock, window.view, window.notes_dock) if _in(w))
        )
    assert stops == [window.notes_dock, window.library_dock, window.view]
    _press(Qt.Key.Key_F6, SHIFT)
    assert _in(window.library_dock)
    _press(Qt.Key.Key_F6, SHIFT)
    assert _in(window.notes_dock)
    # a hidden pane is skipped
    window.notes_dock.hide()
    window.view.setFocus()
    _press(Qt.Key.Key_F6)
    assert _in(window.library_dock)
    _press(Qt.Key.Key_F6)
    assert _in(window.view)


def test_ctrl_l_focuses_the_filter_and_esc_clears_then_returns(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not window.library_dock.isVisible()
    _press(Qt.Key.Key_L, CTRL)
    assert window.library_dock.isVisible()
    edit = QApplication.focusWidget()
    assert isinstance(edit, QLineEdit) and window.library_dock.isAncestorOf(edit)
    before = window.view.visible_range()
    QTest.keyClicks(edit, "jk[] ?:")
    assert edit.text() == "jk[] ?:", "reading keys type into the filter"
    assert window.view.visible_range() == before
    assert not [w for w in window.findChildren(CommandPalette) if w.isVisible()]
    assert not [w for w in window.findChildren(KeyHelpOverlay) if w.isVisible()]
    QTest.keyClick(edit, Qt.Key.Key_Space)
    QTest.keyClick(edit, Qt.Key.Key_PageDown)
    assert window.view.visible_range() == before
    _press(Qt.Key.Key_Escape)  # first Esc: the filter clears itself
    assert edit.text() == "" and QApplication.focusWidget() is edit
    _press(Qt.Key.Key_Escape)  # second: back to the page
    assert QApplication.focusWidget() is window.view


def test_esc_from_a_pane_returns_to_the_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _press(Qt.Key.Key_F10)
    assert _in(window.notes_dock)
    _press(Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view
    assert window.notes_dock.isVisible(), "Esc moves the focus, it does not hide the pane"


def test_distraction_free_hides_everything_but_the_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.library_dock.show()
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    _press(Qt.Key.Key_F12)
    controller = window.findChild(FocusController)
    assert controller is not None and controller.distraction_free()
    assert not window.menuBar().isVisible()
    assert not window.statusBar().isVisible()
    assert not window.library_dock.isVisible() and not window.notes_dock.isVisible()
    assert window.view.isVisible() and _in(window.view)
    # page keys still work with the menu bar hidden
    before = window.view.visible_range()
    _press(Qt.Key.Key_Space)
    assert window.view.visible_range() != before
    _press(Qt.Key.Key_Escape)  # on the page, Esc leaves distraction-free mode
    assert not controller.distraction_free()
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    assert window.library_dock.isVisible() and not window.notes_dock.isVisible()
    _press(Qt.Key.Key_F12)
    _press(Qt.Key.Key_F12)  # again to leave
    assert not controller.distraction_free() and window.library_dock.isVisible()
    # closing in distraction-free mode brings the panes back before the layout is saved
    _press(Qt.Key.Key_F12)
    window.close()
    assert not controller.distraction_free()
    assert window.library_dock.isVisibleTo(window) and window.menuBar().isVisibleTo(window)
