"""No crash loops (issue 9, item 2): an exception laying out or painting one page is caught at
the page boundary. The page says why, the window keeps turning pages and opening books, the
log file has the traceback, and a book that never showed does not become "last read"."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from notes_support import chapter_text
from PySide6.QtWidgets import QApplication
from settle import settle, shown

from reader import recovery
from reader.layout.pagination import Pagination
from reader.layout.typeset import Typesetter
from reader.logs import setup_logging
from reader.paths import Paths
from reader.store.db import open_store
from reader.text.book import Book
from reader.ui.reading import view as view_module
from reader.ui.window.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("does not support propagateSizeHints")]

BROKEN = "Paragraph 2.5."
"""The paragraph whose layout raises (in chapter 2 of a three-chapter book)."""


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Warnings and errors go to a log file in the test's folder (as ``quire`` sets it up)."""
    path = tmp_path / "quire.log"
    handler = setup_logging(path)
    yield path
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(720, 560)
    win.show()
    qtbot.waitUntil(lambda: win.isVisible())
    yield win
    win.close()
    win.shutdown()


def _block_of(book: Book, offset: int) -> int:
    return next(i for i, b in enumerate(book.blocks) if b.start <= offset < b.end)


def _break_block(monkeypatch: pytest.MonkeyPatch, words: str) -> Callable[[], int]:
    """Make the typesetter raise for the block holding ``words`` (every typesetter)."""
    real = Typesetter._typeset
    failures = [0]

    def typeset(self: Typesetter, index: int):  # type: ignore[no-untyped-def]
        block = self.book.blocks[index]
        if words in self.book.text[block.start : block.end]:
            failures[0] += 1
            raise IndexError("array index out of range")
        return real(self, index)

    monkeypatch.setattr(Typesetter, "_typeset", typeset)
    return lambda: failures[0]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _paint(window: MainWindow) -> None:
    window.view.repaint()
    QApplication.processEvents()


def test_a_page_that_cannot_be_laid_out_says_why_and_the_rest_still_works(
    window: MainWindow, tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = _break_block(monkeypatch, BROKEN)
    # The page's own thread only: once the background count has passed the broken block
    # (counting it as one page), the pages after it in its chapter are found too
    # (tests/ui/reading/test_count_survives.py).
    monkeypatch.setattr(Pagination, "start_background", lambda self: None)
    book_path = _write(tmp_path, "fog.txt", chapter_text(3, 12))
    assert window.open_path(str(book_path))
    _paint(window)
    assert window.view.failure() is None  # chapter 1 is fine
    book = window.session.book
    assert book is not None
    text = book.text

    window.go_to_offset(text.index("Paragraph 2.9."))  # laying out chapter 2 meets the block
    _paint(window)
    message = window.view.failure()
    assert message is not None and failures() >= 1
    assert message.startswith("This page could not be shown: IndexError: array index out of range")
    assert str(log_file) in message
    assert window.view.visible_range() == (window.view.position(), window.view.position())

    # Turning on leaves the broken chapter for the next one, which shows as usual.
    assert window.view.next_page()
    _paint(window)
    assert window.view.failure() is None
    lo, hi = window.view.visible_range()
    assert text.index("Chapter 3") <= lo < hi
    # Turning back comes to the failed place again (it is still broken), then before it.
    assert window.view.prev_page()
    assert window.view.failure() is not None
    assert window.view.prev_page()
    _paint(window)
    assert window.view.failure() is None
    assert window.view.visible_range()[1] <= text.index(BROKEN)

    # Another book opens and shows; the log file has the traceback.
    other = _write(tmp_path, "other.txt", "Chapter 1\n\nA quiet evening by the fire.\n")
    assert window.open_path(str(other))
    _paint(window)
    assert window.view.failure() is None and "quiet evening" in window.view.visible_text()
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "IndexError: array index out of range" in logged
    assert "_typeset" in logged


def test_a_page_that_fails_to_paint_shows_the_message_and_the_next_one_paints(
    window: MainWindow, tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = view_module.paint_page
    broken = [True]

    def paint_page(*args: object, **kwargs: object) -> None:
        if broken[0]:
            broken[0] = False
            raise RuntimeError("the font engine gave up")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(view_module, "paint_page", paint_page)
    book_path = _write(tmp_path, "fog.txt", chapter_text(2, 12))
    assert window.open_path(str(book_path))
    _paint(window)
    message = window.view.failure()
    assert message is not None and "RuntimeError: the font engine gave up" in message
    assert window.view.next_page()  # the page is known; only painting it failed
    _paint(window)
    assert window.view.failure() is None
    assert "RuntimeError: the font engine gave up" in log_file.read_text(encoding="utf-8")


def test_a_book_whose_first_page_fails_never_becomes_last_read(
    qtbot, window: MainWindow, tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    good = _write(tmp_path, "good.txt", "Chapter 1\n\nIt was a bright cold day in April.\n")
    assert window.open_path(str(good))
    shown(qtbot, window)
    good_id = window.session.record.id  # type: ignore[union-attr]
    assert window.store.library.last_read_book().id == good_id  # type: ignore[union-attr]

    guard = recovery.install(tmp_path / "guard")
    try:
        _break_block(monkeypatch, "Paragraph 1.1.")
        bad = _write(tmp_path, "bad.txt", chapter_text(2, 6))
        assert window.open_path(str(bad))  # it opens, but its first page cannot be shown
        _paint(window)
        qtbot.wait(50)
        assert window.view.failure() is not None
        assert not window.view.book_was_shown()
        assert guard.active  # the opening marker stays: this book was never on screen
        settle(window)
        last = window.store.library.last_read_book()
        assert last is not None and last.id == good_id, "the failed book is not 'last read'"

        # The reader goes on to a good book: that one is shown, read, and the marker goes.
        assert window.open_path(str(good))
        shown(qtbot, window)
        assert not guard.active
        assert window.store.library.last_read_book().id == good_id  # type: ignore[union-attr]
    finally:
        guard.close()
        recovery._current.clear()
