"""The notes panel built from a NotesContext: a bare page, a store in a temporary folder and
plain stand-ins for the window's commands and messages; no window."""

from __future__ import annotations

from pathlib import Path

from fakes import Commands, Messages, OpenBook, library_book
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction

from reader.store.db import open_store
from reader.ui.notes.panel import NotesPanel
from reader.ui.notes.ports import NotesContext
from reader.ui.reading.view import ReadingView
from reader.ui.session.book_session import Opened


def test_notes_panel_works_from_its_context(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    book, record = library_book(store, tmp_path)
    page = ReadingView()
    qtbot.addWidget(page)
    page.resize(600, 700)
    page.show()
    qtbot.waitExposed(page)
    page.set_book(book)
    jumps: list[int] = []
    shown: list[bool] = []
    commands = Commands(keys={"go.to": "Ctrl+G"})
    context = NotesContext(
        store=store,
        open_book=OpenBook(book=book, record=record),
        page=page,
        commands=commands,
        messages=Messages(),
        go_to=jumps.append,
        show_panel=lambda: shown.append(True),
    )
    panel = NotesPanel(context)
    qtbot.addWidget(panel)
    panel.on_book_opened(Opened(book, record, 0, "known"))

    assert panel.contents.item_count() == len(book.chapters) == 2
    panel.contents.tree.itemActivated.emit(panel.contents.item(1), 0)
    assert jumps == [book.chapters[1].offset]

    panel.toggle_bookmark()
    assert len(store.annotations.bookmarks(record.id)) == 1
    assert panel.ribbon.isVisible()

    start = book.text.index("The fog")
    ann = panel.highlight(start, start + 7, "green")
    assert ann is not None and store.annotations.annotations(record.id)[0].color == "green"
    assert (start, start + 7, "green") in page._decorations.items

    panel.open_search()
    assert shown == [True] and panel.currentWidget() is panel.search

    go_to = panel.page_menu.build_menu(QPoint(1, 1)).findChild(QAction, "go.to")
    assert go_to is not None and go_to.text().endswith("\tCtrl+G")
    go_to.trigger()
    assert commands.ran == ["go.to"]
    panel.shutdown()
    store.close()


def test_the_panel_asks_for_room_for_every_tab_title(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Opened beside the page, the panel is wide enough to show all its tab titles (they
    were cut behind scroll arrows at 1,400 px)."""
    store = open_store(tmp_path / "library.db")
    book, record = library_book(store, tmp_path)
    page = ReadingView()
    qtbot.addWidget(page)
    context = NotesContext(
        store=store,
        open_book=OpenBook(book=book, record=record),
        page=page,
        commands=Commands(keys={}),
        messages=Messages(),
        go_to=lambda _offset: None,
        show_panel=lambda: None,
    )
    panel = NotesPanel(context)
    qtbot.addWidget(panel)
    bar = panel.tabBar()
    titles = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
    assert panel.sizeHint().width() >= titles
    panel.resize(panel.sizeHint())
    panel.show()
    qtbot.waitExposed(panel)
    assert all(bar.tabRect(i).right() <= bar.width() for i in range(bar.count()))
