"""Importing KOReader's statistics, exporting ours, and clearing them, off the GUI thread.

Each runs as a :class:`StatsJob` on a thread of its own with its own connection to
the library (clearing 500,000 page views takes seconds), behind a busy indicator
over the window; the window stays painted and says what happened when it is done:

- Import: a file dialog for KOReader's ``statistics.sqlite3``, then a report of how
  many page views were imported and matched, listing the books that were not found
  in the library (plain text, selectable).
- Export: a file dialog; CSV (one row per page view) or JSON (figures, days and page
  views), chosen by the file type.
- Clear: one question — this book's statistics, all of them, or neither — then the
  deletion. Reading positions, bookmarks and notes are never touched.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from reader.store.base import StoreError
from reader.store.db import open_store
from reader.store.koreader import ImportReport, KOReaderImportError, import_koreader
from reader.store.stats_export import export_csv, export_json

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.ui.stats.ports import StatsContext

__all__ = [
    "StatsJob",
    "choose_export_file",
    "choose_koreader_file",
    "clear_dialog",
    "clear_statistics",
    "export_dialog",
    "export_statistics",
    "import_koreader_dialog",
    "import_koreader_file",
    "running_jobs",
]

_JOBS: set[StatsJob] = set()
"""Jobs in flight (kept alive until they report)."""


def running_jobs() -> list[StatsJob]:
    """The jobs still running (tests wait on them)."""
    return list(_JOBS)


class StatsJob(QObject):
    """One piece of statistics work on its own thread and library connection.

    ``work`` gets that thread's :class:`~reader.store.db.Store` and returns a result;
    ``succeeded(result)`` or ``failed(message)`` (a one-line message) is then called on
    the GUI thread. A busy indicator shows over ``parent`` meanwhile.
    """

    _finished = Signal(object)
    _failed = Signal(str)

    def __init__(
        self,
        database: Path,
        work: Callable[[Store], object],
        busy_text: str,
        parent: QWidget | None,
        *,
        succeeded: Callable[[object], None],
        failed: Callable[[str], None],
        hold_writes: Callable[[bool], None] = lambda _hold: None,
    ) -> None:
        super().__init__()  # made on the GUI thread: the worker's signals are queued to it
        self._database = database
        self._work = work
        self._hold = hold_writes
        self._succeeded = succeeded
        self._on_failure = failed
        self._busy = QProgressDialog(busy_text, "", 0, 0, parent)
        self._busy.setObjectName("statsBusy")
        self._busy.setWindowTitle("Reading statistics")
        self._busy.setCancelButton(None)
        self._busy.setWindowModality(Qt.WindowModality.WindowModal)
        self._busy.setMinimumDuration(0)
        self._busy.setAutoClose(False)
        self._busy.setAutoReset(False)
        self._finished.connect(self._done)
        self._failed.connect(self._fail)

    def start(self) -> StatsJob:
        """Show the busy indicator and start the work."""
        _JOBS.add(self)
        self._hold(True)
        self._busy.show()
        threading.Thread(target=self._run, name="quireStatsJob", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            store = open_store(self._database, check_integrity=False)
            try:
                result = self._work(store)
            finally:
                store.close()
        except (StoreError, KOReaderImportError, OSError) as err:
            self._failed.emit(str(err) or type(err).__name__)
            return
        self._finished.emit(result)

    def _end(self) -> bool:
        """Take the busy indicator down; False when the window went away meanwhile."""
        _JOBS.discard(self)
        if not shiboken6.isValid(self._busy):  # closed with its window: nobody to tell
            return False
        self._busy.close()
        self._busy.deleteLater()
        self._hold(False)
        return True

    @Slot(object)
    def _done(self, result: object) -> None:
        if self._end():
            self._succeeded(result)

    @Slot(str)
    def _fail(self, message: str) -> None:
        if self._end():
            self._on_failure(message)


def _parent(context: StatsContext, parent: QWidget | None) -> QWidget:
    return parent if parent is not None else context.parent()


def _warn(parent: QWidget, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("statsWarning")
    box.open()


# --- import ----------------------------------------------------------------------------


def choose_koreader_file(parent: QWidget) -> str:
    """Ask for KOReader's statistics file ('' when cancelled)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        "Import KOReader Statistics",
        os.path.expanduser("~"),
        "KOReader statistics (statistics.sqlite3 *.sqlite3 *.sqlite *.db);;All files (*)",
    )
    return path


class ReportDialog(QDialog):
    """What an import did, as selectable plain text."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsImportReport")
        self.setWindowTitle("KOReader Statistics Imported")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report = report
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText("\n".join(report.lines()))  # plain: book titles stay literal
        self.text.setAccessibleName("Import report")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 360)


def import_koreader_file(
    context: StatsContext,
    path: str,
    done: Callable[[], None],
    *,
    parent: QWidget | None = None,
) -> StatsJob:
    """Import ``path`` in the background; show the report (or what went wrong), then ``done()``."""
    owner = _parent(context, parent)
    context.flush()

    def finished(report: object) -> None:
        assert isinstance(report, ImportReport)
        dialog = ReportDialog(report, owner)
        dialog.open()
        done()

    job = StatsJob(
        context.store.path,
        lambda store: import_koreader(store.stats, path),
        f"Importing {os.path.basename(path)}…",
        owner,
        succeeded=finished,
        failed=lambda message: _warn(owner, "Import KOReader Statistics", message),
        hold_writes=context.hold_writes,
    )
    return job.start()


def import_koreader_dialog(
    context: StatsContext, done: Callable[[], None], *, parent: QWidget | None = None
) -> StatsJob | None:
    """Ask for KOReader's ``statistics.sqlite3`` and import it (see the module docstring)."""
    owner = _parent(context, parent)
    path = choose_koreader_file(owner)
    if not path:
        return None
    return import_koreader_file(context, path, done, parent=parent)


# --- export ----------------------------------------------------------------------------


def choose_export_file(parent: QWidget) -> str:
    """Ask where to export ('' when cancelled); the name's suffix says CSV or JSON."""
    start = os.path.join(os.path.expanduser("~"), "quire-statistics.csv")
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export Statistics", start, "CSV, one row per page view (*.csv);;JSON (*.json)"
    )
    if path and not os.path.splitext(path)[1]:
        path += ".json" if "json" in chosen.lower() else ".csv"
    return path


def _export(store: Store, path: str) -> tuple[str, int]:
    json = path.lower().endswith(".json")
    data = export_json(store.stats) if json else export_csv(store.stats)
    Path(path).write_text(data, encoding="utf-8", newline="")
    return path, store.stats.count()


def export_statistics(
    context: StatsContext, path: str, *, parent: QWidget | None = None
) -> StatsJob:
    """Write every statistic to ``path`` (JSON for ``.json``, else CSV) in the background."""
    owner = _parent(context, parent)
    context.flush()

    def finished(result: object) -> None:
        written, count = result if isinstance(result, tuple) else (path, 0)
        context.messages.show_message(f"Exported {count} page views to {written}.", error=False)

    job = StatsJob(
        context.store.path,
        lambda store: _export(store, path),
        "Exporting statistics…",
        owner,
        succeeded=finished,
        failed=lambda message: _warn(owner, "Export Statistics", f"Could not export: {message}"),
        hold_writes=context.hold_writes,
    )
    return job.start()


def export_dialog(context: StatsContext, *, parent: QWidget | None = None) -> StatsJob | None:
    """Ask for a file and export the statistics to it."""
    path = choose_export_file(_parent(context, parent))
    return export_statistics(context, path, parent=parent) if path else None


# --- clear -----------------------------------------------------------------------------


def clear_statistics(
    context: StatsContext,
    book_id: int | None,
    done: Callable[[], None],
    *,
    parent: QWidget | None = None,
) -> StatsJob:
    """Delete one book's statistics (or all with None) in the background, then ``done()``."""
    owner = _parent(context, parent)
    context.flush()

    def finished(deleted: object) -> None:
        which = "this book's" if book_id is not None else "all"
        context.messages.show_message(
            f"Deleted {deleted} page views: {which} reading statistics.", error=False
        )
        done()

    job = StatsJob(
        context.store.path,
        lambda store: store.stats.clear(book_id),
        "Clearing reading statistics…",
        owner,
        succeeded=finished,
        failed=lambda message: _warn(owner, "Clear Statistics", message),
        hold_writes=context.hold_writes,
    )
    return job.start()


def ask_what_to_clear(context: StatsContext, parent: QWidget) -> tuple[bool, int | None]:
    """Ask whether to clear this book's statistics or all: (go ahead, book id or None)."""
    record = context.open_book.record
    try:
        everything = context.store.stats.count()
        this_book = context.store.stats.count(record.id) if record is not None else 0
    except StoreError as err:
        _warn(parent, "Clear Statistics", str(err))
        return False, None
    box = QMessageBox(parent)
    box.setObjectName("statsClearQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Clear Statistics")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("Delete reading statistics?")
    details = []
    book_button = None
    if record is not None:
        details.append(f"This book, “{record.display_title}”: {this_book} page views.")
        book_button = box.addButton("Clear &This Book", QMessageBox.ButtonRole.DestructiveRole)
    details.append(f"Every book: {everything} page views.")
    details.append("Reading positions, bookmarks and notes are kept. This cannot be undone.")
    box.setInformativeText("\n".join(details))
    all_button = box.addButton("Clear &All", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked: Any = box.clickedButton()
    if clicked is all_button:
        return True, None
    if book_button is not None and clicked is book_button and record is not None:
        return True, record.id
    return False, None


def clear_dialog(
    context: StatsContext, done: Callable[[], None], *, parent: QWidget | None = None
) -> StatsJob | None:
    """Ask what to clear, then clear it (see the module docstring)."""
    owner = _parent(context, parent)
    context.flush()
    go, book_id = ask_what_to_clear(context, owner)
    return clear_statistics(context, book_id, done, parent=parent) if go else None
