"""Fixtures of the statistics ui tests: a real main window over a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from stats_support import MakeWindow
from window_support import close_windows, shown_window

from reader.paths import Paths
from reader.ui.window.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[MakeWindow]:  # type: ignore[no-untyped-def]
    """Build a real, shown and active MainWindow over a fresh store in ``tmp_path``."""
    made: list[MainWindow] = []

    def make(size: tuple[int, int] = (720, 640)) -> MainWindow:
        window = shown_window(qtbot, Paths((tmp_path / f"quire{len(made)}").absolute()), size)
        made.append(window)
        return window

    yield make
    close_windows(made)
