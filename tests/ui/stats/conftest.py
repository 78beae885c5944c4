"""Fixtures of the statistics ui tests: a real main window over a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from stats_support import MakeWindow

from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.window.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[MakeWindow]:  # type: ignore[no-untyped-def]
    """Build a real, shown and active MainWindow over a fresh store in ``tmp_path``."""
    made: list[MainWindow] = []

    def make(size: tuple[int, int] = (720, 640)) -> MainWindow:
        paths = Paths((tmp_path / f"quire{len(made)}").absolute())
        paths.base.mkdir(parents=True, exist_ok=True)
        window = MainWindow(open_store(paths.database), paths)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        window.shutdown()
