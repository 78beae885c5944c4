"""Every failure says why, where the reader is looking (issue 9, item 3).

For a file of NULs, a JPEG, a FIFO, a symlink to /dev/zero, a folder and a missing file, the
real reason is what the reader sees: on the page when no book is open (the library's "Choose
a book…" hint never covers it), in the message bar above the book otherwise. It stays until
the reader dismisses it or the next book opens. The same holds for the crash notice at start,
and for the library's own errors while a book opens (read-only, disk full).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from reader.app import create_main_window, make_application
from reader.cli import parse_args
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.library.pane import NO_BOOK_MESSAGE, LibraryPane
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

JPEG = bytes.fromhex("ffd8ffe000104a46494600010101004800480000ffdb004300") + bytes(range(256)) * 8
GOOD = "Chapter 1\n\nIt was a bright cold day in April, and the clocks were striking.\n"

# kind → (how to make it, words the reason must contain)
KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "nuls": (lambda p: p.write_bytes(b"\0" * 8192), "is not a text file"),
    "jpeg": (lambda p: p.write_bytes(JPEG), "is not a text file"),
    "fifo": (lambda p: os.mkfifo(p), "is not a regular file"),
    "link to /dev/zero": (lambda p: p.symlink_to("/dev/zero"), "is not a regular file"),
    "folder": (lambda p: p.mkdir(), "is a folder, not a file"),
    "missing": (lambda p: None, "No such file"),
}


def _bad(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"bad {kind.replace('/', '-')}.txt"
    make, _words = KINDS[kind]
    make(path)
    return path


@pytest.fixture
def start(qtbot, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    """The real start-up (create_main_window) with the given files, in ``tmp_path/data``."""
    made: list[MainWindow] = []
    make_application()

    def run(*files: str) -> MainWindow:
        base = tmp_path / "data"
        if not Paths(base).database.exists():  # not a first run: no sample book is opened
            Paths(base).ensure()
            open_store(Paths(base).database).close()
        args = parse_args(["--basedir", str(base), "--new-instance", *files])
        window = create_main_window(args, Paths(base), list(files))
        assert window is not None
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield run
    for window in made:
        window.close()
        window.shutdown()


def _library(window: MainWindow) -> LibraryPane:
    pane = window.library_pane()
    assert isinstance(pane, LibraryPane)
    return pane


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_reason_is_on_the_page_when_no_book_is_open(start, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    bad = _bad(tmp_path, kind)
    window = start(str(bad))
    assert window.session.book is None
    on_page = window.view.message()
    assert on_page is not None and KINDS[kind][1] in on_page, on_page
    assert bad.name in on_page
    _library(window).show_library()  # the library's hint never covers the reason
    assert window.view.message() == on_page
    assert window.current_message() == on_page


def test_the_hint_is_shown_when_there_is_nothing_to_explain(start) -> None:  # type: ignore[no-untyped-def]
    window = start()
    assert window.session.book is None
    assert window.view.message() == NO_BOOK_MESSAGE.format(keys="Ctrl+O")


@pytest.mark.parametrize("kind", list(KINDS))
def test_with_a_book_open_the_reason_is_above_it_until_dismissed_or_the_next_open(
    start, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    window = start(str(good))
    assert window.session.book is not None
    bad = _bad(tmp_path, kind)
    assert not window.open_path(str(bad))
    text = window.message_bar.text()
    assert KINDS[kind][1] in text and bad.name in text
    assert window.view.book() is window.session.book and window.view.message() is None
    _library(window).show_library()
    QApplication.processEvents()
    assert window.message_bar.text() == text  # still there
    assert window.open_path(str(good))  # the next successful open clears it
    assert window.message_bar.text() == ""
    assert not window.open_path(str(bad))
    window.message_bar.clear()  # the reader dismisses it (×)
    assert window.current_message() == ""


def test_the_crash_notice_stays_until_dismissed_or_a_book_opens(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader import recovery

    base = tmp_path / "data"
    Paths(base).ensure()
    open_store(Paths(base).database).close()
    crashed = tmp_path / "crashed book.txt"
    crashed.write_text(GOOD, encoding="utf-8")
    marker = base / f"{recovery.MARKER_PREFIX}999999{recovery.MARKER_SUFFIX}"
    marker.write_text(f'{{"path": "{crashed}", "key": "", "time": "2026-01-01 10:00"}}')
    window = start()
    notice = window.message_bar.text()
    assert "Quire stopped unexpectedly while opening “crashed book.txt”" in notice
    _library(window).show_library()  # no book: the library is shown; the notice stays
    assert window.message_bar.text() == notice
    assert not window.open_path(str(tmp_path / "gone.txt"))  # a failure goes on the page
    assert window.message_bar.text() == notice
    assert "No such file" in (window.view.message() or "")
    assert window.open_path(str(crashed))
    assert window.message_bar.text() == ""


def _fill_until_full(conn: sqlite3.Connection) -> None:
    """Let the library file grow no more, and fill its free room: the disk is "full"."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    n = 0
    for size in (200, 40, 8, 0):  # ever smaller rows, until not even the smallest fits
        while True:
            try:
                conn.execute(
                    "INSERT INTO books(book_key, path, title, added) VALUES (?, ?, ?, ?)",
                    (f"f{n}", f"/{n}", "x" * size, "2026-01-01T00:00:00+00:00"),
                )
            except sqlite3.OperationalError as err:
                assert "full" in str(err)
                break
            n += 1


@pytest.mark.parametrize("problem", ["read-only", "full"])
def test_a_library_error_while_opening_is_shown_after_the_book_opens(
    qtbot, tmp_path: Path, problem: str
) -> None:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    window = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(window)
    try:
        window.show()
        conn = window.store.conn
        if problem == "read-only":
            conn.execute("PRAGMA query_only = 1")  # as a read-only (immutable) library.db
        else:
            _fill_until_full(conn)
        book = tmp_path / "new book.txt"
        book.write_text(GOOD, encoding="utf-8")
        assert window.open_path(str(book))  # the book opens and can be read …
        assert window.session.book is not None
        text = window.message_bar.text()  # … and the reader is told why it is not saved
        if problem == "read-only":
            assert "read-only" in text and str(paths.database) in text
        else:
            assert text.startswith("The disk is full")
    finally:
        window.close()
        window.shutdown()
