"""SIGTERM and SIGINT close Quire properly (progress flushed) instead of killing it.

Python signal handlers only run when the interpreter gets control, so the
signal wakes the Qt event loop through a pipe (``signal.set_wakeup_fd``); the
handler itself only queues the close, which then runs inside the event loop.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget


def install_signal_handlers(app: QApplication, holder: list[QWidget]) -> None:
    """SIGTERM / SIGINT close the window properly (progress is flushed) instead of killing.

    Python handlers only run when the interpreter gets control, so the signal
    wakes the Qt loop through a pipe (``signal.set_wakeup_fd``); the handler
    itself only queues the close, which then runs inside the event loop.
    """
    import signal

    from PySide6.QtCore import QSocketNotifier, QTimer

    try:
        read_fd, write_fd, drain = _wakeup_channel()
    except OSError:  # no wake-up channel: default signal handling
        return
    try:
        signal.set_wakeup_fd(write_fd)
    except ValueError:  # not the main thread
        return

    def close_all() -> None:
        for window in holder:
            window.close()
        app.quit()

    def on_signal(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, close_all)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)

    notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)
    notifier.activated.connect(drain)
    _KEEP_ALIVE.extend((drain, notifier))


def _wakeup_channel() -> tuple[int, int, Callable[[], None]]:
    """A non-blocking (read end, write end, drain) for ``signal.set_wakeup_fd``.

    A pipe on POSIX (no ``socket`` import on the way to the first page); a
    socket pair on Windows, whose wake-up descriptor must be a socket.
    """
    if os.name == "posix":
        read_fd, write_fd = os.pipe()
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)

        def drain_pipe() -> None:
            with contextlib.suppress(OSError):  # nothing to drain
                os.read(read_fd, 64)

        return read_fd, write_fd, drain_pipe
    import socket

    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)

    def drain_socket() -> None:
        with contextlib.suppress(OSError):  # nothing to drain
            rsock.recv(64)

    drain_socket.sockets = (rsock, wsock)  # type: ignore[attr-defined]  # kept open
    return rsock.fileno(), wsock.fileno(), drain_socket


_KEEP_ALIVE: list[object] = []
"""Objects that must live as long as the application (signal wake-up sockets)."""
