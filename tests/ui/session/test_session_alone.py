"""The annotation session built from its protocols: a store in a temporary folder, a page that
is a plain object recording its marks, and a message list; no widgets at all."""

from __future__ import annotations

from pathlib import Path

from fakes import BOOK_TEXT, Messages, OpenBook, library_book
from PySide6.QtCore import QObject, Signal

from reader.store.db import open_store
from reader.text.parse import parse_text
from reader.ui.common.marks import CURRENT_HIT
from reader.ui.session.annotation_session import AnnotationSession
from reader.ui.session.book_session import Opened


class Page(QObject):
    """A page that is only a range of text and the marks it was given."""

    position_changed = Signal(int)

    def __init__(self, start: int, end: int) -> None:
        super().__init__()
        self.range = (start, end)
        self.marks: list[tuple[int, int, str]] = []

    def position(self) -> int:
        return self.range[0]

    def visible_range(self) -> tuple[int, int]:
        return self.range

    def set_decorations(self, ranges: list[tuple[int, int, str]]) -> None:
        self.marks = list(ranges)


def test_annotation_session_from_its_protocols(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    book, record = library_book(store, tmp_path)
    page = Page(0, 400)
    messages = Messages()
    session = AnnotationSession(store, OpenBook(book=book, record=record), page, messages)
    session.on_book_opened(Opened(book, record, 0, "known"))

    start = book.text.index("The fog")
    ann = session.add_highlight(start - 1, start + 7, "pink")  # the space before is trimmed
    assert ann is not None and (ann.start, ann.end) == (start, start + 7)
    assert page.marks == [(start, start + 7, "pink")]

    mark = session.toggle_bookmark()
    assert mark is not None and session.bookmarks_on_page() == [mark]
    assert mark.name == "Chapter 1"

    session.delete_annotation(ann.id)
    assert page.marks == [] and session.can_undo()
    assert session.undo() and [a.id for a in session.annotations()] == [ann.id]

    session.set_current_hit((start, start + 7))
    session.refresh_decorations()
    assert (start, start + 7, "pink") in page.marks  # the highlight is back
    assert messages.shown == []
    store.close()


def test_notes_follow_their_words_when_the_text_changes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "library.db")
    book, record = library_book(store, tmp_path)
    open_book = OpenBook(book=book, record=record)
    page = Page(0, 400)
    session = AnnotationSession(store, open_book, page, Messages())
    session.on_book_opened(Opened(book, record, 0, "known"))
    start = book.text.index("Scrooge never")
    session.add_highlight(start, start + len("Scrooge never"))

    edited = parse_text("A new first line.\n\n" + BOOK_TEXT)
    open_book.book = edited
    checked: list[tuple[int, int]] = []
    session.reanchored.connect(lambda c, lost: checked.append((c, lost)))
    session.on_book_opened(Opened(edited, record, 0, "changed"))
    (ann,) = session.annotations()
    assert edited.text[ann.start : ann.end] == "Scrooge never" and ann.status == "ok"
    assert checked and checked[0][1] == 0
    assert CURRENT_HIT not in {c for *_r, c in page.marks}
    store.close()
