"""Drafts left by a busy or broken library: saved again after start, listed for the reader.

After the first page is on screen, :func:`replay_drafts` hands every draft
(:mod:`reader.store.drafts`) to the background writer to save into the
library, and says what happened; drafts that still cannot be saved are behind
a "Show Drafts…" button (:func:`show_drafts`), where the reader can save them
again, copy them or discard them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from reader.store.base import StoreError

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from reader.store.drafts import ReplayReport
    from reader.ui.common.writes import Writes
    from reader.ui.notes.drafts import DraftsDialog
    from reader.ui.notes.panel import NotesPanel
    from reader.ui.window.message_bar import MessageBar


class DraftsHost(Protocol):
    """What replaying and listing drafts needs from the window (the main window fits)."""

    @property
    def writes(self) -> Writes:
        """The library's writes (and its drafts folder)."""
        ...

    @property
    def message_bar(self) -> MessageBar:
        """Where the outcome is said, with a "Show Drafts…" button."""
        ...

    @property
    def library_changed(self) -> SignalInstance:
        """Emitted with -1: the library list reloads."""
        ...

    def show_message(self, text: str, error: bool = True) -> None:
        """A one-line message above the page."""
        ...

    def notes_panel(self) -> NotesPanel | None:
        """The notes panel (its highlights may have changed)."""
        ...

    def as_widget(self) -> QWidget:
        """The window (dialogs open over it)."""
        ...


def replay_drafts(window: DraftsHost) -> bool:
    """Save the drafts into the library in the background; False when there were none."""
    scan = window.writes.drafts.scan()
    if not scan.drafts:
        return False
    window.writes.replay_drafts(
        done=lambda report: _replayed(window, report),
        failed=lambda error: _not_replayed(window, error),
    )
    return True


def _replayed(window: DraftsHost, report: ReplayReport) -> None:
    message = report.message()
    if report.saved:
        _notes_changed(window)
    if report.left:
        window.message_bar.show_message(
            message, action=("Show &Drafts…", lambda: show_drafts(window))
        )
    elif message:
        window.show_message(message, error=False)


def _not_replayed(window: DraftsHost, error: BaseException) -> None:
    text = str(error) if isinstance(error, StoreError) else f"Drafts could not be saved: {error}"
    window.message_bar.show_message(
        f"Unsaved highlights and notes are kept as drafts. {text}",
        action=("Show &Drafts…", lambda: show_drafts(window)),
    )


def _notes_changed(window: DraftsHost) -> None:
    """Drafts landed in the library: the open book's notes and the list may show them now."""
    panel = window.notes_panel()
    if panel is not None:
        panel.session.reload()
        panel.refresh_drafts()
    window.library_changed.emit(-1)


def show_drafts(window: DraftsHost) -> DraftsDialog:
    """The list of unsaved highlights and notes (Save Now, Copy, Discard), over the window."""
    from reader.ui.notes.drafts import DraftsDialog

    dialog = DraftsDialog(window.writes, window.as_widget())
    dialog.changed.connect(lambda: _notes_changed(window))
    dialog.open()
    return dialog


__all__ = ["DraftsHost", "replay_drafts", "show_drafts"]
