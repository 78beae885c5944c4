"""The read-aloud bar: one quiet line under the page while the book is read aloud.

It shows what read aloud is doing (the chapter, the sentence count, the speed and
the sleep timer) and has buttons for the previous sentence, pause/resume, the next
sentence and stop, each with an accessible name and its keys in the tooltip. It
hides itself when reading aloud stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from reader.ui.speech.controller import PAUSED, SPEAKING, STARTING, STOPPED
from reader.ui.speech.settings import format_rate

if TYPE_CHECKING:
    from reader.ui.speech.controller import ReadAloud

BUTTONS = (
    # (object name, accessible name, command name, icon)
    ("speechPrevious", "Previous sentence", "speech.previous_sentence", "SP_MediaSkipBackward"),
    ("speechPlayPause", "Pause reading aloud", "speech.play_pause", "SP_MediaPause"),
    ("speechNext", "Next sentence", "speech.next_sentence", "SP_MediaSkipForward"),
    ("speechStop", "Stop reading aloud", "speech.stop", "SP_MediaStop"),
)


def status_text(controller: ReadAloud) -> str:
    """One line for the bar: what read aloud does, the chapter, the sentence count, the
    speed and the sleep timer ('' when stopped)."""
    state = controller.state()
    if state == STOPPED:
        return ""
    if state == STARTING:
        return "Starting the speech engine…" if controller.loading() else "Starting…"
    parts = ["Reading aloud" if state == SPEAKING else "Paused"]
    book = controller.ctx.open_book.book
    current = controller.current()
    if book is not None and current is not None:
        ci = book.chapter_index_at(current.start)
        if 0 <= ci < len(book.chapters) and book.chapters[ci].title:
            parts.append(book.chapters[ci].title)
    parts.append(f"sentence {max(controller.sentences_spoken(), 1)}")
    parts.append(format_rate(controller.settings().rate))
    sleep = controller.sleep_status()
    if sleep:
        parts.append(sleep)
    return " · ".join(parts)


class SpeechBar(QFrame):
    """State and buttons of read aloud (see the module docstring)."""

    def __init__(
        self,
        controller: ReadAloud,
        run: Callable[[str], None],
        key_text: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("speechBar")
        self.setAccessibleName("Read aloud")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.controller = controller
        self._key_text = key_text
        self.label = QLabel(self)
        self.label.setObjectName("speechStatus")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName("Read aloud status")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 2, 6, 2)
        layout.setSpacing(2)
        layout.addWidget(self.label, 1)
        self.buttons: dict[str, QToolButton] = {}
        for name, accessible, command, icon in BUTTONS:
            button = QToolButton(self)
            button.setObjectName(name)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page keeps the keys
            button.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
            button.clicked.connect(lambda _checked=False, c=command: run(c))
            self.buttons[command] = button
            self._label_button(command, accessible)
            layout.addWidget(button)
        controller.changed.connect(self.refresh)
        self.refresh()

    def _label_button(self, command: str, accessible: str) -> None:
        button = self.buttons[command]
        button.setAccessibleName(accessible)
        keys = self._key_text(command)
        button.setToolTip(f"{accessible} ({keys})" if keys else accessible)

    def refresh(self) -> None:
        """Show the controller's state (hidden when stopped)."""
        state = self.controller.state()
        self.setVisible(state != STOPPED)
        self.label.setText(status_text(self.controller))
        paused = state == PAUSED
        button = self.buttons["speech.play_pause"]
        icon = "SP_MediaPlay" if paused else "SP_MediaPause"
        button.setIcon(self.style().standardIcon(getattr(QStyle.StandardPixmap, icon)))
        self._label_button(
            "speech.play_pause", "Resume reading aloud" if paused else "Pause reading aloud"
        )


__all__ = ["BUTTONS", "SpeechBar", "status_text"]
