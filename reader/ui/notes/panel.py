"""The notes panel in the right dock: Contents, Bookmarks, Highlights & notes, Search.

:func:`install_notes_panel` puts a :class:`NotesPanel` into the window's notes
dock and wires it to the window: every (re)load of a book re-anchors and shows
its notes, the contents follow the page, the keyboard selection mode runs on
the page, and the page gets its right-click menu (:mod:`reader.ui.reading.page_menu`).
The panel's commands (``b`` bookmark, ``v`` select, ``/`` and Ctrl+F search,
``n``/``N`` next/previous hit) live in :mod:`reader.ui.notes.commands`
(re-exported here), so the window can register them without importing the panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from reader.ui.notes.bookmarks import BookmarkRibbon, BookmarksTab
from reader.ui.notes.commands import register_notes_commands
from reader.ui.notes.contents import ContentsTab
from reader.ui.notes.highlights import HighlightsTab
from reader.ui.notes.search import SearchTab
from reader.ui.reading.page_menu import PageMenu
from reader.ui.reading.selection import SelectionMode
from reader.ui.session.annotation_session import DEFAULT_COLOR, AnnotationSession

if TYPE_CHECKING:
    from reader.ui.window.main_window import MainWindow


class NotesPanel(QTabWidget):
    """The four tabs over one :class:`AnnotationSession`; see the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("notesPanel")
        self.window_ = window
        self.session = AnnotationSession(window)
        self.contents = ContentsTab(self)
        self.bookmarks = BookmarksTab(self.session, self)
        self.highlights = HighlightsTab(self.session, self)
        self.search = SearchTab(self.session, self)
        self.addTab(self.contents, "&Contents")
        self.addTab(self.bookmarks, "&Bookmarks")
        self.addTab(self.highlights, "&Highlights")
        self.addTab(self.search, "&Search")
        self.setTabToolTip(2, "Highlights and notes")
        for tab in (self.contents, self.bookmarks, self.highlights, self.search):
            tab.jump_requested.connect(self.jump)
        self.selection = SelectionMode(window.view, self.highlight, self.highlight_with_note)
        self.session.reanchored.connect(self._reanchored)
        self.ribbon = BookmarkRibbon(window.view)
        self.session.bookmarks_changed.connect(self.follow)
        self.page_menu = PageMenu(self)

    # --- the open book ------------------------------------------------------------------

    def on_book_opened(self, opened: object) -> None:
        """A book was (re)loaded: re-anchor and show its notes, contents and search."""
        self.selection.stop()
        self.session.on_book_opened(opened)
        self.contents.set_book(self.session.book)
        self.search.book_changed()
        self.follow()

    def follow(self) -> None:
        """Select the page's chapter in the Contents tab; show the ribbon on a bookmarked page."""
        if self.session.book is not None:
            self.contents.follow(self.window_.view.position())
        self.ribbon.place(bool(self.session.bookmarks_on_page()))

    def jump(self, offset: int) -> None:
        """Show the page holding ``offset`` (a jump, not a page turn)."""
        view = self.window_.view
        self.window_.jump(lambda: view.go_to(offset))

    # --- highlights -----------------------------------------------------------------------

    def highlight(self, start: int, end: int, color: str = DEFAULT_COLOR) -> object:
        """Highlight ``[start, end)`` (from the selection mode or a mouse selection)."""
        return self.session.add_highlight(start, end, color)

    def highlight_with_note(self, start: int, end: int) -> object:
        """Highlight ``[start, end)`` and open the note editor for it."""
        ann = self.session.add_highlight(start, end, DEFAULT_COLOR)
        if ann is not None:
            return self.highlights.edit_note(ann.id)
        return None

    def _reanchored(self, checked: int, lost: int) -> None:
        if lost:
            noun = "note or bookmark" if lost == 1 else "notes and bookmarks"
            self.window_.show_message(
                f"The text of this book changed: {lost} {noun} could not be placed and "
                "are listed under “Not found in this version”.",
                error=False,
            )

    # --- showing tabs ---------------------------------------------------------------------

    def show_tab(self, tab: QWidget) -> None:
        """Show the dock (if hidden) with ``tab`` on top."""
        dock = self.window_.notes_dock
        dock.show()
        dock.raise_()
        self.setCurrentWidget(tab)

    def open_search(self) -> None:
        """``/`` or Ctrl+F: the Search tab with the cursor in its field."""
        self.show_tab(self.search)
        self.search.focus_field()

    def focus_panel(self) -> None:
        """Focus the current tab's list (F6/F10 land here)."""
        tab = self.currentWidget()
        method = getattr(tab, "focus_list", None) or getattr(tab, "focus_field", None)
        if callable(method):
            method()
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def shutdown(self) -> None:
        """Stop the search thread before the store closes."""
        self.search.shutdown()


def notes_panel(window: MainWindow) -> NotesPanel | None:
    """The window's notes panel, or None when the dock holds none."""
    widget = window.notes_dock.widget()
    return widget if isinstance(widget, NotesPanel) else None


def install_notes_panel(window: MainWindow) -> NotesPanel:
    """Create the panel, put it in the notes dock and wire it to the window."""
    panel = NotesPanel(window)
    window.set_notes_widget(panel)
    window.book_opened.connect(panel.on_book_opened)
    window.view.page_changed.connect(panel.follow)
    if window.session.book is not None:  # a book opened before the panel existed
        panel.on_book_opened(getattr(window, "last_opened", None))
    return panel


__all__ = ["NotesPanel", "install_notes_panel", "notes_panel", "register_notes_commands"]
