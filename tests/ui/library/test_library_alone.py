"""The library pane built from a LibraryContext over a store in a temporary folder: no window."""

from __future__ import annotations

from pathlib import Path

from fakes import Messages, OpenBook, library_book

from reader.store.db import open_store
from reader.store.models import BookRecord
from reader.ui.library.pane import NO_BOOK_MESSAGE, LibraryPane
from reader.ui.library.ports import LibraryContext


def test_library_pane_works_from_its_context(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    _carol, carol = library_book(store, tmp_path, "carol.txt")
    chimes_book, chimes = library_book(store, tmp_path, "chimes.txt")
    open_book = OpenBook(book=chimes_book, record=chimes)
    messages = Messages()
    opened: list[str] = []
    on_page: list[str] = []
    focused: list[bool] = []
    shown: list[bool] = []
    edited: list[BookRecord] = []

    def open_path(path: str) -> bool:
        opened.append(path)
        return True

    def edit(record: BookRecord) -> BookRecord | None:
        edited.append(record)
        return record

    context = LibraryContext(
        store=store,
        open_book=open_book,
        messages=messages,
        open_path=open_path,
        focus_page=lambda: focused.append(True),
        show_on_page=on_page.append,
        command_keys={"file.open": "Ctrl+O", "library.add_files": "Ctrl+Shift+O"}.get,
        show_pane=lambda: shown.append(True),
        edit_book_settings=edit,
    )
    pane = LibraryPane(context)
    qtbot.addWidget(pane)
    pane.reload(check_files=False)
    assert pane.model.total() == 2

    assert pane.select_id(carol.id)
    assert pane.open_selected()
    assert opened == [carol.path] and focused == [True]

    assert pane.edit_settings(carol) and edited == [carol]

    pane.show_library(focus=False)
    assert shown == [True]
    assert on_page == []  # a book is open: the page is left alone
    open_book.book = None
    pane.show_library(focus=False)
    assert on_page == [NO_BOOK_MESSAGE.format(keys="Ctrl+O")]

    # Removing the open book's entry: its position is flushed first, then it is not saved.
    assert pane.select_id(chimes.id)
    assert pane.remove_selected()
    assert open_book.flushed == 1 and open_book.record is None
    assert store.library.count() == 1
    restored = pane.undo_remove()
    assert restored is not None and store.library.count() == 2
    assert messages.shown == []
    store.close()


def test_library_messages_go_to_the_context(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    _book, record = library_book(store, tmp_path)
    messages = Messages()
    context = LibraryContext(
        store=store,
        open_book=OpenBook(),
        messages=messages,
        open_path=lambda _p: True,
        focus_page=lambda: None,
        show_on_page=lambda _t: None,
        command_keys=lambda _n: "",
        show_pane=lambda: None,
        edit_book_settings=lambda _r: None,
    )
    pane = LibraryPane(context)
    qtbot.addWidget(pane)
    pane.reload(check_files=False)
    Path(record.path).unlink()
    assert pane.select_id(record.id)
    assert not pane.open_selected()
    ((text, error),) = messages.shown
    assert error and "missing" in text and record.path in text
    store.close()
