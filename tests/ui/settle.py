"""Waiting for the window's background work in tests: writes landing, the first page shown.

The window writes to the library on a background thread
(:class:`~reader.ui.common.writes.BackgroundWrites`) and marks a book read once
its first page is painted; a test that reads the store right after an action
lets those happen first.
"""

from __future__ import annotations

from typing import Any


def settle(window: Any) -> None:
    """Let the window's queued writes land and their outcomes reach the GUI thread."""
    assert window.writes.wait_idle(), "the background writes did not finish"


def shown(qtbot: Any, window: Any) -> None:
    """Wait until the open book's first page is painted (then it is marked read), and settle."""
    qtbot.waitUntil(window.view.book_was_shown)
    settle(window)
