"""The Bookmarks tab: name, chapter, snippet and date of every bookmark; jump, rename, delete.

All text comes from the book or the reader and is set as plain item text
(``QTreeWidgetItem`` never interprets markup). The item keeps one column per
field (name, chapter, text, date) for accessibility and tests; on screen the
row is painted by :class:`~reader.ui.notes.rows.NoteRowDelegate` as the name
with the date on its right, the snippet below and the chapter when it is not
already the name.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.common.plain import plain_tooltip
from reader.ui.notes.rows import (
    ASIDE_ROLE,
    ID_ROLE,
    LINES_ROLE,
    NoteRowDelegate,
    PlaceholderTree,
    current_row_id,
    tree_rows,
)

if TYPE_CHECKING:
    from reader.ui.session.annotation_session import AnnotationSession

NOT_FOUND_TITLE = "Not found in this version"
SNIPPET_CHARS = 60
EMPTY_TEXT = "No bookmarks yet.\n\nPress b on a page to bookmark it; the page then shows a ribbon."


def _local_time(iso: str) -> datetime | None:
    """An ISO-8601 timestamp in local time (None if unparsable)."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except (ValueError, AttributeError):  # malformed, or no string: shown as stored
        return None
    return when.astimezone() if when.tzinfo is not None else when


def format_date(iso: str) -> str:
    """An ISO-8601 timestamp as local ``YYYY-MM-DD HH:MM`` (the input itself if unparsable)."""
    when = _local_time(iso)
    return when.strftime("%Y-%m-%d %H:%M") if when is not None else iso or ""


def short_date(iso: str, now: datetime | None = None) -> str:
    """A compact local date for list rows: "14:05" today, "21 Nov" this year, else "21 Nov 2024"."""
    when = _local_time(iso)
    if when is None:
        return iso or ""
    now = now or datetime.now(when.tzinfo)
    if when.date() == now.date():
        return when.strftime("%H:%M")
    day = f"{when.day} {when.strftime('%b')}"
    return day if when.year == now.year else f"{day} {when.year}"


def one_line(text: str, limit: int = SNIPPET_CHARS) -> str:
    """``text`` on one line (whitespace collapsed), cut at ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_LIST_KEYS = {
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_Backspace,
}  # fmt: skip


class ListKeys(QObject):
    """Lets a list keep its navigation keys: without it ←/→/Home/End would turn the page.

    Accepting ``ShortcutOverride`` makes Qt deliver the key to the focused list
    instead of firing the window's shortcut for it.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Claim plain navigation keys (and Ctrl+Z) for the list that has the focus."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (plain and event.key() in _LIST_KEYS) or event.matches(
                QKeySequence.StandardKey.Undo
            ):
                event.accept()
                return True
        return False


def claim_list_keys(widget: QWidget) -> ListKeys:
    """Install a :class:`ListKeys` filter on ``widget`` (owned by it)."""
    keys = ListKeys(widget)
    widget.installEventFilter(keys)
    return keys


class BookmarksTab(QWidget):
    """The open book's bookmarks: Enter/double-click jumps, F2 renames, Delete deletes."""

    jump_requested = Signal(int)

    def __init__(self, session: AnnotationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tree = PlaceholderTree(self)
        self.tree.setObjectName("bookmarksTree")
        self.tree.setHeaderLabels(["Name", "Chapter", "Text", "Date"])
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderHidden(True)
        for column in (1, 2, 3):  # shown inside the row by the delegate
            self.tree.setColumnHidden(column, True)
        self.delegate = NoteRowDelegate(self.tree)
        self.tree.setAccessibleName("Bookmarks")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemChanged.connect(self._renamed)
        self.tree.installEventFilter(self)
        claim_list_keys(self.tree)
        self.tree.set_placeholder(EMPTY_TEXT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        session.bookmarks_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from the session (keeping the selected bookmark)."""
        current = self.current_id()
        self.tree.blockSignals(True)
        self.tree.clear()
        lost_group: QTreeWidgetItem | None = None
        for bm in self.session.bookmarks():
            if bm.status == "ok":
                parent: QTreeWidget | QTreeWidgetItem = self.tree
                chapter = self.session.chapter_of(bm.offset)
            else:
                if lost_group is None:
                    lost_group = QTreeWidgetItem([NOT_FOUND_TITLE])
                    lost_group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent = lost_group
                chapter = ""
            item = QTreeWidgetItem(
                parent, [bm.name, chapter, one_line(bm.quote), format_date(bm.created)]
            )
            item.setData(0, ID_ROLE, bm.id)
            item.setData(0, LINES_ROLE, _row_lines(bm.name, chapter, bm.quote))
            item.setData(0, ASIDE_ROLE, short_date(bm.created))
            item.setToolTip(
                0,
                plain_tooltip(f"{bm.name}\n{format_date(bm.created)}\n\n{one_line(bm.quote, 400)}"),
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if bm.id == current:
                self.tree.setCurrentItem(item)
        if lost_group is not None:
            self.tree.addTopLevelItem(lost_group)
            lost_group.setExpanded(True)
        self.tree.setRootIsDecorated(lost_group is not None)
        self.tree.blockSignals(False)

    def items(self) -> list[QTreeWidgetItem]:
        """Every bookmark row (not-found ones included), in list order."""
        return tree_rows(self.tree)

    def current_id(self) -> int | None:
        """The id of the selected bookmark, if any."""
        return current_row_id(self.tree)

    def focus_list(self) -> None:
        """Put the keyboard focus in the list."""
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def rename_current(self) -> None:
        """F2: edit the selected bookmark's name in place."""
        item = self.tree.currentItem()
        if item is not None and item.data(0, ID_ROLE) is not None:
            self.tree.editItem(item, 0)

    def delete_current(self) -> None:
        """Delete: remove the selected bookmark."""
        bookmark_id = self.current_id()
        if bookmark_id is not None:
            self.session.delete_bookmark(bookmark_id)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        bookmark_id = item.data(0, ID_ROLE)
        bm = next((b for b in self.session.bookmarks() if b.id == bookmark_id), None)
        if bm is not None and bm.status == "ok":
            self.jump_requested.emit(bm.offset)

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        bookmark_id = item.data(0, ID_ROLE)
        if column != 0 or bookmark_id is None:
            return
        lines = item.data(0, LINES_ROLE)
        if lines and lines[0][1] == item.text(0):
            return  # only the painted lines changed
        name = " ".join(item.text(0).split())
        old = next((b for b in self.session.bookmarks() if b.id == bookmark_id), None)
        if old is None or name == old.name:
            return
        if not name:  # an emptied name goes back to the old one
            self.refresh()
            return
        self.session.rename_bookmark(int(bookmark_id), name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F2 renames, Delete deletes (when not editing a name)."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self.tree.state() == QAbstractItemView.State.EditingState:
                return False
            if event.key() == Qt.Key.Key_F2:
                self.rename_current()
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_current()
                return True
        return False


def _row_lines(name: str, chapter: str, quote: str) -> list[tuple[str, str]]:
    """The painted lines of a bookmark row: name, snippet, and the chapter if not the name."""
    snippet = one_line(quote, 400)
    if snippet and snippet[-1] not in '.!?…"”’)':
        snippet += "…"  # the quote is the page's first words: say that it goes on
    lines = [("title", name), ("quote", snippet)]
    if chapter and chapter != name:
        lines.append(("meta", chapter))
    return lines


__all__ = [
    "BookmarksTab",
    "ListKeys",
    "claim_list_keys",
    "format_date",
    "one_line",
    "short_date",
]
