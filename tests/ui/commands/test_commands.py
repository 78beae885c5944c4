"""The command registry, key map, text-field guard, go-to parsing and status-line formats.

(The pace test that drove the status line's own pace meter moved to
``tests/ui/stats/test_time_left.py``: "time left" now comes from recorded page views.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.ui.commands.keymap import (
    DEFAULT_KEYS,
    Keymap,
    conflicts,
    install_text_input_guard,
    normalize,
    sequences,
)
from reader.ui.commands.registry import Command, CommandRegistry
from reader.ui.dialogs.goto import GoToDialog, parse_target
from reader.ui.reading.status import format_page, format_percent, format_time_left

# The offscreen platform warns when a QMainWindow is shown; that is not our bug.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

# --- keymap ---------------------------------------------------------------------------------


def test_default_keys_follow_design() -> None:
    assert {"Space", "Right", "PgDown", "J"} <= set(DEFAULT_KEYS["page.next"])
    assert {"Shift+Space", "Left", "PgUp", "K"} <= set(DEFAULT_KEYS["page.prev"])
    assert DEFAULT_KEYS["chapter.next"] == ["]"]
    assert DEFAULT_KEYS["chapter.prev"] == ["["]
    assert "Ctrl+G" in DEFAULT_KEYS["go.to"]
    # Standard keys resolve to the platform's binding (Ctrl+O / Ctrl+Q on Linux).
    assert "Ctrl+O" in normalize(DEFAULT_KEYS["file.open"][0])
    assert "Ctrl+Q" in normalize(DEFAULT_KEYS["app.quit"][0])
    assert conflicts(Keymap()) == {}


def test_every_default_key_parses() -> None:
    for name, keys in DEFAULT_KEYS.items():
        for key in keys:
            assert sequences(key), f"{name}: {key!r} does not parse"


def test_keymap_stores_only_changes() -> None:
    km = Keymap()
    km.set_keys("page.next", ["Space", "Right", "PgDown", "J"])  # same as default
    assert km.overrides() == {}
    km.set_keys("page.next", ["N"])
    assert km.overrides() == {"page.next": ["N"]}
    assert km.keys_for("page.next") == ["N"]
    assert km.keys_for("page.prev") == DEFAULT_KEYS["page.prev"]
    km.set_keys("page.next", ["J", "PgDown", "Right", "Space"])  # order does not matter
    assert km.overrides() == {}
    km.set_keys("go.to", [])  # unbinding is a change
    assert km.overrides() == {"go.to": []}
    km.reset()
    assert km.overrides() == {}


def test_keymap_drops_invalid_keys() -> None:
    km = Keymap(overrides={"page.next": ["Space", "NoSuchKeyAtAll+++", "StandardKey.Nope"]})
    assert km.keys_for("page.next") == ["Space"]


def test_conflicts_found_across_spellings() -> None:
    found = conflicts({"a": ["Ctrl+G"], "b": ["ctrl+g"], "c": ["J"], "d": ["PgDown"]})
    assert found == {"Ctrl+G": ["a", "b"]}
    km = Keymap(overrides={"chapter.next": ["Space"]})
    assert conflicts(km) == {"Space": ["page.next", "chapter.next"]}


# --- registry -------------------------------------------------------------------------------


def _registry(calls: list[str]) -> CommandRegistry:
    reg = CommandRegistry()
    reg.register(Command("a.one", "&One", "Do one", ["Ctrl+1"], "File", lambda: calls.append("1")))
    reg.register(Command("b.two", "&Two", "Do two", ["J"], "Go", lambda: calls.append("2")))
    reg.register(
        Command(
            "c.three", "Th&ree…", "Do three", [], "View", lambda: calls.append("3"), submenu="S"
        )
    )
    return reg


def test_registry_order_keys_and_validation() -> None:
    reg = _registry([])
    assert [c.name for c in reg.all()] == ["a.one", "b.two", "c.three"]
    assert reg.get("c.three").plain_title == "Three"
    assert reg.keys_for("b.two") == ["J"]
    with pytest.raises(ValueError):
        reg.register(Command("a.one", "x", "y", [], "File", lambda: None))
    with pytest.raises(ValueError):
        reg.register(Command("z.nohelp", "x", "  ", [], "File", lambda: None))


def test_registry_builds_actions_and_menus(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    reg = _registry(calls)
    win = QMainWindow()
    qtbot.addWidget(win)
    actions = reg.create_actions(win)
    menus = reg.build_menus(win.menuBar())
    assert list(menus) == ["File", "Go", "View"]
    assert actions["a.one"].shortcut() == QKeySequence("Ctrl+1")
    assert actions["a.one"].shortcutContext() == Qt.ShortcutContext.WindowShortcut
    assert actions["a.one"] in win.actions()
    view_menu = menus["View"]
    sub = [a.menu() for a in view_menu.actions() if a.menu() is not None]
    assert len(sub) == 1 and sub[0].title() == "S"
    actions["b.two"].trigger()
    reg.run("c.three")
    assert calls == ["2", "3"]
    reg.set_overrides({"b.two": ["K"], "unknown.cmd": ["X"]})
    assert actions["b.two"].shortcut() == QKeySequence("K")
    assert reg.keys_for("b.two") == ["K"]


# --- typing in a text field never turns pages -----------------------------------------------


@pytest.fixture
def guarded_window(qtbot):  # type: ignore[no-untyped-def]
    calls: list[str] = []
    reg = CommandRegistry()
    reg.register(
        Command("page.next", "Next", "Next page", ["Space", "J", "PgDown", "]"], "Go",
                lambda: calls.append("next"))
    )  # fmt: skip
    reg.register(Command("go.to", "Go", "Go to", ["Ctrl+G"], "Go", lambda: calls.append("goto")))
    win = QMainWindow()
    qtbot.addWidget(win)
    body = QWidget()
    lay = QVBoxLayout(body)
    edit, plain, spin, button = QLineEdit(), QPlainTextEdit(), QSpinBox(), QPushButton("b")
    for w in (edit, plain, spin, button):
        lay.addWidget(w)
    win.setCentralWidget(body)
    reg.create_actions(win)
    install_text_input_guard(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win, calls, edit, plain, spin, button


def test_reading_keys_type_into_text_fields(guarded_window) -> None:  # type: ignore[no-untyped-def]
    _win, calls, edit, plain, spin, _button = guarded_window
    edit.setFocus()
    for key in (Qt.Key.Key_J, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_BracketRight):
        QTest.keyClick(edit, key)
    assert calls == []
    assert edit.text().lower() == "j ]"
    plain.setFocus()
    QTest.keyClick(plain, Qt.Key.Key_J)
    QTest.keyClick(plain, Qt.Key.Key_PageDown)
    assert calls == []
    assert plain.toPlainText() == "j"
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_Space)
    assert calls == []
    # A command key with Ctrl still works from a text field.
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert calls == ["goto"]


def test_reading_keys_work_outside_text_fields(guarded_window) -> None:  # type: ignore[no-untyped-def]
    _win, calls, _edit, _plain, _spin, button = guarded_window
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_J)
    QTest.keyClick(button, Qt.Key.Key_PageDown)
    assert calls == ["next", "next"]


# --- go to ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [("120", "page", 120), (" 7 ", "page", 7), ("45%", "percent", 45.0),
     ("12.5 %", "percent", 12.5), ("0%", "percent", 0.0), ("100%", "percent", 100.0),
     ("3,5%", "percent", 3.5)],
)  # fmt: skip
def test_parse_target_accepts(text: str, kind: str, value: float) -> None:
    target = parse_target(text, page_count=500)
    assert (target.kind, target.value) == (kind, value)


@pytest.mark.parametrize("text", ["", "abc", "0", "501", "101%", "-3", "5 pages", "%"])
def test_parse_target_rejects(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_target(text, page_count=500)
    assert str(err.value)


def test_goto_dialog_validates_and_accepts_with_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = GoToDialog(None, current_page=3, page_count=40)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QTest.keyClicks(dialog.edit, "400")
    assert dialog.target() is None
    assert "40 pages" in dialog.error.text()
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # invalid input keeps it open
    dialog.edit.clear()
    QTest.keyClicks(dialog.edit, "25%")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.target() is not None and dialog.target().kind == "percent"
    assert dialog.target().value == 25.0


# --- status line ----------------------------------------------------------------------------


def test_status_formats() -> None:
    assert format_page(12, 340, False) == "page 12 of 340"
    assert format_page(12, 340, True) == "page 12 of ~340"
    assert format_percent(45.7) == "45%"
    assert format_percent(0.4) == "0.4%"
    assert format_percent(0.02) == "0.1%" and format_percent(0) == "0%"
    assert format_time_left(12 * 60) == "12 min left in chapter"
    assert format_time_left(65 * 60) == "1 h 5 min left in chapter"
    assert format_time_left(10).startswith("less than 1 min")
