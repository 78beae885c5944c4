"""What the dialogs need from the window, as small protocols.

The main window fits both; a test can pass any object that does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

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
        """Apply the behaviour settings that show in the window (the time left) and the
        reading statistics settings (recording, idle limit, goal)."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """Show a one-line message above the page."""
        ...


@runtime_checkable
class ExtraSettingsPages(Protocol):
    """A Settings host that adds pages of its own after Reading, Behaviour and Keys (the
    window adds Read Aloud, which belongs to another feature package)."""

    def extra_settings_pages(self, parent: QWidget) -> list[tuple[str, str, QWidget]]:
        """``(page name, tab title, page widget)`` for each extra page, made for ``parent``."""
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


class OpenBookRecord(OpenRecord, Protocol):
    """The open book itself, its record and its pending position."""

    @property
    def book(self) -> Book | None:
        """The book on screen (None when none)."""
        ...


class ChapterRulesHost(Protocol):
    """What changing a book's chapter rules touches: the library and the open book."""

    @property
    def store(self) -> Store:
        """The library the rules are kept in."""
        ...

    @property
    def writes(self) -> Writes:
        """Where the rules are written."""
        ...

    @property
    def session(self) -> OpenBookRecord:
        """The open book (reopened with its new rules)."""
        ...

    def open_path(self, path: str) -> bool:
        """Open ``path`` at its saved position; False (with a message) on failure."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """Show a one-line message above the page."""
        ...


__all__ = [
    "BookSettingsHost",
    "ChapterRulesHost",
    "ExtraSettingsPages",
    "OpenBookRecord",
    "OpenRecord",
    "SettingsHost",
    "ShownPage",
]
