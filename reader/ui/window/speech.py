"""The window as composition root of read aloud: its context, its bar, its settings page.

Read aloud is built on the first use of one of its commands (or of its settings
page), never at start-up: :func:`install_read_aloud` makes the controller from
:func:`read_aloud_context`, puts its bar under the page and connects it to the
window. Qt's speech module itself loads later still, when the engine is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from reader.ui.speech.bar import SpeechBar
from reader.ui.speech.controller import ReadAloud
from reader.ui.speech.ports import ReadAloudContext
from reader.ui.speech.settings_page import ReadAloudPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from reader.store.db import Store
    from reader.ui.commands.registry import CommandRegistry
    from reader.ui.reading.view import ReadingView
    from reader.ui.session.book_session import BookSession


class ReadAloudWindow(Protocol):
    """What read aloud is built from: the parts of the main window it uses."""

    @property
    def store(self) -> Store:
        """Where the read-aloud settings live."""
        ...

    @property
    def session(self) -> BookSession:
        """The open book, whose position is saved when reading aloud stops."""
        ...

    @property
    def view(self) -> ReadingView:
        """The page."""
        ...

    @property
    def registry(self) -> CommandRegistry:
        """The commands (the bar's buttons run them; menus refresh their check marks)."""
        ...

    def shown_keys(self, name: str) -> str:
        """The keys of a command as help texts show them."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """A one-line message above the page."""
        ...

    def go_to_offset(self, offset: int) -> None:
        """Show the page holding a source offset (a jump)."""
        ...

    def add_under_page(self, widget: QWidget) -> None:
        """Put a widget in the column under the page."""
        ...

    def set_listening(self, listening: bool) -> None:
        """Read aloud started or stopped."""
        ...

    def as_widget(self) -> QWidget:
        """The window (the parent of what read aloud builds)."""
        ...


def save_read_aloud_position(window: ReadAloudWindow, offset: int) -> None:
    """Show the page holding ``offset`` and save ``offset`` itself as the reading position
    (read aloud stopped there; the page's first character would be a little earlier)."""
    window.go_to_offset(offset)
    if window.session.book is not None:
        info = window.view.page_info()
        window.session.position_changed(int(offset), float(info.percent))


def read_aloud_context(window: ReadAloudWindow) -> ReadAloudContext:
    """What read aloud gets from ``window`` (the platform's speech engine, never the mock)."""
    return ReadAloudContext(
        store=window.store,
        open_book=window.session,
        page=window.view,
        messages=window,
        save_position=lambda offset: save_read_aloud_position(window, offset),
        command_keys=window.shown_keys,
    )


def install_read_aloud(
    window: ReadAloudWindow, context: ReadAloudContext | None = None
) -> ReadAloud:
    """Build read aloud for ``window`` (``context`` defaults to :func:`read_aloud_context`),
    put its bar under the page and connect it: the window's ``listening_changed`` follows
    it, and the menus' check marks (the sleep timer) follow its changes."""
    parent = window.as_widget()
    controller = ReadAloud(context or read_aloud_context(window), parent)
    bar = SpeechBar(controller, window.registry.run, window.shown_keys, parent)
    window.add_under_page(bar)
    controller.listening_changed.connect(window.set_listening)
    controller.changed.connect(window.registry.refresh)
    return controller


def read_aloud_settings_page(controller: ReadAloud, parent: QWidget) -> ReadAloudPage:
    """The Read Aloud page of the Settings dialog."""
    return ReadAloudPage(controller, parent)


__all__ = [
    "ReadAloudWindow",
    "install_read_aloud",
    "read_aloud_context",
    "read_aloud_settings_page",
    "save_read_aloud_position",
]
