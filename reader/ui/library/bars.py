"""The library pane's two strips: the background-import progress bar and the undo bar."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.store.models import BookRecord
from reader.ui.library.importer import ImportJob, ImportReport

UI_QUIET_MS = 30
"""Quiet time given to the UI thread after each shown batch (and before the import starts)."""


def _plain_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ImportBar(QFrame):
    """Runs imports one after another on a worker thread and shows their progress.

    ``books_added(list[BookRecord])`` is emitted for each committed batch (the
    worker waits until the receivers have shown it, plus :data:`UI_QUIET_MS`:
    a Python thread busy in the background otherwise makes every GIL hand-over
    of the UI thread wait up to 5 ms, which adds up to visible stalls);
    ``finished(ImportReport)`` once per import. Paths added while an import runs
    are imported after it.
    """

    books_added = Signal(list)
    finished = Signal(object)

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryImportBar")
        self.database = database
        self._job: ImportJob | None = None
        self._queued: list[str] = []
        self.label = _plain_label(self)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("libraryCancelImport")
        self.cancel_button.setToolTip("Stop adding books (those already added stay)")
        self.cancel_button.clicked.connect(self.cancel)
        grid = QVBoxLayout(self)
        grid.setContentsMargins(4, 2, 2, 2)
        grid.addWidget(self.label)
        line = QHBoxLayout()
        line.addWidget(self.progress, 1)
        line.addWidget(self.cancel_button)
        grid.addLayout(line)
        self.hide()

    def add_paths(self, paths: list[str]) -> None:
        """Import ``paths`` (files, folders) now, or after the running import."""
        paths = [os.path.abspath(p) for p in paths if p]
        if not paths:
            return
        if self._job is not None:
            self._queued.extend(paths)
            return
        self._job = ImportJob(self.database, paths, self)
        worker = self._job.worker
        worker.scanning.connect(self._on_scanning)
        worker.progress.connect(self._on_progress)
        worker.books_added.connect(self._on_books_added)
        worker.wait_for_ui = True
        worker.finished.connect(self._on_finished)
        self.label.setText("Looking for books…")
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()
        # Start once the bar is painted: a busy Python thread slows every UI paint.
        QTimer.singleShot(UI_QUIET_MS, self._job.start)

    def is_importing(self) -> bool:
        """True while an import runs (or waits to start)."""
        return self._job is not None

    def job(self) -> ImportJob | None:
        """The running import, if any."""
        return self._job

    def cancel(self) -> None:
        """Stop the running import and forget queued ones (books already added stay)."""
        self._queued.clear()
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Stopping…")

    def shutdown(self) -> None:
        """Cancel and wait for the worker thread (the application is quitting)."""
        self._queued.clear()
        if self._job is not None:
            self._job.stop_and_wait()

    def _on_scanning(self, found: int) -> None:
        self.label.setText(f"Looking for books… {found:,} files found")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.label.setText(f"Adding books… {done:,} of {total:,}")

    def _on_books_added(self, records: list[BookRecord]) -> None:
        self.books_added.emit(records)
        if self._job is not None:
            QTimer.singleShot(UI_QUIET_MS, self._job.worker.batch_shown)

    def _on_finished(self, report: ImportReport) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.worker_thread.wait(5000)
            job.deleteLater()
        self.hide()
        queued, self._queued = self._queued, []
        if queued:
            self.add_paths(queued)
        self.finished.emit(report)


class UndoBar(QFrame):
    """ "Removed “Title” from the library. [Undo] [×]" — shown after a removal."""

    undo_clicked = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryUndoBar")
        self.label = _plain_label(self)
        self.label.setWordWrap(True)
        self.button = QPushButton("Undo", self)
        self.button.setObjectName("libraryUndo")
        self.button.setToolTip("Put the book back in the library (Ctrl+Z)")
        self.button.clicked.connect(self.undo_clicked)
        close = QToolButton(self)
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self._dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 2, 2)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        row.addWidget(close)
        self.hide()

    def show_removed(self, title: str) -> None:
        """Say which book was removed (the most recent one) and show the bar."""
        self.label.setText(f"Removed “{title}” from the library.")
        self.show()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


__all__ = ["UI_QUIET_MS", "ImportBar", "UndoBar"]
