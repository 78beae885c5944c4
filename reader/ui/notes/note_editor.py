"""The note editor: the highlighted quote above a plain-text box for the reader's note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

QUOTE_CHARS = 300


class NoteEditor(QDialog):
    """Edit one note (plain text). Ctrl+Enter or OK saves, Esc cancels.

    Opened window-modal with :meth:`open` (never blocking the caller); the
    owner connects ``accepted`` and reads :meth:`note`.
    """

    def __init__(self, quote: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setWindowTitle("Note")
        quote = " ".join(quote.split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1].rstrip() + "…"
        self.quote_label = QLabel(f"“{quote}”", self)
        self.quote_label.setObjectName("noteQuote")
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setWordWrap(True)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("noteText")
        self.edit.setPlainText(note)
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText("Your note")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote_label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)
        self.resize(420, 260)
        self.edit.setFocus()
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def note(self) -> str:
        """The note as typed (trailing blanks removed)."""
        return self.edit.toPlainText().rstrip()


__all__ = ["NoteEditor"]
