"""The command palette: Ctrl+K and ':' open it, fuzzy matching ranks sensibly, Enter runs."""

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
from reader.ui.commands.fuzzy import fuzzy_score, rank
from reader.ui.commands.key_help import KeyHelpOverlay
from reader.ui.commands.palette import CommandPalette, key_strings_text, match_commands, shown_keys
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PARAGRAPH = (
    "The lamp-lighter went his rounds while the fog pressed against the windows, and every "
    "house along the street kept its own small fire against the cold of the long evening. "
)


def _book(tmp_path: Path) -> Path:
    chapters = [
        f"Chapter {c}\n\n" + "\n\n".join(PARAGRAPH * 3 for _ in range(25)) for c in range(1, 4)
    ]
    path = tmp_path / "fog.txt"
    path.write_text("\n\n\n".join(chapters) + "\n", encoding="utf-8")
    return path


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
    assert win.open_path(str(_book(tmp_path)))
    win.view.setFocus()
    yield win
    for palette in win.findChildren(CommandPalette):
        palette.close()
    win.close()
    win.shutdown()


def _palette(window: MainWindow) -> CommandPalette | None:
    found = [p for p in window.findChildren(CommandPalette) if p.isVisible()]
    return found[0] if found else None


# --- matching -------------------------------------------------------------------------------


def test_fuzzy_score_needs_the_letters_in_order() -> None:
    assert fuzzy_score("nxpg", "Next Page") is not None
    assert fuzzy_score("gpxn", "Next Page") is None
    assert fuzzy_score("NXPG", "next page") is not None  # case-insensitive
    assert fuzzy_score("", "anything") == 0.0
    assert fuzzy_score("toolong", "short") is None


def test_fuzzy_score_prefers_word_starts_and_runs() -> None:
    # word starts beat letters buried inside words
    assert fuzzy_score("np", "Next Page") > fuzzy_score("np", "Open Recent Page")  # type: ignore[operator]
    # a contiguous run beats the same letters spread out
    assert fuzzy_score("page", "Page Up") > fuzzy_score("page", "Pale Ginger Ale")  # type: ignore[operator]
    # an early match beats a late one
    assert fuzzy_score("dark", "Dark theme") > fuzzy_score("dark", "Use the dark one")  # type: ignore[operator]


def test_rank_orders_best_first_and_keeps_ties_in_order() -> None:
    items = [("a", (("Pale Ginger Ale", 1.0),)), ("b", (("Page Up", 1.0),)), ("c", (("x", 1.0),))]
    assert rank("page", items) == ["b", "a"]
    same = [("first", (("Open", 1.0),)), ("second", (("Open", 1.0),))]
    assert rank("op", same) == ["first", "second"]


def test_palette_ranks_commands_sensibly(window: MainWindow) -> None:
    registry = window.registry
    assert match_commands(registry, "nxpg")[0].name == "page.next"
    assert match_commands(registry, "next chap")[0].name == "chapter.next"
    assert match_commands(registry, "dark")[0].name == "view.theme.dark"
    assert match_commands(registry, "full")[0].name == "view.full_screen"
    # the help line counts too: "percentage" only appears in Go To's help
    assert match_commands(registry, "percentage")[0].name == "go.to"
    # and the name: "help.keys"
    assert "help.keys" in [c.name for c in match_commands(registry, "help.keys")[:2]]
    # an empty query lists every command in registry order
    assert [c.name for c in match_commands(registry, "")] == [c.name for c in registry.all()]
    assert match_commands(registry, "qqqzzz") == []


def test_weak_matches_far_below_the_best_are_left_out(window: MainWindow) -> None:
    registry = window.registry
    # "theme" lists the four themes, not commands whose help merely holds t…h…e…m…e
    names = [c.name for c in match_commands(registry, "theme")]
    assert sorted(names) == sorted(
        c.name for c in registry.all() if c.name.startswith("view.theme.")
    )
    # a help-line match that is a whole word still counts ("notes" is in Find's help)
    assert "search.find" in [c.name for c in match_commands(registry, "note")]
    assert [c.name for c in match_commands(registry, "nxpg")] == ["page.next"]


def test_palette_keys_leave_out_multimedia_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    palette = CommandPalette(window.registry, window)
    qtbot.addWidget(palette)
    keys = {
        palette.list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): palette.list.topLevelItem(
            i
        ).text(1)
        for i in range(palette.list.topLevelItemCount())
    }
    # StandardKey.Open is Ctrl+O and the "Open" key of multimedia keyboards: only Ctrl+O is shown
    assert keys["file.open"] == "Ctrl+O"
    assert "Find" not in keys["search.find"].split(", ")
    assert keys["page.next"] == shown_keys(window.registry, "page.next")
    assert key_strings_text(["StandardKey.Open", "F2"]) == "Ctrl+O, F2"


# --- opening, running, closing ---------------------------------------------------------------


def test_ctrl_k_opens_the_palette_and_enter_runs_the_match(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    before = window.view.visible_range()
    QTest.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _palette(window) is not None)
    palette = _palette(window)
    assert palette is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.input)
    # every command is listed with its keys
    assert palette.names() == [c.name for c in window.registry.all()]
    keys = {palette.list.topLevelItem(i).text(1) for i in range(palette.list.topLevelItemCount())}
    assert shown_keys(window.registry, "page.next") in keys
    QTest.keyClicks(palette.input, "nxpg")
    assert palette.selected_name() == "page.next"
    assert palette.help.text() == window.registry.get("page.next").help
    QTest.keyClick(palette.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not palette.isVisible())
    assert palette.ran == "page.next"
    after = window.view.visible_range()
    assert after[0] > before[0], "Enter ran Next Page"


def test_colon_opens_the_palette_and_esc_closes_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClicks(window.view, ":")
    qtbot.waitUntil(lambda: _palette(window) is not None)
    palette = _palette(window)
    assert palette is not None and palette.input.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.input)
    before = window.view.visible_range()
    QTest.keyClick(palette.input, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not palette.isVisible())
    assert palette.ran is None
    assert window.view.visible_range() == before


def test_arrows_move_and_disabled_commands_are_greyed_and_skipped(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    window.registry.action("go.to").setEnabled(False)
    QTest.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _palette(window) is not None)
    palette = _palette(window)
    assert palette is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.input)
    QTest.keyClicks(palette.input, "go")
    names = palette.names()
    row = names.index("go.to")
    item = palette.list.topLevelItem(row)
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled, "disabled command is greyed"
    first = palette.selected_name()
    assert first != "go.to"
    seen = [first]
    for _ in range(len(names) + 2):
        QTest.keyClick(palette.input, Qt.Key.Key_Down)
        seen.append(palette.selected_name())
    assert "go.to" not in seen, "arrows skip the disabled command"
    assert seen[-1] == seen[-2], "Down stops at the last row"
    QTest.keyClick(palette.input, Qt.Key.Key_Up)
    assert palette.selected_name() != seen[-1]
    # a disabled command can be neither selected nor run
    palette.list.setCurrentItem(item)
    assert palette.selected_name() != "go.to"
    assert not palette.run_command("go.to")
    assert palette.isVisible() and palette.ran is None


def test_reading_keys_type_into_the_palette(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _palette(window) is not None)
    palette = _palette(window)
    assert palette is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.input)
    before = window.view.visible_range()
    QTest.keyClicks(palette.input, "jk[] ?:")
    assert palette.input.text() == "jk[] ?:"
    assert window.view.visible_range() == before
    assert not [o for o in window.findChildren(KeyHelpOverlay) if o.isVisible()]
    assert [p for p in window.findChildren(CommandPalette) if p.isVisible()] == [palette]
