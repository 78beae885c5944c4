"""Places (issue 13, point 5): Back and Forward over every jump, the position scrubber, and
status lines that name numeral-only chapters as the contents do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.dialogs.goto import GoToTarget
from reader.ui.reading.mouse import EDGE_PIXELS
from reader.ui.window.actions import go_to_target
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)

PARAGRAPH = "The river ran wide and brown past the mill, and the boats drifted slowly by. " * 4
ALT = Qt.KeyboardModifier.AltModifier


def book_text(chapters: int = 8, paragraphs: int = 25) -> str:
    parts = [
        f"Chapter {c}\n\n" + "\n\n".join(f"Para {c}.{p}. {PARAGRAPH}" for p in range(paragraphs))
        for c in range(1, chapters + 1)
    ]
    return "\n\n\n".join(parts) + "\n"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(900, 700)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    book = tmp_path / "river.txt"
    book.write_text(book_text(), encoding="utf-8")
    assert win.open_path(str(book))
    win.ensure_panes()
    win.view.setFocus()
    qtbot.waitUntil(lambda: not win.view.page_info().approximate, timeout=10_000)
    yield win
    win.close()
    win.shutdown()


def top(window: MainWindow) -> int:
    return window.view.visible_range()[0]


def alt(window: MainWindow, key: Qt.Key) -> None:
    focus = QApplication.focusWidget() or window.view
    QTest.keyClick(focus, key, ALT)


def chapter_start(window: MainWindow, n: int) -> int:
    book = window.session.book
    assert book is not None
    return book.chapters[n - 1].offset


def test_back_and_forward_return_across_every_kind_of_jump(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    panel = window.notes_panel()
    assert panel is not None
    QTest.keyClick(view, Qt.Key.Key_J)
    QTest.keyClick(view, Qt.Key.Key_J)  # page turns are not jumps
    start = top(window)
    places = [start]

    def jumped() -> None:
        assert top(window) != places[-1]
        places.append(top(window))

    QTest.keyClick(view, "]")  # next chapter
    jumped()
    panel.contents.tree.setCurrentItem(panel.contents.item(5))
    panel.contents._activated(panel.contents.item(5))  # the contents
    jumped()
    go_to_target(window, GoToTarget("percent", 80))  # Go To
    jumped()
    panel.search.field.setText("Para 3.7.")
    panel.search.search_now()
    qtbot.waitUntil(lambda: not panel.search.is_running() and bool(panel.search.model.hits))
    view.setFocus()
    QTest.keyClick(view, "n")  # a search hit
    jumped()
    QTest.keyClick(view, Qt.Key.Key_End)  # the last page
    jumped()
    # Back, all the way, then Forward again.
    for place in reversed(places[:-1]):
        alt(window, Qt.Key.Key_Left)
        assert top(window) == place
    alt(window, Qt.Key.Key_Left)  # nothing further back
    assert top(window) == start and view.notice() == "Nothing to go back to."
    for place in places[1:]:
        alt(window, Qt.Key.Key_Right)
        assert top(window) == place
    # A new jump after going back forgets what lay ahead.
    alt(window, Qt.Key.Key_Left)
    QTest.keyClick(view, "[")
    alt(window, Qt.Key.Key_Right)
    assert view.notice() == "Nothing to go forward to."


def test_bookmark_highlight_and_scrubber_jumps_come_back_too(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    panel = window.notes_panel()
    assert panel is not None
    view.go_to(chapter_start(window, 6), record=False)
    panel.session.toggle_bookmark()
    mark = top(window) + 30
    assert panel.session.add_highlight(mark, mark + 12) is not None
    view.go_to(chapter_start(window, 1), record=False)
    home = top(window)
    panel.bookmarks.refresh()
    panel.bookmarks._activated(panel.bookmarks.tree.topLevelItem(0))  # a bookmark
    assert top(window) != home
    alt(window, Qt.Key.Key_Left)
    assert top(window) == home
    panel.highlights.refresh()
    item = panel.highlights.items()[0]
    panel.highlights.tree.setCurrentItem(item)
    panel.highlights.tree.itemActivated.emit(item, 0)  # a highlight
    assert top(window) != home
    alt(window, Qt.Key.Key_Left)
    assert top(window) == home
    QTest.keyClick(view, "g")  # the scrubber
    scrubber = view.scrubber()
    assert scrubber is not None and scrubber.isVisible()
    QTest.keyClick(scrubber.slider, Qt.Key.Key_End)
    QTest.keyClick(scrubber.slider, Qt.Key.Key_Return)
    assert top(window) != home
    alt(window, Qt.Key.Key_Left)
    assert top(window) == home


def test_the_mouse_back_and_forward_buttons(window: MainWindow) -> None:
    view = window.view
    home = top(window)
    QTest.keyClick(view, "]")
    away = top(window)
    for button, expected in (
        (Qt.MouseButton.BackButton, home),
        (Qt.MouseButton.ForwardButton, away),
    ):
        centre = QPointF(view.width() / 2, view.height() / 2)
        event = QMouseEvent(
            QMouseEvent.Type.MouseButtonPress,
            centre,
            view.mapToGlobal(centre),
            button,
            button,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(view, event)
        assert top(window) == expected


def test_history_is_kept_per_book(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    first_book = window.session.record
    assert first_book is not None
    home = top(window)
    QTest.keyClick(view, "]")
    QTest.keyClick(view, "]")
    other = tmp_path / "other.txt"
    other.write_text(book_text(3), encoding="utf-8")
    assert window.open_path(str(other))
    view.setFocus()
    alt(window, Qt.Key.Key_Left)  # nothing yet in this book
    assert view.notice() == "Nothing to go back to."
    assert window.open_path(first_book.path)
    view.setFocus()
    alt(window, Qt.Key.Key_Left)
    alt(window, Qt.Key.Key_Left)
    assert top(window) == home


def test_the_scrubber_by_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    home = top(window)
    QTest.keyClick(view, "g")
    scrubber = view.scrubber()
    assert scrubber is not None and scrubber.isVisible()
    slider = scrubber.slider
    assert QApplication.focusWidget() is slider
    book = window.session.book
    assert book is not None
    assert slider.ticks == [c.offset for c in book.chapters]  # a tick at each chapter
    assert scrubber.preview.text().startswith("Chapter 1 — page 1 of ")
    QTest.keyClick(slider, Qt.Key.Key_PageDown)  # the next chapter
    assert slider.value() == chapter_start(window, 2)
    assert scrubber.preview.text().startswith("Chapter 2 — page ")
    assert top(window) == home  # only a preview: nothing moved yet
    QTest.keyClick(slider, Qt.Key.Key_Right)  # a page further
    assert slider.value() > chapter_start(window, 2)
    QTest.keyClick(slider, Qt.Key.Key_PageUp)
    assert slider.value() == chapter_start(window, 2)
    QTest.keyClick(slider, Qt.Key.Key_Escape)  # Esc: back as it was, closed
    assert not scrubber.isVisible() and top(window) == home
    assert QApplication.focusWidget() is view
    QTest.keyClick(view, "g")
    QTest.keyClick(slider, Qt.Key.Key_End)
    assert scrubber.preview.text().startswith("Chapter 8")
    QTest.keyClick(slider, Qt.Key.Key_Home)
    for _ in range(3):
        QTest.keyClick(slider, Qt.Key.Key_PageDown)
    QTest.keyClick(slider, Qt.Key.Key_Enter)  # Enter goes there
    assert not scrubber.isVisible()
    assert top(window) == chapter_start(window, 4)
    assert window.status_line.texts()["chapter"] == "Chapter 4"


def test_the_scrubber_by_mouse(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    home = top(window)
    # Resting at the bottom edge of the page brings it up.
    QTest.mouseMove(view, QPoint(view.width() // 2, view.height() // 2))
    QTest.mouseMove(view, QPoint(view.width() // 2, view.height() - EDGE_PIXELS // 2))
    qtbot.waitUntil(view.scrubber_shown, timeout=3000)
    scrubber = view.scrubber()
    assert scrubber is not None
    slider = scrubber.slider
    # Drag the handle: the preview follows; letting go goes there.
    handle = QPoint(int(slider.tick_x(slider.value())), slider.height() // 2)
    target = QPoint(int(slider.tick_x(chapter_start(window, 5) + 200)), handle.y())
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle)
    QTest.mouseMove(slider, handle + QPoint(20, 0))
    QTest.mouseMove(slider, target)
    assert slider.isSliderDown()
    assert scrubber.preview.text().startswith("Chapter 5 — page ")
    assert top(window) == home  # not yet
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    assert not scrubber.isVisible()
    lo, hi = view.visible_range()
    assert chapter_start(window, 5) <= hi and lo < chapter_start(window, 6)
    assert window.status_line.texts()["chapter"] == "Chapter 5"


def test_the_status_line_names_numeral_chapters(qtbot, tmp_path: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "q").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(900, 700)
    win.show()
    try:
        assert win.open_path(str(corpus / "japanese_sjis" / "wagahaiwa_nekodearu.txt"))
        book = win.session.book
        assert book is not None and book.chapters[0].title == "一"
        win.go_to_offset(book.chapters[0].offset + 50)
        assert win.status_line.texts()["chapter"] == "第一"  # not a lone "一"
        panel = win.notes_panel()
        assert panel is not None
        assert panel.contents.item(0).text(0) == "第一"  # as the contents name it
        for numerals, shown in ((("1", "2", "3"), "Chapter 2"), (("I", "II", "III"), "Chapter II")):
            numbered = tmp_path / f"numbered-{numerals[0]}.txt"
            numbered.write_text(
                "\n\n\n".join(f"{n}\n\n{PARAGRAPH}\n\n{PARAGRAPH}" for n in numerals) + "\n",
                encoding="utf-8",
            )
            assert win.open_path(str(numbered))
            book = win.session.book
            assert book is not None and [c.title for c in book.chapters] == list(numerals)
            win.go_to_offset(book.chapters[1].offset + 10)
            assert win.status_line.texts()["chapter"] == shown
    finally:
        win.close()
        win.shutdown()
