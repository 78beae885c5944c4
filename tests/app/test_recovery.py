"""No crash loops: a book that was being opened when Quire died is not reopened on its own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.recovery import (
    BLOCKED_FILE,
    FailedOpening,
    OpeningGuard,
    blocked_books,
    crash_message,
    take_failed_openings,
)

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from pathlib import Path
from reader.recovery import OpeningGuard
guard = OpeningGuard(Path(sys.argv[1]))
guard.begin(sys.argv[2], "123-abc")
print("begun", flush=True)
time.sleep(60)
"""


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _markers(folder: Path) -> list[Path]:
    return sorted(folder.glob("opening-*.json"))


def test_a_marker_lives_from_begin_to_end(tmp_path: Path) -> None:
    guard = OpeningGuard(tmp_path)
    guard.begin("/books/a.txt")
    assert guard.active
    (marker,) = _markers(tmp_path)
    record = json.loads(marker.read_text())
    assert record["path"] == "/books/a.txt" and record["key"] == ""
    guard.set_key("4711-beef")
    assert json.loads(marker.read_text())["key"] == "4711-beef"
    # Our own live marker is never taken for a crash.
    assert take_failed_openings(tmp_path) == []
    assert marker.exists()
    guard.end()
    assert not guard.active
    assert _markers(tmp_path) == []
    assert not list(tmp_path.glob(".*tmp"))


def test_a_killed_process_leaves_its_book_behind(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path), "/books/boom.txt"],
        env=_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "begun"
        # Alive and holding its lock: another Quire must not claim it.
        assert take_failed_openings(tmp_path) == []
        assert len(_markers(tmp_path)) == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    (failed,) = take_failed_openings(tmp_path)
    assert failed.path == "/books/boom.txt" and failed.key == "123-abc"
    assert _markers(tmp_path) == []  # reported once
    assert take_failed_openings(tmp_path) == []
    # ... but it stays out of the automatic reopen until it has been shown.
    assert [b.path for b in blocked_books(tmp_path)] == ["/books/boom.txt"]
    guard = OpeningGuard(tmp_path)
    guard.begin("/books/other.txt")
    guard.end()
    assert [b.path for b in blocked_books(tmp_path)] == ["/books/boom.txt"]
    guard.begin("/books/boom.txt")
    guard.end()  # its first page was painted this time
    assert blocked_books(tmp_path) == []
    assert not (tmp_path / BLOCKED_FILE).exists()


def test_damaged_markers_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "opening-1.json").write_bytes(b"\xff not json")
    (tmp_path / "opening-2.json").write_text('["a list"]')
    os.mkfifo(tmp_path / "opening-3.json")  # never read (it would block)
    (tmp_path / BLOCKED_FILE).write_text("{")
    assert take_failed_openings(tmp_path) == []
    assert blocked_books(tmp_path) == []


def test_crash_message_names_the_book_its_key_and_quire_info(tmp_path: Path) -> None:
    failed = FailedOpening("/books/My Story.txt", "4711-beef", "2026-09-09 21:30")
    text = crash_message(failed, tmp_path / "quire.log")
    assert "“My Story.txt”" in text and "2026-09-09 21:30" in text
    assert "was not reopened" in text
    assert "4711-beef" in text
    assert "`quire info '/books/My Story.txt'`" in text
    assert str(tmp_path / "quire.log") in text
    assert "\n" not in text
    asked = crash_message(failed, skipped=False)  # the reader opened it again explicitly
    assert "not reopened" not in asked and "4711-beef" in asked and "quire.log" not in asked


# --- the real start-up ------------------------------------------------------------------


def _run(args: list[str], timeout: float = 60, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=_env(**extra),
        capture_output=True,
        text=True,
        timeout=timeout,  # hang guard
    )


def _start_until(args: list[str], stop_line: str, timeout: float = 60) -> list[str]:
    """Start Quire and read stderr until a line containing ``stop_line``; then SIGTERM it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=_env(QUIRE_TIMINGS="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if stop_line in line:
                return lines
        raise AssertionError(f"never saw {stop_line!r}:\n{''.join(lines)}")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_crash_while_showing_a_book_is_not_repeated(tmp_path: Path) -> None:
    base = tmp_path / "data"
    book = tmp_path / "boom.txt"
    book.write_text("Chapter 1\n\nThis book takes Quire down.\n", encoding="utf-8")

    # 1. Quire dies (SIGKILL, through the documented test hook) while showing the book.
    crashed = _run(
        ["--basedir", str(base), "--new-instance", str(book)], QUIRE_TEST_CRASH_ON_OPEN="1"
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert len(_markers(base)) == 1

    # 2. A plain start does not reopen it: it says which book failed and how to report it.
    lines = _start_until(["--basedir", str(base), "--new-instance"], "window_ready")
    text = "".join(lines)
    events = [json.loads(line)["event"] for line in lines if line.startswith("{")]
    assert "book_loaded" not in events
    assert "first_page_painted" not in events
    notice = next(line for line in lines if line.startswith("quire: "))
    assert "“boom.txt”" in notice and "was not reopened" in notice
    assert f"`quire info {book}`" in notice
    assert "book key " in notice  # the key was known once the book was parsed
    assert "Traceback" not in text
    assert _markers(base) == []

    # 3. Still not reopened on its own (and no second notice) ...
    lines = _start_until(["--basedir", str(base), "--new-instance"], "window_ready")
    assert not any(line.startswith("quire: ") for line in lines)
    assert '"book_loaded"' not in "".join(lines)

    # 4. ... until the reader opens it and it shows; then it is the last book again.
    _start_until(["--basedir", str(base), "--new-instance", str(book)], "first_page_painted")
    lines = _start_until(["--basedir", str(base), "--new-instance"], "first_page_painted")
    assert '"book_loaded"' in "".join(lines)
