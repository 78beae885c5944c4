"""The side docks: each holds one pane, and says "Loading…" until the pane is installed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QWidget

P = TypeVar("P", bound=QWidget)


class PaneDock(QDockWidget):
    """A dock for one pane (library or notes), hidden until asked for."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        # Shown only for the moment before the pane is installed (after the first page).
        label = QLabel("Loading…", self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(label)
        self._when_shown: Callable[[], None] | None = None
        self.hide()

    def when_shown(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` just before the dock is shown: it builds the pane when it is
        missing (and does nothing once it is there).

        Every way of showing the dock (its key, a menu, the focus ring, a restored
        window state) goes through :meth:`setVisible`.
        """
        self._when_shown = callback

    def setVisible(self, visible: bool) -> None:
        """Show or hide the dock; showing it first builds a pane that was waiting."""
        if visible and self._when_shown is not None:
            self._when_shown()
        super().setVisible(visible)

    def expect_pane(self) -> None:
        """The pane comes in a moment (start-up): a blank placeholder, not "Loading…"."""
        placeholder = self.widget()
        if isinstance(placeholder, QLabel):
            placeholder.clear()

    def pane(self, kind: type[P]) -> P | None:
        """The pane in the dock if it is a ``kind`` (None: not installed yet)."""
        widget = self.widget()
        return widget if isinstance(widget, kind) else None

    def show_pane(self) -> None:
        """Show the dock on top of any dock tabbed with it."""
        self.show()
        self.raise_()


__all__ = ["PaneDock"]
