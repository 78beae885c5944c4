"""Plain stand-ins for what the ui packages get from the window, for building a pane, the page
menu, a dialog or a session on its own (no MainWindow)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from reader.store.db import Store
from reader.store.models import BookRecord
from reader.text.book import Book
from reader.text.parse import load_book

if TYPE_CHECKING:
    from reader.ui.reading.view import ReadingView

BOOK_TEXT = (
    "Chapter 1\n\n"
    + "\n\n".join(f"Paragraph {p}. The fog came pouring in at every chink." for p in range(30))
    + "\n\n\nChapter 2\n\n"
    + "\n\n".join(f"Paragraph {p}. Scrooge never painted out old Marley's name." for p in range(30))
    + "\n"
)


@dataclass
class Messages:
    """A message sink that keeps what it was told."""

    shown: list[tuple[str, bool]] = field(default_factory=list)

    def show_message(self, text: str, error: bool = True) -> None:
        """Record the message."""
        self.shown.append((text, error))


@dataclass
class OpenBook:
    """The open book and its record, and how often its position was flushed."""

    book: Book | None = None
    record: BookRecord | None = None
    flushed: int = 0

    def flush(self) -> None:
        """Count the flush."""
        self.flushed += 1


@dataclass
class Commands:
    """A command runner: fixed key texts, and the names run."""

    keys: dict[str, str] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)

    def key_text(self, name: str) -> str:
        """The keys given for ``name`` ('' when none)."""
        return self.keys.get(name, "")

    def run(self, name: str) -> None:
        """Record the command."""
        self.ran.append(name)


def library_book(store: Store, folder: Path, name: str = "carol.txt") -> tuple[Book, BookRecord]:
    """A small book written to ``folder``, parsed, and added to ``store``'s library."""
    path = folder / name
    path.write_text(BOOK_TEXT + f"\nThe end of {name}.\n", encoding="utf-8")  # its own key
    book = load_book(path)
    record, _status = store.library.upsert_book(
        book_key=book.book_key, path=str(path), title=name.removesuffix(".txt").title()
    )
    return book, record


def point_in(view: ReadingView, start: int, end: int) -> QPoint:
    """A point of the page whose character lies in source ``[start, end)``."""
    for y in range(0, view.height(), 3):
        for x in range(0, view.width(), 4):
            hit = view.hit_test(QPoint(x, y))
            if hit is not None and start <= hit < end:
                return QPoint(x, y)
    raise AssertionError("range not on the page")


def menu_action(menu: QMenu, name: str) -> QAction:
    """The action named ``name`` in ``menu`` or one of its submenus."""
    found = menu.findChildren(QAction, name)
    if not found:  # actions of a submenu belong to the submenu
        for sub in menu.findChildren(QMenu):
            found = sub.findChildren(QAction, name) or found
    assert found, f"no action {name!r} in {[a.objectName() for a in menu.actions()]}"
    return found[0]
