"""The keyboard selection mode on a real window: v, w/e/b, ( ), { }, arrows, Esc, Enter, n."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from settle import settle

from reader.text.parse import parse_text
from reader.ui.notes.note_editor import NoteEditor
from reader.ui.reading.selection import Motions
from reader.ui.window.main_window import MainWindow

FIRST = (
    "Marley was dead, to begin with. There is no doubt whatever about that! "
    "The register of his burial was signed by the clergyman, the clerk, the undertaker, "
    "and the chief mourner. Scrooge signed it: and Scrooge's name was good upon 'Change."
)
SECOND = "Old Marley was as dead as a door-nail. Mind! I don't mean to say that I know."
FILLER = "Filler paragraph number {} says nothing much, at some length, to fill the pages up."
BOOK = (
    f"Stave One\n\n{FIRST}\n\n{SECOND}\n\n"
    + "\n\n".join(FILLER.format(i) for i in range(96))
    + "\n"
)


def _keys(window: MainWindow, *keys: str | Qt.Key) -> None:
    for key in keys:
        QTest.keyClick(window.view, key)


def _selected(window: MainWindow) -> str:
    sel = window.view.selection()
    assert sel is not None
    return window.session.book.text[sel[0] : sel[1]]  # type: ignore[union-attr]


def test_v_starts_at_the_top_of_the_page_and_esc_leaves(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK)
    mode = panel.selection
    text = window.session.book.text  # type: ignore[union-attr]
    _keys(window, "v")
    assert mode.is_active() and not mode.is_anchored()
    assert text[mode.caret()] == "S"  # the first character on the page is the caret
    assert window.view.caret() == mode.caret() and window.view.selection() is None
    assert mode.hint.isVisible() and mode.hint.text().startswith("Selecting")
    _keys(window, "v")  # a second v starts the selection at the caret
    assert mode.is_anchored()
    assert _selected(window) == "S"
    _keys(window, Qt.Key.Key_Escape)
    assert not mode.is_active()
    assert window.view.selection() is None
    assert not mode.hint.isVisible()


def test_word_motions_then_enter_highlights_the_exact_words(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK)
    text = window.session.book.text  # type: ignore[union-attr]
    _keys(window, "v", "v", "}")  # anchored at the top of the page; to the end of the heading
    assert _selected(window) == "Stave One"
    _keys(window, Qt.Key.Key_Escape, "v", "w", "w")  # caret to "Marley"; restart the anchor there
    assert panel.selection.caret() == text.index("Marley")
    anchor_at = panel.selection.caret()
    _keys(window, Qt.Key.Key_Escape)
    panel.selection.start((anchor_at, anchor_at + 1))
    _keys(window, "e")
    assert _selected(window) == "Marley"
    _keys(window, "w", "e")
    assert _selected(window) == "Marley was"
    _keys(window, "b")
    assert _selected(window) == "Marley w"
    _keys(window, "e", "e", "e")
    assert _selected(window) == "Marley was dead, to"
    _keys(window, Qt.Key.Key_Return)
    assert not panel.selection.is_active()
    settle(window)  # saved in the background
    notes = window.store.annotations.annotations(window.session.record.id)  # type: ignore[union-attr]
    assert [(a.quote, a.color) for a in notes] == [("Marley was dead, to", "yellow")]
    assert text[notes[0].start : notes[0].end] == "Marley was dead, to"
    assert (notes[0].start, notes[0].end, "yellow") in window.view._decorations.items


def test_sentence_and_paragraph_motions(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK)
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index("Marley was dead")
    panel.selection.start((start, start + 1))
    _keys(window, ")")
    assert _selected(window) == "Marley was dead, to begin with."
    _keys(window, ")")
    assert _selected(window).endswith("no doubt whatever about that!")
    _keys(window, "(")
    assert _selected(window) == "Marley was dead, to begin with. T"  # start of sentence two
    _keys(window, "}")
    assert _selected(window) == FIRST
    _keys(window, "}")
    assert _selected(window) == f"{FIRST}\n\n{SECOND}"
    _keys(window, "{")
    assert _selected(window) == f"{FIRST}\n\nO"
    _keys(window, "{", "{")
    assert _selected(window) == "Stave One\n\nM"  # the caret went back before the anchor


def test_arrows_move_by_character_and_line_and_win_over_page_keys(
    notes_window: OpenWindow,
) -> None:
    window, panel = notes_window(BOOK, size=(700, 600))
    text = window.session.book.text  # type: ignore[union-attr]
    before = window.view.visible_range()
    start = text.index("Marley was dead")
    panel.selection.start((start, start + 1))
    _keys(window, Qt.Key.Key_Right, Qt.Key.Key_Right)
    assert _selected(window) == "Mar"
    _keys(window, Qt.Key.Key_Left)
    assert _selected(window) == "Ma"
    assert window.view.visible_range() == before  # → and ← did not turn the page
    _keys(window, Qt.Key.Key_Down)
    down = panel.selection.caret()
    assert start + 20 < down < text.index(SECOND)  # one display line further into the paragraph
    _keys(window, Qt.Key.Key_Up)
    assert abs(panel.selection.caret() - (start + 1)) <= 2  # back to about the same column
    _keys(window, "b")  # inside the mode "b" is word-back, not a bookmark
    assert window.store.annotations.bookmarks(window.session.record.id) == []  # type: ignore[union-attr]
    _keys(window, Qt.Key.Key_Escape)
    _keys(window, "b")  # outside it bookmarks the page
    settle(window)  # saved in the background
    assert len(window.store.annotations.bookmarks(window.session.record.id)) == 1  # type: ignore[union-attr]


def test_the_page_follows_the_caret(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK, size=(600, 420))
    first_page = window.view.visible_range()
    _keys(window, "v")
    for _ in range(40):
        _keys(window, "}")
        lo, hi = window.view.visible_range()
        assert lo <= panel.selection.caret() < hi
    assert window.view.visible_range() != first_page
    assert panel.selection.caret() > first_page[1]


def test_n_highlights_and_opens_the_note_editor(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index("Old Marley")
    panel.selection.start((start, start + 1))
    _keys(window, "e", "w", "e", "e", "n")
    editor = panel.highlights.editor
    assert isinstance(editor, NoteEditor) and editor.isVisible()
    assert "Old Marley" in editor.quote_label.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.edit)
    QTest.keyClicks(editor.edit, "Dead as <b>a</b> door-nail")
    QTest.keyClick(editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.highlights.editor is None)
    (note,) = window.store.annotations.annotations(window.session.record.id)  # type: ignore[union-attr]
    assert note.quote == "Old Marley was"
    assert note.note == "Dead as <b>a</b> door-nail"
    row = panel.highlights.items()[0].text(0)
    assert "Note: Dead as <b>a</b> door-nail" in row  # plain text, shown literally


@pytest.mark.parametrize(("key", "colour"), [("1", "yellow"), ("3", "blue"), ("5", "purple")])
def test_number_keys_choose_the_colour(notes_window: OpenWindow, key: str, colour: str) -> None:
    window, panel = notes_window(BOOK)
    _keys(window, "v", "v", "e", key)
    (ann,) = panel.session.annotations()
    assert (ann.quote, ann.color) == ("Stave", colour)


def test_motions_stay_inside_the_text() -> None:
    book = parse_text("One two.\n\nThree four five.\n")
    m = Motions(book)
    end = len(book.text.rstrip()) - 1
    assert m.word_prev(0) == 0
    assert m.char_prev(0) == 0
    assert m.char_next(end) <= end + 1
    assert m.word_end(end) == end
    assert m.paragraph_end(end) == end
    assert book.text[m.word_next(0)] == "t"
    assert book.text[m.char_next(book.text.index("."))] == "T"  # skips the blank line


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A real window over a temp store (see notes_support.window_factory)."""
    yield from window_factory(qtbot, tmp_path)
