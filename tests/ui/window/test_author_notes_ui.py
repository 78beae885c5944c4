"""Author's notes and lost italics in the real window: notes set apart, folded, opened by
the keyboard and the mouse; the per-book and global switches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest
from window_support import close_windows, shown_window

from reader.layout.note_folds import NoteFolds
from reader.paths import Paths
from reader.text.book import BlockKind
from reader.ui.common.behaviour import HIDE_AUTHOR_NOTES_SETTING, ITALICS_REPAIR_SETTING
from reader.ui.dialogs.book_settings import BookSettingsDialog, apply_book_settings
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PROSE = (
    "Damon waited by the window for a long while, watching the rain run down the glass "
    "and thinking about what Alaric had said to him the night before.\n\n"
)
STORY = (
    "Chapter 1\n\n"
    "A/N: Thanks to everyone who reviewed the last story. This one is for you, and it "
    "is going to be a long one.\n\n"
    + PROSE * 3
    + "He was supposed to be deadand nobody had told him. "
    + PROSE * 3
    + "Chapter End Notes\n\n> Please leave a comment!\n\n"
    + "Chapter 2\n\n"
    + PROSE * 12
)

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[MakeWindow]:  # type: ignore[no-untyped-def]
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = shown_window(qtbot, Paths((tmp_path / "quire").absolute()), (720, 900))
        made.append(window)
        return window

    yield make
    close_windows(made)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    return path


def _first_note_block(window: MainWindow) -> int:
    book = window.session.book
    assert book is not None and book.author_notes
    return book.blocks.index_at(book.author_notes[0].start)


def test_notes_are_set_apart(make_window: MakeWindow, story: Path) -> None:
    window = make_window()
    assert window.open_path(str(story))
    book = window.session.book
    assert book is not None
    assert [n.kind.value for n in book.author_notes] == ["chapter", "end"]
    ts = window.view.typesetter()
    assert ts is not None
    blk = ts.block(_first_note_block(window))
    assert blk is not None and blk.kind == BlockKind.AUTHOR_NOTE
    assert blk.text.startswith("AUTHOR’S NOTE\u2028A/N: Thanks")
    assert blk.label_chars == len("AUTHOR’S NOTE")
    assert blk.role == "muted"
    assert blk.space_before >= ts.advance  # a line's space above the label and rule
    body = QFontMetricsF(ts.body_font).height()
    assert blk.line_heights[1] < blk.line_heights[0] + body  # set smaller than the story
    # a note that opens with its own label line ("Chapter End Notes") is labelled by it
    end = ts.block(book.blocks.index_at(book.author_notes[1].start))
    assert end is not None and end.text == "Chapter End Notes"
    assert end.label_chars == len(end.text) and end.space_after == 0
    under = ts.block(book.blocks.index_at(book.author_notes[1].start) + 1)
    assert under is not None and under.text == "Please leave a comment!"
    assert under.space_before == 0
    # the label maps to the note's start: a position there stays an exact offset
    assert blk.source_offset(0) == book.author_notes[0].start
    window.view.grab()  # paints the page with the label and the rule


def test_notes_fold_and_open_by_keyboard(make_window: MakeWindow, story: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(story))
    book = window.session.book
    assert book is not None
    position = window.view.position()
    window.registry.run("view.author_notes")
    assert window.view.note_folds().hidden
    assert window.view.position() == position
    ts = window.view.typesetter()
    assert ts is not None
    first = _first_note_block(window)
    fold = ts.block(first)
    assert fold is not None and fold.text == "Author’s note — show"
    note = book.author_notes[0]
    assert fold.source_offset(0) == note.start and fold.end_offset >= note.end
    assert window.view.folded_notes_shown()[0] == note
    record = window.session.record
    assert record is not None
    qtbot.waitUntil(lambda: window.store.library.get(record.id).hide_author_notes is True)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_O)
    assert note.start in window.view.note_folds().opened
    ts = window.view.typesetter()
    assert ts is not None
    opened = ts.block(first)
    assert opened is not None and opened.text.startswith("AUTHOR’S NOTE\u2028A/N:")
    window.view.grab()


def test_folded_note_opens_with_a_click(make_window: MakeWindow, story: Path) -> None:
    window = make_window()
    assert window.open_path(str(story))
    window.registry.run("view.author_notes")
    book = window.session.book
    assert book is not None
    note = book.author_notes[0]
    view = window.view
    rects = view.range_rects(note.start, note.start + 1) if hasattr(view, "range_rects") else []
    if rects:
        point = rects[0].center()
    else:  # find the fold line by hit-testing down the middle of the page
        point = next(
            QPointF(view.width() / 2, y)
            for y in range(0, view.height(), 4)
            if view.hit_test(QPointF(view.width() / 2, y)) == note.start
        )
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert note.start in view.note_folds().opened


def test_open_command_without_a_fold(make_window: MakeWindow, story: Path) -> None:
    window = make_window()
    assert window.open_path(str(story))
    window.registry.run("notes.open_author_note")  # notes shown: nothing to open
    assert window.view.note_folds() == NoteFolds()


def test_book_settings_switch_repair_and_folding(make_window: MakeWindow, story: Path) -> None:
    window = make_window()
    assert window.open_path(str(story))
    book = window.session.book
    assert book is not None and book.repair_italics and len(book.glued_words) == 1
    record = window.session.record
    assert record is not None
    dialog = BookSettingsDialog(record, window)
    assert dialog.choices().italics_repair is None and dialog.choices().hide_author_notes is None
    dialog.set_italics_repair(False)
    dialog.set_author_notes_hidden(True)
    choices = dialog.choices()
    dialog.reject()
    assert (choices.italics_repair, choices.hide_author_notes) == (False, True)
    apply_book_settings(window, record, choices)
    book = window.session.book
    assert book is not None and not book.repair_italics
    assert window.view.note_folds().hidden
    saved = window.store.library.get(record.id)
    assert saved is not None and (saved.italics_repair, saved.hide_author_notes) == (False, True)
    # back to "as in Settings": repaired, shown
    dialog = BookSettingsDialog(saved, window)
    dialog.set_italics_repair(None)
    dialog.set_author_notes_hidden(None)
    apply_book_settings(window, saved, dialog.choices())
    dialog.reject()
    book = window.session.book
    assert book is not None and book.repair_italics and not window.view.note_folds().hidden


def test_global_settings_apply(make_window: MakeWindow, story: Path) -> None:
    window = make_window()
    assert window.open_path(str(story))
    window.store.settings.set(HIDE_AUTHOR_NOTES_SETTING, True)
    window.store.settings.set(ITALICS_REPAIR_SETTING, False)
    window.apply_behaviour()
    book = window.session.book
    assert book is not None and not book.repair_italics
    assert window.view.note_folds().hidden
    ts = window.view.typesetter()
    assert ts is not None
    g = book.glued_words[0]
    blk = ts.block(book.blocks.index_at(g.start))
    assert blk is not None and "deadand" in blk.text.replace("\u00ad", "")


def test_a_jump_into_a_folded_note_opens_it(make_window: MakeWindow, story: Path) -> None:
    window = make_window()
    assert window.open_path(str(story))
    window.registry.run("view.author_notes")
    book = window.session.book
    assert book is not None
    note = book.author_notes[0]
    window.view.go_to(note.start + 20)  # a search hit inside the note
    assert note.start in window.view.note_folds().opened
    start, end = window.view.visible_range()
    assert start <= note.start + 20 < end
