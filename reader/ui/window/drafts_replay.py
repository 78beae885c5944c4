"""Drafts left by a busy or broken library: saved again after start, listed for the reader.

After the first page is on screen, :func:`replay_drafts` hands every draft
(:mod:`reader.store.drafts`) to the background writer to save into the
library, and says what happened; drafts that still cannot be saved are behind
a "Show Drafts…" button (:func:`show_drafts`), where the reader can save them
again, copy them or discard them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.store.base import StoreError

if TYPE_CHECKING:
    from reader.store.drafts import ReplayReport
    from reader.ui.notes.drafts import DraftsDialog
    from reader.ui.window.main_window import MainWindow


def replay_drafts(window: MainWindow) -> bool:
    """Save the drafts into the library in the background; False when there were none."""
    scan = window.writes.drafts.scan()
    if not scan.drafts:
        return False
    window.writes.replay_drafts(
        done=lambda report: _replayed(window, report),
        failed=lambda error: _not_replayed(window, error),
    )
    return True


def _replayed(window: MainWindow, report: ReplayReport) -> None:
    message = report.message()
    if report.saved:
        _notes_changed(window)
    if report.left:
        window.message_bar.show_message(
            message, action=("Show &Drafts…", lambda: show_drafts(window))
        )
    elif message:
        window.show_message(message, error=False)


def _not_replayed(window: MainWindow, error: BaseException) -> None:
    text = str(error) if isinstance(error, StoreError) else f"Drafts could not be saved: {error}"
    window.message_bar.show_message(
        f"Unsaved highlights and notes are kept as drafts. {text}",
        action=("Show &Drafts…", lambda: show_drafts(window)),
    )


def _notes_changed(window: MainWindow) -> None:
    """Drafts landed in the library: the open book's notes and the list may show them now."""
    panel = window.notes_panel()
    if panel is not None:
        panel.session.reload()
        panel.highlights.refresh_drafts()
    window.library_changed.emit(-1)


def show_drafts(window: MainWindow) -> DraftsDialog:
    """The list of unsaved highlights and notes (Save Now, Copy, Discard), over the window."""
    from reader.ui.notes.drafts import DraftsDialog

    dialog = DraftsDialog(window.writes, window)
    dialog.changed.connect(lambda: _notes_changed(window))
    dialog.open()
    return dialog


__all__ = ["replay_drafts", "show_drafts"]
