"""Anything but a regular file at the library path is refused at once, without blocking."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_support import within

from reader.store.base import check_database_files, check_regular_file
from reader.store.db import StoreError, open_store

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")


@pytest.fixture
def sockets() -> Iterator[list[socket.socket]]:
    made: list[socket.socket] = []
    yield made
    for s in made:
        s.close()


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a named pipe (FIFO)"


def _folder(path: Path) -> str:
    path.mkdir()
    return "a folder"


def _link_to(target: str, kind: str) -> Callable[[Path], str]:
    def make(path: Path) -> str:
        os.symlink(target, path)
        return f"a link to {target}, which is {kind}"

    return make


def _link_to_fifo(path: Path) -> str:
    real = path.with_name("real-fifo")
    os.mkfifo(real)
    os.symlink(real, path)
    return f"a link to {real}, which is a named pipe (FIFO)"


MAKERS: dict[str, Callable[[Path], str]] = {
    "fifo": _fifo,
    "folder": _folder,
    "link to /dev/zero": _link_to("/dev/zero", "a character device"),
    "link to /dev/null": _link_to("/dev/null", "a character device"),
    "link to a fifo": _link_to_fifo,
}


def _make(kind: str, path: Path, sockets: list[socket.socket]) -> str:
    if kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        sockets.append(s)
        return "a socket"
    return MAKERS[kind](path)


KINDS = [*MAKERS, "socket"]


@needs_posix
@pytest.mark.parametrize("kind", KINDS)
def test_special_library_file_is_refused_at_once(
    tmp_path: Path, kind: str, sockets: list[socket.socket]
) -> None:
    db = tmp_path / "library.db"
    said = _make(kind, db, sockets)
    mode_before = os.lstat(db).st_mode
    with pytest.raises(StoreError) as err:
        within(20, lambda: open_store(db))
    message = str(err.value)
    assert "\n" not in message
    assert f"{db} is {said}, not a file" in message
    assert "--basedir" in message  # what to do about it
    assert os.lstat(db).st_mode == mode_before  # left exactly as it was
    assert not any(Path(f"{db}{s}").exists() for s in ("-wal", "-shm", "-journal"))
    assert not list(tmp_path.glob("library.db.corrupt-*"))  # not "moved aside" either


@needs_posix
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "folder"])
def test_special_companion_file_is_refused_at_once(
    tmp_path: Path, suffix: str, kind: str, sockets: list[socket.socket]
) -> None:
    db = tmp_path / "library.db"
    open_store(db).close()  # a real library …
    companion = Path(f"{db}{suffix}")
    if companion.exists():
        companion.unlink()
    said = _make(kind, companion, sockets)  # … with a trap beside it
    with pytest.raises(StoreError) as err:
        within(20, lambda: open_store(db))
    assert f"companion file {companion} is {said}" in str(err.value)
    assert "\n" not in str(err.value)


@needs_posix
def test_device_path_itself_is_refused() -> None:
    with pytest.raises(StoreError, match="is a character device"):
        within(20, lambda: open_store("/dev/null"))


@needs_posix
@pytest.mark.parametrize("kind", KINDS)
def test_check_regular_file_names_what_it_is(
    tmp_path: Path, kind: str, sockets: list[socket.socket]
) -> None:
    path = tmp_path / "library.db"
    said = _make(kind, path, sockets)
    problem = within(20, lambda: check_regular_file(path))
    assert problem is not None and f"{path} is {said}" in problem
    assert within(20, lambda: check_database_files(path)) == problem


def test_check_regular_file_passes_files_links_to_files_and_absent_paths(tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    real.write_bytes(b"")
    link = tmp_path / "link.db"
    os.symlink(real, link)
    dangling = tmp_path / "dangling.db"
    os.symlink(tmp_path / "nowhere", dangling)
    for path in (real, link, dangling, tmp_path / "absent.db", tmp_path / "a-file" / "x.db"):
        assert check_regular_file(path) is None, path
        assert check_database_files(path) is None, path
    with open_store(link) as store:  # a link to a real library is a library
        assert store.library.count() == 0
    assert stat.S_ISLNK(os.lstat(link).st_mode)


@needs_posix
def test_companion_check_reports_the_first_special_companion(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    db.write_bytes(b"")
    os.mkfifo(f"{db}-shm")
    problem = check_database_files(db)
    assert problem is not None and f"{db}-shm is a named pipe (FIFO)" in problem
