"""How the single-instance server treats its clients — the idle limit, hang-ups, one client too
many — with each transport: the POSIX ``AF_UNIX`` one, and Qt's local sockets (Windows' own,
run here on a POSIX socket file so that its code is tested too).
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from pytestqt.qtbot import QtBot

from reader.desktop import ipc_server
from reader.desktop.ipc_server import MAX_CLIENTS, InstanceServer
from reader.paths import Paths

REQUEST = b'{"quire": 1, "action": "open", "files": ["/books/one.txt"]}\n'


@pytest.fixture(params=["unix", "qt-local"], autouse=True)  # before the server is made
def transport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which transport the servers made in the test use (chosen before any is made)."""
    if request.param == "qt-local":
        from reader.desktop.ipc_windows import LocalTransport

        monkeypatch.setattr(ipc_server, "_make_transport", LocalTransport)
    return str(request.param)


def _served(server: InstanceServer) -> int:
    """Clients the server is waiting on (no public count: its private table)."""
    return len(server._buffers)


def _connect(address: str) -> socket.socket:
    """A raw client in this thread: connecting needs no accept, reading is polled."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(address)
    sock.setblocking(False)
    return sock


def _reply(qtbot: QtBot, sock: socket.socket, timeout: int = 5000) -> dict[str, object]:
    """The one reply line, read while the event loop (and so the server) runs."""
    got = bytearray()

    def whole() -> bool:
        try:
            chunk = sock.recv(4096)
        except BlockingIOError:
            return False
        got.extend(chunk)
        return not chunk or b"\n" in got

    qtbot.waitUntil(whole, timeout=timeout)
    answer = json.loads(bytes(got).split(b"\n", 1)[0])
    assert isinstance(answer, dict)
    return answer


def test_a_client_that_sends_nothing_is_told_so_after_the_idle_limit(
    qtbot: QtBot, transport: str, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ipc_server, "CLIENT_IDLE_MS", 150)
    srv = InstanceServer(paths)
    assert srv.start()
    try:
        t0 = time.monotonic()
        with _connect(srv.address) as sock:
            answer = _reply(qtbot, sock)
        assert time.monotonic() - t0 < 1.5  # the patched limit, not the 2 s default
        assert answer == {
            "ok": False,
            "error": "incomplete message: no request line within 0.15 s",
        }
        qtbot.waitUntil(lambda: _served(srv) == 0, timeout=5000)
    finally:
        srv.close()


def test_clients_hanging_up_mid_message_do_not_disturb_the_next(
    qtbot: QtBot, server: InstanceServer
) -> None:
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    for _ in range(MAX_CLIENTS):  # as many as may be served at once, one after another
        with _connect(server.address) as sock:
            sock.sendall(REQUEST[:20])
            qtbot.waitUntil(lambda: _served(server) == 1, timeout=5000)
        qtbot.waitUntil(lambda: _served(server) == 0, timeout=5000)  # its slot given back
    with _connect(server.address) as sock:
        sock.sendall(REQUEST)
        assert _reply(qtbot, sock) == {"ok": True}
    qtbot.waitUntil(lambda: received == [["/books/one.txt"]], timeout=5000)


def test_a_client_that_hangs_up_right_after_its_request_is_still_served(
    qtbot: QtBot, server: InstanceServer
) -> None:
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    with _connect(server.address) as sock:
        sock.sendall(REQUEST)
    qtbot.waitUntil(lambda: received == [["/books/one.txt"]], timeout=5000)
    assert _served(server) == 0


def test_one_client_too_many_is_told_the_server_is_busy(
    qtbot: QtBot, server: InstanceServer
) -> None:
    waiting = [_connect(server.address) for _ in range(MAX_CLIENTS)]
    try:
        with _connect(server.address) as extra:
            answer = _reply(qtbot, extra)
        assert answer == {"ok": False, "error": "busy: too many connections at once; try again"}
        assert _served(server) == MAX_CLIENTS

        # One of them finishes: there is room again.
        waiting[0].sendall(REQUEST)
        assert _reply(qtbot, waiting[0]) == {"ok": True}
        with _connect(server.address) as late:
            late.sendall(REQUEST)
            assert _reply(qtbot, late) == {"ok": True}
    finally:
        for sock in waiting:
            sock.close()
    qtbot.waitUntil(lambda: _served(server) == 0, timeout=5000)
