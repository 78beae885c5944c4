"""Settings ▸ Keys: record, see conflicts first, replace or cancel, reset; only changes stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.commands.key_capture import KeyCapture
from reader.ui.commands.keymap import DEFAULT_KEYS
from reader.ui.dialogs.keys_page import KeysPage, owners_of
from reader.ui.dialogs.settings_dialog import SettingsDialog, open_settings_dialog
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PARAGRAPH = (
    "Snow lay thick on the roofs and the bells of the old church rang out over the town, "
    "while the shopkeepers swept their steps and the children raced along the frozen lane. "
)

MakeWindow = Callable[[], MainWindow]


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[MakeWindow]:  # type: ignore[no-untyped-def]
    """Windows over one store in ``tmp_path`` (a second call reopens the same store)."""
    book = tmp_path / "snow.txt"
    chapters = [
        f"Chapter {c}\n\n" + "\n\n".join(PARAGRAPH * 3 for _ in range(25)) for c in range(1, 4)
    ]
    book.write_text("\n\n\n".join(chapters) + "\n", encoding="utf-8")
    made: list[MainWindow] = []

    def make() -> MainWindow:
        for old in made:
            if old.isVisible():
                old.close()
                old.shutdown()
        paths = Paths((tmp_path / "quire").absolute())
        paths.ensure()
        win = build_window(open_store(paths.database), paths)
        qtbot.addWidget(win)
        win.resize(820, 640)
        win.show()
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
        assert win.open_path(str(book))
        win.view.setFocus()
        made.append(win)
        return win

    yield make
    for win in made:
        for dialog in win.findChildren(SettingsDialog):
            dialog.close()
        win.close()
        win.shutdown()


def _keys_page(qtbot, window: MainWindow) -> KeysPage:  # type: ignore[no-untyped-def]
    dialog = open_settings_dialog(window, "keys")
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.tabs.currentWidget() is dialog.keys
    return dialog.keys


def _back_to_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for dialog in window.findChildren(SettingsDialog):
        dialog.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()


def _record(
    page: KeysPage, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    page.recorder.setFocus()
    QTest.keyClick(page.recorder, key, mod)


def test_conflict_is_shown_before_anything_changes_then_replace(
    qtbot, make_window: MakeWindow
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    page = _keys_page(qtbot, window)
    page.select("page.next")
    _record(page, Qt.Key.Key_BracketRight)
    # Nothing changed yet: the page names the other command and waits.
    assert page.pending_conflict() == ("page.next", "]", ["chapter.next"])
    assert page.conflict.isVisibleTo(page)
    assert "]" in page.conflict_label.text() and "Next Chapter" in page.conflict_label.text()
    assert window.registry.keys_for("chapter.next") == ["]"]
    assert window.store.settings.key_overrides() == {}
    # Cancel: still nothing changed.
    QTest.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.pending_conflict() is None and not page.conflict.isVisibleTo(page)
    assert window.store.settings.key_overrides() == {}
    # Record again and replace.
    _record(page, Qt.Key.Key_BracketRight)
    QTest.mouseClick(page.replace_button, Qt.MouseButton.LeftButton)
    assert window.registry.keys_for("page.next") == [*DEFAULT_KEYS["page.next"], "]"]
    assert window.registry.keys_for("chapter.next") == []
    # Only the changes are stored.
    assert window.store.settings.key_overrides() == {
        "page.next": [*DEFAULT_KEYS["page.next"], "]"],
        "chapter.next": [],
    }
    # Applied at once: "]" now turns one page instead of jumping to chapter 2.
    _back_to_page(qtbot, window)
    chapter2 = window.session.book.chapters[1].offset  # type: ignore[union-attr]
    start = window.view.visible_range()[0]
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight)
    moved = window.view.visible_range()[0]
    assert start < moved < chapter2, "] turned a page, it did not jump to the next chapter"
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight)
    assert window.view.visible_range()[0] > moved


def test_record_without_conflict_binds_at_once_and_survives_a_restart(
    qtbot, make_window: MakeWindow
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    page = _keys_page(qtbot, window)
    page.select("page.last")
    _record(
        page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert page.pending_conflict() is None
    assert window.registry.keys_for("page.last") == ["End", "Ctrl+Shift+E"]
    assert "Ctrl+Shift+E" in page.table.currentItem().text(1)
    # The same key again: nothing changes, the page says so.
    _record(
        page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.registry.keys_for("page.last") == ["End", "Ctrl+Shift+E"]
    assert "already" in page.message.text()
    _back_to_page(qtbot, window)
    QTest.keyClick(
        window.view,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.view.page_info().page == window.view.page_info().total
    # A new window over the same store starts with the override.
    second = make_window()
    assert second.registry.keys_for("page.last") == ["End", "Ctrl+Shift+E"]
    assert second.store.settings.key_overrides() == {"page.last": ["End", "Ctrl+Shift+E"]}


def test_remove_a_key_then_reset_one_and_reset_all(qtbot, make_window: MakeWindow) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    page = _keys_page(qtbot, window)
    page.select("page.next")
    row = [page.key_list.item(i).text() for i in range(page.key_list.count())].index("J")
    page.key_list.setCurrentRow(row)
    QTest.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert "J" not in window.registry.keys_for("page.next")
    page.select("page.prev")
    _record(page, Qt.Key.Key_P)
    assert window.store.settings.key_overrides() == {
        "page.next": ["Space", "Right", "PgDown"],
        "page.prev": [*DEFAULT_KEYS["page.prev"], "P"],
    }
    _back_to_page(qtbot, window)
    before = window.view.visible_range()
    QTest.keyClick(window.view, Qt.Key.Key_J)
    assert window.view.visible_range() == before, "the removed key no longer turns the page"

    page = _keys_page(qtbot, window)
    page.select("page.next")
    QTest.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert window.registry.keys_for("page.next") == DEFAULT_KEYS["page.next"]
    assert window.store.settings.key_overrides() == {"page.prev": [*DEFAULT_KEYS["page.prev"], "P"]}
    QTest.mouseClick(page.reset_all_button, Qt.MouseButton.LeftButton)
    assert window.store.settings.key_overrides() == {}
    assert window.registry.keymap.overrides() == {}
    assert window.registry.keys_for("page.prev") == DEFAULT_KEYS["page.prev"]
    _back_to_page(qtbot, window)
    QTest.keyClick(window.view, Qt.Key.Key_J)
    assert window.view.visible_range() != before, "J turns the page again"


def test_filter_and_typing_reading_keys_into_it(qtbot, make_window: MakeWindow) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    page = _keys_page(qtbot, window)
    before = window.view.visible_range()
    page.filter_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.filter_edit)
    QTest.keyClicks(page.filter_edit, "chapter")
    assert set(page.visible_names()) >= {"chapter.next", "chapter.prev"}
    assert "page.next" not in page.visible_names()
    page.filter_edit.clear()
    QTest.keyClicks(page.filter_edit, "jk[] ?:")
    assert page.filter_edit.text() == "jk[] ?:"
    assert window.view.visible_range() == before
    assert page.visible_names() == []
    page.filter_edit.clear()
    assert len(page.visible_names()) == len(window.registry.all())


def test_owners_of_and_key_capture_normalises_symbols(qtbot, make_window: MakeWindow) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert owners_of(window.registry, "Space") == ["page.next"]
    assert owners_of(window.registry, "Space", skip="page.next") == []
    capture = KeyCapture()
    qtbot.addWidget(capture)
    got: list[str] = []
    capture.captured.connect(got.append)
    QTest.keyClick(capture, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    capture.clear()
    QTest.keyClick(capture, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert got == ["?", "Ctrl+F"]
