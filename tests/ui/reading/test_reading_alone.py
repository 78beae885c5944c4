"""The reading package on its own: the page, its right-click menu and its keyboard selection
mode, built from plain stand-ins for the notes panel and the command registry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fakes import BOOK_TEXT, Commands, menu_action, point_in
from PySide6.QtCore import QPoint
from PySide6.QtGui import QIcon

from reader.store.models import Annotation
from reader.text.parse import parse_text
from reader.ui.reading.page_menu import PageMenu
from reader.ui.reading.selection import SelectionMode
from reader.ui.reading.view import ReadingView


@dataclass
class Actions:
    """The page menu's actions, recording every call (the notes panel in the app)."""

    highlights: list[Annotation] = field(default_factory=list)
    calls: list[tuple[object, ...]] = field(default_factory=list)

    def annotations(self) -> Sequence[Annotation]:
        return self.highlights

    def highlight(self, start: int, end: int, color: str) -> object:
        self.calls.append(("highlight", start, end, color))
        return None

    def highlight_with_note(self, start: int, end: int) -> object:
        self.calls.append(("note", start, end))
        return None

    def edit_note(self, annotation_id: int) -> object:
        self.calls.append(("edit", annotation_id))
        return None

    def recolour(self, annotation_id: int, color: str) -> None:
        self.calls.append(("recolour", annotation_id, color))

    def delete_highlight(self, annotation_id: int) -> None:
        self.calls.append(("delete", annotation_id))

    def colour_icon(self, color: str) -> QIcon:
        return QIcon()

    def search_for(self, text: str) -> None:
        self.calls.append(("search", text))


def _page(qtbot) -> ReadingView:  # type: ignore[no-untyped-def]
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(600, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_book(parse_text(BOOK_TEXT))
    return view


def test_page_menu_acts_through_its_ports(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _page(qtbot)
    actions, commands = Actions(), Commands(keys={"bookmark.toggle": "B"})
    selection = SelectionMode(view, actions.highlight, actions.highlight_with_note)
    page_menu = PageMenu(view, actions, commands, selection)
    a, _b = view.visible_range()
    start = view.book().text.index("The fog", a)  # type: ignore[union-attr]

    view.set_selection((start, start + 7))
    menu = page_menu.build_menu(QPoint(1, 1))
    menu_action(menu, "highlight.green").trigger()
    assert actions.calls == [("highlight", start, start + 7, "green")]
    assert view.selection() is None and not selection.is_active()

    view.set_selection((start, start + 7))
    menu_action(page_menu.build_menu(QPoint(1, 1)), "search.for").trigger()
    assert actions.calls[-1] == ("search", "The fog")

    bookmark = menu_action(page_menu.build_menu(QPoint(1, 1)), "bookmark.toggle")
    assert bookmark.text().endswith("\tB")
    bookmark.trigger()
    assert commands.ran == ["bookmark.toggle"]


def test_page_menu_finds_the_highlight_under_the_pointer(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _page(qtbot)
    text = view.book().text  # type: ignore[union-attr]
    start = text.index("The fog", view.visible_range()[0])
    ann = Annotation(7, 1, start, start + 7, "The fog", "", "", "yellow", "", "t", "t")
    actions = Actions(highlights=[ann])
    page_menu = PageMenu(view, actions, Commands())
    point = point_in(view, start, start + 7)
    assert page_menu.highlight_at(point) is ann
    menu = page_menu.build_menu(point)
    menu_action(menu, "recolour.blue").trigger()
    menu_action(menu, "highlight.delete").trigger()
    assert actions.calls == [("recolour", 7, "blue"), ("delete", 7)]


def test_selection_mode_reports_through_its_callbacks(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _page(qtbot)
    highlighted: list[tuple[int, int, str]] = []
    noted: list[tuple[int, int]] = []
    mode = SelectionMode(
        view, lambda s, e, c: highlighted.append((s, e, c)), lambda s, e: noted.append((s, e))
    )
    assert mode.start()
    first = mode.caret()
    mode.run("anchor")  # Space: the selection starts at the caret (the page's first line)
    mode.run("word_end")  # the e key: to the end of the first word
    mode.run("enter")
    assert highlighted == [(first, mode.selected_range()[1], "yellow")]
    assert not mode.is_active()
    mode.start()
    mode.run("v")  # a second v anchors too
    mode.run("word_next")  # the w key
    mode.run("note")
    assert len(noted) == 1 and noted[0][0] == first
