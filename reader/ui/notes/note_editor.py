"""The note editor: the highlighted quote above a plain-text box for the reader's note.

The editor stays open until the note is saved: while the library is busy it
says so, and if saving finally fails it keeps the text and shows why (the
text was also kept as a draft), so the reader can try again or copy it.
"""

from __future__ import annotations

from collections.abc import Callable

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
SAVING_TEXT = "Saving…"
WAITING_TEXT = "Waiting for the library (busy in another program)…"


class NoteEditor(QDialog):
    """Edit one note (plain text). Ctrl+Enter or OK saves, Esc cancels.

    Shown without blocking the caller (the owner shows it, e.g. not modal). With
    :attr:`on_save` set, OK hands the note to it and the editor stays open
    (showing :meth:`saving`) until the owner calls :meth:`saved` (it closes) or
    :meth:`failed` (it stays, text intact, with the reason). Without it, OK
    closes at once (``accepted``; read :meth:`note`).
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
        self.on_save: Callable[[str], None] | None = None
        self.draft_id: str | None = None
        """The draft that holds this note after a failed save (replaced when saved)."""
        self.status = QLabel(self)
        self.status.setObjectName("noteStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.hide()
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
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote_label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(420, 260)
        self.edit.setFocus()
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def note(self) -> str:
        """The note as typed (trailing blanks removed)."""
        return self.edit.toPlainText().rstrip()

    def accept(self) -> None:
        """OK: hand the note to :attr:`on_save` (the editor stays open), or close."""
        if self.on_save is None:
            super().accept()
        elif self.ok_button is None or self.ok_button.isEnabled():
            self.on_save(self.note())

    def saving(self, waiting: bool = False) -> None:
        """Say that the note is being saved (``waiting``: for a library busy elsewhere)."""
        self.status.setText(WAITING_TEXT if waiting else SAVING_TEXT)
        self.status.setProperty("error", False)
        self.status.show()
        if self.ok_button is not None:
            self.ok_button.setEnabled(False)

    def saved(self) -> None:
        """The note is in the library: close."""
        self.status.hide()
        super().accept()

    def failed(self, message: str) -> None:
        """The note could not be saved: stay open with the text, say why, allow another try."""
        self.status.setText(message)
        self.status.setProperty("error", True)
        self.status.show()
        if self.ok_button is not None:
            self.ok_button.setEnabled(True)
        self.edit.setFocus()

    def is_saving(self) -> bool:
        """True while a save is under way (OK disabled)."""
        return self.ok_button is not None and not self.ok_button.isEnabled()


__all__ = ["NoteEditor"]
