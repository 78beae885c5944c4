"""Unsaved highlights and notes (drafts): listed for the reader to save again, copy or discard.

When the library could not save a highlight or a note (busy in another program
for too long, a full disk, a read-only file), the text was kept as a draft
(:mod:`reader.store.drafts`) and is saved again at the next start. The ones
still left are listed here, each with its book, the highlighted quote, the
note and why it was not saved: "Save Now" tries again, "Copy" puts the
quote and note on the clipboard, "Discard" throws a draft away. Everything is
shown as plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.store.base import StoreError
from reader.ui.common.plain import plain_tooltip

if TYPE_CHECKING:
    from reader.store.drafts import Draft, ReplayReport
    from reader.ui.common.writes import Writes

EMPTY_TEXT = "No unsaved highlights or notes."
ID_ROLE = Qt.ItemDataRole.UserRole


def draft_text(draft: Draft) -> str:
    """What the reader sees of a draft: book, quote, note and why it is not saved (plain)."""
    quote = " ".join(draft.quote.split())
    if len(quote) > 160:
        quote = quote[:159] + "…"
    lines = [draft.book_title or "(a book)", f"“{quote}”"]
    if draft.note.strip():
        lines.append(f"Note: {draft.note.strip()}")
    if draft.error:
        lines.append(f"Not saved: {draft.error}")
    return "\n".join(lines)


def clipboard_text(draft: Draft) -> str:
    """The quote and the note, to paste somewhere safe."""
    text = f"“{draft.quote}”"
    return f"{text}\n\n{draft.note}" if draft.note.strip() else text


class DraftsDialog(QDialog):
    """Lists the drafts with Save Now, Copy and Discard (see the module docstring)."""

    changed = Signal()
    """Drafts were saved or discarded (the notes of the open book may have changed)."""

    def __init__(self, writes: Writes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftsDialog")
        self.setWindowTitle("Unsaved Highlights and Notes")
        self.writes = writes
        self._drafts: dict[str, Draft] = {}
        self.intro = QLabel(self)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("draftsList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.status = QLabel(self)
        self.status.setObjectName("draftsStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.save_button = buttons.addButton("&Save Now", role)
        self.copy_button = buttons.addButton("&Copy", role)
        self.discard_button = buttons.addButton("&Discard", role)
        self.save_button.clicked.connect(self.save_now)
        self.copy_button.clicked.connect(self.copy_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.refresh()

    def refresh(self) -> None:
        """List the drafts as they are now (and the files that could not be read)."""
        scan = self.writes.drafts.scan()
        self._drafts = {d.id: d for d in scan.drafts}
        self.list.clear()
        for draft in scan.drafts:
            item = QListWidgetItem(draft_text(draft))
            item.setData(ID_ROLE, draft.id)
            item.setToolTip(plain_tooltip(clipboard_text(draft)[:2000]))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        n = len(scan.drafts)
        intro = (
            f"{n} highlight{'s' if n != 1 else ''} or note{'s' if n != 1 else ''} could not be "
            f"saved to the library. They are kept in {self.writes.drafts.folder} and saved "
            "again at the next start."
            if n
            else EMPTY_TEXT
        )
        self.intro.setText(" ".join([intro, *scan.problems]))
        for button in (self.save_button, self.copy_button, self.discard_button):
            button.setEnabled(bool(n))

    def selected(self) -> Draft | None:
        """The draft selected in the list."""
        item = self.list.currentItem()
        return self._drafts.get(str(item.data(ID_ROLE))) if item is not None else None

    def copy_selected(self) -> None:
        """Copy the selected draft's quote and note to the clipboard."""
        draft = self.selected()
        if draft is not None:
            QGuiApplication.clipboard().setText(clipboard_text(draft))
            self.status.setText("Copied the quote and the note.")

    def discard_selected(self) -> None:
        """Throw the selected draft away."""
        draft = self.selected()
        if draft is None:
            return
        try:
            self.writes.drafts.discard(draft.id)
        except StoreError as err:
            self.status.setText(str(err))
            return
        self.status.setText("Discarded.")
        self.refresh()
        self.changed.emit()

    def save_now(self) -> None:
        """Try saving every draft into the library again (in the background)."""
        self.status.setText("Saving…")
        self.save_button.setEnabled(False)
        self.writes.replay_drafts(done=self._saved, failed=self._failed)

    def _saved(self, report: ReplayReport) -> None:
        self.status.setText(report.message() or "Nothing to save.")
        self.refresh()
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error))
        self.save_button.setEnabled(True)


__all__ = ["DraftsDialog", "clipboard_text", "draft_text"]
