"""Adding books to the library pane (file dialogs, drops, background import) and
locating a book whose file went missing.

:class:`LibraryFiles` is a mixin of :class:`~reader.ui.library.pane.LibraryPane`:
it holds the pane's file-system side so the pane itself is about the list.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from reader.gc_policy import tidy
from reader.store.models import BookRecord
from reader.text.identity import book_key_of_file
from reader.ui.common.file_drop import FileDropTarget
from reader.ui.library.importer import ImportReport
from reader.ui.library.model import LibraryModel
from reader.ui.library.record_text import shown_title

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.ui.common.writes import Writes
    from reader.ui.library.bars import ImportBar
    from reader.ui.library.ports import LibraryContext

LAST_ADD_DIR = "library_last_dir"
TEXT_FILE_FILTER = "Text files (*.txt *.text *.TXT);;All files (*)"
AUDIT_DELAY_MS = 1000
"""After an import, when the full garbage collection may run (see reader.gc_policy.tidy)."""


class LibraryFiles(FileDropTarget):
    """Mixin: adding files and folders to the library and locating missing files.

    Needs the pane's widgets and helpers (declared below for type checkers).
    """

    if TYPE_CHECKING:
        context: LibraryContext
        store: Store
        writes: Writes
        model: LibraryModel
        info_label: QLabel
        import_bar: ImportBar
        import_finished: SignalInstance
        _info_timer: QTimer

        def _keep_selection(self, change: Callable[[], object]) -> None: ...
        def window(self) -> QWidget: ...
        def _update_count(self) -> None: ...
        def check_files(self) -> None: ...
        def refresh_book(self, book_id: int) -> None: ...
        def _setting(self, key: str, default: object) -> object: ...
        def _set_setting(self, key: str, value: object) -> None: ...

    # --- adding -------------------------------------------------------------------------

    def add_paths(self, paths: list[str]) -> None:
        """Add files and folders (recursively) to the library in the background."""
        self.info_label.hide()
        self.import_bar.add_paths(paths)

    def is_importing(self) -> bool:
        """True while an import runs."""
        return self.import_bar.is_importing()

    def _on_import_finished(self, report: ImportReport) -> None:
        self.info_label.setText(report.summary())
        self.info_label.show()
        self._info_timer.start()  # a report, not a state: it goes after a while
        self.import_finished.emit(report)
        # The import froze its batches as they came; once the report is shown, reclaim
        # what died since in one collection if the heap grew (a pause that interrupts
        # nothing now).
        QTimer.singleShot(AUDIT_DELAY_MS, tidy)
        if report.moved and not self.import_bar.is_importing():
            self.check_files()

    def add_files_dialog(self) -> None:
        """Ask for book files and add them."""
        files, _f = QFileDialog.getOpenFileNames(
            self.window(),
            "Add Books to the Library",
            self._start_dir(),
            TEXT_FILE_FILTER,
        )
        if files:
            self._set_setting(LAST_ADD_DIR, os.path.dirname(files[0]))
            self.add_paths(files)

    def add_folder_dialog(self) -> None:
        """Ask for a folder and add every ``.txt`` file in it and its subfolders."""
        folder = QFileDialog.getExistingDirectory(
            self.window(), "Add a Folder to the Library", self._start_dir()
        )
        if folder:
            self._set_setting(LAST_ADD_DIR, folder)
            self.add_paths([folder])

    def _start_dir(self) -> str:
        return str(self._setting(LAST_ADD_DIR, "") or os.path.expanduser("~"))

    def paths_dropped(self, paths: list[str]) -> None:
        """Add the files and folders dropped on the pane to the library."""
        self.add_paths(paths)

    # --- locate ---------------------------------------------------------------------------

    def locate(self, record: BookRecord, path: str | None = None) -> bool:
        """Point ``record`` at another file (asked for when ``path`` is None)."""
        if path is None:
            start = os.path.dirname(record.path)
            if not os.path.isdir(start):
                start = self._start_dir()
            path, _f = QFileDialog.getOpenFileName(
                self.window(),
                f"Locate “{shown_title(record)}”",
                start,
                TEXT_FILE_FILTER,
            )
            if not path:
                return False
        try:
            key = book_key_of_file(path)
        except OSError as err:
            self.context.messages.show_message(f"Could not read {path}: {err.strerror or err}")
            return False
        book_id, new_key, new_path = record.id, None if key == record.book_key else key, path
        self.writes.now_or_later(
            lambda s: s.library.relocate(book_id, new_path, book_key=new_key),
            done=lambda _none: self.refresh_book(book_id),
        )
        return True
