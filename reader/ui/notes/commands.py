"""The notes panel's commands: ``b`` bookmark, ``v`` select, ``/`` find, ``n``/``N`` hits.

Registered with the window's other commands when the window is built, without
importing the panel itself: at start-up the panel is installed only after the
first page is painted (:meth:`MainWindow.ensure_panes` installs it at once
when a command needs it earlier). The commands do nothing while no panel is
installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from reader.ui.commands.registry import Command, CommandRegistry

if TYPE_CHECKING:
    from reader.ui.notes.panel import NotesPanel
    from reader.ui.window.main_window import MainWindow


def current_notes_panel(window: MainWindow) -> NotesPanel | None:
    """The window's notes panel (installing deferred panes first), or None."""
    ensure = getattr(window, "ensure_panes", None)
    if callable(ensure):
        ensure()
    from reader.ui.notes.panel import notes_panel

    return notes_panel(window)


def register_notes_commands(registry: CommandRegistry, window: MainWindow) -> None:
    """Bookmark, select, find, find next/previous (in the Go menu)."""

    def on_panel(action: str) -> Callable[[], None]:
        def run() -> None:
            if window.session.book is None:
                return
            panel = current_notes_panel(window)
            if panel is None:
                return
            if action == "bookmark":
                panel.session.toggle_bookmark()
            elif action == "select":
                window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
                panel.selection.start()
            elif action == "find":
                panel.open_search()
            else:
                panel.search.step(1 if action == "next" else -1)

        return run

    for name, title, help_, keys, action, sep in (
        ("bookmark.toggle", "Toggle &Bookmark", "Bookmark this page, or remove its bookmark",
         ["B"], "bookmark", True),
        ("selection.start", "&Select Text",
         "Select text with the keyboard: w/b/e, ( ), { }, arrows; Enter highlights, n adds a note",
         ["V"], "select", False),
        ("search.find", "&Find…", "Search this book (results in the notes panel)",
         ["/", "StandardKey.Find"], "find", True),
        ("search.next", "Find &Next", "Go to the next search hit", ["N", "F3"],
         "next", False),
        ("search.previous", "Find Pre&vious", "Go to the previous search hit",
         ["Shift+N", "Shift+F3"], "previous", False),
    ):  # fmt: skip
        registry.register(
            Command(name, title, help_, keys, "Go", on_panel(action), separator_before=sep)
        )


__all__ = ["current_notes_panel", "register_notes_commands"]
