"""The status line holds still while the background page count runs (issue 12).

It shows the percent of the position (the same the library keeps) and no estimated
total; when the count is complete it changes once, to the exact "page x of y".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from settle import shown

from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.common.format import format_percent
from reader.ui.reading.page_info import percent_at
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ALICE = "gutenberg/alices_adventures_in_wonderland__pg11-0.txt"


def _window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    window = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(window)
    window.resize(720, 640)
    window.show()
    return window


def _record_status(window: MainWindow) -> list[dict[str, str]]:
    """Every text the status line is given from now on (after each update)."""
    seen: list[dict[str, str]] = []
    show = window.status_line.show_info

    def recording(info: object) -> None:
        show(info)
        seen.append(window.status_line.texts())

    window.status_line.show_info = recording  # type: ignore[method-assign]
    return seen


def test_the_status_line_changes_once_when_the_count_is_complete(
    qtbot, tmp_path: Path, corpus: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, tmp_path)
    seen = _record_status(window)
    try:
        assert window.open_path(str(corpus / ALICE))
        shown(qtbot, window)
        first = window.status_line.texts()
        assert window.view.page_info().approximate  # the count has only begun
        qtbot.waitUntil(lambda: not window.view.page_info().approximate, timeout=30_000)
        qtbot.waitUntil(lambda: seen[-1]["page"].startswith("page "), timeout=5_000)
        info = window.view.page_info()
        distinct = [t for i, t in enumerate(seen) if i == 0 or t != seen[i - 1]]
        assert distinct[0] == first
        # No estimate of the total to swing: nothing, or the chapter's own pages.
        assert first["page"] == "" or first["page"].endswith(" in chapter")
        assert distinct[-1]["page"] == f"page {info.page} of {info.total}"
        assert len(distinct) == 2  # one change: to the exact total
        assert distinct[0]["percent"] == distinct[-1]["percent"]
    finally:
        window.close()
        window.shutdown()


def test_the_status_percent_is_the_librarys(qtbot, tmp_path: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, tmp_path)
    try:
        assert window.open_path(str(corpus / ALICE))
        shown(qtbot, window)
        record = window.session.record
        assert record is not None
        book = window.session.book
        assert book is not None
        lo, hi = book.reading_range()

        def library_percent() -> str | None:
            entry = window.store.library.get(record.id)
            progress = window.store.annotations.get_progress(record.id)
            return None if entry is None or progress is None else format_percent(entry.percent)

        # A new book: its first page is saved too, so the library agrees from the start.
        qtbot.waitUntil(lambda: library_percent() is not None, timeout=5_000)
        assert library_percent() == window.status_line.texts()["percent"]
        assert window.view.page_info().percent == percent_at(window.view.position(), lo, hi)

        for _turn in range(5):
            QTest.keyClick(window.view, Qt.Key.Key_Space)
        position = window.view.position()
        qtbot.waitUntil(
            lambda: window.store.annotations.get_progress(record.id).offset == position,  # type: ignore[union-attr]
            timeout=5_000,
        )
        assert library_percent() == window.status_line.texts()["percent"]
    finally:
        window.close()
        window.shutdown()


def test_page_one_of_a_short_story_is_zero_percent(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story = tmp_path / "story.txt"
    story.write_text(
        "\n\n".join(f"Paragraph {p}: the fog pressed on against the glass." * 6 for p in range(60)),
        encoding="utf-8",
    )
    window = _window(qtbot, tmp_path)
    try:
        assert window.open_path(str(story))
        shown(qtbot, window)
        assert window.status_line.texts()["percent"] == "0%"
    finally:
        window.close()
        window.shutdown()
