"""The Contents tab: parts and chapters as a tree, following the page, jumping on Enter/click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notes_support import OpenWindow, window_factory
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

BODY = "\n\n".join(["Some prose sentence that goes on for a while and says very little. " * 3] * 8)


def _book() -> str:
    text = ""
    for part in ("PART ONE", "PART TWO"):
        text += f"{part}\n\n\n"
        for chapter in ("I", "II", "III"):
            text += f"CHAPTER {chapter}\n\n{BODY}\n\n\n"
    return text


def test_parts_hold_their_chapters(notes_window: OpenWindow) -> None:
    window, panel = notes_window(_book())
    tree = panel.contents.tree
    assert tree.topLevelItemCount() == 2
    for i, part in enumerate(("PART ONE", "PART TWO")):
        top = tree.topLevelItem(i)
        assert top.text(0) == part
        assert [top.child(j).text(0) for j in range(top.childCount())] == [
            "CHAPTER I", "CHAPTER II", "CHAPTER III"
        ]  # fmt: skip
    assert panel.contents.item_count() == len(window.session.book.chapters)  # type: ignore[union-attr]


def test_the_current_chapter_follows_the_page(notes_window: OpenWindow) -> None:
    window, panel = notes_window(_book())
    chapters = window.session.book.chapters  # type: ignore[union-attr]
    assert panel.contents.current_index() in (0, 1)  # the opening page: part one, chapter I
    window.view.go_to(chapters[6].offset + 50)  # inside PART TWO, CHAPTER II
    assert panel.contents.current_index() == 6
    assert panel.contents.tree.currentItem().text(0) == "CHAPTER II"
    QTest.keyClick(window.view, Qt.Key.Key_BracketRight)  # next chapter by key
    assert panel.contents.current_index() == 7


def test_enter_and_click_jump_to_the_chapter(notes_window: OpenWindow) -> None:
    window, panel = notes_window(_book())
    chapters = window.session.book.chapters  # type: ignore[union-attr]
    tree = panel.contents.tree
    panel.show_tab(panel.contents)
    panel.contents.focus_list()
    tree.setCurrentItem(panel.contents.item(3))  # PART ONE … CHAPTER III
    QTest.keyClick(tree, Qt.Key.Key_Return)
    lo, hi = window.view.visible_range()
    assert lo <= chapters[3].offset < hi
    item = panel.contents.item(5)
    rect = tree.visualItemRect(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    lo, hi = window.view.visible_range()
    assert lo <= chapters[5].offset < hi
    assert panel.contents.current_index() == 5


def test_list_keys_move_in_the_tree_not_the_book(notes_window: OpenWindow) -> None:
    window, panel = notes_window(_book())
    panel.show_tab(panel.contents)
    panel.contents.focus_list()
    before = window.view.visible_range()
    for key in (Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageDown):
        QTest.keyClick(panel.contents.tree, key)
    assert window.view.visible_range() == before  # no page turns, no jump to the end
    assert panel.contents.current_index() == panel.contents.item_count() - 1


def test_a_book_without_chapters_says_so(notes_window: OpenWindow) -> None:
    _window, panel = notes_window("Just a few words.\n\nAnd a few more.\n")
    assert panel.contents.item_count() == 0
    assert panel.contents.empty.isVisibleTo(panel.contents)


def test_titles_are_plain_text(notes_window: OpenWindow) -> None:
    _window, panel = notes_window(
        f"CHAPTER I. <b>Bold</b> &amp; Co\n\n{BODY}\n\n\nCHAPTER II\n\n{BODY}\n"
    )
    titles = [panel.contents.item(i).text(0) for i in range(panel.contents.item_count())]
    assert titles[0] == "CHAPTER I. <b>Bold</b> &amp; Co"


@pytest.fixture
def notes_window(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """A real window over a temp store (see notes_support.window_factory)."""
    yield from window_factory(qtbot, tmp_path)


def test_the_mark_comes_back_after_a_place_before_every_entry(notes_window: OpenWindow) -> None:
    """Before the first entry nothing is marked; back in the same chapter it is marked again."""
    window, panel = notes_window(_book())
    chapters = window.session.book.chapters  # type: ignore[union-attr]
    tree = panel.contents.tree
    window.view.go_to(chapters[-1].offset)
    assert panel.contents.current_index() == len(chapters) - 1
    panel.contents.follow(chapters[0].offset - 1)  # before every entry
    assert tree.currentItem() is None and not tree.selectedItems()
    panel.contents.follow(chapters[-1].offset)
    assert panel.contents.current_index() == len(chapters) - 1
    assert tree.currentItem().isSelected()
    tree.clearSelection()  # e.g. a click that deselected it: the next page marks it again
    panel.contents.follow(chapters[-1].offset + 10)
    assert tree.currentItem().isSelected()


def test_a_flat_contents_has_no_branch_indent(notes_window: OpenWindow, tmp_path: Path) -> None:
    flat = "".join(f"CHAPTER {c}\n\n{BODY}\n\n\n" for c in ("I", "II", "III"))
    _window, panel = notes_window(flat)
    assert panel.contents.item_count() == 3
    assert not panel.contents.tree.rootIsDecorated()
    _window, panel = notes_window(_book(), name="parts.txt", base=tmp_path / "other")
    assert panel.contents.tree.rootIsDecorated()  # parts fold
