"""How the Bookmarks, Highlights and Search lists read: whole rows, word-wise cuts, empty states."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from notes_support import OpenWindow, chapter_text, window_factory
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from reader.ui.notes.bookmarks import short_date
from reader.ui.notes.rows import LINES_ROLE, wrap_text
from reader.ui.notes.search import NOTHING_TEXT, START_TEXT, elide_left_words

LONG_NOTE = "A note long enough to need more than one line in a narrow panel, " * 3


def _metrics() -> QFontMetrics:
    return QFontMetrics(QFont("DejaVu Sans", 10))


def test_wrap_text_breaks_at_spaces_and_elides_the_last_line(qapp) -> None:  # type: ignore[no-untyped-def]
    fm = _metrics()
    text = "the quick brown fox jumps over the lazy dog " * 6
    width = fm.horizontalAdvance("the quick brown fox jumps")
    lines = wrap_text(fm, text, width, 2)
    assert len(lines) == 2
    assert all(fm.horizontalAdvance(line) <= width for line in lines)
    assert not lines[0].endswith("…") and lines[1].endswith("…")
    assert text.startswith(lines[0])  # broken at a space, nothing lost before it
    assert wrap_text(fm, "short", width, 2) == ["short"]
    cjk = wrap_text(fm, "吾輩は猫である。名前はまだ無い。" * 4, width, 2)
    assert len(cjk) == 2 and all(fm.horizontalAdvance(line) <= width for line in cjk)


def test_search_context_is_cut_at_a_word(qapp) -> None:  # type: ignore[no-untyped-def]
    fm = _metrics()
    before = "she said to her youngest girl, and then "
    width = fm.horizontalAdvance("…youngest girl, and then ") + 2
    cut = elide_left_words(fm, before, width)
    assert cut.startswith("…") and fm.horizontalAdvance(cut) <= width
    kept = cut[1:]
    assert before.endswith(kept)
    assert before[len(before) - len(kept) - 1] == " ", "starts with a whole word"
    assert elide_left_words(fm, "fits", 200) == "fits"


def test_short_dates_for_list_rows() -> None:
    now = datetime(2024, 5, 20, 15, 30).astimezone()
    assert short_date(now.replace(hour=9, minute=5).isoformat(), now) == "09:05"
    assert short_date((now - timedelta(days=40)).isoformat(), now) == "10 Apr"
    assert short_date(now.replace(year=2021).isoformat(), now) == "20 May 2021"
    assert short_date("not a date", now) == "not a date"


def test_bookmark_rows_show_name_snippet_and_date_in_one_column(notes_window: OpenWindow) -> None:
    window, panel = notes_window(chapter_text(3, 30))
    book = window.session.book
    assert book is not None
    window.view.go_to(book.chapters[1].offset + 3000)
    QTest.keyClick(window.view, Qt.Key.Key_B)
    panel.show_tab(panel.bookmarks)
    tree = panel.bookmarks.tree
    assert tree.isHeaderHidden()
    assert [tree.isColumnHidden(c) for c in range(4)] == [False, True, True, True]
    (item,) = panel.bookmarks.items()
    kinds = [kind for kind, _text in item.data(0, LINES_ROLE)]
    assert kinds == ["title", "quote"]  # the chapter is the name: not said twice
    panel.session.rename_bookmark(int(item.data(0, Qt.ItemDataRole.UserRole)), "Fog")
    (item,) = panel.bookmarks.items()
    assert item.data(0, LINES_ROLE)[0] == ("title", "Fog")
    assert item.data(0, LINES_ROLE)[-1] == ("meta", "Chapter 2")


def test_highlight_rows_are_tall_enough_for_every_line(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(chapter_text(2, 20), size=(900, 640))
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index("Paragraph 1.3.")
    ann = panel.highlight(start, start + 200, "green")
    assert ann is not None
    panel.session.update(ann.id, note=LONG_NOTE)
    panel.show_tab(panel.highlights)
    tree = panel.highlights.tree
    (item,) = panel.highlights.items()
    kinds = [kind for kind, _t in item.data(0, LINES_ROLE)]
    assert kinds == ["quote", "note", "meta"]
    assert item.data(0, LINES_ROLE)[-1][1].startswith("Chapter 1 · ")

    def row_height() -> int:
        return tree.visualItemRect(item).height()

    line = QFontMetrics(tree.font()).height()
    wide = row_height()
    assert wide >= 3 * line  # quote, note and meta all fit: nothing clipped
    window.notes_dock.setMinimumWidth(0)
    tree.setFixedWidth(220)  # narrower: quote and note wrap to two lines each
    qtbot.waitUntil(lambda: row_height() >= 5 * line)
    option = QStyleOptionViewItem()
    option.font = tree.font()
    assert tree.itemDelegate().sizeHint(option, tree.indexFromItem(item)).height() >= 5 * line


def test_empty_lists_say_what_they_are_for(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, panel = notes_window(chapter_text(2, 10))
    assert "b on a page" in panel.bookmarks.tree.placeholder
    assert "Enter" in panel.highlights.tree.placeholder
    search = panel.search
    assert search.list.placeholder == START_TEXT
    panel.open_search()
    search.field.setText("zebra crossing")
    QTest.keyClick(search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not search.is_running() and "Searching" not in search.status.text())
    assert search.list.placeholder == NOTHING_TEXT.format(query="zebra crossing")
    search.field.setText("lamp")
    QTest.keyClick(search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.model.rowCount() > 0)
    assert search.list.placeholder == ""


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A real window over a temp store (see notes_support.window_factory)."""
    yield from window_factory(qtbot, tmp_path)
