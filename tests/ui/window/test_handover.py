"""Files handed over by later launches, drops and File ▸ Open with many (issue 9, items 3 and 5).

The real single-instance server passes the paths to the window in batches; the first file
that opens (of the first batch) is shown and the window comes forward, later ones only go to
the library, and the files that could not be opened are summarised in ONE message with the
whole list behind "Details…" — never joined into one message.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from reader.app import _start_instance_server, build_window
from reader.desktop import ipc_client
from reader.desktop.ipc_server import BATCH_SIZE, InstanceServer
from reader.desktop.protocol import MAX_FILES
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.window.details_dialog import DetailsDialog
from reader.ui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)

STORY = "Chapter 1\n\nThe snow fell on the quiet town all through the night.\n"


@pytest.fixture
def running(qtbot, tmp_path: Path) -> Iterator[tuple[MainWindow, InstanceServer, Paths]]:  # type: ignore[no-untyped-def]
    """A window with its single-instance server listening, as the real start-up wires it."""
    paths = Paths((tmp_path / "quire").absolute())
    paths.ensure()
    window = build_window(open_store(paths.database), paths)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    server = _start_instance_server(paths, window, enabled=True)
    assert isinstance(server, InstanceServer)
    yield window, server, paths
    server.close()
    window.close()
    window.shutdown()


def _hand_over(qtbot, paths: Paths, window: MainWindow, files: list[str]) -> None:  # type: ignore[no-untyped-def]
    """What a second ``quire FILE…`` does, then wait until the window has worked through it."""
    replies: list[object] = []
    thread = threading.Thread(target=lambda: replies.append(ipc_client.hand_over(paths, files)))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)
    reply = replies[0]
    assert reply is not None and getattr(reply, "ok", False), reply
    qtbot.waitUntil(lambda: not window.opening.busy(), timeout=20_000)


def _book(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(STORY.replace("snow", name.removesuffix(".txt")), encoding="utf-8")
    return path


def test_many_missing_files_and_one_book_give_one_summary_with_details(
    qtbot, running, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, _server, paths = running
    good = _book(tmp_path, "good.txt")
    missing = [str(tmp_path / f"gone {i}.txt") for i in range(MAX_FILES - 1)]
    files = [*missing[:10], str(good), *missing[10:]]
    _hand_over(qtbot, paths, window, files)
    assert window.session.record is not None and window.session.record.path == str(good)
    text = window.message_bar.text()
    assert text == f"{len(missing)} files could not be opened (No such file: {len(missing)})."
    assert "\n" not in text and len(text) < 100  # one line, not 499 messages joined
    button = window.message_bar.action_button
    assert button.isVisible() and button.text() == "&Details…"
    button.click()
    dialog = window.findChild(DetailsDialog)
    assert dialog is not None and dialog.isVisible()
    lines = dialog.text.toPlainText().splitlines()
    assert lines == [f"No such file: {p}" for p in missing]
    dialog.close()


def test_the_first_batch_opens_later_batches_only_add_to_the_library(
    qtbot, running, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, _server, paths = running
    first = _book(tmp_path, "first.txt")
    later = _book(tmp_path, "later.txt")
    missing = [str(tmp_path / f"gone {i}.txt") for i in range(BATCH_SIZE * 2)]
    # The first batch has only missing files: nothing opens; "later" is in the third batch.
    files = [*missing, str(later), str(first)]
    _hand_over(qtbot, paths, window, files)
    assert window.session.book is None, "files of later batches are not opened"
    pane = window.library_pane()
    assert pane is not None
    qtbot.waitUntil(lambda: not pane.is_importing(), timeout=20_000)
    titles = {r.path for r in window.store.library.all_books()}
    assert {str(later), str(first)} <= titles  # both went to the library
    # No book open: the summary is in the message bar; the page keeps the library hint.
    assert window.message_bar.text().startswith(f"{len(missing)} files could not be opened")

    # The next hand-over is a new request: its first batch opens its first good file.
    _hand_over(qtbot, paths, window, [str(tmp_path / "gone again.txt"), str(first)])
    assert window.session.record is not None and window.session.record.path == str(first)
    assert window.message_bar.text() == f"No such file: {tmp_path / 'gone again.txt'}"
    assert not window.message_bar.action_button.isVisible()  # one failure: its own message


def test_a_hand_over_with_no_files_only_raises_the_window(qtbot, running) -> None:  # type: ignore[no-untyped-def]
    window, _server, paths = running
    window.showMinimized()
    _hand_over(qtbot, paths, window, [])
    assert not window.isMinimized()
    assert window.message_bar.text() == ""


def test_dropping_many_files_opens_the_first_good_one_and_summarises_the_rest(
    qtbot, running, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, _server, _paths = running
    good = _book(tmp_path, "dropped.txt")
    folder = tmp_path / "a folder"
    folder.mkdir()
    missing = [tmp_path / f"gone {i}.txt" for i in range(300)]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in [*missing, folder, good]])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(event)
    qtbot.waitUntil(lambda: not window.opening.busy(), timeout=20_000)
    QApplication.processEvents()
    assert window.session.record is not None and window.session.record.path == str(good)
    text = window.message_bar.text()
    assert text.startswith("301 files could not be opened (No such file: 300; ")
    assert "is a folder, not a file: 1" in text
    assert window.message_bar.action_button.isVisible()
