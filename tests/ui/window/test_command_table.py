"""The window's commands are data: one table of rows, every default key in keymap.DEFAULT_KEYS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.commands.keymap import DEFAULT_KEYS
from reader.ui.window.command_table import COMMANDS
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths(tmp_path / "quire")
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    yield win
    win.close()
    win.shutdown()


def test_the_registry_is_the_table_in_order(window: MainWindow) -> None:
    assert [c.name for c in window.registry.all()] == [row.name for row in COMMANDS]
    for row in COMMANDS:
        cmd = window.registry.get(row.name)
        assert (cmd.title, cmd.menu, cmd.help, cmd.submenu) == (
            row.title,
            row.menu,
            row.help,
            row.submenu,
        )
        assert cmd.checkable == (row.checked is not None)


def test_every_default_key_comes_from_the_keymap(window: MainWindow) -> None:
    names = {c.name for c in window.registry.all()}
    assert set(DEFAULT_KEYS) <= names  # no key for a command that does not exist
    for cmd in window.registry.all():
        assert cmd.default_keys == DEFAULT_KEYS.get(cmd.name, []), cmd.name
    # The keys that used to be written into the window's code.
    for name, key in (
        ("focus.page", "Esc"),
        ("focus.next", "F6"),
        ("focus.previous", "Shift+F6"),
        ("library.filter", "Ctrl+L"),
        ("app.palette", "Ctrl+K"),
        ("app.palette", ":"),
        ("help.keys", "?"),
        ("view.library", "F9"),
        ("view.notes", "F10"),
        ("view.distraction_free", "F12"),
        ("library.add_files", "Ctrl+Shift+O"),
        ("book.settings", "Ctrl+I"),
        ("selection.start", "V"),
        ("bookmark.toggle", "B"),
    ):
        assert key in DEFAULT_KEYS[name], (name, key)


def test_a_formerly_hard_coded_key_can_be_rebound(window: MainWindow) -> None:
    window.registry.set_overrides({"focus.page": ["F8"], "library.filter": []})
    assert [s.toString() for s in window.actions_by_name["focus.page"].shortcuts()] == ["F8"]
    assert window.actions_by_name["library.filter"].shortcuts() == []
    window.registry.set_overrides({})
    assert [s.toString() for s in window.actions_by_name["focus.page"].shortcuts()] == ["Esc"]
