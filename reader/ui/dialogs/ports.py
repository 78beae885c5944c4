"""What the dialogs need from the window, as small protocols.

The main window fits both; a test can pass any object that does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reader.layout.style import ReadingStyle
    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.text.book import Book
    from reader.ui.commands.registry import CommandRegistry
    from reader.ui.common.writes import Writes


class ShownPage(Protocol):
    """The page on screen, for the Reading page's preview of the open book."""

    def book(self) -> Book | None:
        """The book shown (None when none)."""
        ...

    def visible_text(self) -> str:
        """The shown text of the page(s), one block per line."""
        ...


class SettingsHost(Protocol):
    """What the Settings dialog changes: reading style, behaviour settings and key bindings."""

    @property
    def store(self) -> Store:
        """Where behaviour settings and key overrides are read."""
        ...

    @property
    def writes(self) -> Writes:
        """Where behaviour settings and key overrides are stored (in the background)."""
        ...

    @property
    def registry(self) -> CommandRegistry:
        """The commands whose keys the Keys page edits (applied at once)."""
        ...

    @property
    def view(self) -> ShownPage:
        """The page, whose text the style preview shows."""
        ...

    def reading_style(self) -> ReadingStyle:
        """The style the page uses now."""
        ...

    def set_reading_style(self, style: ReadingStyle) -> None:
        """Apply ``style`` to the page and remember it."""
        ...

    def apply_behaviour(self) -> None:
        """Apply the behaviour settings that show in the window (the time left)."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """Show a one-line message above the page."""
        ...


class OpenRecord(Protocol):
    """The open book's library record and its pending position."""

    @property
    def record(self) -> BookRecord | None:
        """The open book's record (None when none)."""
        ...

    def flush(self) -> None:
        """Write the pending reading position now."""
        ...


class BookSettingsHost(Protocol):
    """What saving a book's settings touches: the library, and the open book (reopened)."""

    @property
    def store(self) -> Store:
        """The library the overrides are saved in."""
        ...

    @property
    def writes(self) -> Writes:
        """Where the overrides are written (in the background)."""
        ...

    @property
    def session(self) -> OpenRecord:
        """The open book (reopened when its settings changed)."""
        ...

    def open_path(self, path: str) -> bool:
        """Open ``path`` at its saved position; False (with a message) on failure."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """Show a one-line message above the page."""
        ...


__all__ = ["BookSettingsHost", "OpenRecord", "SettingsHost", "ShownPage"]
