"""Start-up order: the page first, the notes panel right after it, the library when asked.

The real start-up (``create_main_window(..., defer_panes=True)``) installs the
notes panel after the first frame; it then catches up with the open book, and
any key, command or the lack of a book installs it at once. The library pane is
built when its dock is first shown (its key, Ctrl+L, a restored window state) or
something needs it; without a book it is there at once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from settle import settle, shown

import reader.app as app_module
from reader.app import create_main_window, make_application
from reader.cli import parse_args
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.library.pane import LibraryPane
from reader.ui.notes.panel import NotesPanel
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[3]  # the checkout (its reader package)
BOOK = "\n\n".join(
    f"Chapter {c}\n\n" + "\n\n".join(f"Paragraph {c}.{p}. The fog pressed on." for p in range(40))
    for c in range(1, 4)
)


def _panes(window: MainWindow) -> tuple[bool, bool]:
    return (
        isinstance(window.library_dock.widget(), LibraryPane),
        isinstance(window.notes_dock.widget(), NotesPanel),
    )


def _record_install(
    monkeypatch: pytest.MonkeyPatch, name: str, label: str, order: list[str]
) -> None:
    """Make ``reader.app``'s ``name`` (a pane's install) append ``label`` to ``order``."""
    real_install = getattr(app_module, name)

    def install(window: MainWindow) -> None:
        order.append(label)
        real_install(window)

    monkeypatch.setattr(app_module, name, install)


def _close(window: MainWindow) -> None:
    window.close()
    window.shutdown()


@pytest.fixture
def reopened(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A library whose last book (with one bookmark) is reopened by a deferred start-up."""
    make_application()
    base = tmp_path / "data"
    book = tmp_path / "story.txt"
    book.write_text(BOOK, encoding="utf-8")
    args = parse_args(["--basedir", str(base), "--new-instance"])
    first = create_main_window(args, Paths(base), [str(book)])
    assert first is not None
    qtbot.addWidget(first)
    shown(qtbot, first)  # a book becomes "last read" once its first page is shown
    first.registry.run("bookmark.toggle")
    _close(first)
    made: list[MainWindow] = []

    def start() -> MainWindow:
        window = create_main_window(args, Paths(base), [], defer_panes=True)
        assert window is not None
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield start
    for window in made:
        _close(window)


def test_the_notes_panel_is_installed_after_the_first_paint_and_catches_up(  # type: ignore[no-untyped-def]
    reopened, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    _record_install(monkeypatch, "install_notes", "notes", order)
    window = reopened()
    window.view.first_painted.connect(lambda: order.append("painted"))
    assert window.session.book is not None
    assert _panes(window) == (False, False)  # nothing but the page before the first frame
    qtbot.waitUntil(lambda: _panes(window)[1])
    assert order == ["painted", "notes"]

    notes = window.notes_dock.widget()
    assert isinstance(notes, NotesPanel)
    assert notes.session.book is window.session.book
    assert len(notes.session.bookmarks()) == 1  # the earlier session's bookmark
    settle(window)
    assert _panes(window) == (False, True)  # the library waits until it is asked for


@pytest.mark.parametrize("command", ["view.library", "library.filter"])
def test_the_library_is_built_when_first_shown_and_lists_every_book(  # type: ignore[no-untyped-def]
    reopened, qtbot, command: str
) -> None:
    window = reopened()
    shown(qtbot, window)
    settle(window)
    assert _panes(window) == (False, True)
    window.registry.run(command)
    assert _panes(window) == (True, True)
    library = window.library_dock.widget()
    assert isinstance(library, LibraryPane)
    assert window.library_dock.isVisible()
    assert library.isAncestorOf(QApplication.focusWidget())  # moved to it, as before
    books = window.store.library.count()
    assert books >= 1
    qtbot.waitUntil(lambda: library.model.total() == books)
    if command == "view.library":  # the list has the keyboard: Enter opens a book at once
        assert library.selected_record() is not None


def test_a_library_left_open_is_built_after_the_first_paint(  # type: ignore[no-untyped-def]
    reopened, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = reopened()
    shown(qtbot, window)
    window.registry.run("view.library")
    assert window.library_dock.isVisible()
    _close(window)  # saves the window state: the library open
    order: list[str] = []
    _record_install(monkeypatch, "install_library", "library", order)
    again = reopened()
    again.view.first_painted.connect(lambda: order.append("painted"))
    assert _panes(again) == (False, False)  # restored open, yet not built before the page
    qtbot.waitUntil(lambda: _panes(again) == (True, True))
    assert order == ["painted", "library"]
    assert again.library_dock.isVisible()


def test_a_key_press_installs_the_notes_panel_before_it_is_handled(reopened) -> None:  # type: ignore[no-untyped-def]
    window = reopened()
    assert _panes(window) == (False, False)
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_J, Qt.KeyboardModifier.NoModifier, "j")
    QCoreApplication.sendEvent(window.view, press)
    assert _panes(window) == (False, True)


def test_a_pane_command_installs_the_panes_first(reopened) -> None:  # type: ignore[no-untyped-def]
    window = reopened()
    assert _panes(window) == (False, False)
    window.registry.run("bookmark.toggle")  # the bookmark from before: toggled off
    assert _panes(window) == (False, True)
    settle(window)  # deleted in the background
    with open_store(window.paths.database) as store:
        record = window.session.record
        assert record is not None
        assert store.annotations.bookmarks(record.id) == []


def test_without_a_book_the_library_is_there_at_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_application()
    base = tmp_path / "data"
    Paths(base).ensure()
    open_store(Paths(base).database).close()  # not a first run: no sample is opened
    args = parse_args(["--basedir", str(base), "--new-instance"])
    window = create_main_window(args, Paths(base), [], defer_panes=True)
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.session.book is None
        assert _panes(window) == (True, True)
        assert window.library_dock.isVisible()
    finally:
        _close(window)


def test_the_real_start_up_paints_the_page_before_building_the_panes(tmp_path: Path) -> None:
    book = tmp_path / "story.txt"
    book.write_text(BOOK, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QUIRE_TIMINGS="1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    args = ["--basedir", str(tmp_path / "data"), "--new-instance", str(book)]
    runs: list[list[str]] = []
    for _run in range(2):  # the first start (a new profile) adds the book; the second reopens it
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        events = []
        deadline = time.monotonic() + 30
        try:
            wanted = {"panes_installed", "hyphenation_completed"}
            while not wanted <= set(events) and time.monotonic() < deadline:
                line = proc.stderr.readline()
                if not line and proc.poll() is not None:
                    break
                if line.startswith("{"):
                    events.append(json.loads(line)["event"])
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
        runs.append(events)
    for events in runs:
        assert "first_page_painted" in events and "panes_installed" in events, runs
        assert events.index("first_page_painted") < events.index("panes_installed")
        # A first start reads the hyphenation patterns in part, and completes them after the
        # page (nothing is left to complete when the install shipped the table).
        assert events.index("first_page_painted") < events.index("hyphenation_completed")
    # The completed table is kept in the profile, unless the install shipped English's (then
    # there was nothing to complete).
    from reader.layout.hyphenate import SHIPPED_DIR

    shipped = any(SHIPPED_DIR.glob("hyph_en_US-*.marshal"))
    kept = list((tmp_path / "data" / "cache" / "hyphenation").glob("*.marshal"))
    assert bool(kept) != shipped


def _open_long_new_book(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window that opened a new 119-chapter book long enough to open from its opening."""
    from reader.text.quick_open import QUICK_MIN_CHARS

    make_application()
    chapter = "\n\n".join(
        f"Paragraph {p}. The fog pressed on, street by street." for p in range(300)
    )
    text = "\n\n".join(f"CHAPTER {c}\n\n{chapter}" for c in range(1, 120))
    assert len(text) >= QUICK_MIN_CHARS
    book = tmp_path / "long.txt"
    book.write_text(text, encoding="utf-8")
    args = parse_args(["--basedir", str(tmp_path / "data"), "--new-instance", str(book)])
    window = create_main_window(args, Paths(tmp_path / "data"), [str(book)], defer_panes=True)
    assert window is not None
    qtbot.addWidget(window)
    return window


def test_a_long_new_book_shows_its_opening_then_the_whole_at_the_same_page(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _open_long_new_book(qtbot, tmp_path)
    try:
        first = window.session.book
        assert first is not None and window.session.is_provisional()
        assert len(first.chapters) < 119  # only the opening's
        # A new book: only the head of its file was decoded, the rest is estimated.
        assert first.whole_length > len(first.text)
        assert window.view._pagination is not None
        assert window.view._pagination.total()[1] is False
        start = window.view.visible_range()
        status = window.status_line.texts()
        qtbot.waitUntil(lambda: not window.session.is_provisional(), timeout=10_000)
        whole = window.session.book
        assert whole is not None and whole is not first and len(whole.chapters) == 119
        assert whole.whole_length == 0 and whole.text.startswith(first.text)
        assert abs(first.whole_length - len(whole.text)) < 0.02 * len(whole.text)
        assert window.last_opened is not None and window.last_opened.book is whole
        assert window.view.book() is whole
        assert window.view.visible_range() == start  # the same page, now of the whole book
        assert window.status_line.texts() == status, (status, window.status_line.texts())
        window.stats_ui.recording.flush()
        record = window.session.record
        assert record is not None
        lengths = {b.id: b.text_length for b in window.store.stats.library_books()}
        assert lengths[record.id] == len(whole.text)  # recorded from the whole book
        qtbot.waitUntil(lambda: not window.view.page_info().approximate, timeout=30_000)
        notes = window.notes_panel()
        assert notes is not None
    finally:
        _close(window)


def test_a_key_before_the_first_paint_sees_the_whole_book(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _open_long_new_book(qtbot, tmp_path)
    try:
        assert window.session.is_provisional()
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        QCoreApplication.sendEvent(window.view, press)
        assert not window.session.is_provisional()
        assert window.view.book() is window.session.book
    finally:
        _close(window)


_LEFT_OUT = (
    "regex",
    "html",
    "difflib",
    "PySide6.QtNetwork",
    "reader.ui.library.pane",
    "reader.ui.notes.highlights",
    "rapidfuzz",
)
"""Modules a start-up never needs: searching, rich text, re-anchoring notes, the library
pane and the notes tabs of a reader who did not open them (~8 MB), and rapidfuzz for a
contents whose entries match their headings plainly (~4 MB)."""

_REPORT_LOADED = f"""
import json, sys
import reader.timings

real = reader.timings.mark


def mark(event, **fields):
    real(event, **fields)
    if event == "window_shown":  # PySide6 and the window's modules are imported by now
        from reader import pattern_code

        global used_patterns  # the table's entries taken so far
        used_patterns = len(pattern_code.read_table(pattern_code.TABLE_FILE)) - len(
            pattern_code._table
        )
    if event == "book_completed":
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def report():
            import dataclasses
            import re
            from reader import method_code, pattern_code

            loaded = [m for m in {_LEFT_OUT!r} if m in sys.modules]
            table = {{"shim": dataclasses.exec is method_code._exec, "kept": method_code._table}}
            patterns = {{
                "used": used_patterns,
                "given back": re._compile is not pattern_code._compile,
                "kept": len(pattern_code._table) + len(pattern_code._made),
            }}
            print(json.dumps([loaded, table, patterns]), flush=True)
            QApplication.quit()

        QTimer.singleShot(1500, report)  # the panes, the listener and the counts meanwhile


reader.timings.mark = mark  # before the modules that import it by name
from reader.app import main

sys.exit(main())
"""


def test_a_first_start_on_a_long_book_leaves_out_what_it_does_not_use(
    tmp_path: Path, corpus: Path
) -> None:
    """A new profile opening War and Peace (its contents matched, its lost italics looked
    for, the whole book parsed and counted, the sample added to the library) loads no
    search engine, HTML tables, diff matcher, network module, library pane or rapidfuzz:
    each costs memory for the life of the window. The tables of dataclass methods and of
    start-up patterns compiled ahead were used and dropped."""
    from reader import pattern_code

    book = corpus / "gutenberg" / "war_and_peace__pg2600-0.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QUIRE_TIMINGS="1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if not pattern_code.read_table(pattern_code.TABLE_FILE):  # (install.py --test builds it)
        build = [sys.executable, "-m", "reader.pattern_code"]
        subprocess.run(build, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    out = subprocess.run(
        [sys.executable, "-c", _REPORT_LOADED, "--basedir", str(tmp_path / "data"), str(book)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    events = [json.loads(line)["event"] for line in out.stderr.splitlines() if line[:1] == "{"]
    assert "panes_installed" in events and "book_completed" in events
    loaded, table, patterns = json.loads(out.stdout.splitlines()[-1])
    assert loaded == []
    assert table == {"shim": True, "kept": {}}  # dataclass methods compiled ahead, dropped
    # PySide6's and the standard library's patterns compiled ahead, then re's own again
    assert patterns["used"] >= 20 and patterns["given back"] and patterns["kept"] == 0


def test_start_up_gives_back_what_opening_freed_after_the_first_paint(  # type: ignore[no-untyped-def]
    reopened, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.heap as heap

    order: list[str] = []
    monkeypatch.setattr(heap, "release_free_memory", lambda: order.append("released") or True)
    window = reopened()
    window.view.first_painted.connect(lambda: order.append("painted"))
    qtbot.waitUntil(lambda: _panes(window)[1])
    assert order == ["painted", "released"]


def test_the_whole_book_replacing_its_opening_gives_back_what_its_parse_freed(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.ui.window.main_window as main_window_module

    released: list[object] = []
    monkeypatch.setattr(
        main_window_module, "release_free_memory", lambda: released.append(window.view.book())
    )
    window = _open_long_new_book(qtbot, tmp_path)
    try:
        assert window.session.is_provisional() and released == []
        qtbot.waitUntil(lambda: not window.session.is_provisional(), timeout=10_000)
        assert released == [window.session.book]  # once, with the whole book on the page
    finally:
        _close(window)
