"""The window's side of opening books: the opening guard, failures, many files, hand-overs.

:class:`WindowOpening` is a mixin of :class:`~reader.ui.window.main_window.MainWindow`
(which keeps ``_open``, the opening of one book): it marks a book read and ends
its crash guard once its first page is shown, routes the library's errors
during an open, and is the host of the :class:`~reader.ui.window.opening.OpenQueue`
that works through drops, File ▸ Open with many files and hand-overs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from reader import recovery
from reader.text.errors import BookError

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMainWindow

    from reader.store.models import BookRecord
    from reader.ui.library.pane import LibraryPane
    from reader.ui.reading.view import ReadingView
    from reader.ui.session.book_session import BookSession, Opened
    from reader.ui.window.message_bar import MessageBar
    from reader.ui.window.opening import OpenQueue

    _WindowBase = QMainWindow
else:
    _WindowBase = object


class WindowOpening(_WindowBase):
    """Mixin: what happens around opening books (see the module docstring)."""

    if TYPE_CHECKING:
        session: BookSession
        view: ReadingView
        opening: OpenQueue
        message_bar: MessageBar
        last_opened: Opened | None
        library_changed: SignalInstance
        book_opened: SignalInstance
        _open_errors: list[str] | None
        _pending_files: list[str]

        def _open(self, path: str) -> str | None: ...
        def _show_open_failure(self, message: str) -> None: ...
        def show_message(self, text: str, error: bool = True) -> None: ...
        def library_pane(self) -> LibraryPane | None: ...

    def _open_failed(self, guard: recovery.OpeningGuard | None, error: str) -> str:
        if guard is not None:
            guard.end()  # a clean failure, with its message: nothing to fear at the next start
        return error

    def _session_error(self, text: str) -> None:
        if self._open_errors is not None:
            self._open_errors.append(text)
        else:
            self.show_message(text)

    def _book_shown(self) -> None:
        """The open book's first page is on screen: no crash to fear, and it was read now."""
        guard = recovery.current()
        if guard is not None:
            guard.end()
        self.session.mark_read()

    def _record_saved(self, record: BookRecord) -> None:
        """A library entry written late (the library was busy) landed."""
        self.library_changed.emit(record.id)
        last = self.last_opened
        if last is not None and last.record is None and last.book.book_key == record.book_key:
            last.record = record
            self.book_opened.emit(last)  # the notes panel can load (and save) its notes now
            if self.view.book_was_shown():
                self.session.mark_read()  # it was shown while its entry was on its way

    def open_one(self, path: str) -> str | None:
        """Open and show ``path`` (for :class:`OpenQueue`); None, or the reader's message."""
        error = self._open(path)
        if error is not None and self.session.book is None:
            self._show_open_failure(error)
        return error

    def open_files(self, files: Sequence[str]) -> bool:
        """Open the first of ``files`` that works; add the rest to the library afterwards.

        Many files are worked through without freezing the window; those that could not
        be opened are summarised in one message, with the list behind "Details…".
        True when a book was opened before this returned.
        """
        return self.opening.open_files(files)

    def open_handed_over(self, files: list[str]) -> None:
        """A batch of files from another launch (single instance); the first comes to the front."""
        self.opening.handed_over(files)

    def handover_finished(self, count: int) -> None:
        """The other launch's last batch came: summarise what could not be opened."""
        self.opening.handover_finished(count)

    def bring_to_front(self) -> None:
        """Raise the window (files were handed over to it)."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def add_to_library(self, paths: list[str]) -> None:
        """Add ``paths`` to the library, not shown (the library pane imports in the background)."""
        pane = self.library_pane()
        if pane is not None:
            pane.add_paths(paths)
            return
        self._pending_files.extend(paths)
        QTimer.singleShot(0, self._import_pending)

    def report_open_failures(self, text: str, details: list[str]) -> None:
        """One summary of files that could not be opened; the list behind "Details…"."""
        if not details:
            self._show_open_failure(text)
            return
        from reader.ui.window.details_dialog import DetailsDialog

        def show() -> None:
            DetailsDialog("Files Not Opened", text, details, self).open()

        self.message_bar.show_message(text, action=("&Details…", show))

    def _import_pending(self) -> None:
        """Add queued files to the library, one per event-loop turn, reporting failures."""
        if not self._pending_files:
            return
        path = self._pending_files.pop(0)
        try:
            added = self.session.load(path)
            self.library_changed.emit(added.record.id if added.record is not None else -1)
        except BookError as err:
            self._show_open_failure(str(err))
        if self._pending_files:
            QTimer.singleShot(0, self._import_pending)


__all__ = ["WindowOpening"]
