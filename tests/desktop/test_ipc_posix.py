"""The single-instance server's POSIX transport: no QtNetwork, a private socket file made and
removed safely, peers checked, replies that wait for a full socket, a flood of connections.

What clients may send and what they are answered is in ``test_ipc.py``,
``test_ipc_clients.py`` and ``test_ipc_fuzz.py``.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from reader.desktop import ipc_posix
from reader.desktop.ipc_client import hand_over, socket_address, someone_answers
from reader.desktop.ipc_posix import UnixClient
from reader.desktop.ipc_server import MAX_CLIENTS, InstanceServer
from reader.desktop.protocol import Reply, encode_reply
from reader.paths import Paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the AF_UNIX transport")

REPO = Path(__file__).resolve().parents[2]

# A whole hand-over in a fresh interpreter: which PySide6 modules did it load?
SERVE_ONE = """
import json, sys, threading, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from reader.desktop.ipc_client import hand_over
from reader.desktop.ipc_server import InstanceServer
from reader.paths import Paths

app = QCoreApplication([])
paths = Paths(Path(sys.argv[1]))
server = InstanceServer(paths)
listening = server.start()
received = []
server.files_received.connect(received.append)
replies = []
client = threading.Thread(
    target=lambda: replies.append(hand_over(paths, ["/books/one.txt"], timeout_ms=5000))
)
client.start()
deadline = time.monotonic() + 20
while not received and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.002)
client.join(5)
server.close()
print(json.dumps({
    "listening": listening,
    "received": received,
    "accepted": bool(replies and replies[0] is not None and replies[0].ok),
    "qt_modules": sorted(m for m in sys.modules if m.startswith("PySide6.Qt")),
}))
"""


def _hand_over(qtbot: QtBot, paths: Paths, files: list[str]) -> Reply | None:
    """A second launch's hand-over, from a thread: the server needs this thread's event loop."""
    replies: list[Reply | None] = []
    thread = threading.Thread(
        target=lambda: replies.append(hand_over(paths, files, timeout_ms=5000))
    )
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)
    return replies[0]


def _leave_stale_socket(address: str) -> int:
    """What a crash leaves: a socket file nobody listens on. Returns its inode."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(address)
    return os.lstat(address).st_ino


def _private_folders(address: str) -> list[str]:
    return [n for n in os.listdir(os.path.dirname(address)) if n.startswith(".quire-")]


def _fresh_env(tmp_path: Path) -> dict[str, str]:
    """A fresh interpreter's environment: this tree, offscreen, per-user folders in tmp_path
    (but the socket's: the conftest's, whose path is short enough for a socket address)."""
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
        QT_QPA_PLATFORM="offscreen",
        QUIRE_HOME=str(tmp_path / "quire"),
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    return env


def test_a_hand_over_never_loads_qtnetwork(tmp_path: Path) -> None:
    """The running window's side of a whole hand-over needs QtCore only (QtNetwork: ~3 MB)."""
    out = subprocess.run(
        [sys.executable, "-c", SERVE_ONE, str(tmp_path / "base")],
        env=_fresh_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["listening"] is True
    assert result["received"] == [["/books/one.txt"]]
    assert result["accepted"] is True
    assert "PySide6.QtNetwork" not in result["qt_modules"]
    assert result["qt_modules"] == ["PySide6.QtCore"]


# --- the socket file ----------------------------------------------------------------------


def test_the_socket_file_is_mode_0600_right_after_start(server: InstanceServer) -> None:
    st = os.lstat(server.address)
    assert stat.S_ISSOCK(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert st.st_uid == os.getuid()
    assert _private_folders(server.address) == []  # the folder it was made in is gone


def test_the_socket_file_is_private_and_listening_before_it_is_in_place(
    qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No moment when another user could connect, nor one when a starting Quire would take
    the file for a crash's leftover (there, but nobody listening)."""
    address = socket_address(paths)
    seen: list[tuple[bool, int, int, bool, bool]] = []
    real_link = os.link

    def spy(src: str, dst: str) -> None:
        seen.append(
            (
                dst == address and os.path.dirname(os.path.dirname(src)) == os.path.dirname(dst),
                stat.S_IMODE(os.lstat(src).st_mode),
                stat.S_IMODE(os.stat(os.path.dirname(src)).st_mode),
                os.path.lexists(dst),
                someone_answers(src),
            )
        )
        real_link(src, dst)

    monkeypatch.setattr(os, "link", spy)
    srv = InstanceServer(paths)
    try:
        assert srv.start()
    finally:
        srv.close()
    assert seen == [(True, 0o600, 0o700, False, True)]


def test_without_hard_links_the_socket_file_is_renamed_into_place(
    qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: str) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    srv = InstanceServer(paths)
    try:
        assert srv.start()
        assert stat.S_IMODE(os.lstat(srv.address).st_mode) == 0o600
        assert _private_folders(srv.address) == []
        with qtbot.waitSignal(srv.files_received, timeout=5000) as blocker:
            reply = _hand_over(qtbot, paths, ["/books/one.txt"])
        assert reply is not None and reply.ok
        assert blocker.args == [["/books/one.txt"]]
    finally:
        srv.close()
    assert not os.path.lexists(srv.address)


def test_a_file_that_appears_while_starting_is_left_alone(
    qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Quires starting at once: the second finds the first's file and does not replace it."""
    real_link = os.link

    def racing(src: str, dst: str) -> None:
        Path(dst).write_text("the other Quire's")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing)
    srv = InstanceServer(paths)
    try:
        assert srv.start() is False
        assert not srv.is_listening()
    finally:
        srv.close()
    assert Path(srv.address).read_text() == "the other Quire's"
    assert _private_folders(srv.address) == []


def test_a_stale_socket_file_is_replaced(qtbot: QtBot, paths: Paths) -> None:
    address = socket_address(paths)
    stale = _leave_stale_socket(address)
    assert not someone_answers(address)
    srv = InstanceServer(paths)
    try:
        assert srv.start()
        assert os.lstat(address).st_ino != stale
        with qtbot.waitSignal(srv.files_received, timeout=5000) as blocker:
            reply = _hand_over(qtbot, paths, ["/books/one.txt"])
        assert reply is not None and reply.ok
        assert blocker.args == [["/books/one.txt"]]
    finally:
        srv.close()


def test_a_socket_file_of_another_user_is_never_touched(
    qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stale, so it would be replaced if it were ours (see the test above)."""
    address = socket_address(paths)
    inode = _leave_stale_socket(address)
    real_lstat = os.lstat

    def as_if_another_user(path: str | os.PathLike[str], **kwargs: object) -> os.stat_result:
        st = real_lstat(path, **kwargs)  # type: ignore[arg-type]
        if os.fspath(path) != address:
            return st
        fields = list(st[:10])
        fields[4] = os.getuid() + 1  # st_uid
        return os.stat_result(fields)

    monkeypatch.setattr(os, "lstat", as_if_another_user)
    srv = InstanceServer(paths)
    try:
        assert srv.start() is False
    finally:
        srv.close()
    monkeypatch.undo()
    assert os.lstat(address).st_ino == inode
    assert _private_folders(address) == []


def test_close_removes_the_socket_file(paths: Paths) -> None:
    srv = InstanceServer(paths)
    assert srv.start()
    srv.close()
    assert not os.path.lexists(srv.address)
    assert not srv.is_listening()
    assert srv.start()  # and it can listen again
    srv.close()


def test_an_exit_without_close_removes_the_socket_file(tmp_path: Path) -> None:
    """As QLocalServer's destructor did: only a crash leaves the file behind."""
    code = (
        "import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication; "
        "from reader.paths import Paths; from reader.desktop.ipc_server import InstanceServer; "
        "app = QCoreApplication([]); server = InstanceServer(Paths(Path(sys.argv[1]))); "
        "assert server.start(); print(server.address)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "base")],
        env=_fresh_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    address = out.stdout.strip()
    run = os.environ["XDG_RUNTIME_DIR"]
    assert os.path.dirname(address) == run
    assert not os.path.lexists(address)
    assert os.listdir(run) == []


def test_close_leaves_a_socket_file_that_is_no_longer_ours(paths: Paths) -> None:
    srv = InstanceServer(paths)
    assert srv.start()
    os.unlink(srv.address)
    other = _leave_stale_socket(srv.address)  # e.g. another Quire took the address
    srv.close()
    assert os.lstat(srv.address).st_ino == other


# --- peers, replies, floods ---------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_PEERCRED is Linux's")
def test_the_peers_uid_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert ipc_posix._peer_is_same_user(ours)
        monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)
        assert not ipc_posix._peer_is_same_user(ours)


def test_a_refused_peer_gets_no_reply_and_hands_nothing_over(
    qtbot: QtBot, server: InstanceServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ipc_posix, "_peer_is_same_user", lambda conn: False)
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(server.address)
        sock.sendall(b'{"quire": 1, "action": "open", "files": ["/a.txt"]}\n')
        sock.setblocking(False)
        ended: list[bytes] = []

        def hung_up() -> bool:
            try:
                ended.append(sock.recv(4096))
            except BlockingIOError:
                return False
            except ConnectionResetError:
                ended.append(b"")
            return True

        qtbot.waitUntil(hung_up, timeout=5000)
    assert ended == [b""]
    qtbot.wait(20)
    assert received == []


def _full_socket_pair() -> tuple[socket.socket, socket.socket, int]:
    """A connected pair whose first end cannot send any more until the second reads."""
    ours, theirs = socket.socketpair()
    ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    ours.setblocking(False)
    filled = 0
    try:
        while True:
            filled += ours.send(b"x" * 1024)
    except BlockingIOError:
        pass  # full
    return ours, theirs, filled


def test_a_reply_the_socket_cannot_take_yet_is_sent_when_it_can(qtbot: QtBot) -> None:
    ours, theirs, filled = _full_socket_pair()
    parent = QObject()
    closed: list[UnixClient] = []
    client = UnixClient(ours, parent, lambda c: None, closed.append)
    reply = encode_reply("busy: too many connections at once; try again")
    client.finish(reply)
    assert closed == []  # waiting for room

    theirs.setblocking(False)
    got = bytearray()

    def drained() -> bool:
        try:
            chunk = theirs.recv(65536)
        except BlockingIOError:
            return False
        got.extend(chunk)
        return not chunk

    qtbot.waitUntil(drained, timeout=5000)
    theirs.close()
    assert len(got) == filled + len(reply)
    assert got.endswith(reply)
    assert closed == [client]


def test_a_client_that_never_takes_its_reply_is_hung_up_on(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ipc_posix, "REPLY_TIMEOUT_MS", 50)
    ours, theirs, _filled = _full_socket_pair()
    parent = QObject()
    closed: list[UnixClient] = []
    client = UnixClient(ours, parent, lambda c: None, closed.append)
    client.finish(encode_reply(None))
    assert closed == []
    qtbot.waitUntil(lambda: closed == [client], timeout=5000)
    assert ours.fileno() == -1
    theirs.close()


class _OutOfDescriptors:
    """The listening socket, whose first ``accept`` fails as when the process has no
    descriptors left (the waiting connection stays queued)."""

    def __init__(self, real: socket.socket) -> None:
        self.real = real
        self.accepts = 0

    def accept(self) -> tuple[socket.socket, object]:
        self.accepts += 1
        if self.accepts == 1:
            raise OSError(errno.EMFILE, "Too many open files")
        return self.real.accept()

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_out_of_descriptors_pauses_accepting_instead_of_spinning(
    qtbot: QtBot,
    server: InstanceServer,
    paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(ipc_posix, "ACCEPT_RETRY_MS", 300)
    transport = server._transport
    flaky = _OutOfDescriptors(transport._sock)  # type: ignore[attr-defined]
    transport._sock = flaky  # type: ignore[attr-defined]
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    replies: list[Reply | None] = []
    thread = threading.Thread(
        target=lambda: replies.append(hand_over(paths, ["/books/one.txt"], timeout_ms=5000))
    )
    with caplog.at_level(logging.WARNING, logger="reader.desktop"):
        thread.start()
        qtbot.waitUntil(lambda: flaky.accepts >= 1, timeout=5000)
        qtbot.wait(150)
        assert flaky.accepts == 1  # not woken again and again while paused
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)
    assert replies[0] is not None and replies[0].ok
    qtbot.waitUntil(lambda: received == [["/books/one.txt"]], timeout=5000)
    assert "cannot accept now" in caplog.text


def test_queued_clients_that_are_done_leave_room_for_the_next(
    qtbot: QtBot, server: InstanceServer
) -> None:
    """More whole requests than may be served at once, all waiting before the server looks:
    each is read as it is accepted, so none is refused as "busy"."""
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    books = [f"/books/{i}.txt" for i in range(MAX_CLIENTS + 4)]
    for book in books:  # no event processed meanwhile: all queued at once
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(server.address)
            sock.sendall(json.dumps({"quire": 1, "action": "open", "files": [book]}).encode())
            sock.sendall(b"\n")
    qtbot.waitUntil(lambda: len(received) == len(books), timeout=5000)
    assert received == [[book] for book in books]
