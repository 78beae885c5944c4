"""A caret the reader controls (issue 13, point 2), on a real window.

``v`` starts a caret on the page's first line; before anchoring it moves by line,
word, sentence, paragraph and page; a second ``v`` or Space anchors; a selection may
cross pages; ``v`` starts over the current search hit. Characters are whole: emoji
sequences, flags, skin tones and combining accents, by keyboard and by mouse; in a
right-to-left paragraph ← and → follow the reader's eye. Notes get a marker in the
margin that shows the note; search counts "N of M" and clears its marks when closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from settle import settle

from reader.text.parse import parse_text
from reader.ui.common.marks import CURRENT_HIT, SEARCH_HIT
from reader.ui.reading.view import ReadingView
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)

HEADING = "Stave One"
FIRST = (
    "Marley was dead, to begin with. There is no doubt whatever about that! "
    "The register of his burial was signed by the clergyman, the clerk, the undertaker, "
    "and the chief mourner. Scrooge signed it: and Scrooge's name was good upon 'Change."
)
SECOND = "Old Marley was as dead as a door-nail. Mind! I don't mean to say that I know."
FILLER = "Filler paragraph number {} says nothing much, at some length, to fill the pages up."
BOOK = (
    f"{HEADING}\n\n{FIRST}\n\n{SECOND}\n\n"
    + "\n\n".join(FILLER.format(i) for i in range(120))
    + "\n"
)
FAMILY = "👨\u200d👩\u200d👧"
FLAG = "🇫🇷"
THUMB = "👍🏽"
ACCENT = "e\u0301"
GRAPHEMES = (
    f"Emoji {FAMILY} and {FLAG} and {THUMB} and caf{ACCENT} end. "
    "More words follow here to make the line long enough for the test.\n\n"
    "Another paragraph of ordinary words.\n"
)
HEBREW = "שלום עולם טוב מאוד. זה משפט שני בעברית."
RTL_BOOK = f"Opening line of text.\n\n{HEBREW}\n\nClosing line of text.\n"


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    yield from window_factory(qtbot, tmp_path)


def keys(window: MainWindow, *pressed: str | Qt.Key) -> None:
    for key in pressed:
        QTest.keyClick(window.view, key)


def text_of(window: MainWindow) -> str:
    book = window.session.book
    assert book is not None
    return book.text


def selected(window: MainWindow) -> str:
    sel = window.view.selection()
    assert sel is not None
    return text_of(window)[sel[0] : sel[1]]


def test_the_caret_moves_before_the_selection_starts(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK, size=(700, 560))
    mode, text = panel.selection, text_of(window)
    keys(window, "v")
    assert text[mode.caret()] == "S" and not mode.is_anchored()
    keys(window, "}", "w")  # past the heading, to the first word of the paragraph
    assert mode.caret() == text.index("Marley")
    keys(window, ")", "w")  # the next sentence
    assert mode.caret() == text.index("There is")
    keys(window, "j")  # a line down, about the same column
    line_down = mode.caret()
    assert text.index("There is") + 30 < line_down < text.index(SECOND)
    keys(window, Qt.Key.Key_Up)
    assert abs(mode.caret() - text.index("There is")) <= 2
    keys(window, "b", "b")  # words back
    assert mode.caret() == text.index("begin with")
    assert window.view.selection() is None  # nothing selected yet: only the caret moved
    assert window.view.caret() == mode.caret()
    keys(window, Qt.Key.Key_Space)  # Space anchors here
    assert mode.is_anchored()
    keys(window, "e", "w", "e")
    assert selected(window) == "begin with"
    keys(window, Qt.Key.Key_Return)
    (ann,) = panel.session.annotations()
    assert ann.quote == "begin with"  # not the heading: the start was moved first


def test_the_caret_moves_onto_the_next_and_previous_page(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK, size=(600, 420))
    mode = panel.selection
    first = window.view.visible_range()
    keys(window, "v", Qt.Key.Key_PageDown)
    second = window.view.visible_range()
    assert second[0] >= first[1] and mode.caret() >= second[0]
    assert text_of(window)[mode.caret()].strip()  # on the page's first character
    assert not mode.is_anchored()
    keys(window, Qt.Key.Key_PageUp)
    assert window.view.visible_range() == first
    assert first[0] <= mode.caret() < first[1]


def test_a_selection_crosses_pages(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK, size=(600, 420))
    mode, text = panel.selection, text_of(window)
    first = window.view.visible_range()
    keys(window, "v", "}", "w", "v")  # anchored at "Marley"
    start = mode.caret()
    keys(window, Qt.Key.Key_PageDown, "e")
    assert mode.caret() >= first[1]  # the caret went on to the next page
    keys(window, Qt.Key.Key_Return)
    (ann,) = panel.session.annotations()
    assert ann.start == start and ann.end > first[1]
    assert text[ann.start : ann.end].startswith("Marley was dead")


def test_v_starts_over_the_current_search_hit(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    search = panel.search
    search.field.setText("door-nail")
    search.search_now()
    qtbot.waitUntil(lambda: not search.is_running() and len(search.model.hits) == 1)
    window.view.setFocus()
    keys(window, "n")  # to the hit
    keys(window, "v")
    assert panel.selection.is_anchored()
    assert selected(window) == "door-nail"
    keys(window, "3")  # blue
    (ann,) = panel.session.annotations()
    assert (ann.quote, ann.color) == ("door-nail", "blue")


def test_whole_characters_by_keyboard(notes_window: OpenWindow) -> None:
    window, panel = notes_window(GRAPHEMES, size=(900, 600))
    mode, text = panel.selection, text_of(window)
    for cluster in (FAMILY, FLAG, THUMB, ACCENT):
        at = text.index(cluster)
        mode.stop()
        before = text[at - 1]  # the space (or letter) before it
        panel.selection.start((at - 1, at))
        keys(window, Qt.Key.Key_Right)
        assert selected(window) == before + cluster  # the caret stepped over all of it
        keys(window, Qt.Key.Key_Right)
        assert selected(window) == f"{before}{cluster} "
        keys(window, Qt.Key.Key_Left, Qt.Key.Key_Escape)
        # A selection starting inside the character takes it whole, both ends.
        panel.selection.start((at + 1, at + 2))
        assert selected(window) == cluster
        keys(window, "y")
        assert QApplication.clipboard().text() == cluster
        keys(window, Qt.Key.Key_Escape)
    at = text.index(FAMILY)
    panel.selection.start((at, at + 1))
    keys(window, Qt.Key.Key_Return)
    (ann,) = panel.session.annotations()
    assert ann.quote == FAMILY


def point_of(window: MainWindow | ReadingView, offset: int) -> QPoint:
    """A point of the page over the character at source ``offset``."""
    view = window if isinstance(window, ReadingView) else window.view
    return next(
        QPoint(x, y)
        for y in range(0, view.height(), 2)
        for x in range(0, view.width(), 2)
        if view.hit_test(QPoint(x, y)) == offset
    )


def drag(view: ReadingView, start: int, end: int) -> None:
    """Drag the mouse from character ``start`` to character ``end``."""
    points = [point_of(view, start), point_of(view, end)]
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    QTest.mouseMove(view, points[0] + QPoint(8, 0))
    QTest.mouseMove(view, points[1])
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[1])


@pytest.mark.parametrize(
    "cluster", [FAMILY, FLAG, THUMB, ACCENT], ids=["zwj", "flag", "skin", "accent"]
)
def test_a_mouse_selection_ends_on_whole_characters(
    notes_window: OpenWindow, qtbot, cluster: str
) -> None:  # type: ignore[no-untyped-def]
    # The page alone: what the mouse selects.
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    book = parse_text(GRAPHEMES)
    view.set_book(book)
    at = book.text.index(cluster)
    ended: list[tuple[int, int]] = []
    view.selection_changed.connect(ended.append)
    drag(view, book.text.index("Emoji"), at)
    assert ended and ended[-1] == view.selection()
    sel = ended[-1]
    assert book.text[sel[0] : sel[1]].endswith(cluster)  # the last character, all of it
    # In the window the mouse selection goes on in the keyboard mode, and Enter keeps it whole.
    window, panel = notes_window(GRAPHEMES, size=(900, 600))
    drag(window.view, book.text.index("Emoji"), at)
    keys(window, Qt.Key.Key_Return)
    (ann,) = panel.session.annotations()
    assert ann.quote.endswith(cluster)


def test_left_and_right_follow_a_right_to_left_paragraph(notes_window: OpenWindow) -> None:
    window, panel = notes_window(RTL_BOOK, size=(800, 600))
    mode, text = panel.selection, text_of(window)
    at = text.index("עולם")
    panel.selection.start((at, at + 1))
    keys(window, Qt.Key.Key_Left)  # leftwards on screen is on in Hebrew text
    assert mode.caret() == at + 1
    keys(window, Qt.Key.Key_Right, Qt.Key.Key_Right)
    assert mode.caret() == at - 1
    keys(window, Qt.Key.Key_Escape)
    at = text.index("line of text")  # a left-to-right paragraph: as usual
    panel.selection.start((at, at + 1))
    keys(window, Qt.Key.Key_Right)
    assert mode.caret() == at + 1


def test_a_note_shows_a_marker_in_the_margin(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    view, text = window.view, text_of(window)
    start = text.index("Old Marley")
    assert view.marker_rects() == []
    plain = panel.session.add_highlight(text.index("register"), text.index("register") + 8)
    assert plain is not None and view.marker_rects() == []  # a highlight alone: no marker
    noted = panel.session.add_highlight(start, start + 10, "pink", note="Dead as <b>a</b> nail")
    assert noted is not None
    settle(window)  # the note is saved in the background; its marker then has the saved id
    qtbot.waitUntil(
        lambda: len(view.marker_rects()) == 1 and view.marker_rects()[0][1].annotation_id > 0
    )
    ((rect, mark),) = view.marker_rects()
    assert mark.note == "Dead as <b>a</b> nail"
    trect = view._geom.text[0]  # type: ignore[union-attr]
    assert rect.left() >= trect.right()  # in the margin, not over the text
    # … beside the line where the highlight starts
    ts = view.typesetter()
    assert ts is not None and abs(rect.center().y() - point_of(window, start).y()) < ts.advance
    image = view.grab().toImage()
    centre = rect.center().toPoint()
    assert image.pixelColor(centre) != image.pixelColor(centre + QPoint(0, 40))  # painted
    # The highlight's colour is on the page under its text.
    hl = view._decorations.items
    assert (start, start + 10, "pink") in hl
    # Hovering shows the note, as plain text.
    QTest.mouseMove(view, centre)
    assert view.note_at(centre) == mark
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, centre, view.mapToGlobal(centre)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Dead as &lt;b&gt;a&lt;/b&gt; nail" in QToolTip.text()
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    # The keyboard: "Show Note Here" (M) shows it too.
    view.setFocus()
    keys(window, "m")
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Dead as &lt;b&gt;a&lt;/b&gt; nail" in QToolTip.text()
    QToolTip.hideText()
    # A click on the marker shows it, and does not turn the page.
    before = view.visible_range()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.waitUntil(QToolTip.isVisible)
    assert view.visible_range() == before
    # Deleting the note's highlight takes the marker away.
    panel.session.delete_annotation(noted.id)
    assert view.marker_rects() == []


def test_search_counts_and_closing_it_clears_its_marks(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    search = panel.search
    panel.open_search()
    QTest.keyClicks(search.field, "Filler")
    QTest.keyClick(search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not search.is_running() and len(search.model.hits) == 120)
    window.view.setFocus()
    keys(window, "n")
    assert search.status.text() == "1 of 120"
    assert window.view.notice() == "1 of 120"
    keys(window, "n", "n")
    assert search.status.text() == "3 of 120" and window.view.notice() == "3 of 120"
    QTest.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert search.status.text() == "2 of 120"

    def marks() -> set[str]:
        panel.session.refresh_decorations()
        return {c for _s, _e, c in window.view._decorations.items}

    assert {SEARCH_HIT, CURRENT_HIT} <= marks()
    window.notes_dock.hide()  # closing the search
    assert not {SEARCH_HIT, CURRENT_HIT} & marks()
    keys(window, "n")  # the search is still there: n marks its hits again
    assert search.status.text() == "3 of 120" and {SEARCH_HIT, CURRENT_HIT} <= marks()
    panel.open_search()
    panel.show_tab(panel.contents)  # another tab: the search is closed too
    assert not {SEARCH_HIT, CURRENT_HIT} & marks()
    panel.open_search()
    assert SEARCH_HIT in marks()
    QTest.keyClick(search.field, Qt.Key.Key_Escape)  # Esc in the field clears the query
    assert search.field.text() == "" and not search.model.hits
    assert not {SEARCH_HIT, CURRENT_HIT} & marks()
    assert QApplication.focusWidget() is search.field
    QTest.keyClick(search.field, Qt.Key.Key_Escape)  # and then goes back to the page
    assert QApplication.focusWidget() is window.view
