"""The Contents tab: the book's parts and chapters as a tree, following the reader."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.text.render import typographic
from reader.ui.common.chapter_title import shown_chapter_title
from reader.ui.common.plain import plain_tooltip
from reader.ui.notes.bookmarks import claim_list_keys

if TYPE_CHECKING:
    from reader.text.book import Book

OFFSET_ROLE = Qt.ItemDataRole.UserRole
INDEX_ROLE = Qt.ItemDataRole.UserRole + 1


class ContentsTab(QWidget):
    """Chapters (level 2) nested under parts (level 1); Enter or a click jumps there."""

    jump_requested = Signal(int)
    """The reader chose an entry: its source offset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("contentsTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Contents")
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        claim_list_keys(self.tree)
        self.empty = QLabel("This book has no chapters.", self)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        self._items: list[QTreeWidgetItem] = []
        self._starts: list[int] = []
        self.set_book(None)

    def set_book(self, book: Book | None) -> None:
        """Show the table of contents of ``book`` (None: empty)."""
        self.tree.clear()
        self._items = []
        self._starts = []
        parent: QTreeWidgetItem | None = None
        chapters = book.chapters if book is not None else []
        cjk = book is not None and book.cjk
        language = book.metadata.language if book is not None else ""
        for i, chapter in enumerate(chapters):
            title = " ".join(chapter.title.split()) or "(untitled)"
            if not cjk:  # as the heading on the page shows it
                title = typographic(title)
            title = shown_chapter_title(title, language)  # "一" → "第一", "7" → "Chapter 7"
            if chapter.level > 1 and parent is not None:
                item = QTreeWidgetItem(parent, [title])
            else:
                item = QTreeWidgetItem(self.tree, [title])
                parent = item if chapter.level <= 1 else parent
            item.setData(0, OFFSET_ROLE, chapter.offset)
            item.setData(0, INDEX_ROLE, i)
            item.setToolTip(0, plain_tooltip(title))
            self._items.append(item)
            self._starts.append(chapter.offset)
        self.tree.expandAll()
        # Branch arrows only when there are parts: a flat list needs no indent for them.
        self.tree.setRootIsDecorated(any(item.childCount() for item in self._items))
        has = bool(self._items)
        self.tree.setVisible(has)
        self.empty.setVisible(not has and book is not None)

    def item_count(self) -> int:
        """How many entries the tree holds."""
        return len(self._items)

    def item(self, index: int) -> QTreeWidgetItem:
        """The tree item of chapter ``index`` (as in ``Book.chapters``)."""
        return self._items[index]

    def current_index(self) -> int:
        """The chapter index of the selected entry (-1: none)."""
        item = self.tree.currentItem()
        return int(item.data(0, INDEX_ROLE)) if item is not None else -1

    def follow(self, offset: int) -> None:
        """Select the entry of the chapter holding ``offset`` (the page on screen)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        self.tree.blockSignals(True)
        try:
            if i < 0 or i >= len(self._items):
                # Before the first chapter: nothing is current (a stale mark would mislead, and
                # a kept current item would stop the same chapter being marked again later).
                self.tree.setCurrentIndex(QModelIndex())
                self.tree.clearSelection()
                return
            item = self._items[i]
            if self.tree.currentItem() is not item or not item.isSelected():
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
        finally:
            self.tree.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        """Coming into view (the tab was hidden while the reader moved): show the current entry."""
        super().showEvent(event)
        item = self.tree.currentItem()
        if item is not None:
            self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)

    def focus_list(self) -> None:
        """Put the keyboard focus in the tree."""
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        offset = item.data(0, OFFSET_ROLE)
        if offset is not None:
            self.jump_requested.emit(int(offset))


__all__ = ["ContentsTab"]
