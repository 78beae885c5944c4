"""What the window's command handlers need from the window: :class:`CommandHost`.

:class:`~reader.ui.window.actions.WindowActions` reaches the page, the docks, the panes,
dialogs and read aloud only through this protocol, which the main window fits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMainWindow

    from reader.layout.style import ReadingStyle
    from reader.paths import Paths
    from reader.ui.commands.registry import CommandRegistry
    from reader.ui.dialogs.ports import ChapterRulesHost
    from reader.ui.library.pane import LibraryPane
    from reader.ui.notes.panel import NotesPanel
    from reader.ui.reading.view import ReadingView
    from reader.ui.session.ports import OpenBook
    from reader.ui.speech.controller import ReadAloud
    from reader.ui.window.focus import FocusController
    from reader.ui.window.stats_wiring import WindowStats


class CommandHost(Protocol):
    """The parts of the main window its commands act on (the main window fits it)."""

    @property
    def view(self) -> ReadingView:
        """The page."""
        ...

    @property
    def session(self) -> OpenBook:
        """The open book and its library record."""
        ...

    @property
    def registry(self) -> CommandRegistry:
        """The commands (for the palette and the key help)."""
        ...

    @property
    def library_dock(self) -> QDockWidget:
        """The left dock."""
        ...

    @property
    def notes_dock(self) -> QDockWidget:
        """The right dock."""
        ...

    @property
    def focus_controller(self) -> FocusController:
        """Pane focus and distraction-free mode."""
        ...

    @property
    def stats_ui(self) -> WindowStats:
        """Reading statistics: the Statistics view and its import, export and clear."""
        ...

    def as_widget(self) -> QMainWindow:
        """The window itself (dialogs open over it)."""
        ...

    @property
    def paths(self) -> Paths:
        """The per-user folders (the About dialog names the log file)."""
        ...

    def library_pane(self) -> LibraryPane | None:
        """The library pane, installing deferred panes first."""
        ...

    def notes_panel(self) -> NotesPanel | None:
        """The notes panel, installing deferred panes first."""
        ...

    def jump(self, action: Callable[[], object]) -> None:
        """Run a navigation that is a jump, not a page turn."""
        ...

    def reading_style(self) -> ReadingStyle:
        """The style in use."""
        ...

    def set_reading_style(self, style: ReadingStyle) -> None:
        """Apply and remember a style."""
        ...

    def toggle_full_screen(self) -> None:
        """Full screen on/off."""
        ...

    def open_dialog(self) -> None:
        """Choose books and open them."""
        ...

    def open_settings(self, page: str = "reading") -> None:
        """Open the Settings dialog (at ``page``)."""
        ...

    def read_aloud(self) -> ReadAloud:
        """Read aloud (built on first use)."""
        ...

    def read_aloud_if_loaded(self) -> ReadAloud | None:
        """Read aloud if it was used, else None."""
        ...

    def chapter_rules_host(self) -> ChapterRulesHost:
        """The window as the chapter rules see it (library, writes, open book, messages)."""
        ...

    def go_to_new_chapters(self) -> None:
        """Show the first chapter the last update of the open story added."""
        ...

    def set_author_notes_hidden(self, hidden: bool) -> None:
        """Fold or show the open book's author's notes (remembered for the book)."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """Show a one-line message above the page."""
        ...


__all__ = ["CommandHost"]
