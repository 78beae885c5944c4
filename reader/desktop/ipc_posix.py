"""Single instance on POSIX: the running window's ``AF_UNIX`` socket, served from Qt's event loop.

:class:`UnixTransport` is the transport of
:class:`reader.desktop.ipc_server.InstanceServer` on Linux and macOS: a non-blocking
Python socket watched by ``QSocketNotifier``s, so only QtCore is needed and QtNetwork
(~3 MB) is never loaded. It makes, accepts and closes connections; what a client may
send and what it is answered is the server's business.

Security: the socket file appears at its address already mode 0600 and listening — it
is bound inside a fresh 0700 folder next to the address and then hard-linked into place
(Qt's ``UserAccessOption`` renames it likewise) — a file at the address is never
replaced (on a file system without hard links, only one that appears in the instant
between a check and the rename), one owned by another user is never removed, and on
Linux each peer's uid is checked (``SO_PEERCRED``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import struct
import sys
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from reader.desktop.ipc_client import someone_answers

log = logging.getLogger(__name__)

BACKLOG = 64
"""Connections the kernel queues until they are accepted (Qt's default is 50)."""
ACCEPTS_PER_TURN = 64
"""Most connections accepted in one event-loop turn, so a flood cannot starve the window."""
READ_CHUNK = 64 * 1024
"""Most bytes taken from one client per read."""
REPLY_TIMEOUT_MS = 2000
"""A client that has not taken its reply by then is hung up on."""
ACCEPT_RETRY_MS = 100
"""Pause before accepting again when the process is out of file descriptors or memory."""

# EPIPE rather than SIGPIPE when the peer is gone, where the flag exists (Python ignores
# SIGPIPE anyway, but a host application may not).
_SEND_FLAGS = getattr(socket, "MSG_NOSIGNAL", 0)


def _peer_is_same_user(conn: socket.socket) -> bool:
    """Linux: the connecting process runs as our uid (elsewhere: trust the file mode)."""
    if not sys.platform.startswith("linux"):
        return True
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:  # cannot ask: refuse the peer
        return False
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _clear_stale(address: str) -> bool:
    """Make room at ``address``; True when nothing is there any more.

    A file nobody answers on (left by a crash) is removed if it is ours; a live
    server's socket, another user's file or one that cannot be checked is left alone.
    """
    try:
        st = os.lstat(address)
    except FileNotFoundError:  # nothing there: room enough
        return True
    except OSError:  # cannot check: don't take it over
        return False
    if st.st_uid != os.getuid() or someone_answers(address):
        return False
    try:
        os.unlink(address)
    except FileNotFoundError:  # vanished meanwhile: fine
        pass
    except OSError:  # cannot remove it: don't listen beside it
        return False
    return True


def _private_folder(near: str) -> str:
    """A new, empty folder of mode 0700 in the folder ``near`` (the address's folder)."""
    for _ in range(16):
        path = os.path.join(near, f".quire-{os.urandom(4).hex()}")
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:  # taken: try another name
            continue
        return path
    raise FileExistsError(f"no free private folder name in {near}")


def _listen_privately(address: str) -> tuple[socket.socket, tuple[int, int]] | None:
    """A non-blocking socket listening at ``address``, and its file's (device, inode).

    None when it cannot be made, or when a file appeared at ``address`` meanwhile (a
    second Quire starting at the same moment): that file is left as it is.
    """
    try:
        private = _private_folder(os.path.dirname(address))
    except OSError:  # cannot make a private folder here: no listening
        return None
    temp = os.path.join(private, "s")  # never longer than ``address`` itself
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(temp)
        os.chmod(temp, 0o600)  # before listening: nobody can connect to it yet
        st = os.lstat(temp)
        sock.listen(BACKLOG)
        sock.setblocking(False)
        try:
            os.link(temp, address)  # unlike rename, never replaces what is there
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: rename would replace a file
            if os.path.lexists(address):  # that appeared since the stale one was cleared
                raise FileExistsError(address) from None
            os.rename(temp, address)  # (what appears in between is replaced: only here)
    except OSError:  # cannot bind, listen or put it in place
        sock.close()
        return None
    finally:
        with contextlib.suppress(OSError):  # renamed away, or never bound
            os.unlink(temp)
        with contextlib.suppress(OSError):  # empty by now, or never made
            os.rmdir(private)
    return sock, (st.st_dev, st.st_ino)


def _remove_socket_file(address: str, identity: tuple[int, int]) -> None:
    """Remove ``address`` if it is still the socket file we made (same device and inode)."""
    try:
        st = os.lstat(address)
        if (st.st_dev, st.st_ino) == identity:
            os.unlink(address)
    except OSError:  # gone already, or not ours to remove
        pass


class UnixClient(QObject):
    """One accepted connection: gives what arrives, sends one reply, then hangs up."""

    def __init__(
        self,
        conn: socket.socket,
        parent: QObject,
        on_readable: Callable[[UnixClient], None],
        on_closed: Callable[[UnixClient], None],
    ) -> None:
        """``on_readable`` is called when bytes (or the end) arrive, ``on_closed`` once."""
        super().__init__(parent)
        self._conn = conn
        self._on_closed = on_closed
        self._closed = False
        self._reply = b""
        self._reader = QSocketNotifier(conn.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(lambda: on_readable(self))
        self._writer: QSocketNotifier | None = None

    def read(self, limit: int) -> bytes | None:
        """Up to ``limit`` bytes that have arrived (b"" if none yet); None once the peer is gone."""
        if self._closed:
            return None
        try:
            data = self._conn.recv(min(limit, READ_CHUNK))
        except (BlockingIOError, InterruptedError):  # nothing has arrived yet
            return b""
        except OSError:  # reset by the peer and the like
            return None
        return data or None

    def finish(self, reply: bytes) -> None:
        """Send ``reply`` (waiting until the socket takes it, at most a while), then hang up."""
        if self._closed:
            return
        self._reader.setEnabled(False)  # later bytes are not read
        self._reply = reply
        self._send()

    def drop(self) -> None:
        """Hang up at once."""
        if self._closed:
            return
        self._closed = True
        self._reader.setEnabled(False)  # before closing: the descriptor may be reused
        if self._writer is not None:
            self._writer.setEnabled(False)
        self._conn.close()
        self.deleteLater()  # with its notifiers; never inside their own signal
        self._on_closed(self)

    def _send(self) -> None:
        if self._closed:
            return
        try:
            sent = self._conn.send(self._reply, _SEND_FLAGS)
        except (BlockingIOError, InterruptedError):  # full: wait until it takes more
            sent = 0
        except OSError:  # EPIPE, ECONNRESET: nobody left to answer
            self.drop()
            return
        self._reply = self._reply[sent:]
        if not self._reply:
            self.drop()
        elif self._writer is None:
            self._writer = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Write, self)
            self._writer.activated.connect(self._send)
            QTimer.singleShot(REPLY_TIMEOUT_MS, self, self.drop)


class UnixTransport(QObject):
    """Listens on an ``AF_UNIX`` socket file and passes each same-user connection on."""

    def __init__(
        self,
        parent: QObject,
        on_arrival: Callable[[UnixClient], None],
        on_readable: Callable[[UnixClient], None],
    ) -> None:
        """``on_arrival`` gets each new client; ``on_readable`` is called when it sent more."""
        super().__init__(parent)
        self._on_arrival = on_arrival
        self._on_readable = on_readable
        self._sock: socket.socket | None = None
        self._acceptor: QSocketNotifier | None = None
        self._remove_file: weakref.finalize[[str, tuple[int, int]], UnixTransport] | None = None
        self._clients: set[UnixClient] = set()

    def is_listening(self) -> bool:
        """True between a successful :meth:`listen` and :meth:`close`."""
        return self._sock is not None

    def listen(self, address: str) -> bool:
        """Listen at ``address``, replacing a stale socket file of ours.

        False when a live server answers there, the file there is another user's,
        or the socket cannot be made.
        """
        if self._sock is not None:
            return True
        if not _clear_stale(address):
            return False
        made = _listen_privately(address)
        if made is None:
            return False
        self._sock, identity = made
        # Also at exit without close(), as QLocalServer's destructor did.
        self._remove_file = weakref.finalize(self, _remove_socket_file, address, identity)
        self._acceptor = QSocketNotifier(self._sock.fileno(), QSocketNotifier.Type.Read, self)
        self._acceptor.activated.connect(self._accept)
        return True

    def close(self) -> None:
        """Stop listening, hang up on every client, remove the socket file if it is still ours."""
        for client in list(self._clients):
            client.drop()
        if self._acceptor is not None:
            self._acceptor.setEnabled(False)
            self._acceptor.deleteLater()
            self._acceptor = None
        if self._remove_file is not None:
            self._remove_file()  # runs once
            self._remove_file = None
        if self._sock is None:
            return
        self._sock.close()
        self._sock = None

    def _accept(self) -> None:
        for _ in range(ACCEPTS_PER_TURN):
            if self._sock is None:
                return
            try:
                conn, _peer = self._sock.accept()
            except (BlockingIOError, InterruptedError):  # no more waiting connections
                return
            except ConnectionAbortedError:  # the client gave up while queued
                continue
            except OSError as err:
                # Out of descriptors or memory: the pending connection would wake us at
                # once, again and again. Let the clients being served finish first.
                log.warning("single-instance server cannot accept now (%s); retrying", err)
                self._pause_accepting()
                return
            try:
                if not _peer_is_same_user(conn):
                    conn.close()
                    continue
                conn.setblocking(False)  # accept() gives a blocking socket
                client = UnixClient(conn, self, self._on_readable, self._clients.discard)
            except Exception:  # a client must never take the server down
                log.exception("single-instance server: could not accept a connection")
                conn.close()
                continue
            self._clients.add(client)
            self._on_arrival(client)  # the server guards what it does with the client

    def _pause_accepting(self) -> None:
        if self._acceptor is not None:
            self._acceptor.setEnabled(False)
            QTimer.singleShot(ACCEPT_RETRY_MS, self, self._resume_accepting)

    def _resume_accepting(self) -> None:
        if self._acceptor is not None:
            self._acceptor.setEnabled(True)
