"""The library pane: filtering, sorting, opening with Enter, removal with undo, identity,
missing files, plain-text titles, and the first-run sample."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QStyleOptionViewItem
from settle import settle

from reader.cli import parse_args
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.commands.keymap import conflicts
from reader.ui.library.importer import SAMPLE_FILE, SAMPLE_SETTING
from reader.ui.library.model import LibraryModel, Role
from reader.ui.library.pane import LibraryPane
from reader.ui.library.record_text import fold, format_length, relative_day
from reader.ui.window.main_window import MainWindow
from reader.ui.window.panes import install_library_pane, library_context

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

Make = Callable[..., tuple[MainWindow, LibraryPane]]


def write_book(path: Path, title: str, author: str = "", body: str = "") -> Path:
    """A small book whose header names its title and author."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"Title: {title}\n"
    if author:
        text += f"Author: {author}\n"
    text += "\nChapter 1\n\n" + (body or f"The story of {title}. " * 40) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def make(qtbot, tmp_path: Path) -> Iterator[Make]:  # type: ignore[no-untyped-def]
    """A real window with the library pane, over a fresh store (loaded synchronously)."""
    made: list[MainWindow] = []

    def build(base: Path | None = None) -> tuple[MainWindow, LibraryPane]:
        paths = Paths((base or tmp_path / "quire").absolute())
        paths.ensure()
        window = MainWindow(open_store(paths.database), paths)
        pane = install_library_pane(window, load=False)
        qtbot.addWidget(window)
        window.resize(900, 700)
        window.show()
        window.library_dock.show()
        pane.reload(check_files=False)
        made.append(window)
        return window, pane

    yield build
    for window in made:
        window.close()
        window.shutdown()


def titles(pane: LibraryPane) -> list[str]:
    return [pane.model.data(pane.model.index(r)) for r in range(pane.model.rowCount())]


def add_records(window: MainWindow, tmp_path: Path, names: list[tuple[str, str]]) -> list[int]:
    """Add books (title, author) to the store with real files; returns their ids."""
    ids = []
    for i, (title, author) in enumerate(names):
        path = write_book(tmp_path / "books" / f"book{i}.txt", title, author)
        rec, _ = window.store.library.upsert_book(
            book_key=f"key{i}-{i}", path=str(path), title=title, author=author, length=1000 * i
        )
        ids.append(rec.id)
    return ids


# --- formatting and folding ---------------------------------------------------------------


def test_fold_and_formatters() -> None:
    assert fold("Eugène Onéguine") == "eugene oneguine"
    assert fold("BOVARY") == "bovary"
    assert fold("Война и мир") == fold("ВОЙНА И МИР") and "мир" in fold("Война и мир")
    now = datetime(2024, 5, 20, 12, tzinfo=UTC)
    assert relative_day(None, now) == "not opened"
    assert relative_day(now.isoformat(), now) == "today"
    assert relative_day((now - timedelta(days=3)).isoformat(), now) == "3 days ago"
    assert relative_day((now - timedelta(days=30)).isoformat(), now) == "4 weeks ago"
    assert relative_day((now - timedelta(days=800)).isoformat(), now) == "2 years ago"
    assert format_length(8450, "words") == "8,450 words"
    assert format_length(52_300, "words") == "52k words"
    assert format_length(-1_234_567, "chars") == "≈ 1.2M characters"
    assert format_length(0, "words") == ""


# --- filter and sort ----------------------------------------------------------------------


def test_filter_ignores_case_and_accents_and_matches_file_names(make: Make, tmp_path: Path) -> None:
    window, pane = make()
    add_records(
        window,
        tmp_path,
        [("Madame Bovary", "Gustave Flaubert"), ("Eugène Onéguine", "Pouchkine"), ("Emma", "")],
    )
    pane.reload(check_files=False)
    assert pane.model.rowCount() == 3
    QTest.keyClicks(pane.filter_edit, "bovary")
    assert titles(pane) == ["Madame Bovary"]
    pane.filter_edit.setText("Eugene")
    assert titles(pane) == ["Eugène Onéguine"]
    pane.filter_edit.setText("FLAUB")  # author
    assert titles(pane) == ["Madame Bovary"]
    pane.filter_edit.setText("book2")  # file name
    assert titles(pane) == ["Emma"]
    pane.filter_edit.setText("pouchkine onegu")  # every word must match
    assert titles(pane) == ["Eugène Onéguine"]
    pane.filter_edit.setText("zzz")
    assert pane.model.rowCount() == 0
    assert "No book matches" in pane.count_label.text()
    assert pane.list.placeholder() == "No book matches “zzz”."  # said in the empty list too
    pane.filter_edit.clear()
    assert pane.model.rowCount() == 3
    assert pane.count_label.text() == "3 books"


def test_an_empty_library_says_how_to_add_books(make: Make) -> None:
    window, pane = make()
    assert pane.model.rowCount() == 0
    text = pane.list.placeholder()
    assert text.startswith("Your library is empty.") and "Drop .txt files" in text
    keys = window.registry.key_text("library.add_files")
    assert keys and f"({keys})" in text


def test_sort_orders_and_the_choice_is_remembered(make: Make, tmp_path: Path) -> None:
    window, pane = make()
    lib = window.store.library
    a, b, c, _d = add_records(
        window,
        tmp_path,
        [("Charlie", "Zed"), ("alpha", "Young"), ("Bravo", ""), ("Delta", "Xavier")],
    )
    lib.mark_read(c)
    lib.mark_read(b)
    lib.mark_read(a)  # a read most recently, d never
    window.store.annotations.save_progress(b, 10, 80.0)
    window.store.annotations.save_progress(a, 10, 20.0)
    pane.reload(check_files=False)
    assert titles(pane)[-1] == "Delta"  # never read: last
    assert titles(pane)[-2] == "Bravo"  # read longest ago
    pane.set_sort("title")
    assert titles(pane) == ["alpha", "Bravo", "Charlie", "Delta"]  # case-insensitive
    pane.set_sort("author")
    assert titles(pane) == ["Delta", "alpha", "Charlie", "Bravo"]  # no author last
    pane.set_sort("progress")
    assert titles(pane) == ["alpha", "Charlie", "Bravo", "Delta"]  # most read first
    pane.set_sort("added")
    assert titles(pane) == ["Delta", "Bravo", "alpha", "Charlie"]  # newest first
    assert window.store.settings.get("library_sort") == "added"
    # a new pane (next start) uses the remembered order
    other = LibraryPane(library_context(window))
    other.reload(check_files=False)
    assert other.sort_combo.currentData() == "added"
    assert titles(other) == ["Delta", "Bravo", "alpha", "Charlie"]
    other.deleteLater()


# --- opening, removing, undo --------------------------------------------------------------


def test_the_book_left_shows_how_far_it_was_read(make: Make, tmp_path: Path) -> None:
    """Switching books refreshes the row of the one left, whose last page was saved on leaving."""
    window, pane = make()
    body = "Some prose that fills a good many pages of this little book. " * 400
    first = write_book(tmp_path / "first.txt", "First", body=body)
    second = write_book(tmp_path / "second.txt", "Second", body=body)
    assert window.open_path(str(first))
    first_id = window.session.record.id  # type: ignore[union-attr]
    window.view.go_to_percent(60.0)
    assert window.open_path(str(second))  # no time for the progress timer: the switch refreshes
    settle(window)  # the position left is written in the background; its row then refreshes
    row = pane.model.row_of(first_id)
    record = pane.model.data(pane.model.index(row), Role.RECORD)
    assert record.percent > 50.0


def test_enter_opens_the_selected_book_and_the_pane_follows_opens(
    make: Make, tmp_path: Path
) -> None:
    window, pane = make()
    ids = add_records(window, tmp_path, [("First", "A"), ("Second", "B")])
    pane.reload(check_files=False)
    pane.set_sort("title")
    pane.list.setFocus()
    pane.select_id(ids[1])
    QTest.keyClick(pane.list, Qt.Key.Key_Return)
    assert window.session.record is not None and window.session.record.id == ids[1]
    assert "Second" in window.windowTitle()
    # opening a new file elsewhere (Ctrl+O, drop) adds a row at once
    new = write_book(tmp_path / "elsewhere" / "third.txt", "Third Book", "C")
    assert window.open_path(str(new))
    assert "Third Book" in titles(pane)
    assert pane.model.total() == 3


def test_navigation_keys_move_in_the_list_not_the_book(make: Make, tmp_path: Path) -> None:
    window, pane = make()
    add_records(window, tmp_path, [(f"Book {i:02}", "") for i in range(12)])
    pane.reload(check_files=False)
    pane.set_sort("title")
    long = write_book(tmp_path / "long.txt", "Long", body="Words go on and on. " * 5000)
    assert window.open_path(str(long))
    pane.focus_list()
    pane.select_id(pane.model.record_at(0).id)  # type: ignore[union-attr]
    before = window.view.position()
    QTest.keyClick(pane.list, Qt.Key.Key_End)
    assert pane.list.currentIndex().row() == pane.model.rowCount() - 1
    QTest.keyClick(pane.list, Qt.Key.Key_PageUp)
    assert window.view.position() == before


def test_delete_removes_with_undo_and_keeps_the_file(make: Make, tmp_path: Path) -> None:
    window, pane = make()
    ids = add_records(window, tmp_path, [("Keep Me", "A"), ("Remove Me", "B")])
    window.store.annotations.save_progress(ids[1], 42, 42.0)
    path = window.store.library.get(ids[1]).path  # type: ignore[union-attr]
    pane.reload(check_files=False)
    pane.select_id(ids[1])
    pane.list.setFocus()
    QTest.keyClick(pane.list, Qt.Key.Key_Delete)
    assert "Remove Me" not in titles(pane)
    assert window.store.library.get(ids[1]) is None
    assert os.path.exists(path)
    assert pane.undo_bar.isVisibleTo(pane)
    assert pane.undo_bar.label.text() == "Removed “Remove Me” from the library."
    QTest.keyClick(pane.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Remove Me" in titles(pane)
    restored = window.store.library.get(ids[1])
    assert restored is not None and restored.percent == 42.0
    assert pane.selected_id() == ids[1]
    assert not pane.undo_bar.isVisibleTo(pane)


def test_removing_the_open_book_keeps_it_readable(make: Make, tmp_path: Path) -> None:
    window, pane = make()
    path = write_book(tmp_path / "open.txt", "Open Book", body="Page text. " * 3000)
    assert window.open_path(str(path))
    book_id = window.session.record.id  # type: ignore[union-attr]
    pane.select_id(book_id)
    assert pane.remove_selected()
    assert window.session.book is not None and window.session.record is None
    window.view.next_page()  # still reads, nothing to save, no error
    assert window.current_message() == ""
    pane.undo_bar.button.click()
    assert window.session.record is not None and window.session.record.id == book_id


# --- identity, missing files, drops -------------------------------------------------------


def test_moved_file_is_the_same_entry_with_progress_kept(make: Make, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, pane = make()
    path = write_book(tmp_path / "a" / "story.txt", "Moving Story", "M")
    assert window.open_path(str(path))
    record = window.session.record
    assert record is not None
    window.store.annotations.save_progress(record.id, 100, 37.5)
    window.session.close_book()
    moved = tmp_path / "b" / "renamed.txt"
    moved.parent.mkdir()
    shutil.move(str(path), moved)
    with qtbot.waitSignal(pane.import_finished, timeout=10_000) as done:
        pane.add_paths([str(moved)])
    assert done.args[0].moved == 1 and done.args[0].added == 0
    assert pane.model.total() == 1
    entry = window.store.library.get(record.id)
    assert entry is not None and entry.path == str(moved.resolve()) and entry.percent == 37.5
    assert pane.model.record(record.id).path == str(moved.resolve())  # type: ignore[union-attr]


def test_two_files_with_the_same_key_are_one_entry(make: Make, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, pane = make()
    one = write_book(tmp_path / "x" / "one.txt", "Twin")
    two = tmp_path / "y" / "two.txt"
    two.parent.mkdir()
    shutil.copy(one, two)
    with qtbot.waitSignal(pane.import_finished, timeout=10_000) as done:
        pane.add_paths([str(tmp_path / "x"), str(tmp_path / "y")])
    assert done.args[0].added == 1 and done.args[0].already == 1
    assert pane.model.total() == 1 and window.store.library.count() == 1


def test_file_edited_in_place_stays_the_same_entry(make: Make, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, pane = make()
    path = write_book(tmp_path / "draft.txt", "Draft", body="First version of the text. " * 50)
    assert window.open_path(str(path))
    book_id = window.session.record.id  # type: ignore[union-attr]
    old_key = window.session.record.book_key  # type: ignore[union-attr]
    window.session.close_book()
    write_book(path, "Draft", body="Second, longer version of the text. " * 80)
    with qtbot.waitSignal(pane.import_finished, timeout=10_000) as done:
        pane.add_paths([str(path)])
    assert done.args[0].changed == 1 and done.args[0].added == 0
    entry = window.store.library.get(book_id)
    assert entry is not None and entry.book_key != old_key
    assert pane.model.total() == 1 and window.store.library.count() == 1


def test_missing_file_is_marked_and_can_be_located(make: Make, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, pane = make()
    path = write_book(tmp_path / "gone.txt", "Gone Book")
    assert window.open_path(str(path))
    book_id = window.session.record.id  # type: ignore[union-attr]
    saved = tmp_path / "safe" / "found.txt"
    saved.parent.mkdir()
    shutil.move(str(path), saved)
    # the open book keeps working from memory
    assert window.session.book is not None and "Gone Book" in window.session.book.text
    with qtbot.waitSignal(pane.missing_checked, timeout=10_000) as checked:
        pane.check_files()
    assert checked.args[0] == {book_id: True}
    row = pane.model.row_of(book_id)
    assert pane.model.data(pane.model.index(row), Role.MISSING) is True
    assert window.store.library.get(book_id).missing  # type: ignore[union-attr]
    pane.select_id(book_id)
    assert not pane.open_selected()
    assert "missing" in window.current_message()
    menu = pane.build_context_menu(pane.model.index(row))
    assert any(a.text() == "&Locate…" for a in menu.actions())
    assert pane.locate(pane.model.record(book_id), str(saved))  # type: ignore[arg-type]
    entry = window.store.library.get(book_id)
    assert entry is not None and not entry.missing and entry.path == str(saved.resolve())
    assert pane.model.data(pane.model.index(pane.model.row_of(book_id)), Role.MISSING) is False


def test_dropping_files_and_folders_adds_them(make: Make, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, pane = make()
    write_book(tmp_path / "drop" / "sub" / "deep.txt", "Deep Book")
    single = write_book(tmp_path / "single.txt", "Single Book")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "drop")), QUrl.fromLocalFile(str(single))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(pane.import_finished, timeout=10_000):
        pane.dropEvent(event)
    assert sorted(titles(pane)) == ["Deep Book", "Single Book"]
    assert window.session.book is None  # dropped on the pane: added, not opened


# --- plain text -----------------------------------------------------------------------------


def test_markup_in_titles_is_shown_literally(make: Make, tmp_path: Path) -> None:
    window, pane = make()
    title = "<b>Bold</b> &amp; Co"
    ids = add_records(window, tmp_path, [(title, "<i>Ann</i>")])
    pane.reload(check_files=False)
    index = pane.model.index(0)
    assert pane.model.data(index) == title
    assert pane.model.data(index, Role.AUTHOR) == "<i>Ann</i>"
    assert "&lt;b&gt;" in pane.model.data(index, Qt.ItemDataRole.ToolTipRole)
    pane.select_id(ids[0])
    pane.remove_selected()
    assert pane.undo_bar.label.text() == f"Removed “{title}” from the library."
    for label in pane.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    # the delegate paints it without error (drawText on plain strings)
    pane.undo_remove()
    image = QImage(400, 80, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(pane.list)
    option.rect = image.rect()
    pane.delegate.paint(painter, option, pane.model.index(0))
    painter.end()


def test_model_never_holds_duplicate_rows() -> None:
    from reader.store.models import BookRecord

    model = LibraryModel()
    model.set_records([BookRecord(1, "k1", "/a.txt", "A"), BookRecord(2, "k2", "/b.txt", "B")])
    model.upsert_records([BookRecord(1, "k1", "/moved/a.txt", "A"), BookRecord(3, "k3", "/c", "C")])
    assert model.total() == 3 and model.rowCount() == 3
    assert model.record(1).path == "/moved/a.txt"  # type: ignore[union-attr]
    assert model.remove_id(2) is not None and model.total() == 2
    assert model.row_of(2) == -1 and model.record(3) is not None


# --- commands and start-up ----------------------------------------------------------------


def test_library_commands_are_registered_without_key_conflicts(make: Make) -> None:
    window, _pane = make()
    mine = ("library.add_files", "library.add_folder", "book.settings", "view.library")
    for name in mine:
        assert name in window.registry
        assert window.registry.get(name).help
    clashes = conflicts(window.registry.keymap)
    assert not [k for k, names in clashes.items() if set(names) & set(mine)], clashes
    window.view.setFocus()
    window.registry.run("view.library")  # visible but not focused: move to it
    assert window.library_dock.isVisible()
    window.library_dock.hide()
    window.registry.run("view.library")
    assert window.library_dock.isVisible()


def test_first_run_adds_and_opens_the_sample_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.app import create_main_window, make_application

    make_application()
    base = tmp_path / "data"
    args = parse_args(["--basedir", str(base), "--new-instance"])
    window = create_main_window(args, Paths(base), [])
    assert window is not None
    qtbot.addWidget(window)
    pane = window.library_dock.widget()
    assert isinstance(pane, LibraryPane)
    try:
        assert window.session.book is not None  # a real page on the first start
        record = window.session.record
        assert record is not None and record.path == str(SAMPLE_FILE)
        assert record.display_title == "A Christmas Carol"
        assert window.store.settings.get(SAMPLE_SETTING) is True
        qtbot.waitUntil(lambda: pane.model.total() == 1)
        pane.select_id(record.id)
        assert pane.remove_selected()
    finally:
        window.close()
        window.shutdown()

    # Second start: the sample is not re-added; nothing to reopen → the library is shown.
    window = create_main_window(args, Paths(base), [])
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.store.library.count() == 0
        assert window.session.book is None
        assert window.library_dock.isVisible()
        pane = window.library_dock.widget()
        assert isinstance(pane, LibraryPane)
        assert pane.isAncestorOf(window.focusWidget()) or pane.list.hasFocus()
        assert "Choose a book from the library" in (window.view._message or "")
    finally:
        window.close()
        window.shutdown()
