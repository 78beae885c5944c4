"""Whether the reader can be reading: the window shown, not minimised, and in front.

:class:`WindowActivity` watches a top-level widget's events and calls back only
when that changes (and when the window closes), so the recorder stops the clock
of a page view while the window is hidden, minimised or without focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

__all__ = ["WindowActivity", "is_active"]

_WATCHED = {
    QEvent.Type.ActivationChange,
    QEvent.Type.WindowStateChange,
    QEvent.Type.Show,
    QEvent.Type.Hide,
}


def is_active(window: QWidget) -> bool:
    """True when ``window`` is shown, not minimised, and the active window."""
    return window.isVisible() and not window.isMinimized() and window.isActiveWindow()


class WindowActivity(QObject):
    """Calls ``changed(active)`` when the window's activity changes, ``closing()`` on close."""

    def __init__(
        self,
        window: QWidget,
        changed: Callable[[bool], None],
        closing: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._changed = changed
        self._closing = closing
        self.active = is_active(window)
        """The state last reported."""
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the window's activation, visibility and minimised state."""
        kind = event.type()
        if watched is self._window:
            if kind == QEvent.Type.Close:
                self._closing()
            elif kind in _WATCHED:
                self.check()
        return False

    def check(self) -> None:
        """Report the window's activity if it changed since the last report."""
        active = is_active(self._window)
        if active != self.active:
            self.active = active
            self._changed(active)
