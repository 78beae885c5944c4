"""Single instance on Windows: the running window's end over Qt's local sockets (named pipes).

:class:`LocalTransport` is the transport of
:class:`reader.desktop.ipc_server.InstanceServer` where there is no ``AF_UNIX``
hand-over: a ``QLocalServer``. This module imports QtNetwork (~3 MB), so it is
imported only there; POSIX uses :mod:`reader.desktop.ipc_posix`. Like that one, it
makes, accepts and closes connections; what a client may send and what it is answered
is the server's business.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket


def _someone_answers(name: str) -> bool:
    """True when a live server answers on the local socket ``name``."""
    probe = QLocalSocket()
    probe.connectToServer(name)
    alive = probe.waitForConnected(200)
    probe.abort()
    return alive


class LocalClient:
    """One accepted ``QLocalSocket``: gives what arrives, sends one reply, then hangs up."""

    def __init__(self, sock: QLocalSocket) -> None:
        """Wrap ``sock``, which deletes itself once disconnected."""
        self._sock = sock

    def read(self, limit: int) -> bytes | None:
        """Up to ``limit`` bytes that have arrived (b"" if none yet); None once the peer is gone."""
        data = bytes(self._sock.read(limit).data())
        if data:
            return data
        if self._sock.state() != QLocalSocket.LocalSocketState.ConnectedState:
            return None
        return b""

    def finish(self, reply: bytes) -> None:
        """Send ``reply``, then hang up."""
        sock = self._sock
        if sock.state() == QLocalSocket.LocalSocketState.ConnectedState:
            sock.write(reply)
            sock.flush()
            sock.disconnectFromServer()
        else:
            self.drop()

    def drop(self) -> None:
        """Hang up at once."""
        self._sock.abort()
        self._sock.deleteLater()


class LocalTransport(QObject):
    """Listens on a ``QLocalServer`` (user-only access) and passes each connection on."""

    def __init__(
        self,
        parent: QObject,
        on_arrival: Callable[[LocalClient], None],
        on_readable: Callable[[LocalClient], None],
    ) -> None:
        """``on_arrival`` gets each new client; ``on_readable`` is called when it sent more
        or hung up."""
        super().__init__(parent)
        self._on_arrival = on_arrival
        self._on_readable = on_readable
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def is_listening(self) -> bool:
        """True between a successful :meth:`listen` and :meth:`close`."""
        return self._server.isListening()

    def listen(self, address: str) -> bool:
        """Listen on the pipe ``address``; False when a live server answers there or
        listening fails.

        A live server is looked for first (by connecting): Qt's listen() with access
        options would silently take its address over.
        """
        if self._server.isListening():
            return True
        if _someone_answers(address):
            return False
        if self._server.listen(address):
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return False
        QLocalServer.removeServer(address)
        return self._server.listen(address)

    def close(self) -> None:
        """Stop listening (the server has already hung up on its clients)."""
        if self._server.isListening():
            self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is None:
                break
            client = LocalClient(sock)
            # A hang-up is reported as "readable": the read then says the peer is gone.
            sock.readyRead.connect(lambda c=client: self._on_readable(c))
            sock.disconnected.connect(lambda c=client: self._on_readable(c))
            sock.disconnected.connect(sock.deleteLater)
            self._on_arrival(client)
