"""The Highlights & notes tab: list, recolour, edit note, delete with undo, jump, export."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from settle import settle

from reader.ui.notes.panel import NotesPanel

QUOTE = "Scrooge said <b>Humbug</b> & meant it"
BOOK = (
    "Chapter 1\n\n" + "Fog and frost and fire. " * 40 + "\n\n"
    f"{QUOTE}, loudly.\n\n" + "\n\n".join(["The clerk's fire was very small. " * 12] * 30)
    + "\n\n\nChapter 2\n\nMarley was dead: to begin with.\n"
)  # fmt: skip


def _quote_span(panel: NotesPanel) -> tuple[int, int]:
    text = panel.session.book.text  # type: ignore[union-attr]
    start = text.index(QUOTE)
    return start, start + len(QUOTE)


def test_rows_show_quote_note_colour_chapter_and_date_as_plain_text(
    notes_window: OpenWindow,
) -> None:
    _window, panel = notes_window(BOOK)
    ann = panel.highlight(*_quote_span(panel), "pink")
    assert ann is not None
    panel.session.update(ann.id, note="<i>not</i> markup")
    (item,) = panel.highlights.items()
    lines = item.text(0).split("\n")
    assert lines[0] == f"“{QUOTE}”"
    assert lines[1] == "Note: <i>not</i> markup"
    colour, date, chapter = lines[2].split(" · ")
    assert (chapter, colour) == ("Chapter 1", "pink")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", date)
    assert not item.icon(0).isNull()


def test_keys_recolour_edit_delete_and_undo(notes_window: OpenWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, panel = notes_window(BOOK)
    ann = panel.highlight(*_quote_span(panel))
    assert ann is not None
    settle(window)  # saved in the background: now with its id in the library
    ann = panel.session.annotation(ann.id)
    assert ann is not None
    tab = panel.highlights
    panel.show_tab(tab)
    tab.tree.setFocus()
    tab.tree.setCurrentItem(tab.items()[0])

    QTest.keyClick(tab.tree, "2")
    assert panel.session.annotations()[0].color == "green"
    assert (ann.start, ann.end, "green") in window.view._decorations.items

    QTest.keyClick(tab.tree, Qt.Key.Key_F2)
    editor = tab.editor
    assert editor is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.edit)
    QTest.keyClicks(editor.edit, "A second thought")
    editor.accept()
    qtbot.waitUntil(lambda: tab.editor is None)  # it closes once the note is saved
    stored = window.store.annotations.get_annotation(ann.id)
    assert stored is not None and stored.note == "A second thought"

    tab.tree.setFocus()
    tab.tree.setCurrentItem(tab.items()[0])
    QTest.keyClick(tab.tree, Qt.Key.Key_Delete)
    settle(window)
    assert window.store.annotations.get_annotation(ann.id) is None
    assert tab.items() == [] and tab.undo_button.isEnabled()
    assert all(c != "green" for _s, _e, c in window.view._decorations.items)
    tab.tree.setFocus()
    QTest.keyClick(tab.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    back = window.store.annotations.get_annotation(ann.id)
    assert back is not None and (back.note, back.color) == ("A second thought", "green")
    assert len(tab.items()) == 1 and not tab.undo_button.isEnabled()


def test_context_menu_recolours_and_enter_jumps(notes_window: OpenWindow) -> None:
    window, panel = notes_window(BOOK, size=(700, 460))
    ann = panel.highlight(*_quote_span(panel))
    assert ann is not None
    menu = panel.highlights.build_menu(ann.id)
    colours = next(a.menu() for a in menu.actions() if a.menu() is not None)
    blue = next(a for a in colours.actions() if "Blue" in a.text())
    blue.trigger()
    assert panel.session.annotations()[0].color == "blue"
    window.view.last_page()
    tab = panel.highlights
    panel.show_tab(tab)
    tab.tree.setFocus()
    tab.tree.setCurrentItem(tab.items()[0])
    QTest.keyClick(tab.tree, Qt.Key.Key_Return)
    lo, hi = window.view.visible_range()
    assert lo <= ann.start < hi


def _unescape(line: str) -> str:
    return re.sub(r"\\(.)", r"\1", line).replace("&#32;", " ")


@pytest.mark.parametrize("scope", ["book", "library"])
def test_export_from_the_panel_parses_back(
    notes_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope: str
) -> None:
    window, panel = notes_window(BOOK)
    ann = panel.highlight(*_quote_span(panel), "purple")
    assert ann is not None
    panel.session.update(ann.id, note="# not a heading\n> not a quote")
    settle(window)  # the export reads the library
    target = tmp_path / "out"
    monkeypatch.setattr(
        panel.highlights, "choose_export_path", lambda fmt, _suggested: f"{target}.{fmt}"
    )
    json_path = panel.highlights.export(scope, "json")
    md_path = panel.highlights.export(scope, "md")
    assert json_path and md_path

    doc = json.loads(Path(json_path).read_text(encoding="utf-8"))
    (book,) = doc["books"]
    (a,) = book["annotations"]
    assert (a["quote"], a["note"], a["color"]) == (
        QUOTE,
        "# not a heading\n> not a quote",
        "purple",
    )
    assert (a["start"], a["end"], a["chapter"]) == (ann.start, ann.end, "Chapter 1")

    md = Path(md_path).read_text(encoding="utf-8").splitlines()
    quotes = [_unescape(line[2:]) for line in md if line.startswith("> ")]
    assert quotes == [QUOTE]
    assert "## Chapter 1" in md
    assert "\\# not a heading" in md and "\\> not a quote" in md
    assert "exported" in window.current_message()


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A real window over a temp store (see notes_support.window_factory)."""
    yield from window_factory(qtbot, tmp_path)
