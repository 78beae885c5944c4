"""Numbers as the reader sees them, shared by the status line and the library list."""

from __future__ import annotations


def format_percent(percent: float) -> str:
    """``"45%"`` (whole percent; one decimal below 1 % so the start is not all "0%")."""
    if 0 < percent < 1:  # never "0.0%" once a page has been read
        return f"{max(percent, 0.1):.1f}%"
    return f"{int(percent)}%"


__all__ = ["format_percent"]
