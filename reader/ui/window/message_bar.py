"""A one-line message strip above the page: errors opening books, store notices."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class MessageBar(QFrame):
    """Shows one plain-text message with a close button; hidden when there is none.

    A message stays until the reader dismisses it or the window clears it (the
    next book that opens); it may carry one button (e.g. "Details…").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setObjectName("messageText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("×")
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.clear)
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("messageAction")
        self.action_button.hide()
        self.action_button.clicked.connect(self._act)
        self._action: Callable[[], object] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(close)
        self.hide()

    def show_message(
        self,
        text: str,
        *,
        error: bool = True,
        action: tuple[str, Callable[[], object]] | None = None,
    ) -> None:
        """Show ``text`` (plain text); errors get a warm background, notices a neutral one.

        ``action``: a button (its text, and what it does) beside the message.
        """
        self.label.setText(text)
        self._action = action[1] if action is not None else None
        self.action_button.setText(action[0] if action is not None else "")
        self.action_button.setVisible(action is not None)
        self.setProperty("error", error)
        colour = "#f6d8d2" if error else "#e4ecf6"
        self.setStyleSheet(
            f"#messageBar {{ background: {colour}; color: #202020; border: none; }}"
            "#messageBar QLabel { color: #202020; }"
        )
        self.show()

    def text(self) -> str:
        """The message shown now ('' when hidden)."""
        return self.label.text() if not self.isHidden() else ""

    def clear(self) -> None:
        """Hide the bar."""
        self.label.setText("")
        self._action = None
        self.action_button.hide()
        self.hide()

    def _act(self) -> None:
        if self._action is not None:
            self._action()
