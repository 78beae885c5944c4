"""Single instance over a local socket: hand-over, stale sockets, isolation, safety.

Speed limits (hand-over time, start-up of the second launch) are measured in
``tests/bench/bench_ipc.py``; here they are only generous hang guards.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.desktop import ipc_client, protocol
from reader.desktop.ipc_client import socket_address, try_hand_over
from reader.desktop.ipc_server import InstanceServer
from reader.paths import Paths

REPO = Path(__file__).resolve().parents[2]

# The client as a separate process, the way a second `quire FILE` runs it.
CLIENT = """
import json, sys, time
t0 = time.monotonic()
from reader.paths import Paths
from reader.desktop.ipc_client import try_hand_over
ok = try_hand_over(Paths(__import__("pathlib").Path(sys.argv[1])), sys.argv[2:])
print(json.dumps({"ok": ok, "seconds": time.monotonic() - t0,
                  "qt": any(m.startswith("PySide6") for m in sys.modules)}))
"""

# A server process that is killed without cleaning up its socket file.
DOOMED_SERVER = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from reader.paths import Paths
from reader.desktop.ipc_server import InstanceServer
app = QCoreApplication([])
server = InstanceServer(Paths(Path(sys.argv[1])))
print("listening" if server.start() else "failed", flush=True)
time.sleep(60)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run_client(base: Path, files: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(base), *files],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_exit(qtbot, proc: subprocess.Popen[str], timeout: float = 10.0) -> dict:  # type: ignore[no-untyped-def]
    """Keep the Qt event loop running (the server lives in it) until ``proc`` ends."""
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=int(timeout * 1000))
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return json.loads(out)


def test_importing_the_client_does_not_import_qt() -> None:
    code = (
        "import sys; import reader.desktop.ipc_client; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_socket_lives_in_the_private_runtime_dir(paths: Paths) -> None:
    runtime = os.environ["XDG_RUNTIME_DIR"]  # set by the autouse fixture
    address = socket_address(paths)
    assert address == os.path.join(runtime, paths.socket_name())
    assert str(os.getuid()) in paths.socket_name()


def test_server_socket_is_private(server: InstanceServer) -> None:
    mode = os.stat(server.address).st_mode & 0o777
    assert mode & 0o077 == 0, oct(mode)


def test_second_launch_hands_files_over_with_absolute_paths(
    qtbot, server: InstanceServer, paths: Paths, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text("a")
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    proc = _run_client(paths.base, ["a.txt", "sub/../b b.txt", "--basedir=x.txt"], cwd=work)
    result = _wait_for_exit(qtbot, proc)
    assert result["ok"] is True
    assert result["qt"] is False  # the hand-over never loads Qt
    qtbot.waitUntil(lambda: bool(received), timeout=2000)
    assert received == [[str(work / "a.txt"), str(work / "b b.txt"), str(work / "--basedir=x.txt")]]


def test_plain_second_launch_asks_to_raise_the_window(
    qtbot, server: InstanceServer, paths: Paths, tmp_path: Path
) -> None:
    with qtbot.waitSignal(server.files_received, timeout=5000) as blocker:
        proc = _run_client(paths.base, [], cwd=tmp_path)
        result = _wait_for_exit(qtbot, proc)
    assert result["ok"] is True
    assert blocker.args == [[]]


def test_nothing_running_returns_false(paths: Paths) -> None:
    assert try_hand_over(paths, ["x.txt"]) is False
    assert ipc_client.hand_over(paths, ["x.txt"]) is None  # nobody answered: start a window


def test_stale_socket_from_a_killed_process(qtbot, paths: Paths) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", DOOMED_SERVER, str(paths.base)],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "listening"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    address = socket_address(paths)
    assert os.path.exists(address)  # left behind by the crash

    assert try_hand_over(paths, ["x.txt"]) is False

    srv = InstanceServer(paths)
    try:
        assert srv.start()
        with qtbot.waitSignal(srv.files_received, timeout=5000) as blocker:
            client = _run_client(paths.base, ["/books/one.txt"], cwd=paths.base)
            assert _wait_for_exit(qtbot, client)["ok"] is True
        assert blocker.args == [["/books/one.txt"]]
    finally:
        srv.close()


def test_live_server_is_not_stolen(server: InstanceServer, paths: Paths) -> None:
    second = InstanceServer(paths)
    try:
        assert second.start() is False
        assert server.is_listening()
    finally:
        second.close()


def test_different_basedirs_do_not_talk(qtbot, server: InstanceServer, tmp_path: Path) -> None:
    other = Paths(tmp_path / "other")
    assert socket_address(other) != server.address
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    assert try_hand_over(other, ["x.txt"]) is False
    qtbot.wait(50)
    assert received == []


def test_close_removes_the_socket(paths: Paths) -> None:
    srv = InstanceServer(paths)
    assert srv.start()
    assert os.path.exists(srv.address)
    srv.close()
    assert not os.path.exists(srv.address)
    assert try_hand_over(paths, []) is False


def _raw_exchange(address: str, payload: bytes) -> tuple[list[bytes], threading.Thread]:
    """Send raw bytes to the server from a thread (the server needs this thread's event loop)."""
    reply: list[bytes] = []

    def talk() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            try:
                s.connect(address)
                s.sendall(payload)
                reply.append(s.recv(4096))
            except OSError:
                reply.append(b"")

    thread = threading.Thread(target=talk)
    thread.start()
    return reply, thread


def _refusal(reply: bytes) -> str:
    """The error of an ``{"ok": false, "error": ...}`` reply (fails on anything else)."""
    answer = json.loads(reply)
    assert answer["ok"] is False, answer
    assert set(answer) == {"ok", "error"}
    assert isinstance(answer["error"], str) and answer["error"]
    return str(answer["error"])


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"not json\n", "not JSON"),
        (b'{"quire": 99, "action": "open", "files": []}\n', "protocol version"),
        (b'{"quire": true, "action": "open", "files": []}\n', "protocol version"),
        (b'{"quire": 1, "action": "quit"}\n', "unknown action"),
        (b'["/a.txt"]\n', "must be a JSON object"),
        (b'"/a.txt"\n', "must be a JSON object"),
        (b"\xff\xfe\n", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
        (b'{"quire": 1, "action": "open", "files": {"a": "/a.txt"}}\n', "must be a list"),
        (b'{"quire": 1, "action": "open", "files": [5]}\n', "must be a string"),
        (b'{"quire": 1, "action": "open", "files": [[[]]]}\n', "must be a string"),
        (b'{"quire": 1, "action": "open", "files": ["relative.txt"]}\n', "not absolute"),
        (b'{"quire": 1, "action": "open", "files": [""]}\n', "empty"),
        (b'{"quire": 1, "action": "open", "files": ["/bad\\u0000.txt"]}\n', "NUL"),
        (b'{"quire": 1, "action": "open", "files": ["/\\ud800.txt"]}\n', "not a valid file name"),
        (b'{"quire": 1, "action": "open", "files": [], "x": 1}\n', "unknown field"),
    ],
)
def test_malformed_requests_are_refused(
    qtbot, server: InstanceServer, payload: bytes, reason: str
) -> None:
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    reply, thread = _raw_exchange(server.address, payload)
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    assert reason in _refusal(reply[0])
    qtbot.wait(20)
    assert received == []


def test_a_request_with_one_bad_path_is_refused_whole(qtbot, server: InstanceServer) -> None:
    """Relative, non-string, empty and NUL entries used to be dropped; now the request is
    refused, so the sender learns that its files were not all taken."""
    payload = {
        "quire": 1,
        "action": "open",
        "files": ["relative.txt", "/ok/one.txt", 5, "", "/bad\x00.txt", "/ok/../two.txt"],
    }
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    reply, thread = _raw_exchange(server.address, json.dumps(payload).encode() + b"\n")
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    assert "not absolute: 'relative.txt'" in _refusal(reply[0])
    qtbot.wait(20)
    assert received == []


def test_paths_are_normalised(qtbot, server: InstanceServer) -> None:
    payload = {"quire": 1, "action": "open", "files": ["/ok/one.txt", "/ok/../two.txt"]}
    with qtbot.waitSignal(server.files_received, timeout=5000) as blocker:
        reply, thread = _raw_exchange(server.address, json.dumps(payload).encode() + b"\n")
        qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    assert json.loads(reply[0]) == {"ok": True}
    assert blocker.args == [["/ok/one.txt", "/two.txt"]]


def test_oversized_request_is_refused(qtbot, server: InstanceServer) -> None:
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    reply, thread = _raw_exchange(server.address, b"x" * (protocol.MAX_MESSAGE_BYTES + 10))
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    assert "too large" in _refusal(reply[0])
    assert received == []


def test_too_many_files_are_refused_with_the_count(qtbot, server: InstanceServer) -> None:
    files = [f"/books/{i}.txt" for i in range(4000)]
    message = {"quire": 1, "action": "open", "files": files}
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    reply, thread = _raw_exchange(server.address, json.dumps(message).encode() + b"\n")
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    assert _refusal(reply[0]) == "too many files (4,000); at most 500 per launch"
    assert received == []


def test_a_stalled_client_is_answered_and_dropped(qtbot, server: InstanceServer) -> None:
    """Half a request and then silence: the server answers after its idle limit."""
    reply: list[bytes] = []

    def talk() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(10)
            s.connect(server.address)
            s.sendall(b'{"quire": 1, "action": "op')
            reply.append(s.recv(4096))

    thread = threading.Thread(target=talk)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)
    assert "incomplete message" in _refusal(reply[0])


def test_many_paths_are_handed_over_in_batches(qtbot, server: InstanceServer) -> None:
    """500 paths reach the window over several event-loop turns, in order, never all at once."""
    from reader.desktop.ipc_server import BATCH_SIZE

    files = [f"/missing/book {i}.txt" for i in range(protocol.MAX_FILES)]
    message = {"quire": 1, "action": "open", "files": files}
    batches: list[list[str]] = []
    finished: list[int] = []
    events: list[str] = []
    server.files_received.connect(batches.append)
    server.files_received.connect(lambda _b: events.append("batch"))
    server.handover_finished.connect(finished.append)
    # A zero timer marks event-loop turns while the batches arrive.
    from PySide6.QtCore import QTimer

    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: events.append("tick"))
    ticker.start()
    try:
        reply, thread = _raw_exchange(server.address, json.dumps(message).encode() + b"\n")
        qtbot.waitUntil(lambda: finished == [len(files)], timeout=10_000)
    finally:
        ticker.stop()
    thread.join(5)
    assert json.loads(reply[0]) == {"ok": True}
    assert [p for batch in batches for p in batch] == files
    assert max(len(b) for b in batches) == BATCH_SIZE
    assert len(batches) == -(-len(files) // BATCH_SIZE)
    # Other events ran between any two batches: never two batches in one turn.
    first = events.index("batch")
    last = len(events) - 1 - events[::-1].index("batch")
    between = events[first : last + 1]
    assert "batch,batch" not in ",".join(between), between


def test_client_reports_the_servers_refusal(qtbot, server: InstanceServer, paths: Paths) -> None:
    """Too many files for a running Quire: the sender gets the reason (and sends nothing)."""
    files = [f"/books/{i}.txt" for i in range(501)]
    reply = ipc_client.hand_over(paths, files)
    assert reply is not None and reply.ok is False
    assert reply.error == "too many files (501); at most 500 per launch"
    assert try_hand_over(paths, files) is False


def test_socket_of_another_owner_is_not_trusted(tmp_path: Path) -> None:
    # A regular file where the socket should be: the client must not treat it as ours.
    paths = Paths(tmp_path / "p")
    Path(socket_address(paths)).write_text("not a socket")
    assert try_hand_over(paths, []) is False


def test_file_open_events_are_reported(qtbot, paths: Paths) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    app = QCoreApplication.instance()
    assert app is not None
    srv = InstanceServer(paths, file_open_events=True)
    try:
        with qtbot.waitSignal(srv.files_received, timeout=2000) as blocker:
            QCoreApplication.sendEvent(app, QFileOpenEvent("/books/a.txt"))
        assert blocker.args == [["/books/a.txt"]]
    finally:
        srv.close()
    # After close() the application no longer routes open events to it.
    received: list[list[str]] = []
    srv.files_received.connect(received.append)
    QCoreApplication.sendEvent(app, QFileOpenEvent("/books/b.txt"))
    assert received == []


def test_second_quire_hands_over_and_exits(tmp_path: Path) -> None:
    """End to end with the real ``python -m reader``: the second launch hands over and exits
    before any window (its speed is in ``tests/bench/bench_ipc.py``)."""
    base = tmp_path / "base"
    first_book = tmp_path / "first.txt"
    second_book = tmp_path / "second book.txt"
    first_book.write_text("Chapter 1\n\nThe first book.\n", encoding="utf-8")
    second_book.write_text("Chapter 1\n\nThe second book.\n", encoding="utf-8")
    env = _env() | {"QT_QPA_PLATFORM": "offscreen", "QUIRE_TIMINGS": "1"}
    log = tmp_path / "first.log"
    address = socket_address(Paths(base))
    with log.open("w") as err:
        first = subprocess.Popen(
            [sys.executable, "-m", "reader", "--basedir", str(base), str(first_book)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 60
        while not ipc_client.someone_answers(address):
            assert first.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the first instance never listened"
            time.sleep(0.05)
        loaded_before = log.read_text().count('"book_loaded"')

        second = subprocess.run(
            [sys.executable, "-m", "reader", "--basedir", str(base), "--", second_book.name],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        assert second.returncode == 0, second.stderr
        assert "window_shown" not in second.stderr

        deadline = time.monotonic() + 20
        while log.read_text().count('"book_loaded"') <= loaded_before:
            assert first.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the first window never opened the second book"
            time.sleep(0.05)
    finally:
        first.terminate()
        try:
            first.wait(timeout=15)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
    assert not ipc_client.someone_answers(address)


def test_quire_prints_the_refusal_and_exits_non_zero(
    qtbot, server: InstanceServer, paths: Paths, tmp_path: Path
) -> None:
    """`quire` with more files than a hand-over takes: the reason on stderr, status 1."""
    files = [f"book {i}.txt" for i in range(501)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "--basedir", str(paths.base), "--", *files],
        cwd=tmp_path,
        env=_env() | {"QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
    _out, err = proc.communicate()
    assert proc.returncode == 1
    assert err == (
        "quire: the running Quire refused the files: too many files (501); at most 500 per launch\n"
    )
