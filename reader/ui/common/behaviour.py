"""Keys of the behaviour settings (Settings ▸ Behaviour), read by the window and the dialog.

Each is a boolean in ``Store.settings`` and defaults to on (hiding author's notes: off).
"""

from __future__ import annotations

REOPEN_LAST_BOOK_SETTING = "reopen_last_book"
"""Open the last book read when Quire starts without files."""
SINGLE_INSTANCE_SETTING = "single_instance"
"""A second launch hands its files to the running window."""
SHOW_TIME_LEFT_SETTING = "show_time_left"
"""Show "12 min left in chapter" in the status line."""

ITALICS_REPAIR_SETTING = "italics_repair"
"""Show words run together by lost italics apart, the restored word in italics (on)."""
HIDE_AUTHOR_NOTES_SETTING = "hide_author_notes"
"""Fold author's notes to one line, "Author's note — show" (defaults to off)."""

__all__ = [
    "HIDE_AUTHOR_NOTES_SETTING",
    "ITALICS_REPAIR_SETTING",
    "REOPEN_LAST_BOOK_SETTING",
    "SHOW_TIME_LEFT_SETTING",
    "SINGLE_INSTANCE_SETTING",
]
