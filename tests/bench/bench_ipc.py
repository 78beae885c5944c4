"""Single-instance benchmark: how fast a second ``quire FILE`` hands over and exits.

The speed limits that ``tests/desktop/test_ipc.py`` used to assert, measured here
as medians instead (targets in brackets):

- ``try_hand_over`` with nothing running, and with a stale socket file  [< 0.1 s]
- a client process handing three files to a running server: the hand-over
  itself, and the whole process including interpreter start-up  [< 0.5 s, < 2 s]
- the real second ``python -m reader FILE`` against a running Quire  [< 0.5 s]

    python3 tests/bench/bench_ipc.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.desktop import ipc_client  # noqa: E402
from reader.paths import Paths  # noqa: E402

CLIENT = """
import json, sys, time
t0 = time.monotonic()
from reader.paths import Paths
from reader.desktop.ipc_client import try_hand_over
ok = try_hand_over(Paths(__import__("pathlib").Path(sys.argv[1])), sys.argv[2:])
print(json.dumps({"ok": ok, "seconds": time.monotonic() - t0}))
"""

SERVER = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from reader.paths import Paths
from reader.desktop.ipc_server import InstanceServer
app = QCoreApplication([])
server = InstanceServer(Paths(Path(sys.argv[1])))
def report(n):
    print("done", n, flush=True)
server.handover_finished.connect(report)
print("listening" if server.start() else "failed", flush=True)
QTimer.singleShot(int(float(sys.argv[2]) * 1000), app.quit)
app.exec()
server.close()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("QUIRE_TIMINGS", None)
    return env


def _median(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms (max {max(values) * 1000:.1f})"


def bench_nothing_running(base: Path, runs: int) -> None:
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        assert ipc_client.try_hand_over(Paths(base), ["x.txt"]) is False
        times.append(time.monotonic() - t0)
    print(f"  nothing running:          {_median(times)}   [target < 100 ms]")
    address = ipc_client.socket_address(Paths(base))
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(address)  # a socket file nobody listens on: what a crash leaves
    sock.close()
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        assert ipc_client.try_hand_over(Paths(base), ["x.txt"]) is False
        times.append(time.monotonic() - t0)
    os.unlink(address)
    print(f"  stale socket file:        {_median(times)}   [target < 100 ms]")


def bench_client_process(base: Path, runs: int) -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(base), "600"],
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "listening"
        inner, wall = [], []
        for _ in range(runs):
            t0 = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-c", CLIENT, str(base), "a.txt", "b b.txt", "--x.txt"],
                env=_env(),
                capture_output=True,
                text=True,
                timeout=60,
            )
            wall.append(time.monotonic() - t0)
            result = json.loads(done.stdout)
            assert result["ok"] is True, done.stderr
            inner.append(result["seconds"])
            assert server.stdout.readline().startswith("done")
        print(f"  hand-over (in client):    {_median(inner)}   [target < 500 ms]")
        print(f"  client process, wall:     {_median(wall)}   [target < 2 s]")
    finally:
        server.send_signal(signal.SIGTERM)
        server.kill()
        server.wait()


def bench_second_quire(tmp: Path, runs: int) -> None:
    base = tmp / "quire-base"
    first_book = tmp / "first.txt"
    first_book.write_text("Chapter 1\n\nThe first book.\n", encoding="utf-8")
    first = subprocess.Popen(
        [sys.executable, "-m", "reader", "--basedir", str(base), str(first_book)],
        cwd=tmp,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    address = ipc_client.socket_address(Paths(base))
    try:
        deadline = time.monotonic() + 60
        while not ipc_client.someone_answers(address):
            if time.monotonic() > deadline or first.poll() is not None:
                raise RuntimeError("the first Quire never listened")
            time.sleep(0.05)
        times = []
        for i in range(runs):
            book = tmp / f"second {i}.txt"
            book.write_text(f"Chapter 1\n\nBook {i}.\n", encoding="utf-8")
            t0 = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "reader", "--basedir", str(base), "--", book.name],
                cwd=tmp,
                env=_env(),
                capture_output=True,
                text=True,
                timeout=30,
            )
            times.append(time.monotonic() - t0)
            assert done.returncode == 0, done.stderr
            time.sleep(0.3)  # let the window open it
        print(f"  second `quire FILE`:      {_median(times)}   [target < 500 ms]")
    finally:
        first.terminate()
        first.wait(15)


def main() -> None:
    """Print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quire-bench-ipc-") as tmp:
        os.environ.setdefault("XDG_RUNTIME_DIR", tmp)
        print(f"single instance, {ns.runs} runs:")
        bench_nothing_running(Path(tmp) / "none", ns.runs)
        bench_client_process(Path(tmp) / "srv", ns.runs)
        bench_second_quire(Path(tmp), ns.runs)


if __name__ == "__main__":
    main()
