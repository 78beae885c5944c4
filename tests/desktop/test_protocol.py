"""The hand-over wire format (Qt-free): strict validation, clear refusals, nothing raised."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.desktop import protocol
from reader.desktop.protocol import (
    MAX_FILES,
    ProtocolError,
    Reply,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_client_imports_with_pyside6_blocked() -> None:
    """The sender's side runs before Qt: it must not need PySide6 at all."""
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['shiboken6'] = None\n"
        "import reader.desktop.ipc_client as c, reader.desktop.protocol as p\n"
        "from reader.paths import Paths\n"
        "from pathlib import Path\n"
        "print(c.hand_over(Paths(Path(sys.argv[1])), ['a.txt']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "nonexistent-base")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"  # nothing runs there: start a window


def test_request_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = encode_request(["a.txt", "/x/../b.txt", "--basedir=c.txt"])
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert decode_request(data[:-1]) == [
        str(tmp_path / "a.txt"),
        "/b.txt",
        str(tmp_path / "--basedir=c.txt"),
    ]


def test_undecodable_file_names_survive_the_trip() -> None:
    """A file name that is not UTF-8 (kept as lone surrogates by Python) arrives intact."""
    name = os.fsdecode(b"/books/caf\xe9.txt")
    data = encode_request([name])
    assert data.isascii()
    assert decode_request(data[:-1]) == [name]
    assert os.fsencode(decode_request(data[:-1])[0]) == b"/books/caf\xe9.txt"  # type: ignore[index]


def test_too_many_files_is_refused_on_both_sides() -> None:
    files = [f"/b/{i}.txt" for i in range(4000)]
    with pytest.raises(ProtocolError, match=r"too many files \(4,000\); at most 500 per launch"):
        encode_request(files)
    line = json.dumps({"quire": 1, "action": "open", "files": files}).encode()
    refused = decode_request(line)
    assert isinstance(refused, ProtocolError)
    assert str(refused) == "too many files (4,000); at most 500 per launch"
    assert (
        decode_request(
            json.dumps({"quire": 1, "action": "open", "files": files[:MAX_FILES]}).encode()
        )
        == files[:MAX_FILES]
    )


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"null",
        b"1e999999",
        b'{"quire": 1.0, "action": "open", "files": []}',
        b'{"quire": 1, "action": "open", "files": ["/a.txt"], "files2": []}',
        b'{"quire": 1, "action": ["open"], "files": []}',
        b'{"quire": 1, "action": "open", "files": ["/' + b"a" * 5000 + b'"]}',
        b"[" * 1_000_000,
        b'{"a":' * 200_000,
        b"\x00\x00\x00",
        b'{"quire": 1, "action": "open", "files": ["/a.txt"]',
    ],
)
def test_bad_lines_give_a_reason_and_never_raise(line: bytes) -> None:
    result = decode_request(line)
    assert isinstance(result, ProtocolError)
    assert str(result)


def test_replies() -> None:
    assert encode_reply() == b'{"ok": true}\n'
    assert decode_reply(encode_reply()) == Reply(True)
    refusal = encode_reply("too many files (4,000); at most 500 per launch")
    assert json.loads(refusal) == {
        "ok": False,
        "error": "too many files (4,000); at most 500 per launch",
    }
    assert decode_reply(refusal) == Reply(False, "too many files (4,000); at most 500 per launch")
    assert decode_reply(b'{"ok": false}\n') == Reply(False, "refused")
    for junk in (b"", b"\xff", b"[1]", b'{"ok": "yes"}', b"[" * 10_000):
        assert decode_reply(junk) is None


def test_message_size_limit() -> None:
    assert "too large" in str(decode_request(b" " * (protocol.MAX_MESSAGE_BYTES + 1)))
