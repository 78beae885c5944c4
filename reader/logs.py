"""The log file: unexpected errors with their tracebacks, in the data folder (Qt-free).

``quire.log`` in the per-user data folder (:attr:`reader.paths.Paths.log_file`),
rotated at :data:`MAX_BYTES` with :data:`BACKUPS` old files kept
(``quire.log.1`` … ``.3``), so it never grows past 4 MB. ``quire --log``
prints its path; the About dialog points to it.

Set-up costs nothing measurable at start-up: :func:`setup_logging` attaches a
handler that imports :mod:`logging.handlers` and opens the file only when the
first record is written. The file is opened with
:func:`reader.paths.open_regular_file`, so a FIFO or a device in its place
can never block Quire; if it cannot be written, one line on standard error
says so and Quire goes on.

:func:`install_excepthooks` logs every uncaught exception — in the main
thread, in other threads, and in Qt slots (PySide6 hands those to
``sys.excepthook`` and the application keeps running) — and still prints the
traceback to standard error as Python would.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from reader.paths import open_regular_file

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
LOGGER = "quire"
"""Name of the logger for uncaught exceptions; modules use ``logging.getLogger(__name__)``."""


class LazyRotatingHandler(logging.Handler):
    """A size-capped rotating log file that is only created when something is logged."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        super().__init__(logging.WARNING)
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.backups = backups
        self._real: RotatingFileHandler | None = None
        self._failed = False
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        """Write ``record`` to the file (opening it on first use); never raises."""
        if self._failed:
            return
        try:
            if self._real is None:
                self._real = self._open()
            self._real.emit(record)
        except Exception as exc:  # logging must never take Quire down with it
            self._give_up(exc)

    def _open(self) -> RotatingFileHandler:
        from logging.handlers import RotatingFileHandler

        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)

        class SafeRotatingFileHandler(RotatingFileHandler):
            """Opens only a regular file, without blocking (see :func:`open_regular_file`)."""

            def _open(self):  # type: ignore[no-untyped-def]  # same signature as the base
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
                fd = open_regular_file(self.baseFilename, flags, 0o600)
                return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")

            def handleError(self, record: logging.LogRecord) -> None:
                raise  # handled (once, briefly) by LazyRotatingHandler.emit

        handler = SafeRotatingFileHandler(
            str(path), maxBytes=self.max_bytes, backupCount=self.backups, encoding="utf-8"
        )
        handler.setFormatter(self.formatter)
        return handler

    def _give_up(self, exc: BaseException) -> None:
        self._failed = True
        with contextlib.suppress(Exception):  # no stderr (e.g. pythonw): nothing more to do
            sys.stderr.write(f"quire: cannot write the log file {self.path}: {exc}\n")

    def close(self) -> None:
        """Close the file if it was opened."""
        if self._real is not None:
            self._real.close()
            self._real = None
        super().close()


_handler: list[LazyRotatingHandler] = []


def setup_logging(log_file: Path) -> LazyRotatingHandler:
    """Send warnings and errors of every logger to ``log_file`` (replacing an earlier set-up)."""
    root = logging.getLogger()
    for old in _handler:
        root.removeHandler(old)
        old.close()
    _handler.clear()
    handler = LazyRotatingHandler(log_file)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    _handler.append(handler)
    return handler


def log_file() -> Path | None:
    """The log file set up by :func:`setup_logging` (None before, e.g. in tools and tests)."""
    return _handler[0].path if _handler else None


def log_exception(
    where: str,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    """Log one uncaught exception with its traceback; never raises."""
    with contextlib.suppress(Exception):  # the hook itself must not fail
        logging.getLogger(LOGGER).error(
            "uncaught exception %s", where, exc_info=(exc_type, exc, tb)
        )


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if not issubclass(exc_type, KeyboardInterrupt):
        log_exception("in the main thread", exc_type, exc, tb)
    sys.__excepthook__(exc_type, exc, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is not SystemExit and args.exc_value is not None:
        name = args.thread.name if args.thread is not None else "?"
        log_exception(f"in thread {name}", args.exc_type, args.exc_value, args.exc_traceback)
    threading.__excepthook__(args)


def install_excepthooks() -> None:
    """Log uncaught exceptions (main thread, Qt slots, other threads) to the log file."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
