"""Shared helpers for the statistics ui tests: a real window over a fresh store, a fake clock,
local noon of a recent day, and KOReader's statistics.sqlite3 as the store tests build it."""

from __future__ import annotations

import importlib.util
import time as time_module
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from types import ModuleType

from reader.ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
ALICE = "gutenberg/alices_adventures_in_wonderland__pg11-0.txt"
DRACULA = "gutenberg/dracula__pg345.txt"
IGNORED = ("does not support propagateSizeHints", "does not support raise")
"""What the offscreen platform warns about showing and raising windows (not our bugs)."""

MakeWindow = Callable[..., MainWindow]


class FakeClock:
    """A monotonic clock and a wall clock (epoch seconds) that move only when told."""

    def __init__(self, wall: float | None = None) -> None:
        self.now = 1000.0
        self.wall_now = float(int(time_module.time()) - 7200) if wall is None else wall
        """Two hours ago by default: recent enough for the pace of the last 30 days."""

    def mono(self) -> float:
        """Monotonic seconds."""
        return self.now

    def wall(self) -> float:
        """Epoch seconds."""
        return self.wall_now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on both clocks."""
        self.now += seconds
        self.wall_now += seconds


def local_noon(days_ago: int) -> int:
    """Epoch seconds of local noon ``days_ago`` days before today."""
    day = datetime.now().astimezone().date() - timedelta(days=days_ago)
    return int(datetime.combine(day, time(12)).astimezone().timestamp())


def koreader_module() -> ModuleType:
    """The store's KOReader import tests (their schema and ``make_koreader_db``)."""
    spec = importlib.util.spec_from_file_location(
        "koreader_support", ROOT / "tests" / "store" / "test_koreader.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
