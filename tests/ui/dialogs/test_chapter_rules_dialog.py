"""Chapter rules in the window: the page menu's "Mark this line as a chapter" and "Not a
chapter", the rules dialog (add, preview, remove, Legado import, bad patterns), and rules
surviving a re-downloaded file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from settle import settle

from reader.text.chapter_rules import ChapterRule
from reader.text.parse import parse_text
from reader.ui.dialogs.chapter_rules import ChapterRulesDialog
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

STORY = "A Web Novel\n\n" + "\n\n".join(
    f"~ Part {i} ~\n\n" + f"The road went on and on in part {i}. " * 12 for i in range(1, 7)
)


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    yield from window_factory(qtbot, tmp_path)


def _dialog(qtbot, book_text: str = STORY) -> ChapterRulesDialog:  # type: ignore[no-untyped-def]
    """The dialog over ``book_text`` without rules, its first preview shown."""
    dialog = ChapterRulesDialog("A Web Novel", parse_text(book_text), [])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "working" not in dialog.preview_label.text(), timeout=5000)
    return dialog


def _titles(window: MainWindow) -> list[str]:
    assert window.session.book is not None
    return [c.title for c in window.session.book.chapters]


def _point_on(window: MainWindow, needle: str) -> QPoint:
    text = window.session.book.text  # type: ignore[union-attr]
    start = text.index(needle)
    view = window.view
    view.go_to(start)
    for y in range(0, view.height(), 3):
        for x in range(0, view.width(), 4):
            hit = view.hit_test(QPoint(x, y))
            if hit is not None and start <= hit < start + len(needle):
                return QPoint(x, y)
    raise AssertionError(f"{needle!r} is not on the page")


def _menu_action(window: MainWindow, needle: str, name: str) -> QAction:
    panel = window.notes_panel()
    assert panel is not None
    menu = panel.page_menu.build_menu(_point_on(window, needle))
    found = menu.findChild(QAction, name)
    assert found is not None, [a.objectName() for a in menu.actions()]
    return found


def test_page_menu_marks_a_line_and_takes_it_back(notes_window: OpenWindow) -> None:
    window, _panel = notes_window(STORY)
    assert "~ Part 2 ~" not in _titles(window)
    _menu_action(window, "~ Part 2 ~", "chapters.mark_line").trigger()
    settle(window)
    assert "~ Part 2 ~" in _titles(window)
    record = window.session.record
    assert record is not None
    assert window.store.chapter_rules.for_parsing(record.id) == (
        ChapterRule("mark", line="~ Part 2 ~"),
    )
    _menu_action(window, "~ Part 2 ~", "chapters.unmark_line").trigger()
    settle(window)
    assert "~ Part 2 ~" not in _titles(window)
    # "Not a chapter" replaced "mark" for that line: one rule, the latest word
    assert window.store.chapter_rules.for_parsing(record.id) == (
        ChapterRule("unmark", line="~ Part 2 ~"),
    )


def test_palette_command_marks_the_line_at_the_top_of_the_page(notes_window: OpenWindow) -> None:
    window, _panel = notes_window(STORY)
    window.view.set_caret(window.session.book.text.index("~ Part 3 ~") + 2)  # type: ignore[union-attr]
    window.registry.run("chapters.mark_line")
    settle(window)
    assert _titles(window)[-1] == "~ Part 3 ~"


def test_dialog_adds_previews_and_removes_a_rule(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        dialog.pattern_edit.setText(r"^~ Part \d+ ~$")
    assert dialog.preview.count() == 6
    assert dialog.preview.item(0).text() == "~ Part 1 ~"
    assert "6 entries" in dialog.preview_label.text()
    assert dialog.add_pattern()
    assert dialog.rules() == [ChapterRule("pattern", r"^~ Part \d+ ~$")]
    assert dialog.rule_list.item(0).text() == r"Pattern: ^~ Part \d+ ~$"
    dialog.rule_list.setCurrentRow(0)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.rule_list.setFocus()
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        qtbot.keyClick(dialog.rule_list, Qt.Key.Key_Delete)
    assert dialog.rules() == []
    assert dialog.preview.count() == 0
    assert "no chapters" in dialog.preview_label.text()


@pytest.mark.parametrize(
    ("pattern", "says"),
    [("(", "Invalid regular expression"), ("^", "empty text"), ("(a|aa)+$", "too long")],
)
def test_dialog_refuses_bad_patterns_with_a_message(qtbot, pattern: str, says: str) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.pattern_edit.setText(pattern)
    assert not dialog.add_pattern()
    assert says in dialog.message.text()
    assert dialog.rules() == []


def test_legado_rules_are_offered_by_name(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = [
        {"id": -1, "enable": True, "name": "Chapter 序号", "rule": r"^~ Part \d+ ~$",
         "example": "~ Part 2 ~", "serialNumber": 1},
        {"id": -2, "enable": False, "name": "<b>Numbers</b>", "rule": r"^\d+$",
         "serialNumber": 0},
        {"name": "no pattern"},
        "not a rule",
    ]  # fmt: skip
    path = tmp_path / "txtTocRule.json"
    path.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    dialog = _dialog(qtbot)
    assert dialog.import_legado(str(path))
    assert [dialog.legado_combo.itemText(i) for i in range(dialog.legado_combo.count())] == [
        "<b>Numbers</b> (off in Legado)",
        "Chapter 序号",
    ]
    assert "2 left out" in dialog.message.text()
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        dialog.legado_combo.activated.emit(1)
    assert dialog.pattern_edit.text() == r"^~ Part \d+ ~$"
    assert dialog.preview.count() == 6


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"{not json", "not JSON"),
        (b"[]", "no Legado chapter rules"),
        (b'{"name": "x", "rule": ""}', "no Legado chapter rules"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[" * 100_000, "not JSON"),
    ],
)
def test_malformed_legado_files_give_a_message(
    qtbot, tmp_path: Path, content: bytes, says: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.json"
    path.write_bytes(content)
    dialog = _dialog(qtbot)
    assert not dialog.import_legado(str(path))
    assert says in dialog.message.text()
    assert not dialog.legado_combo.isEnabled()


def test_rules_are_saved_and_survive_a_redownload(notes_window: OpenWindow, tmp_path: Path) -> None:
    window, _panel = notes_window(STORY, name="novel.txt")
    seen: list[bool] = []

    def use_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(isinstance(dialog, ChapterRulesDialog))
        assert isinstance(dialog, ChapterRulesDialog)
        dialog.pattern_edit.setText(r"^~ Part [246] ~$")
        assert dialog.add_pattern()
        dialog.accept()

    QTimer.singleShot(100, use_dialog)
    window.registry.run("chapters.rules")
    settle(window)
    assert seen == [True]
    assert _titles(window) == ["~ Part 2 ~", "~ Part 4 ~", "~ Part 6 ~"]
    # A new version of the file in the same place: more text, a new size and key.
    path = tmp_path / "novel.txt"
    path.write_text(
        STORY.replace("A Web Novel", "A Web Novel\nUpdated today") + "\n\n~ Part 8 ~\n\nMore.\n",
        encoding="utf-8",
    )
    assert window.open_path(str(path))
    settle(window)
    assert _titles(window) == ["~ Part 2 ~", "~ Part 4 ~", "~ Part 6 ~"]
    book = window.session.book
    assert book is not None
    for chapter in book.chapters:
        assert book.text.startswith(chapter.title, chapter.offset)
