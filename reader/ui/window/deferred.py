"""Work put off until the first frame is on screen: :class:`DeferredInstall`.

Start-up paints the page first; the docks' panes (library, notes) and the
single-instance server are set up right after it. Each piece of work runs
exactly once, at the first of: the event-loop
turn after the first paint, the first user input that reaches the watched
widget (a key press, shortcut, click, wheel turn or drag on the page, which has
the focus at start-up, so no key ever finds the panes missing), an explicit
:meth:`DeferredInstall.run`, or a time limit counted from the first turn of the
event loop (a window that is never painted still gets its panes).

The input is watched on the page widget, not the whole application: an
application-wide Python event filter is called for every event, and the first
event for one of Qt's private objects makes PySide load every Qt class.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtGui import QGuiApplication

AT_LATEST_MS = 1000
"""Without a paint or any input, the work runs after this long."""


class DeferredInstall(QObject):
    """Runs ``work`` once, soon after ``painted`` fires (see the module docstring)."""

    _INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.Wheel,
            QEvent.Type.DragEnter,
        }
    )

    def __init__(
        self,
        parent: QObject,
        work: Callable[[], None],
        painted: SignalInstance,
        watch: QObject,
    ) -> None:
        super().__init__(parent)
        self._work: Callable[[], None] | None = work
        self._watch: QObject | None = watch
        painted.connect(self._after_paint)
        # The time limit counts from the first turn of the event loop: a slow book load
        # before it must not use the limit up and put the work before the first paint.
        QTimer.singleShot(0, self, self._start_time_limit)
        watch.installEventFilter(self)

    def pending(self) -> bool:
        """True until the work has run (or was cancelled)."""
        return self._work is not None

    def run(self) -> None:
        """Do the work now, if it has not been done yet."""
        work = self._take()
        if work is not None:
            work()

    def cancel(self) -> None:
        """Never do the work (the window is closing)."""
        self._take()

    def _take(self) -> Callable[[], None] | None:
        work, self._work = self._work, None
        watch, self._watch = self._watch, None
        if watch is not None and shiboken6.isValid(watch):
            watch.removeEventFilter(self)
        return work

    def _start_time_limit(self) -> None:
        if self._work is not None:
            QTimer.singleShot(AT_LATEST_MS, self, self.run)

    def _after_paint(self) -> None:
        if self._work is not None:
            # The next turn of the event loop: the window's backing store is flushed by then.
            QTimer.singleShot(0, self, self._show_then_run)

    def _show_then_run(self) -> None:
        if self._work is None:
            return
        # The flushed frame is still in the X connection's buffer: it is sent when the
        # event loop would block, i.e. only after this work (some 50 ms of panes). Sent
        # now, the reader sees the page while the work runs.
        if QGuiApplication.instance() is not None:
            QGuiApplication.sync()
        self.run()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let every event through; do the work first when it is the first input."""
        if self._work is not None and event.type() in self._INPUT:
            self.run()
        return False


__all__ = ["AT_LATEST_MS", "DeferredInstall"]
