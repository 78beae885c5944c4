"""The window as composition root of its panes: the contexts they are built from, and
installing them in the docks.

:func:`library_context` and :func:`notes_context` say, in one place each, what
the window gives the library pane and the notes panel (their
:mod:`~reader.ui.library.ports` and :mod:`~reader.ui.notes.ports`);
:func:`install_library_pane` and :func:`install_notes_panel` build a pane from
its context, put it in its dock and connect it to the window's signals. The
panes' modules are imported here when a pane is built, never by
:mod:`reader.ui.window.main_window`, so start-up pays for the notes panel only
after the first page is painted, and for the library pane only when it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from reader.ui.notes.ports import NotesContext

if TYPE_CHECKING:
    from reader.store.models import BookRecord
    from reader.text.book import Book
    from reader.ui.library.pane import LibraryPane
    from reader.ui.library.ports import LibraryContext
    from reader.ui.notes.panel import NotesPanel
    from reader.ui.window.main_window import MainWindow


def edit_book_settings(window: MainWindow, record: BookRecord) -> BookRecord | None:
    """Ask for ``record``'s settings (encoding, paragraphs, title, author) and apply them."""
    from reader.ui.dialogs.book_settings import BookSettingsDialog, apply_book_settings

    dialog = BookSettingsDialog(record, window, cache_dir=window.paths.cache_dir)
    if not dialog.exec():
        return None
    return apply_book_settings(
        window, record, dialog.choices(), saved=lambda r: window.library_changed.emit(r.id)
    )


class LibraryOpenBook:
    """The window's open book as the library sees it: the book session, whose flush
    also writes the reading statistics recorded so far (so a removed book keeps them)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    @property
    def record(self) -> BookRecord | None:
        """The open book's library record (None: not saved)."""
        return self._window.session.record

    @record.setter
    def record(self, record: BookRecord | None) -> None:
        self._window.session.record = record

    @property
    def book(self) -> Book | None:
        """The book on screen."""
        return self._window.session.book

    def flush(self) -> None:
        """Write the pending position and the page views recorded so far."""
        self._window.session.flush()
        self._window.stats_ui.recording.flush()


def library_context(window: MainWindow) -> LibraryContext:
    """What the library pane gets from ``window``."""
    from reader.ui.library.ports import LibraryContext

    return LibraryContext(
        store=window.store,
        open_book=LibraryOpenBook(window),
        messages=window,
        open_path=window.open_path,
        focus_page=window.view.setFocus,
        show_on_page=window.show_page_hint,
        command_keys=window.shown_keys,
        show_pane=window.library_dock.show_pane,
        edit_book_settings=lambda record: edit_book_settings(window, record),
        writes=window.writes,
    )


def notes_context(window: MainWindow) -> NotesContext:
    """What the notes panel gets from ``window``."""
    return NotesContext(
        store=window.store,
        open_book=window.session,
        page=window.view,
        commands=window.registry,
        messages=window,
        go_to=window.go_to_offset,
        show_panel=window.notes_dock.show_pane,
        cache_dir=window.paths.cache_dir,
        writes=window.writes,
    )


def install_library_pane(window: MainWindow, *, load: bool = True) -> LibraryPane:
    """Build the library pane, put it in the window's left dock and connect it.

    The books are read on the next event-loop turn (``load``), after the first
    page is painted, so a large library never delays start-up.
    """
    from reader.ui.library.pane import LibraryPane

    pane = LibraryPane(library_context(window))
    window.set_library_widget(pane)
    window.library_changed.connect(pane.on_library_changed)
    window.view.position_changed.connect(pane.on_position_changed)
    if load:
        QTimer.singleShot(0, pane.reload)
    return pane


def install_notes_panel(window: MainWindow) -> NotesPanel:
    """Build the notes panel, put it in the window's right dock and connect it."""
    from reader.ui.notes.panel import NotesPanel

    panel = NotesPanel(notes_context(window))
    window.set_notes_widget(panel)
    window.book_opened.connect(panel.on_book_opened)
    if window.session.book is not None:  # a book opened before the panel existed
        panel.on_book_opened(window.last_opened)
    return panel


__all__ = [
    "LibraryOpenBook",
    "edit_book_settings",
    "install_library_pane",
    "install_notes_panel",
    "library_context",
    "notes_context",
]
