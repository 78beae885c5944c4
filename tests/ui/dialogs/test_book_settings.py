"""The "Book settings" dialog: live preview, saved overrides, applied at the next open
and at once to the open book."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from reader.paths import Paths
from reader.store.db import open_store
from reader.store.models import BookRecord
from reader.text.book import ParagraphMode
from reader.ui.dialogs.book_settings import (
    BookChoices,
    BookSettingsDialog,
    apply_book_settings,
    parse_preview,
    read_head,
)
from reader.ui.library.pane import LibraryPane
from reader.ui.window.main_window import MainWindow
from reader.ui.window.panes import install_library_pane

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

RUSSIAN = (
    "Глава 1\n\nВсе счастливые семьи похожи друг на друга, каждая несчастливая\n"
    "семья несчастлива по-своему.\n\nВсё смешалось в доме Облонских.\n"
)
WRAPPED = (
    "Chapter 1\n\n" + "It was a bright cold day in April, and the clocks were\nstriking thirteen. "
    "Winston Smith, his chin nuzzled into his\nbreast, slipped quickly through the doors.\n\n" * 6
)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[tuple[MainWindow, LibraryPane]]:  # type: ignore[no-untyped-def]
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    win = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(win)
    pane = install_library_pane(win, load=False)
    pane.reload(check_files=False)
    win.show()
    yield win, pane
    win.close()
    win.shutdown()


def _record(win: MainWindow, path: Path, title: str = "A Book") -> BookRecord:
    rec, _ = win.store.library.upsert_book(
        book_key=f"key-{path.name}", path=str(path), title=title, author="Someone"
    )
    return rec


def _wait_preview(qtbot, dialog: BookSettingsDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.preview_updated, timeout=10_000):
        pass


def test_preview_follows_the_encoding_choice(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    win, _pane = window
    path = tmp_path / "anna.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    dialog = BookSettingsDialog(_record(win, path), win)
    qtbot.addWidget(dialog)
    _wait_preview(qtbot, dialog)
    assert "счастливые семьи" in dialog.preview_text()
    assert "Windows-1251" in dialog.detail_label.text() and "detected" in dialog.detail_label.text()
    dialog.set_encoding("cp1252")
    _wait_preview(qtbot, dialog)
    assert "счастливые" not in dialog.preview_text()
    assert "Âñå ñ÷àñòëèâûå" in dialog.preview_text()  # cp1251 bytes read as Western
    assert dialog.choices().encoding == "cp1252"
    dialog.reject()


def test_preview_follows_the_paragraph_mode(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    win, _pane = window
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, "utf-8")
    dialog = BookSettingsDialog(_record(win, path), win)
    qtbot.addWidget(dialog)
    _wait_preview(qtbot, dialog)
    assert "clocks were striking thirteen" in dialog.preview_text()  # lines joined
    dialog.set_paragraph_mode(ParagraphMode.LINE)
    _wait_preview(qtbot, dialog)
    assert "clocks were\n\nstriking thirteen" in dialog.preview_text()  # each line alone
    assert dialog.choices().paragraph_mode == "line"
    dialog.reject()


def test_not_text_gives_a_message_not_an_exception(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    win, _pane = window
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    dialog = BookSettingsDialog(_record(win, path), win)
    qtbot.addWidget(dialog)
    _wait_preview(qtbot, dialog)
    assert dialog.preview_error and "not a text file" in dialog.detail_label.text()
    assert dialog.preview_text() == ""
    dialog.reject()


def test_title_equal_to_the_detected_one_is_no_override(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    win, _pane = window
    path = tmp_path / "t.txt"
    path.write_text("Hello.\n", "utf-8")
    title = "<b>Bold</b> &amp; Co"
    dialog = BookSettingsDialog(_record(win, path, title), win)
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == title  # literally
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() != Qt.TextFormat.RichText
    assert dialog.choices() == BookChoices(None, None, None, None)
    dialog.title_edit.setText("  New Title ")
    dialog.author_edit.setText("New Author")
    assert dialog.choices().title == "New Title" and dialog.choices().author == "New Author"
    dialog.reject()


def test_overrides_are_used_at_the_next_open(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win, _pane = window
    path = tmp_path / "anna.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    assert win.open_path(str(path))
    assert win.session.book is not None and win.session.book.encoding.name == "cp1251"
    record = win.session.record
    assert record is not None
    win.session.close_book()
    choices = BookChoices("koi8-r", ParagraphMode.LINE.value, "Anna", "Leo")
    updated = apply_book_settings(win, record, choices)
    assert updated is not None and updated.encoding_override == "koi8-r"
    assert win.session.book is None  # not the open book: nothing reopened
    assert win.open_path(str(path))
    book = win.session.book
    assert book is not None
    assert book.encoding.name.replace("_", "-") == "koi8-r"
    assert book.paragraph_mode == ParagraphMode.LINE
    assert win.windowTitle().startswith("Anna — Leo")


def test_overrides_apply_at_once_to_the_open_book(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    win, pane = window
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, "utf-8")
    assert win.open_path(str(path))
    record = win.session.record
    assert record is not None and win.session.book.paragraph_mode != ParagraphMode.LINE  # type: ignore[union-attr]
    apply_book_settings(win, record, BookChoices(None, "line", "Renamed", None))
    assert win.session.book is not None and win.session.book.paragraph_mode == ParagraphMode.LINE
    assert win.session.record is not None and win.session.record.display_title == "Renamed"
    pane.refresh_book(record.id)
    assert pane.model.data(pane.model.index(pane.model.row_of(record.id))) == "Renamed"


def test_read_head_cuts_big_files_at_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"line of text\n" * 1000)
    head = read_head(str(path), limit=1000)
    assert len(head) <= 1000 and head.endswith(b"\n")
    text, detail = parse_preview(head, "big.txt", None, None)
    assert "line of text" in text and "utf-8" in detail.lower()


def test_preview_detail_reads_as_two_plain_sentences() -> None:
    wrapped = "\n".join(["Some words that run on to the end of a hard-wrapped line"] * 4)
    data = ("\n\n".join([wrapped] * 40) + "\n").encode("utf-8")
    _text, detail = parse_preview(data, "wrapped.txt", None, None)
    encoding, paragraphs = detail.split("\n")
    assert encoding == "Encoding: Unicode (UTF-8) — detected (the file is valid UTF-8)."
    assert paragraphs.startswith("Paragraphs: hard-wrapped lines (join them) — ")
    # the detector's conclusion repeats the mode just named: only its evidence is shown
    assert "lines joined into paragraphs" not in paragraphs
    _text, chosen = parse_preview(data, "wrapped.txt", "cp1252", "line")
    assert chosen == "Encoding: Western (Windows-1252).\nParagraphs: one line per paragraph."


def test_preview_leaves_out_page_numbers_as_the_page_does() -> None:
    from reader.text.parse import parse_text
    from reader.text.render import display_block
    from reader.ui.dialogs.book_settings import first_page_text

    para = (
        "It was a dark and stormy night and the rain fell in torrents except at occasional\n"
        "intervals when it was checked by a violent gust of wind which swept up the streets\n"
    )
    # Each page number stands inside a paragraph that runs over a page break.
    book = parse_text("".join(para * 3 + f"{n}\n" + para * 3 + "\n" for n in range(1, 30)))
    assert [d.reason for d in book.dropped[:2]] == ["page number", "page number"]
    preview = first_page_text(book, limit=10_000)
    page = "\n\n".join(display_block(book, i).text for i in range(len(book.blocks)))
    assert preview and page.startswith(preview)
    assert " 1 " not in preview and " 2 " not in preview
