"""A real main window for ui tests: built over a store in a folder, shown and active."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from reader.paths import Paths
from reader.store.db import open_store
from reader.ui.window.main_window import MainWindow


def shown_window(qtbot: Any, paths: Paths, size: tuple[int, int] | None) -> MainWindow:
    """A ``MainWindow`` over the store of ``paths`` (made if new), resized to ``size`` (None:
    its default), shown, and the active window when this returns."""
    paths.base.mkdir(parents=True, exist_ok=True)
    window = MainWindow(open_store(paths.database), paths)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def close_windows(windows: list[MainWindow]) -> None:
    """Close and shut down each window (a fixture's teardown)."""
    for window in windows:
        window.close()
        window.shutdown()
