"""Shared set-up for the notes-panel tests: a real window (build_window) over a temp store.

Imported by the ``test_notes_*``, ``test_selection_mode`` and ``test_reanchor_ui`` modules
(pytest puts this folder on ``sys.path``); each defines a ``notes_window`` fixture over
:func:`window_factory`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from fakes import point_in as page_point_in
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from reader.app import build_window
from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.notes.panel import NotesPanel
from reader.ui.window.main_window import MainWindow

PARAGRAPH = (
    "The lamp-lighter went his rounds while the fog pressed against the windows. Every house "
    "along the street kept its own small fire against the cold! Was the evening long? It was. "
)


def chapter_text(n_chapters: int = 3, paragraphs: int = 12) -> str:
    """A small book: "Chapter N" headings over numbered paragraphs of plain prose."""
    parts = []
    for c in range(1, n_chapters + 1):
        body = "\n\n".join(f"Paragraph {c}.{p}. {PARAGRAPH}" for p in range(1, paragraphs + 1))
        parts.append(f"Chapter {c}\n\n{body}")
    return "\n\n\n".join(parts) + "\n"


OpenWindow = Callable[..., tuple[MainWindow, NotesPanel]]


def window_factory(qtbot, tmp_path: Path) -> Iterator[OpenWindow]:  # type: ignore[no-untyped-def]
    """Body of each module's ``notes_window`` fixture (``yield from window_factory(...)``).

    Yields ``open(text_or_path, name=…, size=…)``: a shown window with the book open;
    every window made is closed afterwards.
    """
    made: list[MainWindow] = []

    def open_(
        book: str | Path | None = None,
        *,
        name: str = "book.txt",
        size: tuple[int, int] = (900, 640),
        base: Path | None = None,
    ) -> tuple[MainWindow, NotesPanel]:
        paths = Paths((base or tmp_path / "quire").absolute())
        paths.ensure()
        window = build_window(open_store(paths.database), paths)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        made.append(window)
        if book is not None:
            path = book if isinstance(book, Path) else tmp_path / name
            if not isinstance(book, Path):
                path.write_text(book, encoding="utf-8")
            assert window.open_path(str(path)), window.current_message()
        window.view.setFocus()
        panel = window.notes_panel()
        assert panel is not None
        return window, panel

    yield open_
    for window in made:
        window.close()
        window.shutdown()


def close(window: MainWindow) -> None:
    """Close a window the way the reader quits (flush, then close the store)."""
    window.close()
    window.shutdown()


def point_in(window: MainWindow, start: int, end: int) -> QPoint:
    """A point of the window's page whose character lies in source ``[start, end)``."""
    return page_point_in(window.view, start, end)
