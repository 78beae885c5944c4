"""The notes panel in the right dock: Contents, Bookmarks, Highlights & notes, Search.

A :class:`NotesPanel` is built from a :class:`~reader.ui.notes.ports.NotesContext`:
every (re)load of a book re-anchors and shows its notes, the contents follow
the page, the keyboard selection mode runs on the page, and the page gets its
right-click menu and bookmark ribbon (the panel is the menu's
:class:`~reader.ui.reading.ports.PageActions`). The window's commands reach the
panel through :meth:`NotesPanel.toggle_bookmark`, :meth:`NotesPanel.start_selection`,
:meth:`NotesPanel.open_search` and :meth:`NotesPanel.step_search`.

The four tabs (and their modules, some 3 MB with the item views they share) are
built only when first needed: when the panel is first shown, or when something
asks for one of them (:attr:`NotesPanel.contents` … :attr:`NotesPanel.search`, or a
command that works in one). Until then the panel keeps only what the page uses
(the notes on the page, the ribbon, the menu, the selection mode) and the tab
titles; the tabs then catch up with the open book and the page at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import QTabWidget, QToolButton, QWidget

from reader.ui.common.marks import DEFAULT_COLOR
from reader.ui.notes.swatches import Swatches
from reader.ui.reading.page_marks import NoteMark
from reader.ui.reading.page_menu import PageMenu
from reader.ui.reading.ribbon import BookmarkRibbon
from reader.ui.reading.selection import SelectionMode
from reader.ui.session.annotation_session import AnnotationSession

if TYPE_CHECKING:
    from reader.store.models import Annotation
    from reader.ui.notes.bookmarks import BookmarksTab
    from reader.ui.notes.contents import ContentsTab
    from reader.ui.notes.highlights import HighlightsTab
    from reader.ui.notes.note_editor import NoteEditor
    from reader.ui.notes.ports import NotesContext
    from reader.ui.notes.search import SearchTab
    from reader.ui.notes.story_info import StoryInfoDialog
    from reader.ui.session.book_session import Opened

TAB_TITLES = ("&Contents", "&Bookmarks", "&Highlights", "&Search")
"""The tabs in order; the bar shows them (and sizes the panel) before the tabs are built."""
TAB_TOOLTIPS = {2: "Highlights and notes"}


class _Tabs(NamedTuple):
    """The four tabs, once built (in :data:`TAB_TITLES` order)."""

    contents: ContentsTab
    bookmarks: BookmarksTab
    highlights: HighlightsTab
    search: SearchTab


class NotesPanel(QTabWidget):
    """The four tabs over one :class:`AnnotationSession`; see the module docstring."""

    def __init__(self, context: NotesContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.context = context
        self.view = context.page
        self.session = AnnotationSession(
            context.store, context.open_book, context.page, context.messages, self,
            writes=context.writes,
        )  # fmt: skip
        self.swatches = Swatches()
        self._tabs: _Tabs | None = None
        for title in TAB_TITLES:  # empty pages until the tabs are built
            self.addTab(QWidget(self), title)
        for index, tip in TAB_TOOLTIPS.items():
            self.setTabToolTip(index, tip)
        self.selection = SelectionMode(self.view, self.highlight, self.highlight_with_note)
        self.session.reanchored.connect(self._reanchored)
        self.session.annotations_changed.connect(self._mark_notes)
        self.ribbon = BookmarkRibbon(self.view)
        self.session.bookmarks_changed.connect(self.follow)
        self.page_menu = PageMenu(self.view, self, context.commands, self.selection)
        self.view.page_changed.connect(self.follow)
        self.story_button = QToolButton(self)
        self.story_button.setObjectName("storyInfoButton")
        self.story_button.setText("ⓘ Story")
        self.story_button.setToolTip("Story info: fandom, tags, summary … of this story")
        self.story_button.setAutoRaise(True)
        self.story_button.clicked.connect(self.show_story_info)
        self.setCornerWidget(self.story_button, Qt.Corner.TopRightCorner)
        self.story_button.hide()
        self.story_dialog: StoryInfoDialog | None = None

    # --- the tabs, built when first needed ----------------------------------------------

    @property
    def contents(self) -> ContentsTab:
        """The Contents tab (built, with the other tabs, on first use)."""
        return self._built().contents

    @property
    def bookmarks(self) -> BookmarksTab:
        """The Bookmarks tab (built, with the other tabs, on first use)."""
        return self._built().bookmarks

    @property
    def highlights(self) -> HighlightsTab:
        """The Highlights & notes tab (built, with the other tabs, on first use)."""
        return self._built().highlights

    @property
    def search(self) -> SearchTab:
        """The Search tab (built, with the other tabs, on first use)."""
        return self._built().search

    def tabs_built(self) -> bool:
        """True once the four tabs exist (the panel was shown or a tab was asked for)."""
        return self._tabs is not None

    def showEvent(self, event: QShowEvent) -> None:
        """Coming into view for the first time: build the tabs."""
        self._built()
        super().showEvent(event)

    def _built(self) -> _Tabs:
        """The tabs, built now if they are not yet, showing the open book and the page."""
        if self._tabs is None:
            self._tabs = self._build_tabs()
        return self._tabs

    def _build_tabs(self) -> _Tabs:
        # Imported here: a panel that stays hidden never loads the tabs' modules.
        from reader.ui.notes.bookmarks import BookmarksTab
        from reader.ui.notes.contents import ContentsTab
        from reader.ui.notes.highlights import HighlightsTab
        from reader.ui.notes.search import SearchTab

        session = self.session
        tabs = _Tabs(
            ContentsTab(self),
            BookmarksTab(session, self),
            HighlightsTab(session, self, cache_dir=self.context.cache_dir, swatches=self.swatches),
            SearchTab(session, self),
        )
        # Bookmarks and highlights read the session as they are made; the search tab starts
        # empty, as it is for every book until the reader searches.
        tabs.contents.set_book(session.book)
        if session.book is not None:
            tabs.contents.follow(self.view.position())
        current = self.currentIndex()
        self.blockSignals(True)  # the current tab stays the same, only its page is replaced
        try:
            for index, tab in enumerate(tabs):
                placeholder = self.widget(index)
                self.removeTab(index)
                self.insertTab(index, tab, TAB_TITLES[index])
                if placeholder is not None:
                    placeholder.deleteLater()
            for index, tip in TAB_TOOLTIPS.items():
                self.setTabToolTip(index, tip)
            self.setCurrentIndex(current)
        finally:
            self.blockSignals(False)
        for tab in tabs:
            tab.jump_requested.connect(self.jump)
        tabs.search.hit_shown.connect(self._hit_shown)
        return tabs

    # --- the open book ------------------------------------------------------------------

    def on_book_opened(self, opened: Opened | None) -> None:
        """A book was (re)loaded: re-anchor and show its notes, contents and search."""
        self.selection.stop()
        self.session.on_book_opened(opened)
        book = self.session.book
        if self._tabs is not None:
            self._tabs.contents.set_book(book)
            self._tabs.search.book_changed()
        self.story_button.setVisible(book is not None and book.story is not None)
        self.follow()

    def follow(self) -> None:
        """Select the page's chapter in the Contents tab; show the ribbon on a bookmarked page."""
        if self._tabs is not None and self.session.book is not None:
            self._tabs.contents.follow(self.view.position())
        self.ribbon.place(bool(self.session.bookmarks_on_page()))

    def jump(self, offset: int) -> None:
        """Show the page holding ``offset`` (a jump, not a page turn)."""
        self.context.go_to(offset)

    # --- the window's commands ----------------------------------------------------------

    def toggle_bookmark(self) -> None:
        """``b``: bookmark the page, or remove its bookmark."""
        self.session.toggle_bookmark()

    def start_selection(self) -> None:
        """``v``: start selecting with the keyboard on the page: over the search hit jumped
        to when it is on the page, else with a caret on the page's first line."""
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        hit = self._tabs.search.current_hit() if self._tabs is not None else None
        lo, hi = self.view.visible_range()
        if hit is not None and self.view.selection() is None and lo <= hit[0] < hi:
            self.selection.start(hit)
        else:
            self.selection.start()

    def show_note_here(self) -> NoteMark | None:
        """Show the note of a highlight on this page (the one at the keyboard caret, or the
        next one each time); None when the page has none."""
        caret = self.view.caret() if self.selection.is_active() else None
        return self.view.show_note_here(caret)

    def sizeHint(self) -> QSize:
        """Wide enough for every tab's title (and the Story button) where the window has
        room: the dock opens that wide, and the tabs scroll only in a narrow window."""
        hint = super().sizeHint()
        tabs = self.tabBar().sizeHint().width()
        corner = self.story_button.sizeHint().width() if self.story_button.isVisibleTo(self) else 0
        return QSize(max(hint.width(), tabs + corner + 12), hint.height())

    def show_story_info(self) -> StoryInfoDialog | None:
        """Open the Story info view of the open book; None (and a message) when the book
        has no story header."""
        book = self.session.book
        if book is None or book.story is None:
            self.context.messages.show_message("This book has no story header to show.")
            return None
        from reader.ui.notes.story_info import StoryInfoDialog

        if self.story_dialog is not None:
            self.story_dialog.close()
        self.story_dialog = StoryInfoDialog(book.story, self.window(), self.jump)
        self.story_dialog.show()
        return self.story_dialog

    def _hit_shown(self, counter: str) -> None:
        """n / N: say which hit this is on the page too (the panel may be hidden)."""
        if counter:
            self.view.show_notice(counter)

    def _mark_notes(self) -> None:
        """Give the page the highlights that carry notes, for their margin markers."""
        self.view.set_note_marks(
            [
                NoteMark(a.start, a.end, a.id, a.color, a.note)
                for a in self.session.annotations()
                if a.note.strip() and a.status == "ok"
            ]
        )

    def step_search(self, direction: int) -> None:
        """``n`` (1) / ``N`` (-1): go to the next / previous search hit."""
        self.search.step(direction)

    # --- highlights (also the page menu's actions) --------------------------------------

    def annotations(self) -> Sequence[Annotation]:
        """The open book's highlights (the page menu finds the one under the pointer)."""
        return self.session.annotations()

    def highlight(self, start: int, end: int, color: str = DEFAULT_COLOR) -> object:
        """Highlight ``[start, end)`` (from the selection mode or a mouse selection)."""
        return self.session.add_highlight(start, end, color)

    def highlight_with_note(self, start: int, end: int) -> NoteEditor | None:
        """Highlight ``[start, end)`` and open the note editor for it."""
        ann = self.session.add_highlight(start, end, DEFAULT_COLOR)
        if ann is not None:
            return self.highlights.edit_note(ann.id)
        return None

    def edit_note(self, annotation_id: int) -> NoteEditor | None:
        """Open the note editor of a highlight."""
        return self.highlights.edit_note(annotation_id)

    def recolour(self, annotation_id: int, color: str) -> None:
        """Give a highlight another colour (no tab is built for it)."""
        self.session.recolour(annotation_id, color)

    def delete_highlight(self, annotation_id: int) -> None:
        """Delete a highlight (undo puts it back)."""
        self.session.delete_annotation(annotation_id)  # as the Highlights tab does

    def refresh_drafts(self) -> None:
        """Drafts were saved or discarded: the Highlights tab's "Unsaved (N)…" follows (a tab
        not built yet reads them when it is)."""
        if self._tabs is not None:
            self._tabs.highlights.refresh_drafts()

    def colour_icon(self, color: str) -> QIcon:
        """A swatch of highlight colour ``color`` (the Highlights tab shows the same)."""
        return self.swatches.icon(color)

    def search_for(self, text: str) -> None:
        """Open the Search tab with ``text`` (whitespace collapsed) and search at once."""
        search = self.search
        if search.use_regex.isChecked():  # the words are meant literally
            search.use_regex.blockSignals(True)
            search.use_regex.setChecked(False)
            search.use_regex.blockSignals(False)
        search.field.setText(" ".join(text.split()))
        self.open_search()
        search.search_now()

    def _reanchored(self, _checked: int, lost: int) -> None:
        if lost:
            noun = "note or bookmark" if lost == 1 else "notes and bookmarks"
            self.context.messages.show_message(
                f"The text of this book changed: {lost} {noun} could not be placed and "
                "are listed under “Not found in this version”.",
                error=False,
            )

    # --- showing tabs ---------------------------------------------------------------------

    def show_tab(self, tab: QWidget) -> None:
        """Show the panel (if hidden) with ``tab`` on top."""
        self.context.show_panel()
        self.setCurrentWidget(tab)

    def open_search(self) -> None:
        """``/`` or Ctrl+F: the Search tab with the cursor in its field."""
        self.show_tab(self.search)
        self.search.focus_field()

    def focus_panel(self) -> None:
        """Focus the current tab's list (F6/F10 land here)."""
        self._built()
        tab = self.currentWidget()
        method = getattr(tab, "focus_list", None) or getattr(tab, "focus_field", None)
        if callable(method):
            method()
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def shutdown(self) -> None:
        """Stop the search thread before the store closes."""
        if self._tabs is not None:
            self._tabs.search.shutdown()


__all__ = ["NotesPanel"]
