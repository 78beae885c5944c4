"""The Story info view: everything a story's header says, in one readable sheet.

Opened from the palette ("Story Info") and from the ⓘ button of the notes panel, for a
book with a fan-fiction story header (:class:`~reader.text.story.StoryInfo`). Every
value is a plain-text label (HTML or Markdown in a tag or summary is shown as written),
selectable, so a URL or a tag can be copied; the summary keeps its paragraphs. "Go to
Title Card" shows the header's place in the book.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reader.text.story import StoryInfo
from reader.text.story_data import story_rows

__all__ = ["StoryInfoDialog"]

_MAX_SHOWN = 60_000
"""Characters of one value shown (a 50 KB summary fits; beyond, it is cut with "…")."""


def _value_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…")
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class StoryInfoDialog(QDialog):
    """The facts of ``story`` as label/value rows; ``go_to`` shows the title card."""

    def __init__(
        self,
        story: StoryInfo,
        parent: QWidget | None = None,
        go_to: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("storyInfo")
        self.story = story
        self._go_to = go_to
        title = " ".join(story.title.split())[:120] or "Story"
        self.setWindowTitle(f"Story Info — {title}")
        body = QWidget(self)
        form = QFormLayout(body)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows: list[tuple[str, QLabel]] = []
        for label, value in story_rows(story):
            name = QLabel(body)
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setText(f"{label}:")
            shown = _value_label(value, body)
            form.addRow(name, shown)
            self.rows.append((label, shown))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        if go_to is not None:
            card = buttons.addButton("Go to &Title Card", QDialogButtonBox.ButtonRole.ActionRole)
            card.clicked.connect(self.go_to_card)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def value(self, label: str) -> str:
        """The shown value of row ``label`` ('' when the story has no such row)."""
        for name, shown in self.rows:
            if name == label:
                return shown.text()
        return ""

    def go_to_card(self) -> None:
        """Show the page with the story's title card, and close."""
        if self._go_to is not None:
            self._go_to(self.story.header_start)
        self.accept()
