"""Keys of the behaviour settings (Settings ▸ Behaviour), read by the window and the dialog.

Each is a boolean in ``Store.settings`` and defaults to on.
"""

from __future__ import annotations

REOPEN_LAST_BOOK_SETTING = "reopen_last_book"
"""Open the last book read when Quire starts without files."""
SINGLE_INSTANCE_SETTING = "single_instance"
"""A second launch hands its files to the running window."""
SHOW_TIME_LEFT_SETTING = "show_time_left"
"""Show "12 min left in chapter" in the status line."""

__all__ = ["REOPEN_LAST_BOOK_SETTING", "SHOW_TIME_LEFT_SETTING", "SINGLE_INSTANCE_SETTING"]
