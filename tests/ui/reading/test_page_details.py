"""pytest-qt tests of page details: the last page's percent, book length, hit and highlight
painting, and the window chrome following a dark reading theme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from reader.layout.style import ReadingStyle
from reader.layout.typeset import Typesetter
from reader.paths import Paths
from reader.store.db import open_store
from reader.text.book import BlockKind, Book
from reader.text.parse import load_book
from reader.ui.reading.painter import CURRENT_HIT, current_hit_colours
from reader.ui.reading.view import ReadingView
from reader.ui.session.book_session import approximate_length
from reader.ui.window.chrome_theme import (
    apply_chrome_theme,
    is_dark_applied,
    restore_chrome_palette,
)
from reader.ui.window.main_window import MainWindow

SENTENCE = "It was a long day and the rain kept falling over the quiet town while people went home."


def _book(tmp_path: Path, text: str, name: str = "book.txt") -> Book:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_book(path)


@pytest.fixture
def view(qtbot) -> ReadingView:  # type: ignore[no-untyped-def]
    v = ReadingView()
    qtbot.addWidget(v)
    v.set_reading_style(ReadingStyle(font_family="DejaVu Serif", font_size=12, two_pages="off"))
    v.resize(600, 760)
    v.show()
    qtbot.waitExposed(v)
    return v


# --- percent --------------------------------------------------------------------------------


def test_single_page_book_shows_100_percent(view: ReadingView, tmp_path: Path) -> None:
    book = _book(tmp_path, f"{SENTENCE}\n\n{SENTENCE}\n\n\n\n   \n\n")
    view.set_book(book)
    info = view.page_info()
    assert (info.page, info.total) == (1, 1)
    assert info.percent == 100.0


def test_last_page_is_100_and_earlier_pages_are_not(view: ReadingView, tmp_path: Path) -> None:
    book = _book(tmp_path, "\n\n".join([SENTENCE * 3] * 60) + "\n\n\n")
    view.set_book(book)
    assert view.page_info().percent < 100.0
    view.last_page()
    assert view.page_info().percent == 100.0
    assert view.prev_page()
    assert view.page_info().percent < 100.0


# --- length ---------------------------------------------------------------------------------


def test_length_counts_words_not_indentation(tmp_path: Path) -> None:
    verse = "\n".join(f"        {' ' * (i % 5)}line number {i} of the poem" for i in range(40))
    book = _book(tmp_path, f"A Poem\n\n{verse}\n")
    lo, hi = book.reading_range()
    assert approximate_length(book) == (len(book.text[lo:hi].split()), "words")
    assert approximate_length(book)[0] <= 2 + 6 * 40


def test_length_of_cjk_counts_characters_without_white_space(tmp_path: Path) -> None:
    para = "　　他走进了房间，看见桌子上放着一本书。" * 5
    book = _book(tmp_path, "\n\n".join([para] * 20) + "\n")
    assert book.cjk
    count, unit = approximate_length(book)
    lo, hi = book.reading_range()
    assert unit == "chars"
    assert count == sum(1 for ch in book.text[lo:hi] if not ch.isspace())


# --- painting -------------------------------------------------------------------------------


def _grab(view: ReadingView) -> QImage:
    view.repaint()
    return view.grab().toImage()


def test_current_hit_looks_different_from_other_hits(view: ReadingView, tmp_path: Path) -> None:
    book = _book(tmp_path, f"{SENTENCE} {SENTENCE}\n\n{SENTENCE}\n")
    view.set_book(book)
    start = book.text.index("rain")
    hit = (start, start + len("rain"))
    view.set_decorations([(*hit, "search")])
    plain = _grab(view)
    view.set_decorations([(*hit, CURRENT_HIT)])
    current = _grab(view)
    assert plain != current
    fill, outline = current_hit_colours(view.reading_style().colours())
    assert fill.alpha() > view.reading_style().colours().highlight("search").alpha()
    assert outline.isValid()


def test_highlight_at_paragraph_start_does_not_fill_the_indent(tmp_path: Path) -> None:
    book = _book(tmp_path, "\n\n".join([SENTENCE * 2] * 6) + "\n")
    style = ReadingStyle(font_family="DejaVu Serif", font_size=12, paragraph_style="indent")
    ts = Typesetter(book, style, 500)
    indented = 0
    for i in range(len(book.blocks)):
        blk = ts.block(i)
        if blk is None or book.blocks[i].kind != BlockKind.PARAGRAPH:
            continue
        start = blk.line_starts[0]
        rects = blk.range_rects(start, start + 5, 0, 0)
        assert rects
        first_x = blk._layout.lineAt(0).x()  # type: ignore[union-attr]
        indented += first_x > 1
        assert rects[0].left() >= first_x - 0.01
    assert indented  # the style did indent some first lines


# --- window chrome --------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.base.mkdir(parents=True, exist_ok=True)
    win = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(640, 480)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.shutdown()
    restore_chrome_palette()


def _window_lightness() -> int:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness()


def _dark_widget(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def test_dark_theme_darkens_the_chrome_and_light_restores_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    original = QPalette(QApplication.palette())
    assert _window_lightness() >= 128  # the offscreen desktop is light
    assert not _dark_widget(window.statusBar())
    window.set_reading_style(window.reading_style().with_(theme="dark"))
    assert is_dark_applied() and _window_lightness() < 128
    # Widgets pick the application palette up on the next event-loop turn.
    qtbot.waitUntil(lambda: _dark_widget(window.statusBar()))
    assert _dark_widget(window.library_dock) and _dark_widget(window.notes_dock)
    assert window.view.reading_style().colours().name == "dark"
    window.set_reading_style(window.reading_style().with_(theme="sepia"))
    assert not is_dark_applied()
    assert QApplication.palette() == original
    qtbot.waitUntil(lambda: not _dark_widget(window.statusBar()))
    window.set_reading_style(window.reading_style().with_(theme="dark"))
    window.set_reading_style(window.reading_style().with_(theme="light"))
    assert QApplication.palette() == original


def test_system_theme_follows_the_desktop_not_our_own_palette(window: MainWindow) -> None:
    # On the (light) offscreen desktop "system" stays light, even right after dark was applied.
    window.set_reading_style(window.reading_style().with_(theme="dark"))
    window.set_reading_style(window.reading_style().with_(theme="system"))
    assert not is_dark_applied() and _window_lightness() >= 128


def test_dark_chrome_is_restored_at_shutdown(window: MainWindow) -> None:
    original = QPalette(QApplication.palette())
    assert apply_chrome_theme("dark")
    window.shutdown()
    assert not is_dark_applied()
    assert QApplication.palette() == original


def test_dark_theme_is_applied_when_the_window_starts(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "q2").absolute())
    paths.base.mkdir(parents=True, exist_ok=True)
    store = open_store(paths.database)
    store.settings.set("reading_style", ReadingStyle(theme="dark").to_dict())
    win = MainWindow(store, paths)
    qtbot.addWidget(win)
    try:
        assert is_dark_applied() and _window_lightness() < 128
    finally:
        win.shutdown()
    assert not is_dark_applied()
