"""The right-click menu of the page: highlight, note, copy or search the selection; edit the
highlight under the pointer; bookmark the page; go to a page.

:class:`PageMenu` adds no behaviour of its own: what it does with a selection or
a highlight comes from :class:`~reader.ui.reading.ports.PageActions` (the notes
panel), and its page items run window commands through a
:class:`~reader.ui.reading.ports.CommandRunner`. :meth:`PageMenu.build_menu`
builds the menu for a point on the page without showing it (tests trigger its
actions directly).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from reader.text.chapter_rules import is_heading_line, line_at
from reader.ui.common.marks import COLORS

if TYPE_CHECKING:
    from reader.store.models import Annotation
    from reader.ui.reading.ports import CommandRunner, PageActions
    from reader.ui.reading.selection import SelectionMode
    from reader.ui.reading.view import ReadingView

QUOTE_CHARS = 28
"""At most this many characters of the selection are quoted in "Search for “…”"."""


def menu_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` fit for a menu item: one line, at most ``limit`` characters, ``&`` doubled.

    Menu items are plain text (never HTML); doubling ``&`` stops Qt from reading it as a
    mnemonic marker.
    """
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat[: limit - 1]
        word_cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
        flat = (word_cut if len(word_cut) >= limit // 2 else cut).rstrip() + "…"
    return flat.replace("&", "&&")


class PageMenu(QObject):
    """The page's context menu; see the module docstring."""

    def __init__(
        self,
        view: ReadingView,
        actions: PageActions,
        commands: CommandRunner,
        selection: SelectionMode | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.actions = actions
        self.commands = commands
        self.selection = selection
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.popup)

    def popup(self, point: QPoint) -> None:
        """Show the menu for widget ``point`` of the page (a right-click or the Menu key)."""
        menu = self.build_menu(point)
        menu.exec(self.view.mapToGlobal(point))
        menu.deleteLater()

    def highlight_at(self, point: QPoint) -> Annotation | None:
        """The highlight (placed in this version of the text) under widget ``point``."""
        offset = self.view.hit_test(point)
        if offset is None:
            return None
        found = [
            a for a in self.actions.annotations() if a.status == "ok" and a.start <= offset < a.end
        ]
        # The innermost (shortest) one wins where highlights overlap.
        return min(found, key=lambda a: a.end - a.start, default=None)

    def build_menu(self, point: QPoint) -> QMenu:
        """The menu for widget ``point``: selection items, highlight items, then page items."""
        menu = QMenu(self.view)
        menu.setObjectName("pageMenu")
        has_book = self.view.book() is not None
        selection = self.view.selection()
        if has_book and selection is not None and selection[1] > selection[0]:
            self._add_selection_items(menu, selection)
            menu.addSeparator()
        ann = self.highlight_at(point) if has_book else None
        if ann is not None:
            self._add_highlight_items(menu, ann)
            menu.addSeparator()
        commands = self.commands
        if has_book:
            self._add_chapter_items(menu, self.view.hit_test(point))
        for name, title in (("bookmark.toggle", "Toggle &Bookmark"), ("go.to", "&Go To…")):
            keys = commands.key_text(name)
            act = menu.addAction(f"{title}\t{keys}" if keys else title, partial(commands.run, name))
            act.setObjectName(name)
            act.setEnabled(has_book)
        return menu

    def _add_selection_items(self, menu: QMenu, rng: tuple[int, int]) -> None:
        start, end = rng
        colours = menu.addMenu("&Highlight")
        colours.setObjectName("highlightMenu")
        for i, color in enumerate(COLORS, 1):
            act = colours.addAction(
                self.actions.colour_icon(color),
                f"&{i} {color.title()}",
                partial(self.highlight, start, end, color),
            )
            act.setObjectName(f"highlight.{color}")
        act = menu.addAction("Add &Note…", lambda: self.add_note(start, end))
        act.setObjectName("note.add")
        act = menu.addAction("&Copy", lambda: self.copy(start, end))
        act.setObjectName("copy")
        text = self._text(start, end)
        act = menu.addAction(f"&Search for “{menu_quote(text)}”", lambda: self.search_for(text))
        act.setObjectName("search.for")
        act.setEnabled(bool(text.strip()))

    def _add_chapter_items(self, menu: QMenu, offset: int | None) -> None:
        """ "Mark This Line as a Chapter" or "Not a Chapter" for the line under the pointer."""
        book = self.view.book()
        if offset is None or book is None:
            return
        start, end = line_at(book.text, offset)
        if start >= end:
            return
        is_heading = is_heading_line(book, start)
        name, title = (
            ("chapters.unmark_line", "Not a &Chapter")
            if is_heading
            else ("chapters.mark_line", "Mark This Line as a &Chapter")
        )
        keys = self.commands.key_text(name)
        act = menu.addAction(
            f"{title}\t{keys}" if keys else title, partial(self._run_at, name, start)
        )
        act.setObjectName(name)
        menu.addSeparator()

    def _run_at(self, name: str, offset: int) -> None:
        """Run command ``name`` about the line at ``offset`` (where the menu was opened)."""
        self.view.menu_offset = offset
        try:
            self.commands.run(name)
        finally:
            self.view.menu_offset = None

    def _add_highlight_items(self, menu: QMenu, ann: Annotation) -> None:
        actions = self.actions
        act = menu.addAction("&Edit Note…", lambda: actions.edit_note(ann.id))
        act.setObjectName("note.edit")
        colours = menu.addMenu("Change C&olour")
        colours.setObjectName("recolourMenu")
        for i, color in enumerate(COLORS, 1):
            act = colours.addAction(
                actions.colour_icon(color),
                f"&{i} {color.title()}",
                partial(actions.recolour, ann.id, color),
            )
            act.setObjectName(f"recolour.{color}")
            act.setCheckable(True)
            act.setChecked(ann.color == color)
        act = menu.addAction("&Delete Highlight", lambda: actions.delete_highlight(ann.id))
        act.setObjectName("highlight.delete")

    # --- actions ----------------------------------------------------------------------------

    def _text(self, start: int, end: int) -> str:
        book = self.view.book()
        return book.text[start:end] if book is not None else ""

    def _done_selecting(self) -> None:
        if self.selection is not None:
            self.selection.stop()
        self.view.clear_selection()

    def highlight(self, start: int, end: int, color: str) -> None:
        """Highlight the selection in ``color`` and drop the selection."""
        self._done_selecting()
        self.actions.highlight(start, end, color)

    def add_note(self, start: int, end: int) -> None:
        """Highlight the selection and open the note editor for it."""
        self._done_selecting()
        self.actions.highlight_with_note(start, end)

    def copy(self, start: int, end: int) -> None:
        """Put the selected text on the clipboard."""
        QGuiApplication.clipboard().setText(self._text(start, end))

    def search_for(self, text: str) -> None:
        """Search the book for the selected ``text``."""
        self.actions.search_for(text)


__all__ = ["QUOTE_CHARS", "PageMenu", "menu_quote"]
