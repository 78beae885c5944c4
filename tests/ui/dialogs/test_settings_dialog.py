"""The Settings dialog: reading style and behaviour are applied and stored at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from settle import shown

from reader import app as app_module
from reader.app import build_window, create_main_window, quick_setting
from reader.cli import parse_args
from reader.layout.style import ReadingStyle
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.dialogs import reading_page, settings_dialog
from reader.ui.dialogs.settings_dialog import SettingsDialog
from reader.ui.window.main_window import STYLE_KEY, MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return (tmp_path / "quire").absolute()


@pytest.fixture
def window(qtbot, base: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = Paths(base)
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    win.resize(820, 640)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    book = tmp_path / "short.txt"
    book.write_text("Chapter 1\n\n" + "A quiet line of prose.\n\n" * 200, encoding="utf-8")
    assert win.open_path(str(book))
    win.view.setFocus()
    yield win
    for dialog in win.findChildren(SettingsDialog):
        dialog.close()
    win.close()
    win.shutdown()


def _open(qtbot, window: MainWindow) -> SettingsDialog:  # type: ignore[no-untyped-def]
    QTest.keyClick(window.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool([d for d in window.findChildren(SettingsDialog) if d.isVisible()]))
    return window.findChild(SettingsDialog)


def _stored_style(base: Path) -> ReadingStyle:
    store = open_store(Paths(base).database)
    try:
        return ReadingStyle.from_dict(store.settings.get(STYLE_KEY))
    finally:
        store.close()


def test_ctrl_comma_opens_settings_with_the_current_style(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.set_reading_style(window.reading_style().with_(font_size=17.0, theme="sepia"))
    dialog = _open(qtbot, window)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "&Reading",
        "&Behaviour",
        "S&tatistics",
        "&Keys",
        "Read &Aloud",
    ]
    page = dialog.reading
    assert page.size_spin.value() == 17.0
    assert page.theme_combo.currentData() == "sepia"
    assert page.current_style() == window.reading_style()
    assert page.preview.book() is not None and page.preview.reading_style() == page.current_style()


def test_reading_changes_apply_at_once_and_persist(qtbot, window: MainWindow, base: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window)
    page = dialog.reading
    page.size_spin.setValue(21.0)
    assert window.reading_style().font_size == 21.0
    page.spacing_spin.setValue(1.8)
    page.margin_spin.setValue(4.0)
    page.justify_check.setChecked(False)
    page.hyphen_check.setChecked(False)
    page.paragraph_combo.setCurrentIndex(page.paragraph_combo.findData("spacing"))
    page.theme_combo.setCurrentIndex(page.theme_combo.findData("dark"))
    page.two_pages_combo.setCurrentIndex(page.two_pages_combo.findData("off"))
    family = next(
        f for f in ("DejaVu Sans", "DejaVu Serif") if f != window.reading_style().resolved_family()
    )
    from PySide6.QtGui import QFont

    page.font_combo.setCurrentFont(QFont(family))
    expected = ReadingStyle().with_(
        font_family=family,
        font_size=21.0,
        line_spacing=1.8,
        margin=4.0,
        justify=False,
        hyphenate=False,
        paragraph_style="spacing",
        theme="dark",
        two_pages="off",
    )
    assert window.reading_style() == expected
    assert page.preview.reading_style() == expected
    assert window.registry.action("view.theme.dark").isChecked()
    assert window.registry.action("view.two_pages.off").isChecked()
    # Saved at once: a fresh connection to the database reads it back.
    assert _stored_style(base) == expected
    dialog.close()


def test_behaviour_settings_are_stored_and_applied(qtbot, window: MainWindow, base: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window)
    dialog.show_page("behaviour")
    checks = dialog.behaviour.checks
    # every behaviour defaults to on, but folding author's notes
    defaults = settings_dialog.BEHAVIOUR_DEFAULTS
    assert all(c.isChecked() == defaults.get(k, True) for k, c in checks.items())
    assert not checks[settings_dialog.HIDE_AUTHOR_NOTES_SETTING].isChecked()
    assert window.status_line.time_left.isVisibleTo(window)
    checks[settings_dialog.SHOW_TIME_LEFT_SETTING].setChecked(False)
    assert not window.status_line.time_left.isVisibleTo(window)
    checks[settings_dialog.SINGLE_INSTANCE_SETTING].setChecked(False)
    checks[settings_dialog.REOPEN_LAST_BOOK_SETTING].setChecked(False)
    store = open_store(Paths(base).database)
    try:
        assert store.settings.get(settings_dialog.SHOW_TIME_LEFT_SETTING) is False
        assert store.settings.get(settings_dialog.SINGLE_INSTANCE_SETTING) is False
        assert store.settings.get(settings_dialog.REOPEN_LAST_BOOK_SETTING) is False
    finally:
        store.close()
    # the start-up code reads the single-instance switch without Qt or the store
    assert quick_setting(Paths(base), app_module.SINGLE_INSTANCE_SETTING, True) is False
    checks[settings_dialog.SHOW_TIME_LEFT_SETTING].setChecked(True)
    assert window.status_line.time_left.isVisibleTo(window)


def test_behaviour_switches_for_notes_and_italics(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fic.txt"
    path.write_text(
        "A/N: my first story.\n\nHe said it was supposed to be deadand gone, and "
        "the dead do not walk, he said to the dead man.\n",
        "utf-8",
    )
    assert window.open_path(str(path))
    book = window.session.book
    assert book is not None and book.repair_italics and book.glued_words
    dialog = _open(qtbot, window)
    dialog.show_page("behaviour")
    checks = dialog.behaviour.checks
    checks[settings_dialog.HIDE_AUTHOR_NOTES_SETTING].setChecked(True)
    assert window.view.note_folds().hidden
    checks[settings_dialog.ITALICS_REPAIR_SETTING].setChecked(False)
    assert not book.repair_italics
    checks[settings_dialog.ITALICS_REPAIR_SETTING].setChecked(True)
    checks[settings_dialog.HIDE_AUTHOR_NOTES_SETTING].setChecked(False)
    assert book.repair_italics and not window.view.note_folds().hidden


def test_setting_names_agree_with_the_start_up_code() -> None:
    assert settings_dialog.SINGLE_INSTANCE_SETTING == app_module.SINGLE_INSTANCE_SETTING
    assert settings_dialog.REOPEN_LAST_BOOK_SETTING == app_module.REOPEN_LAST_BOOK_SETTING


def test_quick_setting_defaults_when_unreadable(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "none")
    assert quick_setting(paths, "single_instance", True) is True  # no database: no file made
    assert not paths.database.exists()
    paths.ensure()
    paths.database.write_bytes(b"not a database" * 50)
    assert quick_setting(paths, "single_instance", True) is True
    assert quick_setting(paths, "single_instance", False) is False


def test_reopen_last_book_is_honoured_at_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base = tmp_path / "data"
    book = tmp_path / "story.txt"
    book.write_text("Chapter 1\n\nIt was a dark and stormy night.\n", encoding="utf-8")
    args = parse_args(["--basedir", str(base), "--new-instance"])
    first = create_main_window(args, Paths(base), [str(book)])
    assert first is not None
    qtbot.addWidget(first)
    shown(qtbot, first)  # a book becomes "last read" once its first page is shown
    first.close()
    first.shutdown()

    again = create_main_window(args, Paths(base), [])
    assert again is not None
    qtbot.addWidget(again)
    assert again.session.record is not None and again.session.record.path == str(book)
    again.store.settings.set(app_module.REOPEN_LAST_BOOK_SETTING, False)
    again.close()
    again.shutdown()

    third = create_main_window(args, Paths(base), [])
    assert third is not None
    qtbot.addWidget(third)
    try:
        assert third.session.book is None, "reopen switched off: no book at start"
    finally:
        third.close()
        third.shutdown()


def test_esc_closes_the_dialog_not_the_window_mode(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    hits: list[bool] = []
    window.registry.action("focus.page").triggered.connect(lambda *_: hits.append(True))
    dialog.reading.size_spin.setFocus()
    QTest.keyClick(dialog.reading.size_spin, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert hits == [], "Esc in a dialog closes the dialog; the window's Esc command stays out"


def test_preview_shows_the_open_books_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window)
    page = dialog.reading
    text = page.preview.book().text  # type: ignore[union-attr]
    assert "A quiet line of prose." in text
    assert "Marley" not in text
    paragraphs = text.strip().split("\n\n")
    assert 1 < len(paragraphs) <= reading_page.PREVIEW_PARAGRAPHS
    assert all(p in window.view.visible_text() for p in paragraphs)


def test_preview_falls_back_to_the_built_in_passage_without_a_book(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    paths = Paths((tmp_path / "empty").absolute())
    paths.ensure()
    win = build_window(open_store(paths.database), paths)
    qtbot.addWidget(win)
    try:
        assert reading_page.page_passage(win.view) == ""
        dialog = SettingsDialog(win)
        assert dialog.reading.sample == reading_page.SAMPLE_TEXT
        assert "Marley was dead" in dialog.reading.preview.book().text  # type: ignore[union-attr]
        dialog.close()
    finally:
        win.close()
        win.shutdown()
