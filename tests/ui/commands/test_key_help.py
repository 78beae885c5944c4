"""The key-help overlay (?) lists every command from the registry and closes with ? or Esc."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.commands.key_help import KeyHelpOverlay, grouped_commands, key_table_markdown
from reader.ui.commands.palette import palette_title, shown_keys
from reader.ui.commands.registry import Command
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(820, 640)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.view.setFocus()
    yield win
    for overlay in win.findChildren(KeyHelpOverlay):
        overlay.close()
    win.close()
    win.shutdown()


def _overlay(window: MainWindow) -> KeyHelpOverlay | None:
    found = [o for o in window.findChildren(KeyHelpOverlay) if o.isVisible()]
    return found[0] if found else None


def test_question_mark_shows_every_command_and_closes_again(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClicks(window.view, "?")
    qtbot.waitUntil(lambda: _overlay(window) is not None)
    overlay = _overlay(window)
    assert overlay is not None
    rows = overlay.command_rows()
    commands = window.registry.all()
    assert len(rows) == len(commands)
    listed = {(title, keys, help_) for _group, title, keys, help_ in rows}
    for cmd in commands:
        row = (palette_title(cmd), shown_keys(window.registry, cmd.name), cmd.help)
        assert row in listed, f"{cmd.name} missing from the overlay"
    keys = {title: k for _g, title, k, _h in rows}
    # Standard bindings' multimedia keys ("Open", "Find" keys) are not listed as if typed
    assert keys["Open"] == "Ctrl+O" and keys["Find"] == "/, Ctrl+F"
    current = overlay.tree.currentItem()
    assert current is not None and current.parent() is not None, "a command, not a heading"
    groups = [g for g, *_ in rows]
    assert groups.index("File") < groups.index("Go") < groups.index("View") < groups.index("Help")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is overlay)
    QTest.keyClicks(overlay.tree, "?")
    qtbot.waitUntil(lambda: not overlay.isVisible())


def test_escape_closes_the_overlay(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.registry.run("help.keys")
    overlay = _overlay(window)
    assert overlay is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is overlay)
    QTest.keyClick(overlay.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not overlay.isVisible())


def test_overlay_shows_rebound_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.registry.set_overrides({"chapter.next": ["Ctrl+Shift+N"]})
    window.registry.run("help.keys")
    overlay = _overlay(window)
    assert overlay is not None
    keys = {title: k for _g, title, k, _h in overlay.command_rows()}
    assert keys["Next Chapter"] == "Ctrl+Shift+N"


def test_groups_follow_the_menus_and_other_comes_last(window: MainWindow) -> None:
    registry = window.registry
    registry.register(Command("test.hidden", "Hidden Thing", "A command in no menu", [], "", list))
    groups = grouped_commands(registry)
    names = [g for g, _ in groups]
    assert names[:4] == ["File", "Go", "View", "Help"] and names[-1] == "Other"
    assert [c.name for c in groups[-1][1]] == ["test.hidden"]
    assert sum(len(cs) for _g, cs in groups) == len(registry.all())


def test_markdown_table_has_a_row_per_command(window: MainWindow) -> None:
    table = key_table_markdown(window.registry)
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    body = [r for r in rows if not r.startswith("| Command |")]
    assert len(body) == len(window.registry.all())
    assert "| Next Page | `Space`, `Right`, `PgDown`, `J` | Turn to the next page |" in table
    assert "| Command Palette | `Ctrl+K`, `:` |" in table
    assert "| Keyboard Shortcuts | `?` |" in table
