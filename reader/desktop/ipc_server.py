"""Single instance, the running window's end: listen for files that later launches send.

:class:`InstanceServer` (QtCore) listens on the per-user, per-data-folder local socket
of :func:`reader.desktop.ipc_client.socket_address`, answers every request at once
(:mod:`reader.desktop.protocol`), and then hands the accepted paths to the window in
batches — at most :data:`BATCH_SIZE` per event-loop turn — so thousands of paths never
freeze the page.

The connections come from a transport: on POSIX a plain ``AF_UNIX`` socket driven by
``QSocketNotifier``s (:mod:`reader.desktop.ipc_posix`), so QtNetwork is never loaded;
on Windows Qt's ``QLocalServer`` (:mod:`reader.desktop.ipc_windows`, imported only
there). What a client may send, and what it is answered, is decided here for both.

It never raises on what a client sends: any malformed, oversized, truncated or
stalled message gets ``{"ok": false, "error": ...}`` (when the client is still
there to read it) and the server goes on serving. Security: the socket is mode
0600 from the moment it exists, a socket file owned by another user is never
replaced, and on Linux the peer's uid is checked (``SO_PEERCRED``).
"""

from __future__ import annotations

import logging
import os
import sys
from collections import deque
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from reader.desktop.ipc_client import socket_address
from reader.desktop.ipc_posix import UnixTransport
from reader.desktop.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    decode_request,
    encode_reply,
    message_too_large,
)
from reader.paths import Paths

log = logging.getLogger(__name__)

BATCH_SIZE = 32
"""Most paths handed to the window per event-loop turn (each may cost a stat and a lookup)."""
MAX_CLIENTS = 16
"""Connections served at once; more are refused ("busy") until one is done."""
CLIENT_IDLE_MS = 2000
"""A client that has not sent a whole request line by then is answered and dropped."""


class _Client(Protocol):
    """One connection, as a transport passes it on."""

    def read(self, limit: int) -> bytes | None:
        """Up to ``limit`` bytes that have arrived (b"" if none yet); None once the peer is gone."""
        ...

    def finish(self, reply: bytes) -> None:
        """Send ``reply``, then hang up."""
        ...

    def drop(self) -> None:
        """Hang up at once."""
        ...


class _Transport(Protocol):
    """Where the connections come from; it calls back with each new client and each read."""

    def listen(self, address: str) -> bool:
        """Start listening (True if already); False if another instance runs or it fails."""
        ...

    def is_listening(self) -> bool:
        """True while connections are accepted."""
        ...

    def close(self) -> None:
        """Stop listening and clean up (the server has hung up on its clients)."""
        ...


def _make_transport(
    parent: QObject,
    on_arrival: Callable[[_Client], None],
    on_readable: Callable[[_Client], None],
) -> _Transport:
    """The ``AF_UNIX`` transport on POSIX; Qt's local sockets (named pipes) elsewhere."""
    if os.name == "posix":
        return UnixTransport(parent, on_arrival, on_readable)
    from reader.desktop.ipc_windows import LocalTransport  # QtNetwork: only where needed

    return LocalTransport(parent, on_arrival, on_readable)


class InstanceServer(QObject):
    """Listens for hand-overs and passes the paths on in batches.

    Signals, for each accepted request, in order:

    - :attr:`files_received` ``(list[str])`` — once per batch of at most
      :data:`BATCH_SIZE` paths, one batch per event-loop turn; a request with
      no files gives one empty list, meaning only "raise the window";
    - :attr:`handover_finished` ``(int)`` — after the request's last batch,
      with its number of paths (for a summary of the files that failed).
    """

    files_received = Signal(list)
    handover_finished = Signal(int)

    def __init__(
        self,
        paths: Paths,
        parent: QObject | None = None,
        *,
        file_open_events: bool = sys.platform == "darwin",
    ) -> None:
        """``file_open_events``: also report the application's ``QFileOpenEvent``s
        (macOS Finder "Open with" and drops on the Dock icon) through
        :attr:`files_received`. Off elsewhere: an application-wide event
        filter costs a Python call per event.
        """
        super().__init__(parent)
        self._paths = paths
        app = QCoreApplication.instance()
        self._filtering = file_open_events and app is not None
        if self._filtering and app is not None:
            app.installEventFilter(self)
        self._address = socket_address(paths)
        self._transport = _make_transport(self, self._on_arrival, self._on_readable)
        self._buffers: dict[_Client, bytearray] = {}
        """The clients being served, with what each has sent so far."""
        self._queue: deque[list[str]] = deque()
        """Accepted requests not yet handed over completely (the head is being sent)."""
        self._sent = 0  # paths of the head request already emitted
        self._pump = QTimer(self)
        self._pump.setSingleShot(True)
        self._pump.setInterval(0)
        self._pump.timeout.connect(self._emit_batch)

    @property
    def address(self) -> str:
        """The socket path (POSIX) or pipe name (Windows) this server uses."""
        return self._address

    def is_listening(self) -> bool:
        """True while the server accepts hand-overs."""
        return self._transport.is_listening()

    def pending_paths(self) -> int:
        """Paths accepted but not yet handed to the window."""
        return sum(len(r) for r in self._queue) - self._sent

    def start(self) -> bool:
        """Listen; clean up a stale socket left by a crash.

        False if another instance runs (a live server answers at :attr:`address`),
        the socket file there belongs to another user, or listening fails.
        """
        return self._transport.listen(self._address)

    def close(self) -> None:
        """Stop listening, drop pending clients and queued paths (removes the socket file)."""
        clients = list(self._buffers)
        self._buffers.clear()
        for client in clients:
            client.drop()
        self._pump.stop()
        self._queue.clear()
        self._sent = 0
        self._transport.close()
        app = QCoreApplication.instance()
        if self._filtering and app is not None:
            app.removeEventFilter(self)
            self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Turn a ``QFileOpenEvent`` into a hand-over of that one file (macOS)."""
        if event.type() == QEvent.Type.FileOpen:
            name = getattr(event, "file", lambda: "")()
            if isinstance(name, str) and name and os.path.isabs(name):
                self._enqueue([os.path.normpath(name)])
                return True
        return super().eventFilter(watched, event)

    # --- handing over, in batches ---------------------------------------------------------

    def _enqueue(self, files: list[str]) -> None:
        self._queue.append(files)
        if not self._pump.isActive():
            self._pump.start()

    def _emit_batch(self) -> None:
        """Emit the next batch of the head request (one call per event-loop turn)."""
        if not self._queue:
            return
        head = self._queue[0]
        batch = head[self._sent : self._sent + BATCH_SIZE]
        self._sent += len(batch)
        done = self._sent >= len(head)
        if done:
            self._queue.popleft()
            self._sent = 0
        if self._queue:
            self._pump.start()  # the next turn, after the slots below and other events
        self.files_received.emit(batch)
        if done:
            self.handover_finished.emit(len(head))

    # --- clients ------------------------------------------------------------------------------

    def _on_arrival(self, client: _Client) -> None:
        try:
            if len(self._buffers) >= MAX_CLIENTS:
                client.finish(encode_reply("busy: too many connections at once; try again"))
                return
            self._buffers[client] = bytearray()
            QTimer.singleShot(CLIENT_IDLE_MS, self, lambda: self._expire(client))
        except Exception:  # a client must never take the server down
            log.exception("single-instance server: could not accept a connection")
            self._buffers.pop(client, None)
            client.drop()
            return
        # What it sent while it waited to be accepted (maybe all of it, and its hang-up) is
        # read now, so that a done client's slot is free for the next one accepted.
        self._on_readable(client)

    def _on_readable(self, client: _Client) -> None:
        try:
            self._read(client)
        except Exception:  # never let a message escape into the event loop
            log.exception("single-instance server: a request could not be handled")
            self._answer(client, "internal error while reading the request")

    def _read(self, client: _Client) -> None:
        """Take what ``client`` sent; answer once its request line is whole (or too long)."""
        buffer = self._buffers.get(client)
        if buffer is None:  # answered already: later bytes are ignored
            return
        while True:
            data = client.read(MAX_MESSAGE_BYTES + 2 - len(buffer))
            if data is None:  # hung up before a whole request: nobody to answer
                del self._buffers[client]
                client.drop()
                return
            if not data:
                return
            buffer += data
            cut = buffer.find(b"\n", len(buffer) - len(data))
            if cut >= 0:
                break
            if len(buffer) > MAX_MESSAGE_BYTES:
                self._answer(client, message_too_large())
                return
        result = decode_request(bytes(buffer[:cut]))
        if isinstance(result, ProtocolError):
            self._answer(client, str(result))
            return
        # Answer first: opening a book may take a while.
        self._answer(client, None)
        self._enqueue(result)

    def _answer(self, client: _Client, error: str | None) -> None:
        """Reply once and hang up; the client is forgotten (further bytes are ignored)."""
        if self._buffers.pop(client, None) is not None:
            client.finish(encode_reply(error))

    def _expire(self, client: _Client) -> None:
        if client in self._buffers:
            seconds = f"{CLIENT_IDLE_MS / 1000:g}"
            self._answer(client, f"incomplete message: no request line within {seconds} s")
