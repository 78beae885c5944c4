"""Single instance, the running window's end: listen for files that later launches send.

:class:`InstanceServer` (QtCore + QtNetwork) listens on the per-user,
per-data-folder local socket of :func:`reader.desktop.ipc_client.socket_address`,
answers every request at once (:mod:`reader.desktop.protocol`), and then hands
the accepted paths to the window in batches — at most :data:`BATCH_SIZE` per
event-loop turn — so thousands of paths never freeze the page.

It never raises on what a client sends: any malformed, oversized, truncated or
stalled message gets ``{"ok": false, "error": ...}`` (when the client is still
there to read it) and the server goes on serving. Security: the socket is mode
0600 (``UserAccessOption``), a socket file owned by another user is never
replaced, and on Linux the peer's uid is checked (``SO_PEERCRED``).
"""

from __future__ import annotations

import logging
import os
import socket
import struct
import sys
from collections import deque

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from reader.desktop.ipc_client import socket_address, someone_answers
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


def _peer_is_same_user(fd: int) -> bool:
    """Linux: the connecting process runs as our uid (elsewhere: trust file modes)."""
    if not sys.platform.startswith("linux") or fd < 0:
        return True
    try:
        dup = socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError:  # cannot ask: refuse the peer
        return False
    try:
        creds = dup.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        return uid == os.getuid()
    except OSError:  # cannot ask: refuse the peer
        return False
    finally:
        dup.close()


def _qt_someone_answers(name: str) -> bool:
    """True when a live server answers on the local socket ``name`` (non-POSIX)."""
    probe = QLocalSocket()
    probe.connectToServer(name)
    alive = probe.waitForConnected(200)
    probe.abort()
    return alive


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
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}
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
        return self._server.isListening()

    def pending_paths(self) -> int:
        """Paths accepted but not yet handed to the window."""
        return sum(len(r) for r in self._queue) - self._sent

    def start(self) -> bool:
        """Listen; clean up a stale socket left by a crash. False if another instance runs.

        Qt's listen() with access options silently replaces an existing socket
        file, so a live server is detected (by connecting) before listening.
        """
        if self._server.isListening():
            return True
        if os.name == "posix":
            if os.path.lexists(self._address):
                if someone_answers(self._address):
                    return False
                try:
                    if os.lstat(self._address).st_uid != os.getuid():
                        return False
                except FileNotFoundError:  # vanished meanwhile: fine
                    pass
                except OSError:  # cannot check: don't take it over
                    return False
                QLocalServer.removeServer(self._address)
        elif _qt_someone_answers(self._address):
            return False
        if self._server.listen(self._address):
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return False
        QLocalServer.removeServer(self._address)
        return self._server.listen(self._address)

    def close(self) -> None:
        """Stop listening, drop pending clients and queued paths (removes the socket file)."""
        for sock in list(self._buffers):
            sock.abort()
        self._buffers.clear()
        self._pump.stop()
        self._queue.clear()
        self._sent = 0
        if self._server.isListening():
            self._server.close()
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

    # --- connections ------------------------------------------------------------------------

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is None:
                break
            try:
                self._accept(sock)
            except Exception:  # a client must never take the server down
                log.exception("single-instance server: could not accept a connection")
                sock.abort()
                sock.deleteLater()

    def _accept(self, sock: QLocalSocket) -> None:
        if not _peer_is_same_user(int(sock.socketDescriptor())):
            sock.abort()
            sock.deleteLater()
            return
        if len(self._buffers) >= MAX_CLIENTS:
            sock.disconnected.connect(sock.deleteLater)
            sock.write(encode_reply("busy: too many connections at once; try again"))
            sock.flush()
            sock.disconnectFromServer()
            return
        self._buffers[sock] = bytearray()
        sock.readyRead.connect(lambda s=sock: self._on_ready_read(s))
        sock.disconnected.connect(lambda s=sock: self._forget(s))
        QTimer.singleShot(CLIENT_IDLE_MS, sock, lambda s=sock: self._expire(s))
        if sock.bytesAvailable():
            self._on_ready_read(sock)

    def _on_ready_read(self, sock: QLocalSocket) -> None:
        try:
            self._read(sock)
        except Exception:  # never let a message escape into the event loop
            log.exception("single-instance server: a request could not be handled")
            self._answer(sock, "internal error while reading the request")

    def _read(self, sock: QLocalSocket) -> None:
        buffer = self._buffers.get(sock)
        if buffer is None:
            return
        room = MAX_MESSAGE_BYTES + 2 - len(buffer)
        buffer += bytes(sock.read(max(room, 1)).data())
        cut = buffer.find(b"\n")
        if cut < 0:
            if len(buffer) > MAX_MESSAGE_BYTES:
                self._answer(sock, message_too_large())
            return
        result = decode_request(bytes(buffer[:cut]))
        if isinstance(result, ProtocolError):
            self._answer(sock, str(result))
            return
        # Answer first: opening a book may take a while.
        self._answer(sock, None)
        self._enqueue(result)

    def _answer(self, sock: QLocalSocket, error: str | None) -> None:
        """Reply once and hang up; the client is forgotten (further bytes are ignored)."""
        if self._buffers.pop(sock, None) is None:
            return
        if sock.state() == QLocalSocket.LocalSocketState.ConnectedState:
            sock.write(encode_reply(error))
            sock.flush()
            sock.disconnectFromServer()
        else:
            sock.abort()

    def _expire(self, sock: QLocalSocket) -> None:
        if sock in self._buffers:
            self._answer(sock, "incomplete message: no request line within 2 s")

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()
