"""Opening many files at once without freezing the window: drops, File ▸ Open, hand-overs.

A drop, a multiple choice in File ▸ Open, or a later ``quire FILE…`` handing
its files to this window (the single-instance server sends them in batches of
32, one batch per event-loop turn, then ``handover_finished``) is one
*request*. :class:`OpenQueue` works through requests a slice at a time (about
:data:`SLICE_S` of work per event-loop turn), so thousands of paths never
block the page:

- the first file that opens is shown (for a hand-over: the first that opens
  among the request's first batch), and the window comes to the front;
- every other file only goes to the library (the library pane's background
  import), unless a cheap ``stat`` already says it cannot be a book;
- files that could not be opened are collected as ``(path, message)`` pairs
  and, once the request is complete, summarised in ONE message
  (:func:`reader.open_failures.summarise_open_failures`) with the whole list
  behind a "Details…" button — never joined into one long message.
"""

from __future__ import annotations

import os
import stat
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from reader.open_failures import summarise_open_failures

SLICE_S = 0.012
"""Work done per event-loop turn (opening one book may take longer: it is never cut)."""
MIN_PER_SLICE = 8
"""Paths looked at per turn however slow the machine is (so a slice always gets on)."""


def file_problem(path: str) -> str | None:
    """Why ``path`` cannot be a book, from ``stat`` alone (never opens it); None if it may be.

    The messages are the ones the text engine gives for the same files.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # the reason is in the message
        return f"No such file: {path}"
    except OSError as err:
        return f"Cannot read {path}: {err.strerror or err}"
    except ValueError:  # an embedded NUL: no file can have that name
        return f"No such file: {path!r}"
    if stat.S_ISDIR(mode):
        return f"{path} is a folder, not a file"
    if not stat.S_ISREG(mode):
        return f"{path} is not a regular file"
    return None


class OpenHost(Protocol):
    """What the queue needs from the window."""

    def open_one(self, path: str) -> str | None:
        """Open and show ``path``; None on success, else the reader's message."""
        ...

    def add_to_library(self, paths: list[str]) -> None:
        """Add ``paths`` to the library in the background (not shown)."""
        ...

    def report_open_failures(self, text: str, details: list[str]) -> None:
        """Show one summary of files that could not be opened (``details``: the list)."""
        ...

    def bring_to_front(self) -> None:
        """Raise the window (a hand-over)."""
        ...


@dataclass(eq=False)
class _Request:
    paths: deque[str] = field(default_factory=deque)
    openable: int = -1
    """How many of the first paths may be opened (-1: any); the rest only go to the library."""
    opened: bool = False
    complete: bool = True
    """All its paths are here (a hand-over is complete once ``handover_finished`` came)."""
    seen: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    to_library: list[str] = field(default_factory=list)


class OpenQueue(QObject):
    """Works through open requests a slice per event-loop turn (see the module docstring)."""

    def __init__(self, host: OpenHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._requests: deque[_Request] = deque()
        self._handover: _Request | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._work)
        self.longest_slice = 0.0
        """Seconds of the longest slice so far (for the benchmark)."""

    def busy(self) -> bool:
        """True while a request is not finished."""
        return bool(self._requests)

    def open_files(self, files: Sequence[str]) -> bool:
        """Open the first of ``files`` that works, add the others to the library.

        The first slice runs now: True when a book was opened by the time this returns.
        """
        request = _Request(deque(os.path.abspath(f) for f in files))
        self._requests.append(request)
        self._work()
        return request.opened

    def handed_over(self, batch: list[str]) -> None:
        """A batch of a hand-over (the first one also raises the window)."""
        request = self._handover
        if request is None:
            request = _Request(complete=False, openable=len(batch))
            self._handover = request
            self._requests.append(request)
            self._host.bring_to_front()
        request.paths.extend(os.path.abspath(p) for p in batch)
        self._timer.start()

    def handover_finished(self, _count: int) -> None:
        """The hand-over's last batch has come: report its failures once it is worked through."""
        request, self._handover = self._handover, None
        if request is not None:
            request.complete = True
            self._timer.start()

    def _work(self) -> None:
        started = time.perf_counter()
        done = 0
        while self._requests:
            request = self._requests[0]
            if not request.paths:
                if not request.complete:
                    break  # more batches are coming
                self._requests.popleft()
                self._finish(request)
                continue
            if done >= MIN_PER_SLICE and time.perf_counter() - started > SLICE_S:
                break
            self._step(request, request.paths.popleft())
            done += 1
        self.longest_slice = max(self.longest_slice, time.perf_counter() - started)
        if self._requests and (self._requests[0].paths or self._requests[0].complete):
            self._timer.start()

    def _step(self, request: _Request, path: str) -> None:
        may_open = request.openable < 0 or request.seen < request.openable
        request.seen += 1
        problem = file_problem(path)
        if problem is not None:
            request.failures.append((path, problem))
        elif may_open and not request.opened:
            error = self._host.open_one(path)
            if error is None:
                request.opened = True
            else:
                request.failures.append((path, error))
        else:
            request.to_library.append(path)

    def _finish(self, request: _Request) -> None:
        if request.to_library:
            self._host.add_to_library(request.to_library)
        summary = summarise_open_failures(request.failures)
        if summary is not None:
            self._host.report_open_failures(summary.text, summary.details)


__all__ = ["MIN_PER_SLICE", "SLICE_S", "OpenHost", "OpenQueue", "file_problem"]
