"""File ▸ Open Recent: the books read last, built from the library when the menu opens."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QWidget

from reader.store.db import StoreError
from reader.ui.common.plain import plain_tooltip

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.ui.common.ports import MessageSink

RECENT_LIMIT = 10


class RecentMenu(QMenu):
    """The recent books; choosing one opens it (``open_files``)."""

    def __init__(
        self,
        store: Store,
        messages: MessageSink,
        open_files: Callable[[Sequence[str]], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Open &Recent", parent)
        self.setObjectName("recentMenu")
        self.store = store
        self.messages = messages
        self.open_files = open_files
        self.aboutToShow.connect(self.populate)

    def populate(self) -> None:
        """Fill the menu from the library (titles as plain text, paths as tips)."""
        self.clear()
        try:
            records = self.store.library.recent(RECENT_LIMIT)
        except StoreError as err:
            self.messages.show_message(str(err))
            records = []
        for record in records:
            text = record.display_title or os.path.basename(record.path)
            if record.display_author:
                text = f"{text} — {record.display_author}"
            action = self.addAction(text.replace("&", "&&"))
            action.setToolTip(plain_tooltip(record.path))
            action.setStatusTip(record.path)
            action.triggered.connect(lambda _=False, p=record.path: self.open_files([p]))
        if not records:
            empty = self.addAction("No books yet")
            empty.setEnabled(False)


__all__ = ["RECENT_LIMIT", "RecentMenu"]
