"""Benchmark the real window while another process holds the library's write lock for 7 s.

The window (offscreen, with its library pane and notes panel) has a book open. Another
process takes the write lock (``BEGIN IMMEDIATE`` with an uncommitted row) and keeps it for
``--lock`` seconds. Meanwhile the reader, through the real widgets: highlights a passage with
a note (the note editor: typed, then OK), goes back to the page and turns pages (the reading
position is saved as it would be), and adds a bookmark. Measured on the GUI thread:

- the longest time spent inside one SQLite call (every call of the window's own connection
  is timed; target ≤ 50 ms);
- the longest gap between two event-loop turns (wall clock: includes waiting for a core on
  a loaded machine) and the most CPU time the GUI thread used in one turn;
- how long after the lock's release the note, the bookmark and the position had landed.

    python3 tests/bench/bench_ui_busy.py [--runs 3] [--lock 7]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "store"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from store_support import lock_held  # noqa: E402

NOTE = "A note typed while another program held the library"


class TimedConnection:
    """An sqlite3 connection whose calls made on the GUI thread are timed."""

    def __init__(self, conn: sqlite3.Connection, gui: threading.Thread) -> None:
        self._conn = conn
        self._gui = gui
        self.times: list[float] = []

    def _timed(self, name: str, *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return getattr(self._conn, name)(*args)
        finally:
            if threading.current_thread() is self._gui:
                self.times.append(time.perf_counter() - t0)

    def execute(self, *args: Any) -> Any:
        return self._timed("execute", *args)

    def executemany(self, *args: Any) -> Any:
        return self._timed("executemany", *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _book(folder: Path) -> Path:
    para = "The fog came pouring in at every chink and keyhole, and was so dense without. "
    chapters = [
        f"Chapter {c}\n\n" + "\n\n".join(f"Paragraph {c}.{p}. {para * 4}" for p in range(40))
        for c in range(1, 6)
    ]
    path = folder / "fog.txt"
    path.write_text("\n\n\n".join(chapters) + "\n", encoding="utf-8")
    return path


def one_run(lock_s: float) -> dict[str, float]:
    """One session with the lock held; the figures of this run."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.app import install_panes
    from reader.paths import Paths
    from reader.store.db import Store, open_store
    from reader.ui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication([])

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "quire")
        paths.ensure()
        plain = open_store(paths.database)
        timed = TimedConnection(plain.conn, threading.current_thread())
        store = Store(plain.path, timed, plain.notices)  # type: ignore[arg-type]
        window = MainWindow(store, paths)
        install_panes(window)
        window.resize(1000, 720)
        window.show()
        assert window.open_path(str(_book(Path(tmp))))
        panel = window.notes_panel()
        assert panel is not None
        record = window.session.record
        assert record is not None
        text = window.session.book.text  # type: ignore[union-attr]
        pump(1.5)  # the first page, the panes, the background page count
        timed.times.clear()

        ticks: list[tuple[float, float]] = []
        ticker = QTimer()
        ticker.setInterval(0)
        ticker.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time())))
        ticker.start()
        with lock_held(paths.database, seconds=lock_s) as holder:
            start = text.index("dense without", text.index("Paragraph 1.3."))
            editor = panel.highlight_with_note(start, start + len("dense without"))
            assert editor is not None
            pump(0.2)
            QTest.keyClicks(editor.edit, NOTE)
            editor.accept()
            pump(0.3)
            window.activateWindow()
            window.view.setFocus()
            for _ in range(8):  # turning pages: the position is saved as it goes
                QTest.keyClick(window.view, Qt.Key.Key_Space)
                pump(0.25)
            window.session.flush()
            QTest.keyClick(window.view, Qt.Key.Key_B)  # a bookmark on this page
            while holder.proc.poll() is None:
                app.processEvents()
                time.sleep(0.001)
                if holder.released_at is None and editor.isVisible() is False:
                    break
            released = holder.wait_released()
        landed = {"note": 0.0, "bookmark": 0.0, "position": 0.0}
        deadline = time.perf_counter() + 30
        position = window.view.position()
        while not all(landed.values()) and time.perf_counter() < deadline:
            app.processEvents()
            now = time.monotonic() - released
            notes = plain.annotations.annotations(record.id)
            if not landed["note"] and any(a.note == NOTE for a in notes):
                landed["note"] = now
            if not landed["bookmark"] and plain.annotations.bookmarks(record.id):
                landed["bookmark"] = now
            progress = plain.annotations.get_progress(record.id)
            if not landed["position"] and progress is not None and progress.offset == position:
                landed["position"] = now
            time.sleep(0.002)
        while panel.highlights.editor is not None and time.perf_counter() < deadline:
            app.processEvents()  # the outcome reaches the GUI thread: the editor closes
            time.sleep(0.002)
        ticker.stop()
        assert all(landed.values()), landed
        assert panel.highlights.editor is None, "the note editor closed once the note was saved"
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(ticks)]
        cpu = [b[1] - a[1] for a, b in itertools.pairwise(ticks)]
        result = {
            "db_call": max(timed.times),
            "db_calls": float(len(timed.times)),
            "gap": max(gaps),
            "cpu": max(cpu),
            **{f"landed_{k}": v for k, v in landed.items()},
        }
        window.close()
        window.shutdown()
        return result


def main() -> None:
    """Print the medians (and maxima) over the runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lock", type=float, default=7.0, help="seconds the lock is held")
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        r = one_run(args.lock)
        runs.append(r)
        print(
            f"  run: longest SQLite call on the GUI thread {r['db_call'] * 1000:6.2f} ms "
            f"({r['db_calls']:.0f} calls), longest event-loop gap {r['gap'] * 1000:6.1f} ms "
            f"(GUI CPU in one turn ≤ {r['cpu'] * 1000:5.1f} ms); landed after release: note "
            f"{r['landed_note'] * 1000:.0f} ms, bookmark {r['landed_bookmark'] * 1000:.0f} ms, "
            f"position {r['landed_position'] * 1000:.0f} ms"
        )

    def row(title: str, key: str, note: str = "") -> None:
        values = [r[key] * 1000 for r in runs]
        print(
            f"{title:<46} median {statistics.median(values):7.2f} ms  max {max(values):7.2f} ms"
            f"   {note}"
        )

    print(f"lock held {args.lock:g} s by another process, {args.runs} runs, the real window")
    row("longest SQLite call on the GUI thread", "db_call", "target ≤ 50 ms")
    row("longest gap between event-loop turns", "gap", "wall clock, loaded machine")
    row("most GUI-thread CPU time in one turn", "cpu")
    row("note landed after the release", "landed_note")
    row("bookmark landed after the release", "landed_bookmark")
    row("reading position landed after the release", "landed_position")


if __name__ == "__main__":
    main()
