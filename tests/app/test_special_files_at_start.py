"""Special files never block the start: FIFOs, sockets, devices, links to them, folders.

Every case runs the real start-up in a subprocess with a generous timeout as the hang guard
(a FIFO opened for reading would wait forever for a writer).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.paths import Paths, not_a_regular_file, open_regular_file

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 60


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    made: list[socket.socket] = []

    def make(path: Path) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(path))
        made.append(sock)

    yield make
    for sock in made:
        sock.close()


def _special(kind: str, path: Path, make_socket: Callable[[Path], None]) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        make_socket(path)
    elif kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        raise AssertionError(kind)


KINDS = {
    "fifo": "a named pipe (FIFO)",
    "socket": "a socket",
    "link to /dev/zero": "a character device",
    "folder": "a folder",
}


def test_the_check_itself(tmp_path: Path, unix_socket: Callable[[Path], None]) -> None:
    assert not_a_regular_file(tmp_path / "missing") is None
    (tmp_path / "plain").write_text("x")
    assert not_a_regular_file(tmp_path / "plain") is None
    for i, (kind, words) in enumerate(KINDS.items()):
        path = tmp_path / f"special{i}"
        _special(kind, path, unix_socket)
        assert not_a_regular_file(path) == f"{path} is {words}, not a regular file"
        with pytest.raises(OSError):
            os.close(open_regular_file(path, os.O_RDONLY))  # refused, and at once


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("new_instance", [True, False], ids=["new-instance", "single"])
def test_a_special_library_db_is_refused_at_once(
    tmp_path: Path, unix_socket: Callable[[Path], None], kind: str, new_instance: bool
) -> None:
    base = tmp_path / "data"
    base.mkdir()
    _special(kind, Paths(base).database, unix_socket)
    args = ["--basedir", str(base)] + (["--new-instance"] if new_instance else [])
    done = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert done.returncode == 3, done.stderr
    assert "library.db is " in done.stderr and f"{KINDS[kind]}, not a file" in done.stderr
    assert "Move it away" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_special_wal_file_is_refused_too(tmp_path: Path) -> None:
    base = tmp_path / "data"
    base.mkdir()
    from reader.store.db import open_store

    open_store(Paths(base).database).close()
    os.mkfifo(Paths(base).database.with_name("library.db-wal"))
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--basedir", str(base)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert done.returncode == 3, done.stderr
    assert "library.db-wal is a named pipe (FIFO), not a file" in done.stderr


OPEN_AND_REPORT = """
import json, sys
from pathlib import Path
from reader.app import create_main_window, make_application
from reader.cli import parse_args
from reader.paths import Paths
app = make_application()
base, files = sys.argv[1], sys.argv[2:]
window = create_main_window(parse_args(["--basedir", base, "--new-instance", *files]),
                            Paths(Path(base)), files)
print(json.dumps({"book": window.session.book is not None,
                  "message": window.current_message()}))
window.close()
window.shutdown()
"""


def _open(base: Path, files: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AND_REPORT, str(base), *files],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kind", [*KINDS, "device"])
def test_a_special_book_is_refused_with_a_message(
    tmp_path: Path, unix_socket: Callable[[Path], None], kind: str
) -> None:
    if kind == "device":
        book = Path("/dev/null")
    else:
        book = tmp_path / "book.txt"
        _special(kind, book, unix_socket)
    result = _open(tmp_path / "data", [str(book)])
    assert result["book"] is False
    message = str(result["message"])
    assert str(book) in message
    assert "not a regular file" in message or "is a folder" in message


def test_a_special_book_does_not_stop_the_next_one(
    tmp_path: Path, unix_socket: Callable[[Path], None]
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("Chapter 1\n\nA real book.\n", encoding="utf-8")
    result = _open(tmp_path / "data", [str(fifo), str(good)])
    assert result["book"] is True
    assert f"{fifo} is not a regular file" in str(result["message"])


def test_a_fifo_window_ini_is_moved_aside(tmp_path: Path) -> None:
    base = tmp_path / "data"
    base.mkdir()
    os.mkfifo(Paths(base).qsettings_file)
    result = _open(base, [])
    assert "window.ini is a named pipe (FIFO), not a regular file: moved it aside as" in str(
        result["message"]
    )
    aside = [p for p in base.iterdir() if p.name.startswith("window.ini.not-a-file-")]
    assert len(aside) == 1 and not_a_regular_file(aside[0]) is not None
