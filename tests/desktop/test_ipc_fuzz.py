"""1,000 hostile messages to a real single-instance server; it must answer each one it can and
keep serving.

The messages come from a seeded generator (the same every run): random bytes, random JSON
(nested, wrong types, near-valid requests), huge strings, deep nesting, invalid UTF-8, NULs,
writes split into pieces, and clients that hang up early. pytest-qt fails the test if any
exception escapes into the Qt event loop; the log must show no internal error either.
"""

from __future__ import annotations

import json
import logging
import random
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.desktop import ipc_client, protocol
from reader.desktop.ipc_server import InstanceServer
from reader.paths import Paths

SEED = 20260909
MESSAGES = 1000


@dataclass
class Probe:
    """One message: the bytes, how to send them, and whether a reply is owed."""

    kind: str
    data: bytes
    chunks: int = 1
    hang_up_early: bool = False

    @property
    def complete(self) -> bool:
        """A whole request line that the server must answer."""
        line_end = self.data.find(b"\n")
        return not self.hang_up_early and 0 <= line_end <= protocol.MAX_MESSAGE_BYTES


def _random_scalar(rng: random.Random) -> object:
    choice = rng.randrange(8)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.randint(-(2**70), 2**70)
    if choice == 3:
        return rng.uniform(-1e308, 1e308)
    if choice == 4:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(20)))
    if choice == 5:
        return "/" + "".join(chr(rng.randrange(32, 0x3000)) for _ in range(rng.randrange(60)))
    if choice == 6:
        return rng.choice(["quire", "action", "open", "files", "", "\x00", "/a\x00b", "../x"])
    return rng.choice([1, 0, 2, -1, "1", 1.0])


def _random_json(rng: random.Random, depth: int = 0) -> object:
    if depth > 6 or rng.random() < 0.35:
        return _random_scalar(rng)
    if rng.random() < 0.5:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(6))]
    keys = ["quire", "action", "files", "x", "", "\u00e9"]
    return {
        rng.choice(keys) if rng.random() < 0.7 else str(_random_scalar(rng)): _random_json(
            rng, depth + 1
        )
        for _ in range(rng.randrange(5))
    }


def _near_valid(rng: random.Random) -> dict[str, object]:
    """A request with one or two fields bent out of shape (some stay valid)."""
    message: dict[str, object] = {
        "quire": 1,
        "action": "open",
        "files": [f"/fuzz/{rng.randrange(10**6)}.txt" for _ in range(rng.randrange(4))],
    }
    for _ in range(rng.randrange(3)):
        field = rng.choice(["quire", "action", "files", "extra", "entry"])
        current = message["files"]
        if field == "entry" and isinstance(current, list) and current:
            files = list(current)
            files[rng.randrange(len(files))] = _random_scalar(rng)
            message["files"] = files
        elif field == "extra":
            message[rng.choice(["extra", "Files", "QUIRE"])] = _random_json(rng)
        else:
            message[field] = _random_json(rng)
    return message


def _probes(rng: random.Random) -> list[Probe]:
    probes: list[Probe] = []
    for i in range(MESSAGES):
        kind = rng.choice(
            ["bytes", "bytes", "json", "json", "near", "near", "near", "huge", "deep", "utf8"]
        )
        if kind == "bytes":
            data = rng.randbytes(rng.randrange(0, 3000))
            if rng.random() < 0.7:
                data += b"\n"
        elif kind == "json":
            data = json.dumps(_random_json(rng), ensure_ascii=rng.random() < 0.5).encode(
                "utf-8", "surrogatepass"
            )
            data += b"\n"
        elif kind == "near":
            data = json.dumps(_near_valid(rng)).encode("utf-8", "surrogatepass") + b"\n"
        elif kind == "huge":
            if i % 10 == 0:  # only a few full-size ones: they are slow to send
                size = rng.choice(
                    [protocol.MAX_MESSAGE_BYTES - 100, protocol.MAX_MESSAGE_BYTES + 5]
                )
            else:
                size = rng.randrange(10_000, 200_000)
            filler = "a" * size
            data = json.dumps({"quire": 1, "action": "open", "files": ["/" + filler]}).encode()
            if rng.random() < 0.8:
                data += b"\n"
        elif kind == "deep":
            depth = rng.choice([50, 999, 1001, 5000, 100_000])
            opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
            data = opener * depth + b"1" + closer * depth + b"\n"
        else:  # utf8: broken encodings, NULs, surrogates inside an otherwise valid request
            path = rng.choice([b"/a\xff.txt", b"/a\x00b.txt", b"/\xed\xa0\x80.txt", b"/ok.txt"])
            data = b'{"quire": 1, "action": "open", "files": ["' + path + b'"]}\n'
        probe = Probe(kind, data)
        if rng.random() < 0.2:
            probe.chunks = rng.randrange(2, 6)
        if rng.random() < 0.1:
            probe.hang_up_early = True
        probes.append(probe)
    return probes


def _send(address: str, probe: Probe, rng: random.Random) -> bytes | None:
    """Send one probe; the reply line, or None when none is owed (or the peer hung up)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(address)
        data = probe.data
        if probe.hang_up_early:
            data = data[: rng.randrange(0, max(1, len(data)))]
        step = max(1, len(data) // probe.chunks)
        try:
            for start in range(0, len(data), step):
                sock.sendall(data[start : start + step])
                if probe.chunks > 1:
                    time.sleep(0.001)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused an oversized message and hung up
        if probe.hang_up_early or not probe.complete:
            if not probe.complete and not probe.hang_up_early:
                sock.shutdown(socket.SHUT_WR)  # truncated: no newline, then end of data
            return None
        reply = b""
        while b"\n" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
        return reply


@pytest.fixture
def server(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    srv = InstanceServer(Paths(tmp_path / "base"))
    assert srv.start()
    yield srv
    srv.close()


def test_fuzzed_messages_never_break_the_server(
    qtbot, server: InstanceServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(SEED)
    probes = _probes(rng)
    replies: list[tuple[Probe, bytes | None]] = []
    errors: list[BaseException] = []
    received: list[list[str]] = []
    server.files_received.connect(received.append)

    def run() -> None:
        send_rng = random.Random(SEED + 1)
        for probe in probes:
            try:
                replies.append((probe, _send(server.address, probe, send_rng)))
            except OSError as err:  # a timeout here means the server stopped answering
                errors.append(err)
                return

    caplog.set_level(logging.ERROR, logger="reader.desktop.ipc_server")
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=600_000)  # hang guard only

    assert errors == []
    assert len(replies) == MESSAGES
    answered = accepted = 0
    for probe, reply in replies:
        if not probe.complete:
            continue
        assert reply, f"no answer to a {probe.kind} message: {probe.data[:80]!r}"
        answer = json.loads(reply.split(b"\n", 1)[0])
        answered += 1
        if answer == {"ok": True}:
            accepted += 1
            continue
        assert answer["ok"] is False and isinstance(answer["error"], str) and answer["error"]
    assert answered > 700  # most probes are whole messages and were answered
    assert 0 < accepted < answered  # some near-valid requests stay valid
    assert not [r for r in caplog.records if r.name.startswith("reader.desktop")]

    # Still serving: a real launch hands its files over (after the fuzz's own batches).
    qtbot.waitUntil(lambda: server.pending_paths() == 0, timeout=10_000)
    received.clear()
    book = tmp_path / "after the storm.txt"
    book.write_text("Still here.\n", encoding="utf-8")
    with qtbot.waitSignal(server.files_received, timeout=10_000) as blocker:
        reply_holder: list[bool] = []
        client = threading.Thread(
            target=lambda: reply_holder.append(
                ipc_client.try_hand_over(Paths(tmp_path / "base"), [str(book)], timeout_ms=5000)
            )
        )
        client.start()
        qtbot.waitUntil(lambda: not client.is_alive(), timeout=10_000)
    assert reply_holder == [True]
    assert blocker.args == [[str(book)]]
