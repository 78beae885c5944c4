"""The status bar's saving indicator: what the background writer is doing, while it matters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from reader.ui.common.writes import WriterState, Writes

SAVING_TEXT = "Saving…"
WAITING_TEXT = "Waiting for the library (busy in another program)…"
_TEXTS = {
    WriterState.IDLE: "",
    WriterState.SAVING: SAVING_TEXT,
    WriterState.WAITING: WAITING_TEXT,
}


class WriteStatus(QLabel):
    """A permanent status-bar label: "Saving…", "Waiting for the library…", or nothing."""

    def __init__(self, writes: Writes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("writeStatus")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Saving")
        writes.state_changed.connect(self.show_state)
        self.show_state(writes.state)

    def show_state(self, state: object) -> None:
        """Show ``state`` (a :class:`~reader.store.writer.WriterState`)."""
        text = _TEXTS.get(state, "") if isinstance(state, WriterState) else ""
        self.setText(text)
        self.setVisible(bool(text))


__all__ = ["SAVING_TEXT", "WAITING_TEXT", "WriteStatus"]
