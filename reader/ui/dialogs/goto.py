"""The Ctrl+G dialog: go to a page number or a percentage ("120" or "45%")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")
_PAGE = re.compile(r"^\s*(\d+)\s*$")


@dataclass(frozen=True)
class GoToTarget:
    """Where to go: a 1-based page number or a percentage through the book (0–100)."""

    kind: Literal["page", "percent"]
    value: float


def parse_target(text: str, page_count: int | None = None) -> GoToTarget:
    """Parse ``"120"`` (page) or ``"45%"`` (percent); ValueError with a short message if invalid.

    ``page_count`` (when known) bounds page numbers; percentages must be 0–100.
    """
    m = _PERCENT.match(text)
    if m:
        value = float(m.group(1).replace(",", "."))
        if not 0 <= value <= 100:
            raise ValueError("A percentage must be between 0 and 100.")
        return GoToTarget("percent", value)
    m = _PAGE.match(text)
    if m:
        page = int(m.group(1))
        if page < 1:
            raise ValueError("Pages start at 1.")
        if page_count is not None and page > page_count:
            raise ValueError(f"This book has {page_count} pages.")
        return GoToTarget("page", page)
    if not text.strip():
        raise ValueError("Type a page number or a percentage.")
    raise ValueError("Type a page number (like 120) or a percentage (like 45%).")


class GoToDialog(QDialog):
    """Asks for a page number or percentage; OK is enabled only for valid input."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        current_page: int = 0,
        page_count: int | None = None,
        approximate: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go To")
        self._page_count = None if approximate else page_count
        self._target: GoToTarget | None = None

        total = ""
        if page_count:
            total = f" of {'~' if approximate else ''}{page_count}"
        prompt = QLabel(f"Page number or percent (now on page {current_page}{total}):")
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("120 or 45%")
        self.edit.setObjectName("gotoEdit")
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setObjectName("gotoError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        prompt.setBuddy(self.edit)
        self.edit.textChanged.connect(self._validate)
        self._validate(self.edit.text())

    def _validate(self, text: str) -> None:
        try:
            self._target = parse_target(text, self._page_count)
            self.error.setText("")
        except ValueError as err:
            self._target = None
            self.error.setText(str(err) if text.strip() else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self._target is not None)

    def accept(self) -> None:
        """Close with the parsed target, unless the input is invalid (then stay open)."""
        if self._target is None:
            return
        super().accept()

    def target(self) -> GoToTarget | None:
        """The parsed target (None while the input is invalid)."""
        return self._target
