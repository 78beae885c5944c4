"""The library's book list: a one-column table with fixed-height rows and list keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reader.ui.common.placeholder import paint_placeholder

_NAV_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Backspace,
}


_COMMAND_MODS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class BookListView(QTableView):
    """The list: fixed-height rows; Enter opens, Delete removes, Ctrl+Z undoes; typing filters.

    A one-column ``QTableView`` with fixed row heights rather than a
    ``QListView``: on a reset (every filter keystroke) the list view walks
    every row through the Python model, the table does not, so filtering
    10,000 books stays fast. Navigation keys are claimed before the window's
    reading shortcuts (Home, End, PgUp … turn pages elsewhere), so they move in
    the list while it has focus.
    """

    open_requested = Signal()
    remove_requested = Signal()
    undo_requested = Signal()
    typed = Signal(str)
    """Printable text typed in the list (it belongs in the filter box)."""
    escape_pressed = Signal(object)
    """Esc in the list (a ``QKeyEvent``: accepted when the pane used it, to clear the filter)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryList")
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setTabKeyNavigation(False)
        self.setAcceptDrops(False)  # drops go to the pane, which adds them
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())
        self.undo_available: Callable[[], bool] = lambda: False
        """Whether Ctrl+Z has something to undo here (else it is left to the window)."""
        self._placeholder = ""

    def set_placeholder(self, text: str) -> None:
        """Plain text shown in the middle of the list while it has no rows."""
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    def placeholder(self) -> str:
        """The text shown while the list is empty."""
        return self._placeholder

    def paintEvent(self, event: QPaintEvent) -> None:
        """The rows, or the placeholder when there are none (an empty white box says nothing)."""
        super().paintEvent(event)
        paint_placeholder(self, self._placeholder)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and last book (a table would stay in the row)."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if rows and action == QAbstractItemView.CursorAction.MoveHome:
            return model.index(0, 0)
        if rows and action == QAbstractItemView.CursorAction.MoveEnd:
            return model.index(rows - 1, 0)
        return super().moveCursor(action, modifiers)

    def set_row_height(self, height: int) -> None:
        """Every row gets this height (from the delegate's size hint)."""
        self.verticalHeader().setMinimumSectionSize(1)
        self.verticalHeader().setDefaultSectionSize(height)

    def event(self, event: QEvent) -> bool:
        """Claim list keys (and Ctrl+Z) before window-wide shortcuts see them."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            undo = event.matches(QKeySequence.StandardKey.Undo) and self.undo_available()
            if (plain and event.key() in _NAV_KEYS) or undo:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens, Delete/Backspace removes, Ctrl+Z restores the last removed book;
        printable text goes to the filter (``typed``), Esc to the pane (``escape_pressed``)."""
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        text = event.text()
        if text.strip() and text.isprintable() and not event.modifiers() & _COMMAND_MODS:
            self.typed.emit(text)
            return
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()
            self.escape_pressed.emit(event)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


__all__ = ["BookListView"]
