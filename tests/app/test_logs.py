"""The log file: created on the first error only, rotated, never blocking; slot errors logged."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.logs import LazyRotatingHandler, setup_logging

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_root_logger():  # type: ignore[no-untyped-def]
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_nothing_is_written_until_something_goes_wrong(tmp_path: Path, restore_root_logger) -> None:  # type: ignore[no-untyped-def]
    log_file = tmp_path / "data" / "quire.log"
    setup_logging(log_file)
    logging.getLogger("reader.test").info("routine")  # below WARNING: nothing
    assert not log_file.exists()
    try:
        raise ValueError("a bad day")
    except ValueError:
        logging.getLogger("reader.test").exception("while testing")
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR [reader.test] while testing" in text
    assert "Traceback" in text and "ValueError: a bad day" in text


def test_the_log_is_rotated_and_capped(tmp_path: Path) -> None:
    log_file = tmp_path / "quire.log"
    handler = LazyRotatingHandler(log_file, max_bytes=2000, backups=3)
    logger = logging.getLogger("reader.rotation-test")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for i in range(200):
            logger.error("line %d %s", i, "x" * 80)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["quire.log", "quire.log.1", "quire.log.2", "quire.log.3"]
    assert all(p.stat().st_size <= 2000 for p in tmp_path.iterdir())
    assert "line 199" in log_file.read_text(encoding="utf-8")


def test_a_fifo_in_place_of_the_log_never_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "quire.log"
    os.mkfifo(log_file)
    handler = LazyRotatingHandler(log_file)
    record = logging.LogRecord("reader.x", logging.ERROR, __file__, 1, "boom", None, None)
    handler.emit(record)  # would block forever on open() without O_NONBLOCK
    handler.emit(record)
    handler.close()
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert "not a regular file" in err or "No such device" in err


SLOT_ERROR = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from reader.logs import install_excepthooks, setup_logging
import threading
setup_logging(Path(sys.argv[1]))
install_excepthooks()
app = QCoreApplication([])
def slot():
    raise RuntimeError("broken slot")
def later():
    t = threading.Thread(target=lambda: 1 / 0, name="worker")
    t.start(); t.join()
    print("still running", flush=True)
    app.quit()
QTimer.singleShot(0, slot)
QTimer.singleShot(50, later)
sys.exit(app.exec())
"""


def test_an_exception_in_a_qt_slot_is_logged_and_the_app_goes_on(tmp_path: Path) -> None:
    log_file = tmp_path / "quire.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SLOT_ERROR, str(log_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "still running"
    text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception in the main thread" in text
    assert "RuntimeError: broken slot" in text
    assert "uncaught exception in thread worker" in text
    assert "ZeroDivisionError" in text
    assert "RuntimeError: broken slot" in done.stderr  # still printed as Python would


def test_quire_log_prints_the_path(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--basedir", str(tmp_path / "d"), "--log"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{tmp_path / 'd' / 'quire.log'}\n"
    assert not (tmp_path / "d").exists()  # printing the path creates nothing
