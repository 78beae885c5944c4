"""The library pane (left dock): every book, filtered as you type, opened with Enter.

The pane is built from a :class:`~reader.ui.library.ports.LibraryContext` (what
it needs from the window); the window puts it in its left dock.

Holds a filter box, a sort choice (remembered in the store), the book list
(:class:`~reader.ui.library.model.LibraryModel` drawn by
:class:`~reader.ui.library.delegate.BookDelegate`), an undo bar for removals and
a progress bar for background imports. Files and folders dropped on the pane are
added to the library; missing files are found by a background check and can be
located again from the context menu.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.store.db import StoreError
from reader.store.models import BookRecord
from reader.store.removal import RemovedBook
from reader.ui.common.plain import plain_tooltip
from reader.ui.common.writes import ImmediateWrites, Writes
from reader.ui.library.bars import ImportBar, UndoBar
from reader.ui.library.book_list import BookListView
from reader.ui.library.delegate import BookDelegate
from reader.ui.library.files import LibraryFiles
from reader.ui.library.filter_box import (
    FILTER_HINT,
    FILTER_TIP,
    FieldCompleter,
    add_group_menu,
)
from reader.ui.library.importer import MissingCheck
from reader.ui.library.kept_stats import KeptStats, keep_stats, put_back_stats
from reader.ui.library.model import SORT_KEYS, SORT_TITLES, LibraryModel
from reader.ui.library.query import GROUPS
from reader.ui.library.record_text import shown_title

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.ui.library.ports import LibraryContext

SORT_SETTING = "library_sort"
GROUP_SETTING = "library_group"
EMPTY_LIBRARY_TEXT = (
    "Your library is empty.\n\nDrop .txt files or folders here, or use "
    "File ▸ Add Books to Library…{keys}."
)
NO_BOOK_MESSAGE = "Choose a book from the library, or press {keys} to open a file."
PROGRESS_REFRESH_MS = 2000
INFO_SECONDS = 30
"""How long an import's summary ("Added 12 books…") stays under the list."""


def _plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class LibraryPane(LibraryFiles, QWidget):
    """The library dock's contents; see the module docstring."""

    import_finished = Signal(object)
    """An import ended (an :class:`ImportReport`)."""
    missing_checked = Signal(object)
    """A missing-file check ended ({book id: missing} for books whose state changed)."""

    def __init__(self, context: LibraryContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.context = context
        self.store = context.store
        self.writes: Writes = (
            context.writes
            if context.writes is not None
            else ImmediateWrites(context.store, context.messages, self)
        )
        """Every change to the library goes through here (see :mod:`reader.ui.common.writes`)."""
        self.setAcceptDrops(True)
        self._removed: list[RemovedBook] = []
        self._kept: dict[int, KeptStats] = {}
        """Statistics of removed books, by ``id()`` of their :class:`RemovedBook`."""
        self._check: MissingCheck | None = None
        self._loaded = False
        self._reading_id: int | None = self._open_book_id()

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setPlaceholderText(FILTER_HINT)
        self.filter_edit.setToolTip(plain_tooltip(FILTER_TIP))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.filter_edit.returnPressed.connect(self._open_first_match)
        self.filter_edit.installEventFilter(self)

        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("librarySort")
        self.sort_combo.setToolTip("Sort the library")
        for key in SORT_KEYS:
            self.sort_combo.addItem(SORT_TITLES[key], key)

        self.model = LibraryModel(self)
        self.completer = FieldCompleter(self.filter_edit, self.model.suggestions)
        self.delegate = BookDelegate(self)
        self.list = BookListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.set_row_height(self.delegate.row_height(self.list.font()))
        self.list.open_requested.connect(self.open_selected)
        self.list.remove_requested.connect(self.remove_selected)
        self.list.undo_requested.connect(self.undo_remove)
        self.list.undo_available = self.can_undo
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.typed.connect(self._type_into_filter)
        self.list.escape_pressed.connect(self._list_escape)

        self.count_label = _plain_label("", self)
        self.count_label.setObjectName("libraryCount")
        self.info_label = _plain_label("", self)
        self.info_label.setObjectName("libraryInfo")
        self.info_label.setWordWrap(True)
        self.info_label.hide()

        self.undo_bar = UndoBar(self)
        self.undo_bar.undo_clicked.connect(self.undo_remove)
        self.undo_bar.dismissed.connect(self._removed.clear)
        self.undo_bar.dismissed.connect(self._kept.clear)

        self.import_bar = ImportBar(self.store.path, self)
        self.import_bar.books_added.connect(self._on_books_added)
        self.import_bar.finished.connect(self._on_import_finished)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.sort_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.import_bar)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.info_label)
        layout.addWidget(self.count_label)

        saved = self._setting(SORT_SETTING, "last_read")
        self.model.set_sort_key(str(saved))
        self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(self.model.sort_key())))
        self.sort_combo.currentIndexChanged.connect(self._on_sort)
        self.model.set_group(str(self._setting(GROUP_SETTING, "")))

        self._info_timer = QTimer(self)
        self._info_timer.setSingleShot(True)
        self._info_timer.setInterval(INFO_SECONDS * 1000)
        self._info_timer.timeout.connect(self.info_label.hide)

        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_REFRESH_MS)
        self._progress_timer.timeout.connect(self._refresh_current)

    # --- loading --------------------------------------------------------------------------

    def reload(self, *, check_files: bool = True) -> None:
        """Read every book from the store again (keeps the selection); then check files."""
        try:
            records = self.store.library.all_books()
        except StoreError as err:
            self.context.messages.show_message(str(err))
            return
        keep = self.selected_id()
        self.delegate.refresh_clock()
        self.model.set_records(records)
        self._loaded = True
        if not self.select_id(keep) and self.list.hasFocus():
            self.focus_list()  # focused before its books came (a pane built when shown)
        self._update_count()
        if check_files:
            self.check_files()

    def refresh_book(self, book_id: int) -> None:
        """Re-read one book from the store (after it was opened, read, or changed)."""
        if book_id < 0:
            self.reload(check_files=False)
            return
        if not self._loaded:
            return  # the first load is on its way and will include it
        try:
            record = self.store.library.get(book_id)
        except StoreError:  # the row keeps what it showed; the next reload reads it again
            return
        if record is None:
            return
        self._keep_selection(lambda: self.model.upsert_records([record]))
        self._update_count()

    def check_files(self) -> None:
        """Find, in the background, which books' files are gone or back (marks them)."""
        if self._check is not None and self._check.is_running():
            return
        entries = [(r.id, r.path, r.missing) for r in self.model.records()]
        if not entries:
            return
        self._check = MissingCheck(self.store.path, entries)
        self._check.done.connect(self._on_checked)
        self._check.start()

    def _on_checked(self, changes: dict[int, bool]) -> None:
        self.model.set_missing(changes)
        self.missing_checked.emit(changes)

    def _refresh_current(self) -> None:
        record = self.context.open_book.record
        if record is not None:
            self.refresh_book(record.id)

    def on_position_changed(self, _offset: int = 0) -> None:
        """The reader turned a page: refresh the open book's progress a little later."""
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    # --- selection ----------------------------------------------------------------------

    def selected_record(self) -> BookRecord | None:
        """The book selected in the list (None when none)."""
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self.model.record_at(index.row())

    def selected_id(self) -> int:
        """Id of the selected book, or -1."""
        record = self.selected_record()
        return record.id if record is not None else -1

    def select_id(self, book_id: int) -> bool:
        """Select the row of ``book_id`` if it is shown; True when it was."""
        row = self.model.row_of(book_id) if book_id >= 0 else -1
        if row < 0:
            return False
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        return True

    def _keep_selection(self, change: Callable[[], object]) -> None:
        keep = self.selected_id()
        scroll = self.list.verticalScrollBar().value()
        change()
        if not self.select_id(keep) and self.model.rowCount() and keep >= 0:
            self.list.setCurrentIndex(self.model.first_book_index())
        self.list.verticalScrollBar().setValue(scroll)

    def focus_list(self) -> None:
        """Give the list the keyboard focus with a book selected."""
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.list.setCurrentIndex(self.model.first_book_index())
        self.list.setFocus()

    # --- filter and sort ----------------------------------------------------------------

    def _on_filter(self, text: str) -> None:
        self._keep_selection(lambda: self.model.set_filter(text))
        self._update_count()

    def _on_sort(self, _i: int) -> None:
        key = str(self.sort_combo.currentData())
        self._keep_selection(lambda: self.model.set_sort_key(key))
        self._set_setting(SORT_SETTING, key)

    def set_group(self, key: str) -> None:
        """Group the list by ``fandom`` or ``series`` ('' for no groups) and remember it."""
        key = key if key in GROUPS else ""
        self._keep_selection(lambda: self.model.set_group(key))
        self._update_count()
        self._set_setting(GROUP_SETTING, key)

    def set_sort(self, key: str) -> None:
        """Sort by ``key`` (one of :data:`~reader.ui.library.model.SORT_KEYS`) and remember it."""
        i = self.sort_combo.findData(key)
        if i >= 0:
            self.sort_combo.setCurrentIndex(i)

    def _open_first_match(self) -> None:
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.list.setCurrentIndex(self.model.first_book_index())
        self.open_selected()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the filter box, Down moves into the list and Escape clears the filter."""
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                self.focus_list()
                return True
            if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _type_into_filter(self, text: str) -> None:
        """Text typed in the list: on into the filter box, which keeps the keyboard."""
        edit = self.filter_edit
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.end(False)
        edit.insert(text)

    def _list_escape(self, event: QKeyEvent) -> None:
        """Esc in the list clears the filter first (the next Esc goes back to the page)."""
        if self.filter_edit.text():
            self.filter_edit.clear()
            event.accept()

    def focus_filter(self) -> None:
        """Put the cursor in the filter box, its text selected (Ctrl+L)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _update_count(self) -> None:
        total, shown = self.model.total(), self.model.shown_count()
        noun = "book" if total == 1 else "books"
        if self.model.filter_text():
            text = f"{shown:,} of {total:,} {noun}"
            if not shown:
                text = f"No book matches “{self.filter_edit.text().strip()}”."
            self.list.set_placeholder(f"No book matches “{self.filter_edit.text().strip()}”.")
        else:
            text = f"{total:,} {noun}" if total else "No books yet: add files or a folder."
            self.list.set_placeholder(EMPTY_LIBRARY_TEXT.format(keys=self._add_keys()))
        self.count_label.setText(text)

    def _add_keys(self) -> str:
        keys = self.context.command_keys("library.add_files")
        return f" ({keys})" if keys else ""

    # --- opening ------------------------------------------------------------------------

    def open_selected(self) -> bool:
        """Open the selected book in the window (Enter); False if it could not be opened."""
        record = self.selected_record()
        if record is None:
            return False
        if not os.path.isfile(record.path):
            self._mark_missing(record)
            self.context.messages.show_message(
                f"The file of “{shown_title(record)}” is missing ({record.path}). "
                "Use Locate… in the library's context menu to find it."
            )
            return False
        opened = self.context.open_path(record.path)
        if opened:
            self.context.focus_page()
        return opened

    def _mark_missing(self, record: BookRecord) -> None:
        book_id = record.id
        self.writes.now_or_later(
            lambda s: s.library.set_missing(book_id, True),
            failed=lambda _error: None,  # shown as missing anyway, checked again next time
        )
        self.model.set_missing({record.id: True})

    # --- removing and undo --------------------------------------------------------------

    def remove_selected(self) -> bool:
        """Remove the selected book from the library (never the file), with undo."""
        record = self.selected_record()
        if record is None:
            return False
        session = self.context.open_book
        current = session.record is not None and session.record.id == record.id
        session.flush()  # the position, and the statistics recorded so far, are kept with it
        if current:
            session.record = None  # the open book stays readable, but is not saved any more
        book_id = record.id

        def remove(store: Store) -> tuple[KeptStats | None, RemovedBook]:
            kept = keep_stats(store, book_id)  # read first: the views go with the book
            return kept, store.library.remove(book_id)

        def removed(result: tuple[KeptStats | None, RemovedBook]) -> None:
            kept, snapshot = result
            if kept is not None:
                self._kept[id(snapshot)] = kept
            row = self.model.row_of(book_id)
            self.model.remove_id(book_id)
            self._removed.append(snapshot)
            self.undo_bar.show_removed(shown_title(record))
            if self.model.rowCount() and row >= 0:
                self.list.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))
            self._update_count()

        def failed(error: BaseException) -> None:
            if current and session.record is None:
                session.record = record
            self.context.messages.show_message(str(error))

        self.writes.now_or_later(remove, done=removed, failed=failed)
        return True

    def can_undo(self) -> bool:
        """True when a removal can be undone."""
        return bool(self._removed)

    def undo_remove(self) -> BookRecord | None:
        """Put the most recently removed book back, with its progress and notes."""
        if not self._removed:
            return None
        removed = self._removed.pop()
        back: list[BookRecord] = []

        def failed(error: BaseException) -> None:
            self._removed.append(removed)
            if kept is not None:
                self._kept[id(removed)] = kept
            self.context.messages.show_message(str(error))

        kept = self._kept.pop(id(removed), None)

        def restore(store: Store) -> BookRecord:
            record = store.library.restore(removed)
            if kept is not None:
                put_back_stats(store, kept, record.id)  # same transaction order: book, then views
            return record

        self.writes.now_or_later(
            restore,
            done=lambda record: back.append(self._restored(record)),
            failed=failed,
        )
        return back[0] if back else None

    def _restored(self, record: BookRecord) -> BookRecord:
        """A removed book is back in the library: show it (and keep saving the open book)."""
        session = self.context.open_book
        book = session.book
        if session.record is None and book is not None and book.book_key == record.book_key:
            session.record = record
        self.model.upsert_records([record])
        self.select_id(record.id)
        if not self._removed:
            self.undo_bar.hide()
        else:
            self.undo_bar.show_removed(shown_title(self._removed[-1].book))
        self._update_count()
        return record

    def _on_books_added(self, records: list[BookRecord]) -> None:
        """A batch was committed: show it now (the import bar then lets the worker go on)."""
        self._keep_selection(lambda: self.model.upsert_records(records))
        self._update_count()
        self.list.viewport().repaint()

    # --- book settings and context menu ------------------------------------------------

    def edit_settings(self, record: BookRecord | None = None) -> bool:
        """Open "Book settings" for ``record`` (default: the selected book); True if saved."""
        record = record or self.selected_record()
        if record is None:
            return False
        updated = self.context.edit_book_settings(record)
        if updated is not None:
            self.refresh_book(updated.id)
        return updated is not None

    def _context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if index.isValid():
            self.list.setCurrentIndex(index)
        menu = self.build_context_menu(index)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def build_context_menu(self, index: QModelIndex) -> QMenu:
        """The context menu for the book at ``index`` (or the list in general)."""
        menu = QMenu(self)
        record = self.model.record_at(index.row()) if index.isValid() else None
        if record is not None:
            menu.addAction("&Open", self.open_selected)
            menu.addAction("Book &Settings…", lambda: self.edit_settings(record))
            locate = menu.addAction("&Locate…", lambda: self.locate(record))
            locate.setObjectName("locateAction")
            menu.addSeparator()
            menu.addAction("&Remove from Library", self.remove_selected)
            menu.addSeparator()
        menu.addAction("Add &Files…", self.add_files_dialog)
        menu.addAction("Add F&older…", self.add_folder_dialog)
        menu.addAction("Check for &Missing Files", self.check_files)
        menu.addSeparator()
        add_group_menu(menu, self.model.group(), self.set_group)
        return menu

    # --- window hooks -------------------------------------------------------------------

    def show_library(self, *, focus: bool = True) -> None:
        """Show the dock (and focus the list); without a book, the page says what to do."""
        self.context.show_pane()
        if focus:
            self.focus_list()
        if self.context.open_book.book is None:
            keys = self.context.command_keys("file.open") or "Ctrl+O"
            self.context.show_on_page(NO_BOOK_MESSAGE.format(keys=keys))

    def on_library_changed(self, book_id: int) -> None:
        """A book was opened or added by the window: show it (a cheap one-row refresh).

        The book read before it is refreshed too: its last pages were saved as it
        was closed, after the list last looked (else it would keep a stale percent).
        """
        previous, self._reading_id = self._reading_id, self._open_book_id()
        if previous is not None and previous != self._reading_id and previous != book_id:
            self.refresh_book(previous)
        self.refresh_book(book_id)

    def _open_book_id(self) -> int | None:
        record = self.context.open_book.record
        return record.id if record is not None else None

    def shutdown(self) -> None:
        """Stop background work (quit): cancel the import, wait for the file check."""
        self.import_bar.shutdown()
        if self._check is not None:
            self._check.wait()

    def _setting(self, key: str, default: object) -> object:
        try:
            return self.store.settings.get(key, default)
        except StoreError:  # a preference (sort order, folder) then keeps its default
            return default

    def _set_setting(self, key: str, value: object) -> None:
        self.writes.now_or_later(lambda s: s.settings.set(key, value))


__all__ = ["GROUP_SETTING", "NO_BOOK_MESSAGE", "SORT_SETTING", "LibraryPane"]
