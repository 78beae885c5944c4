"""The commands package on its own: a registry, its actions, the palette and the key help over
a plain widget (no main window)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from reader.ui.commands.key_help import KeyHelpOverlay
from reader.ui.commands.keymap import Keymap
from reader.ui.commands.palette import CommandPalette
from reader.ui.commands.registry import Command, CommandRegistry


def test_palette_and_key_help_over_a_plain_widget(qtbot) -> None:  # type: ignore[no-untyped-def]
    ran: list[str] = []
    registry = CommandRegistry(Keymap({}))
    registry.register(
        Command("page.next", "&Next Page", "Turn the page", ["J"], "Go", lambda: ran.append("n"))
    )
    registry.register(
        Command("help.keys", "&Keys", "Every key", ["?"], "Help", lambda: ran.append("k"))
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = registry.create_actions(parent)
    assert actions["page.next"].shortcuts()[0].toString() == "J"

    palette = CommandPalette(registry, parent)
    palette.input.setText("next")
    assert palette.names() == ["page.next"]
    assert palette.run_selected() and ran == ["n"]

    overlay = KeyHelpOverlay(registry, parent)
    rows = overlay.command_rows()
    assert ("Go", "Next Page", "J", "Turn the page") in rows
    assert ("Help", "Keys", "?", "Every key") in rows
    overlay.close()
