"""A comfortable measure in the real window (issue 13, point 3).

The column keeps 45–72 characters of the body font whatever the window and its panes
do: the panes beside the page narrow instead of the page, two pages appear only
when both columns fit, and "Two pages: On" falls back to one page and says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from reader.app import build_window
from reader.layout.geometry import (
    AUTO_SPREAD_CHARS,
    MAX_MEASURE_CHARS,
    MIN_MEASURE_CHARS,
    char_width,
    min_page_width,
)
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)

PARAGRAPH = "The river ran wide and brown past the mill, and the boats drifted slowly by. " * 4


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(960, 720)
    win.show()
    book = tmp_path / "river.txt"
    book.write_text("Chapter 1\n\n" + "\n\n".join([PARAGRAPH] * 40) + "\n", encoding="utf-8")
    assert win.open_path(str(book))
    win.ensure_panes()
    yield win
    win.close()
    win.shutdown()


def settle(qtbot, window: MainWindow, width: int) -> None:  # type: ignore[no-untyped-def]
    window.resize(width, 720)
    qtbot.waitUntil(lambda: window.width() >= width - 1)
    for _ in range(3):
        QApplication.processEvents()
    window.view.visible_range()  # lays out for the size now


def columns(window: MainWindow) -> list[float]:
    """Each text column on screen, in characters of the body font."""
    geom = window.view._geom
    assert geom is not None
    cw = char_width(window.view.reading_style())
    return [rect.width() / cw for rect in geom.text]


@pytest.mark.parametrize("width", [800, 960, 1200])
def test_the_panes_narrow_before_the_page_does(qtbot, window: MainWindow, width: int) -> None:  # type: ignore[no-untyped-def]
    window.library_dock.show()
    window.notes_dock.show()
    settle(qtbot, window, width)
    style = window.view.reading_style()
    assert window.view.width() >= min_page_width(style) - 1
    (column,) = columns(window)
    assert MIN_MEASURE_CHARS <= column <= MAX_MEASURE_CHARS + 0.5
    # The panes took what was left, down to (no less than) their own minimum.
    for dock in (window.library_dock, window.notes_dock):
        assert dock.isVisible() and dock.width() >= dock.minimumSizeHint().width()
    assert window.width() <= width + 2  # the window did not have to grow


def test_two_pages_on_falls_back_to_one_page_and_says_why(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.library_dock.show()
    window.notes_dock.show()
    settle(qtbot, window, 960)
    window.registry.run("view.two_pages.on")
    view = window.view
    assert view.spread_refused() and len(columns(window)) == 1
    assert columns(window)[0] >= MIN_MEASURE_CHARS
    assert "Two pages need a wider window" in view.notice()
    # Over the margin beside the text, the tooltip says so too.
    geom = view._geom
    assert geom is not None
    beside = QPoint(int(geom.text[0].left()) - 3, view.height() // 2)
    assert geom.pages[0].contains(QPointF(beside))
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, beside, view.mapToGlobal(beside)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Two pages need a wider window" in QToolTip.text()
    QToolTip.hideText()
    # With room for two comfortable columns, "On" shows two pages.
    window.library_dock.hide()
    window.notes_dock.hide()
    settle(qtbot, window, 960)
    assert not view.spread_refused() and len(columns(window)) == 2
    assert all(MIN_MEASURE_CHARS <= c <= MAX_MEASURE_CHARS + 0.5 for c in columns(window))
    assert view.spread_refused_tip == ""


@pytest.mark.parametrize(("width", "spread"), [(960, False), (1600, True)])
def test_automatic_two_pages_only_with_comfortable_columns(
    qtbot, window: MainWindow, width: int, spread: bool
) -> None:  # type: ignore[no-untyped-def]
    window.registry.run("view.two_pages.auto")
    settle(qtbot, window, width)
    cols = columns(window)
    assert (len(cols) == 2) is spread
    low = AUTO_SPREAD_CHARS if spread else MIN_MEASURE_CHARS
    assert all(low <= c <= MAX_MEASURE_CHARS + 0.5 for c in cols)
