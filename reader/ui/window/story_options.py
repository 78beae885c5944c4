"""The window's side of a book's own reading options and a story's updates.

:class:`StoryOptions` is a mixin of :class:`~reader.ui.window.main_window.MainWindow`:
it offers the chapters an update of a story added (a bar above the page, never a
dialog) and goes to the first of them, folds or shows the open book's author's notes
(remembered for the book), and makes the open book follow the global lost-italics and
author's-notes settings where it has no choice of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.layout.note_folds import NoteFolds
from reader.ui.common.behaviour import HIDE_AUTHOR_NOTES_SETTING, ITALICS_REPAIR_SETTING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from reader.ui.common.writes import Writes
    from reader.ui.reading.view import ReadingView
    from reader.ui.session.book_session import BookSession
    from reader.ui.window.message_bar import MessageBar

    _WindowBase = QMainWindow
else:
    _WindowBase = object


class StoryOptions(_WindowBase):
    """Mixin: a book's own options and a story's news (see the module docstring)."""

    if TYPE_CHECKING:
        session: BookSession
        view: ReadingView
        message_bar: MessageBar
        writes: Writes

        def shown_keys(self, name: str) -> str: ...
        def show_page_hint(self, text: str) -> None: ...
        def go_to_offset(self, offset: int) -> None: ...
        def show_message(self, text: str, error: bool = True) -> None: ...

    def _offer_new_chapters(self) -> None:
        """An update of the open story brought chapters: say so above the page, with a
        button (and a key) to the first new one. Never a dialog: reading goes on."""
        news = self.session.new_chapters
        if news is None:
            return
        count, _offset = news
        what = "1 new chapter" if count == 1 else f"{count:,} new chapters"
        keys = self.shown_keys("go.new_chapters")
        text = f"This story was updated: {what} since you last read it."
        if keys:
            text += f" {keys} goes to the first."
        self.message_bar.show_message(
            text, error=False, action=("&Jump to the First New Chapter", self.go_to_new_chapters)
        )

    def go_to_new_chapters(self) -> None:
        """Show the first chapter the last update of the open story added."""
        news = self.session.new_chapters
        if news is None:
            self.show_page_hint("No new chapters in this book since it was last opened.")
            return
        self.message_bar.clear()
        self.go_to_offset(news[1])

    def _apply_book_options(self) -> None:
        """The open book follows the global lost-italics and author's-notes settings where it
        has no choice of its own."""
        book, record = self.session.book, self.session.record
        if book is None:
            return
        repair = self.session.book_option(record, ITALICS_REPAIR_SETTING)
        hidden = self.session.book_option(record, HIDE_AUTHOR_NOTES_SETTING)
        if repair != book.repair_italics:
            book.repair_italics = repair
            self.view.relayout()
        if hidden != self.view.note_folds().hidden:
            self.view.set_note_folds(NoteFolds(hidden=hidden))

    def set_author_notes_hidden(self, hidden: bool) -> None:
        """Fold (or show) the open book's author's notes, and remember it for this book."""
        view = self.view
        view.set_note_folds(NoteFolds(hidden=hidden))
        record = self.session.record
        if record is None:
            return
        record.hide_author_notes = hidden
        book_id = record.id
        self.writes.now_or_later(
            lambda s: s.library.set_overrides(book_id, hide_author_notes=hidden),
            failed=lambda error: self.show_message(str(error)),
        )
