"""Single instance, the sender's end: a second ``quire FILE`` hands FILE to the running window.

This runs *before* the heavy start-up, so it imports no Qt: on POSIX the client
is a plain ``AF_UNIX`` socket (Windows falls back to ``QLocalSocket``, imported
only there). The wire format is in :mod:`reader.desktop.protocol`; the
server is :mod:`reader.desktop.ipc_server`.

Security: on POSIX the socket file lives in ``$XDG_RUNTIME_DIR`` (a 0700
per-user folder) when usable, else in ``$TMPDIR`` or ``/tmp``; the server
makes it mode 0600 and checks the peer's uid on Linux, and this client refuses
a socket file owned by another user.
"""

from __future__ import annotations

import os
import stat
import time

from reader.desktop.protocol import (
    MAX_REPLY_BYTES,
    ProtocolError,
    Reply,
    decode_reply,
    encode_request,
)
from reader.paths import Paths

_SUN_PATH_MAX = 104  # macOS limit (Linux allows 108); keep below both


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
        except OSError:  # no such folder: try the next
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        if folder != "/tmp" and st.st_uid != uid:
            continue
        path = os.path.join(folder, name)
        if len(os.fsencode(path)) < _SUN_PATH_MAX:
            return path
    return os.path.join("/tmp", name)


def hand_over(paths: Paths, files: list[str], timeout_ms: int = 300) -> Reply | None:
    """Give ``files`` to a running Quire for ``paths`` and ask it to come to the front.

    Returns None when no instance is running (or it did not answer within
    ``timeout_ms``): the caller starts its own window. Otherwise the running
    instance's :class:`~reader.desktop.protocol.Reply` — accepted, or refused
    with a reason for the reader (also when this side knows the server would
    refuse, e.g. too many files). Quick when nothing runs: a missing or stale
    socket fails at ``connect`` without waiting. Never raises.
    """
    try:
        request: bytes | ProtocolError = encode_request(files)
    except ProtocolError as err:
        request = err
    except (OSError, TypeError, ValueError) as err:
        request = ProtocolError(f"cannot hand these files over: {err}")
    if os.name == "posix":
        return _hand_over_unix(socket_address(paths), request, timeout_ms)
    return _hand_over_qt(paths.socket_name(), request, timeout_ms)


def try_hand_over(paths: Paths, files: list[str], timeout_ms: int = 300) -> bool:
    """True when a running Quire (same user and data folder) accepted ``files``."""
    reply = hand_over(paths, files, timeout_ms)
    return reply is not None and reply.ok


def socket_file_is_ours(address: str) -> bool:
    """True when ``address`` is a socket owned by the current user."""
    try:
        st = os.lstat(address)
    except OSError:  # nothing there: not our socket
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid()


def someone_answers(address: str) -> bool:
    """True when a live server accepts connections at ``address`` (POSIX)."""
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(0.2)
        sock.connect(address)
        return True
    except OSError:  # nobody listening
        return False
    finally:
        sock.close()


def _hand_over_unix(address: str, request: bytes | ProtocolError, timeout_ms: int) -> Reply | None:
    """POSIX client: plain AF_UNIX socket, no Qt."""
    if not socket_file_is_ours(address):
        return None
    import socket  # only when a server may be running (~3 ms on every start otherwise)

    deadline = time.monotonic() + max(timeout_ms, 1) / 1000
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(max(timeout_ms, 1) / 1000)
        sock.connect(address)
        if isinstance(request, ProtocolError):
            return Reply(False, str(request))  # someone runs, and would refuse this
        sock.sendall(request)
        reply = b""
        while b"\n" not in reply and len(reply) < MAX_REPLY_BYTES:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            sock.settimeout(left)
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
        return decode_reply(reply)
    except OSError:  # server gone: no reply
        return None
    finally:
        sock.close()


def _hand_over_qt(name: str, request: bytes | ProtocolError, timeout_ms: int) -> Reply | None:
    """Fallback client (Windows): QLocalSocket in blocking mode."""
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return None
    if isinstance(request, ProtocolError):
        sock.abort()
        return Reply(False, str(request))
    sock.write(request)
    sock.waitForBytesWritten(timeout_ms)
    reply = b""
    deadline = time.monotonic() + timeout_ms / 1000
    while b"\n" not in reply and time.monotonic() < deadline:
        if not sock.waitForReadyRead(max(1, int((deadline - time.monotonic()) * 1000))):
            break
        reply += bytes(sock.readAll().data())
    sock.abort()
    return decode_reply(reply)
