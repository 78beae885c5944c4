"""A dialog that lists many lines as plain text: the files that could not be opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class DetailsDialog(QDialog):
    """``lines`` under a one-line ``summary``, read-only and selectable, with Copy and Close."""

    def __init__(
        self, title: str, summary: str, lines: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("detailsDialog")
        self.setWindowTitle(title)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setText(summary)
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("detailsText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy(self) -> None:
        """Put every line on the clipboard."""
        QGuiApplication.clipboard().setText(self.text.toPlainText())


__all__ = ["DetailsDialog"]
