"""Single instance: a second ``quire FILE`` hands FILE to the running window.

The running instance listens on a per-user, per-basedir local socket
(:meth:`reader.paths.Paths.socket_name`). A new launch first calls
:func:`try_hand_over`; when a running instance acknowledges, the new process
exits at once.

The client side runs *before* the heavy start-up, so importing this module
imports no Qt at all: on POSIX the client is a plain ``AF_UNIX`` socket, and
:class:`InstanceServer` (QtCore + QtNetwork) is built on first access. Windows
falls back to ``QLocalSocket`` for the client.

Wire format: the client sends one UTF-8 JSON object terminated by ``\\n``::

    {"quire": 1, "action": "open", "files": ["/abs/path.txt", ...]}

(an empty ``files`` list means "just bring the window to the front") and the
server answers ``{"ok": true}\\n`` before it acts on the request, so a slow
book load never makes the client time out. Messages are size-limited, every
entry must be an absolute path, and entries are only ever treated as file
paths, never as options.

Security: on POSIX the socket file lives in ``$XDG_RUNTIME_DIR`` (a 0700
per-user folder) when usable, else in ``$TMPDIR`` or ``/tmp``; the server uses
``UserAccessOption`` (socket mode 0600), the client refuses a socket file owned
by another user, and on Linux the server checks the peer's uid
(``SO_PEERCRED``).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import struct
import sys
import time
from typing import TYPE_CHECKING, Any

from reader.paths import Paths

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, Signal

PROTOCOL = 1
MAX_MESSAGE_BYTES = 1 << 20
"""Largest request the server reads; bigger ones are dropped."""
MAX_FILES = 4096
MAX_PATH_CHARS = 4096
_SUN_PATH_MAX = 104  # macOS limit (Linux allows 108); keep below both
_CLIENT_IDLE_MS = 2000  # a connected client that sends nothing for this long is dropped


def socket_address(paths: Paths) -> str:
    """Where the single-instance socket lives for ``paths``.

    On POSIX a filesystem path (in ``$XDG_RUNTIME_DIR`` when it is a folder of
    ours and the path fits, else ``$TMPDIR`` or ``/tmp``); on Windows the pipe name.
    """
    name = paths.socket_name()
    if os.name != "posix":
        return name
    uid = os.getuid()
    candidates = [os.environ.get("XDG_RUNTIME_DIR", ""), os.environ.get("TMPDIR", ""), "/tmp"]
    for folder in candidates:
        if not folder or not os.path.isabs(folder):
            continue
        try:
            st = os.stat(folder)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        if folder != "/tmp" and st.st_uid != uid:
            continue
        path = os.path.join(folder, name)
        if len(os.fsencode(path)) < _SUN_PATH_MAX:
            return path
    return os.path.join("/tmp", name)


def encode_request(files: list[str]) -> bytes:
    """The request line for ``files`` (made absolute here, in the sender's folder)."""
    absolute = [os.path.abspath(os.fspath(f)) for f in files]
    message = {"quire": PROTOCOL, "action": "open", "files": absolute}
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def decode_request(data: bytes) -> list[str] | None:
    """The file paths in one request line, or None when the request is not valid.

    Entries that are not usable absolute paths are dropped; the rest are
    normalised. They are only ever file paths: nothing here or downstream
    parses them as options.
    """
    if len(data) > MAX_MESSAGE_BYTES:
        return None
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(message, dict) or message.get("quire") != PROTOCOL:
        return None
    if message.get("action") != "open":
        return None
    raw = message.get("files", [])
    if not isinstance(raw, list) or len(raw) > MAX_FILES:
        return None
    files: list[str] = []
    for entry in raw:
        if not isinstance(entry, str) or not entry or len(entry) > MAX_PATH_CHARS:
            continue
        if "\x00" in entry or not os.path.isabs(entry):
            continue
        files.append(os.path.normpath(entry))
    return files


def try_hand_over(paths: Paths, files: list[str], timeout_ms: int = 300) -> bool:
    """Give ``files`` to a running Quire for ``paths`` and ask it to come to the front.

    Returns True when a running instance acknowledged them (the caller should
    then exit), False when none is running or it did not answer within
    ``timeout_ms``. Quick when nothing runs: a missing or stale socket fails
    at ``connect`` without waiting. Never raises.
    """
    try:
        request = encode_request(files)
    except (OSError, TypeError, ValueError):
        return False
    if len(request) > MAX_MESSAGE_BYTES:
        return False
    if os.name == "posix":
        return _hand_over_unix(socket_address(paths), request, timeout_ms)
    return _hand_over_qt(paths.socket_name(), request, timeout_ms)


def _socket_file_is_ours(address: str) -> bool:
    """True when ``address`` is a socket owned by the current user."""
    try:
        st = os.lstat(address)
    except OSError:
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid()


def _hand_over_unix(address: str, request: bytes, timeout_ms: int) -> bool:
    """POSIX client: plain AF_UNIX socket, no Qt."""
    if not _socket_file_is_ours(address):
        return False
    deadline = time.monotonic() + max(timeout_ms, 1) / 1000
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(max(timeout_ms, 1) / 1000)
        sock.connect(address)
        sock.sendall(request)
        reply = b""
        while b"\n" not in reply and len(reply) < 4096:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            sock.settimeout(left)
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
        return _is_ack(reply)
    except OSError:
        return False
    finally:
        sock.close()


def _hand_over_qt(name: str, request: bytes, timeout_ms: int) -> bool:
    """Fallback client (Windows): QLocalSocket in blocking mode."""
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(request)
    sock.waitForBytesWritten(timeout_ms)
    reply = b""
    deadline = time.monotonic() + timeout_ms / 1000
    while b"\n" not in reply and time.monotonic() < deadline:
        if not sock.waitForReadyRead(max(1, int((deadline - time.monotonic()) * 1000))):
            break
        reply += bytes(sock.readAll().data())
    sock.abort()
    return _is_ack(reply)


def _is_ack(reply: bytes) -> bool:
    line = reply.split(b"\n", 1)[0]
    try:
        answer = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(answer, dict) and answer.get("ok") is True


def _peer_is_same_user(fd: int) -> bool:
    """Linux: the connecting process runs as our uid (elsewhere: trust file modes)."""
    if not sys.platform.startswith("linux") or fd < 0:
        return True
    try:
        dup = socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError:
        return False
    try:
        creds = dup.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        return uid == os.getuid()
    except OSError:
        return False
    finally:
        dup.close()


def _someone_answers(address: str) -> bool:
    """True when a live server accepts connections at ``address`` (POSIX)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(0.2)
        sock.connect(address)
        return True
    except OSError:
        return False
    finally:
        sock.close()


def _qt_someone_answers(name: str) -> bool:
    """True when a live server answers on the local socket ``name`` (non-POSIX)."""
    from PySide6.QtNetwork import QLocalSocket

    probe = QLocalSocket()
    probe.connectToServer(name)
    alive = probe.waitForConnected(200)
    probe.abort()
    return alive


def _build_server_class() -> type:
    """Define :class:`InstanceServer`; Qt is imported only here."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
    from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

    class InstanceServer(QObject):
        """The running instance's end: listens and emits the files other launches send.

        Connect :attr:`files_received` to "open these and raise the window";
        an empty list means only "raise the window".
        """

        files_received = Signal(list)

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
            if file_open_events and app is not None:
                app.installEventFilter(self)
            self._address = socket_address(paths)
            self._server = QLocalServer(self)
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self._server.newConnection.connect(self._on_new_connection)
            self._buffers: dict[QLocalSocket, bytearray] = {}

        @property
        def address(self) -> str:
            """The socket path (POSIX) or pipe name (Windows) this server uses."""
            return self._address

        def is_listening(self) -> bool:
            """True while the server accepts hand-overs."""
            return self._server.isListening()

        def start(self) -> bool:
            """Listen; clean up a stale socket left by a crash. False if another instance runs.

            Qt's listen() with access options silently replaces an existing socket
            file, so a live server is detected (by connecting) before listening.
            """
            if self._server.isListening():
                return True
            if os.name == "posix":
                if os.path.lexists(self._address):
                    if _someone_answers(self._address):
                        return False
                    try:
                        if os.lstat(self._address).st_uid != os.getuid():
                            return False
                    except FileNotFoundError:
                        pass
                    except OSError:
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
            """Stop listening and drop pending clients (removes the socket file)."""
            for sock in list(self._buffers):
                sock.abort()
            self._buffers.clear()
            if self._server.isListening():
                self._server.close()
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            """Turn a ``QFileOpenEvent`` into :attr:`files_received` (macOS)."""
            if event.type() == QEvent.Type.FileOpen:
                name = getattr(event, "file", lambda: "")()
                if name and os.path.isabs(name):
                    self.files_received.emit([os.path.normpath(name)])
                    return True
            return super().eventFilter(watched, event)

        def _on_new_connection(self) -> None:
            while self._server.hasPendingConnections():
                sock = self._server.nextPendingConnection()
                if sock is None:
                    break
                if not _peer_is_same_user(int(sock.socketDescriptor())):
                    sock.abort()
                    sock.deleteLater()
                    continue
                self._buffers[sock] = bytearray()
                sock.readyRead.connect(lambda s=sock: self._on_ready_read(s))
                sock.disconnected.connect(lambda s=sock: self._forget(s))
                QTimer.singleShot(_CLIENT_IDLE_MS, sock, lambda s=sock: self._drop(s))
                if sock.bytesAvailable():
                    self._on_ready_read(sock)

        def _on_ready_read(self, sock: QLocalSocket) -> None:
            buffer = self._buffers.get(sock)
            if buffer is None:
                return
            buffer += bytes(sock.readAll().data())
            if len(buffer) > MAX_MESSAGE_BYTES + 1:
                self._drop(sock)
                return
            cut = buffer.find(b"\n")
            if cut < 0:
                return
            files = decode_request(bytes(buffer[:cut]))
            del self._buffers[sock]
            ok = files is not None
            sock.write(b'{"ok": true}\n' if ok else b'{"ok": false}\n')
            sock.flush()
            sock.disconnectFromServer()
            if files is not None:
                # Acknowledge first: opening a book may take a while.
                self.files_received.emit(files)

        def _drop(self, sock: QLocalSocket) -> None:
            if self._buffers.pop(sock, None) is not None:
                sock.abort()

        def _forget(self, sock: QLocalSocket) -> None:
            self._buffers.pop(sock, None)
            sock.deleteLater()

    return InstanceServer


_server_class: type | None = None


def __getattr__(name: str) -> Any:
    """Build :class:`InstanceServer` lazily so the client path never imports Qt."""
    global _server_class
    if name == "InstanceServer":
        if _server_class is None:
            _server_class = _build_server_class()
        return _server_class
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:

    class InstanceServer(QObject):
        """Listens for hand-overs; see :func:`_build_server_class` for the real class."""

        files_received: Signal

        def __init__(
            self, paths: Paths, parent: QObject | None = None, *, file_open_events: bool = ...
        ) -> None: ...
        @property
        def address(self) -> str: ...
        def is_listening(self) -> bool: ...
        def start(self) -> bool: ...
        def close(self) -> None: ...
