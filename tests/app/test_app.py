"""The composition root: Qt-free commands, the real start-up, reopening, store failures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.cli import parse_args
from reader.paths import Paths
from reader.store.db import open_store

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
ALICE = "gutenberg/alices_adventures_in_wonderland__pg11-0.txt"


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _start(args: list[str], **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        cwd=ROOT,
        env=_env(QUIRE_TIMINGS="1", **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_event(proc: subprocess.Popen[str], event: str, timeout: float = 20.0) -> dict:
    """Read timing lines from stderr until ``event`` appears (fails on exit or timeout)."""
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith("{"):
            record = json.loads(line)
            if record.get("event") == event:
                return record
    proc.kill()
    raise AssertionError(f"no {event!r} event; stderr was:\n{''.join(seen)}")


def _terminate(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def test_qt_free_commands_never_import_pyside(tmp_path: Path) -> None:
    """``quire --uninstall-desktop`` and ``quire info`` run with PySide6 unimportable."""
    book = tmp_path / "tiny.txt"
    book.write_text("Hello.\n\nA second paragraph.\n", encoding="utf-8")
    code = (
        "import sys; sys.modules['PySide6'] = None\n"  # any PySide6 import now fails
        "from reader.app import main\n"
        f"rc = main(['info', {str(book)!r}])\n"
        "rc2 = main(['--uninstall-desktop'])\n"
        "print('RESULT', rc, rc2)\n"
    )
    home = tmp_path / "home"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(HOME=str(home), XDG_DATA_HOME=str(home / "share")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "RESULT 0 0" in out.stdout, out.stderr
    assert "tiny" in out.stdout or "Hello" in out.stdout or "utf-8" in out.stdout.lower()


def test_help_lists_every_command_with_one_line_each() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\nfrom reader.app import main\nmain(['--help'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    for command in ("info FILE", "export-notes [FILE]", "stats"):
        (line,) = [entry for entry in lines if entry.strip().startswith(command)]
        assert len(line.split(None, 2)[-1]) > 20  # a real one-line description
    for option in (
        "--install-desktop",
        "--uninstall-desktop",
        "--log",
        "--new-instance",
        "--basedir DIR",
    ):
        assert any(entry.strip().startswith(option) for entry in lines), option
    assert "quire COMMAND" in out.stdout


def test_stats_command_runs_without_qt(tmp_path: Path) -> None:
    """``quire stats`` is dispatched to the statistics module and never imports Qt."""
    code = (
        "import sys; sys.modules['PySide6'] = None\nfrom reader.app import main\n"
        f"sys.exit(main(['stats', '--basedir', {str(tmp_path)!r}, '--format', 'json']))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0  # no library in tmp_path yet: a clear refusal, not a crash
    assert "no statistics yet" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.corpus
def test_start_save_on_sigterm_and_reopen_last_book(tmp_path: Path, corpus: Path) -> None:
    base = tmp_path / "data"
    book = str(corpus / ALICE)
    proc = _start(["--basedir", str(base), "--new-instance", book])
    painted = _wait_for_event(proc, "first_page_painted")
    assert painted["t"] > 0
    assert _terminate(proc) == 0  # SIGTERM closes the window properly

    with open_store(Paths(base).database) as store:
        record = store.library.find_by_path(book)
        assert record is not None and record.last_read is not None
        assert store.library.last_read_book().id == record.id  # type: ignore[union-attr]

    # No file given: the last book read is reopened (a page is painted again).
    proc = _start(["--basedir", str(base), "--new-instance"])
    _wait_for_event(proc, "first_page_painted")
    assert _terminate(proc) == 0


def test_store_failure_is_reported_and_exits_non_zero(tmp_path: Path) -> None:
    base = tmp_path / "data"
    (base / "library.db").mkdir(parents=True)  # a folder where the database should be
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--basedir", str(base), "--new-instance"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "library" in proc.stderr.lower() and "Traceback" not in proc.stderr


def test_store_notices_are_shown_in_the_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.app import create_main_window, make_application

    base = tmp_path / "data"
    base.mkdir()
    (base / "library.db").write_bytes(b"this is not an sqlite database at all" * 100)
    make_application()
    args = parse_args(["--basedir", str(base), "--new-instance"])
    window = create_main_window(args, Paths(base), [])
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert "moved it aside" in window.current_message()
        assert window.session.book is None
        assert any(p.name.startswith("library.db.corrupt-") for p in base.iterdir())
    finally:
        window.close()
        window.shutdown()


def test_files_given_open_first_and_missing_ones_are_reported(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.app import create_main_window

    base = tmp_path / "data"
    good = tmp_path / "story.txt"
    good.write_text("Chapter 1\n\nIt was a dark and stormy night.\n", encoding="utf-8")
    missing = str(tmp_path / "gone.txt")
    args = parse_args(["--basedir", str(base), "--new-instance", missing, str(good)])
    window = create_main_window(args, Paths(base), [missing, str(good)])
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.session.book is not None
        assert "stormy" in window.session.book.text
        assert window.session.record is not None
        assert window.session.record.path == str(good)
        assert "gone.txt" in window.current_message()  # the missing one is reported
    finally:
        window.close()
        window.shutdown()


def test_the_window_icon_comes_from_the_pngs_without_qt_svg(tmp_path: Path) -> None:
    """Every size of the window icon is there, and making it loads no SVG library."""
    script = (
        "from reader.app import make_application\n"
        "from reader.assets import WINDOW_ICON_SIZES\n"
        "from PySide6.QtCore import QSize\n"
        "app = make_application()\n"
        "sizes = {s.width() for s in app.windowIcon().availableSizes()}\n"
        "assert sizes == set(WINDOW_ICON_SIZES), sizes\n"
        "assert not app.windowIcon().pixmap(QSize(48, 48)).isNull()\n"
        "maps = open('/proc/self/maps').read()\n"
        "print('Svg' in maps)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_env(HOME=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
