"""The real main window: opening books, turning pages by key, keeping and restoring position."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from settle import shown
from window_support import close_windows, shown_window

from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.dialogs.goto import GoToTarget
from reader.ui.window.actions import go_to_target
from reader.ui.window.main_window import EMPTY_BOOK_MESSAGE, STYLE_KEY, MainWindow

# The offscreen platform warns when a QMainWindow is shown; that is not our bug.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WAR_AND_PEACE = "gutenberg/war_and_peace__pg2600-0.txt"
ALICE = "gutenberg/alices_adventures_in_wonderland__pg11-0.txt"
JPEG_BYTES = (
    bytes.fromhex("ffd8ffe000104a46494600010101004800480000ffdb004300") + bytes(range(256)) * 8
)

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parse cache for the module, so War and Peace is parsed once."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture
def make_window(qtbot, tmp_path: Path, shared_cache: Path) -> Iterator[MakeWindow]:  # type: ignore[no-untyped-def]
    """Build a real MainWindow over a store in ``tmp_path`` (a fresh store each call)."""
    made: list[MainWindow] = []

    def make(base: Path | None = None, size: tuple[int, int] | None = (720, 640)) -> MainWindow:
        paths = Paths((base or tmp_path / "quire").absolute())
        paths.base.mkdir(parents=True, exist_ok=True)
        if not paths.cache_dir.exists():
            paths.cache_dir.symlink_to(shared_cache, target_is_directory=True)
        window = shown_window(qtbot, paths, size)
        made.append(window)
        return window

    yield make
    close_windows(made)


def _close(window: MainWindow) -> None:
    """Quit the way the reader does: close the window (flushes), then shut the store."""
    window.close()
    window.shutdown()


def _key(
    window: MainWindow, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(window.view, key, mod)


def _progress(window: MainWindow) -> int | None:
    record = window.session.record
    assert record is not None
    progress = window.store.annotations.get_progress(record.id)
    return None if progress is None else progress.offset


def _on_page(window: MainWindow, offset: int) -> bool:
    start, end = window.view.visible_range()
    return start <= offset < max(end, start + 1)


# --- turning pages ---------------------------------------------------------------------------


def test_forward_20_and_back_20_gives_the_same_pages(make_window: MakeWindow, corpus: Path) -> None:
    window = make_window()
    assert window.open_path(str(corpus / WAR_AND_PEACE))
    assert "War and Peace" in window.windowTitle() and window.windowTitle().endswith("Quire")
    go_to_target(window, GoToTarget("percent", 40.0))
    forward_keys = [Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_J]
    back = [
        (Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_PageUp, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_K, Qt.KeyboardModifier.NoModifier),
    ]
    pages = [window.view.visible_range()]
    for i in range(20):
        _key(window, forward_keys[i % 4])
        pages.append(window.view.visible_range())
    assert len(set(pages)) == 21, "every forward key turned a new page"
    assert all(a[0] < b[0] for a, b in itertools.pairwise(pages))
    seen_back = [window.view.visible_range()]
    for i in range(20):
        key, mod = back[i % 4]
        _key(window, key, mod)
        seen_back.append(window.view.visible_range())
    assert seen_back == pages[::-1]


def test_chapter_keys_and_home_end(make_window: MakeWindow, corpus: Path) -> None:
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    book = window.session.book
    assert book is not None and len(book.chapters) >= 12
    _key(window, Qt.Key.Key_Home)
    start = window.view.position()
    _key(window, Qt.Key.Key_BracketRight)
    after = window.view.position()
    assert after > start
    assert book.chapter_index_at(after) >= 0
    assert any(_on_page(window, c.offset) for c in book.chapters)
    _key(window, Qt.Key.Key_BracketRight)
    assert window.view.position() > after
    _key(window, Qt.Key.Key_End)
    assert window.view.position() > book.chapters[-1].offset - 1
    assert not window.view.next_page()


def test_status_line_and_progress_saved_within_a_second(
    make_window: MakeWindow, corpus: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    _key(window, Qt.Key.Key_BracketRight)
    _key(window, Qt.Key.Key_Space)
    texts = window.status_line.texts()
    info = window.view.page_info()
    if info.approximate:  # while the count runs: the chapter's own pages, or none yet
        assert texts["page"] in ("", f"page {info.chapter_page} of {info.chapter_pages} in chapter")
    else:
        assert texts["page"] == f"page {info.page} of {info.total}"
    assert texts["percent"].endswith("%")
    assert texts["chapter"] == info.chapter_title
    pos = window.view.position()
    qtbot.waitUntil(lambda: _progress(window) == pos, timeout=1500)


# --- style and size changes keep the position ------------------------------------------------


def test_resize_and_font_size_keep_position(make_window: MakeWindow, corpus: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.open_path(str(corpus / WAR_AND_PEACE))
    go_to_target(window, GoToTarget("percent", 62.0))
    _key(window, Qt.Key.Key_Space)
    top = window.view.visible_range()[0]

    window.resize(560, 500)
    qtbot.waitUntil(lambda: window.view.width() <= 560, timeout=2000)
    assert _on_page(window, top)

    size = window.reading_style().font_size
    _key(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.reading_style().font_size > size
    assert _on_page(window, top)
    stored = window.store.settings.get(STYLE_KEY)
    assert stored["font_size"] == window.reading_style().font_size

    _key(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    _key(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reading_style().font_size < size
    assert _on_page(window, top)
    _key(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reading_style().font_size == size  # the default size
    assert _on_page(window, top)


def test_theme_command_changes_and_persists_style(make_window: MakeWindow, corpus: Path) -> None:
    window = make_window()
    window.registry.run("view.theme.sepia")
    assert window.reading_style().theme == "sepia"
    assert window.actions_by_name["view.theme.sepia"].isChecked()
    assert not window.actions_by_name["view.theme.light"].isChecked()
    window.registry.run("view.two_pages.off")
    _close(window)
    again = make_window()
    assert again.reading_style().theme == "sepia"
    assert again.reading_style().two_pages == "off"


# --- reopening -------------------------------------------------------------------------------


def test_quit_and_reopen_at_the_same_page(make_window: MakeWindow, corpus: Path) -> None:
    window = make_window()
    path = str(corpus / WAR_AND_PEACE)
    assert window.open_path(path)
    go_to_target(window, GoToTarget("percent", 30.0))
    for _ in range(3):
        _key(window, Qt.Key.Key_Space)
    seen = window.view.visible_range()
    _close(window)  # within the save delay: only the flush on close saves it

    again = make_window()
    assert again.open_path(path)
    assert again.view.visible_range() == seen


def test_moved_file_reopens_at_the_same_page(
    make_window: MakeWindow, corpus: Path, tmp_path: Path
) -> None:
    original = tmp_path / "books" / "wp.txt"
    original.parent.mkdir()
    shutil.copyfile(corpus / WAR_AND_PEACE, original)
    window = make_window()
    assert window.open_path(str(original))
    go_to_target(window, GoToTarget("percent", 75.0))
    _key(window, Qt.Key.Key_PageDown)
    seen = window.view.visible_range()
    _close(window)

    moved = tmp_path / "elsewhere" / "Tolstoy - War and Peace.txt"
    moved.parent.mkdir()
    shutil.move(original, moved)
    again = make_window()
    assert again.open_path(str(moved))
    assert again.view.visible_range() == seen
    record = again.session.record
    assert record is not None and record.path == str(moved)


# --- bad input -------------------------------------------------------------------------------


def test_binary_file_gives_a_message_not_a_crash(make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    bad = tmp_path / "photo.txt"
    bad.write_bytes(JPEG_BYTES)
    assert not window.open_path(str(bad))
    assert window.current_message()
    assert window.session.book is None
    assert window.windowTitle() == "Quire"


def test_missing_and_folder_give_messages(make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    assert not window.open_path(str(tmp_path / "no such book.txt"))
    missing = window.current_message()
    assert missing
    assert not window.open_path(str(tmp_path))
    folder = window.current_message()
    assert folder and folder != missing


def test_failed_open_keeps_the_current_book(
    make_window: MakeWindow, corpus: Path, tmp_path: Path
) -> None:
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    _key(window, Qt.Key.Key_Space)
    seen = window.view.visible_range()
    bad = tmp_path / "archive.txt"
    bad.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert not window.open_path(str(bad))
    assert window.current_message()
    assert window.view.book() is not None
    assert _on_page(window, seen[0])  # the message bar took some height; same place
    assert "Alice" in window.windowTitle()


def test_empty_file_opens_as_an_empty_book(make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert window.open_path(str(empty))
    assert window.session.book is not None and window.session.book.text == ""
    assert window.view.book() is window.session.book
    _key(window, Qt.Key.Key_Space)  # turning pages in an empty book is harmless
    assert window.status_line.texts()["page"] == ""
    assert window.current_message() == EMPTY_BOOK_MESSAGE
    assert not window.message_bar.isVisible()  # on the page, not as an error


# --- keys, commands, drag and drop -----------------------------------------------------------


def test_typing_in_a_text_field_does_not_turn_pages(make_window: MakeWindow, corpus: Path) -> None:
    window = make_window()
    assert window.open_path(str(corpus / ALICE))
    edit = QLineEdit()
    window.set_library_widget(edit)
    window.library_dock.show()
    edit.setFocus()
    before = window.view.visible_range()
    for key in (Qt.Key.Key_J, Qt.Key.Key_Space, Qt.Key.Key_K, Qt.Key.Key_PageDown,
                Qt.Key.Key_BracketRight, Qt.Key.Key_End):  # fmt: skip
        QTest.keyClick(edit, key)
    assert window.view.visible_range() == before
    assert edit.text().lower().startswith("j k")
    window.view.setFocus()
    _key(window, Qt.Key.Key_J)
    assert window.view.visible_range() != before


def test_every_command_has_help_keys_and_a_menu(make_window: MakeWindow) -> None:
    window = make_window()
    commands = window.registry.all()
    names = {c.name for c in commands}
    assert {"page.next", "page.prev", "page.first", "page.last", "chapter.next", "chapter.prev",
            "go.to", "view.font_bigger", "view.font_smaller", "view.full_screen", "file.open",
            "app.quit"} <= names  # fmt: skip
    for cmd in commands:
        assert cmd.help.strip() and callable(cmd.callback), cmd.name
        assert cmd.menu in window.menus, cmd.name
    titles = [m.title().replace("&", "") for m in window.menus.values()]
    assert titles == ["File", "Go", "View", "Help", "Read Aloud"]
    bar = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert bar == ["File", "Go", "View", "Read Aloud", "Help"]  # Help stays last
    assert window.actions_by_name["page.next"].shortcuts()
    assert window.registry.key_text("go.to") == "Ctrl+G"


def test_key_overrides_from_the_store_apply(
    make_window: MakeWindow, corpus: Path, tmp_path: Path
) -> None:
    base = tmp_path / "custom"
    base.mkdir()
    with open_store(base / "library.db") as store:
        store.settings.set_key_override("page.next", ["X"])
    window = make_window(base)
    assert window.registry.keys_for("page.next") == ["X"]
    assert window.open_path(str(corpus / ALICE))
    before = window.view.visible_range()
    _key(window, Qt.Key.Key_Space)
    assert window.view.visible_range() == before
    _key(window, Qt.Key.Key_X)
    assert window.view.visible_range() != before


def test_drop_and_recent_menu(make_window: MakeWindow, corpus: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corpus / ALICE))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)
    assert event.isAccepted()
    assert "Alice" in window.windowTitle()
    shown(qtbot, window)  # read (and so recent) once its first page is shown
    window.populate_recent_menu()
    entries = [a.text() for a in window.recent_menu.actions()]
    assert any("Alice" in t for t in entries)


# test_time_left_in_chapter_appears_once_pace_is_known moved to tests/ui/stats/test_time_left.py:
# time left now comes from the reading statistics' recorded pace.


def test_open_dialog_remembers_the_folder_and_geometry_is_kept(
    make_window: MakeWindow, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(size=(640, 520))
    chosen = [str(corpus / ALICE)]
    monkeypatch.setattr(window, "choose_files", lambda: chosen)
    window.registry.run("file.open")
    assert "Alice" in window.windowTitle()
    assert window.store.settings.get("last_open_dir") == str((corpus / ALICE).parent)
    _close(window)
    again = make_window(size=None)  # geometry comes back from QSettings
    assert (again.width(), again.height()) == (640, 520)
