"""The smallest interfaces several ui packages declare alike (each package's ``ports`` module
builds its own context from these)."""

from __future__ import annotations

from typing import Protocol


class MessageSink(Protocol):
    """Where a pane's one-line messages go (the window's message bar above the page)."""

    def show_message(self, text: str, error: bool = True) -> None:
        """Show ``text`` as plain text; ``error`` False for a neutral notice."""
        ...


__all__ = ["MessageSink"]
