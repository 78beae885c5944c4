"""Benchmark: the notes panel's background search in a ~30 MB book, seen from the UI thread.

Runs :class:`reader.ui.notes.search_worker.SearchRunner` under a real (offscreen)
event loop and prints, as medians over several runs: the time until the first
batch of hits reaches the UI thread (target ≤ 100 ms), the time until the
search ends (target ≤ 1 s), and the longest gap between 5 ms timer ticks on
the UI thread while searching (how long the window could not repaint).

Run: ``python3 tests/bench/bench_search_ui.py [--runs N] [--mb SIZE]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import build_book  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer  # noqa: E402

from reader.text.search import SearchOptions  # noqa: E402
from reader.ui.notes.search_worker import SearchRunner  # noqa: E402

CASES = [
    ("common word 'the'", SearchOptions("the")),
    ("accented name 'natasha'", SearchOptions("natasha")),
    ("rare word 'xylophone'", SearchOptions("xylophone")),
    ("regex r'\\bN\\w+sha\\b'", SearchOptions(r"\bN\w+sha\b", regex=True)),
]


def run_once(runner: SearchRunner, book: object, opts: SearchOptions) -> tuple[float, float, float]:
    """(ms to first hits or nan, ms to the end, longest UI-thread gap in ms)."""
    loop = QEventLoop()
    clock = QElapsedTimer()
    first: list[float] = []
    gaps: list[float] = [0.0]
    last_tick = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last_tick[0])
        last_tick[0] = now

    def on_hits(_batch: list) -> None:
        if not first:
            first.append(clock.nsecsElapsed() / 1e6)

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    runner.hits_found.connect(on_hits)
    runner.finished.connect(lambda *_: loop.quit())
    clock.start()
    ticker.start()
    runner.start(book, opts)  # type: ignore[arg-type]
    loop.exec()
    total = clock.nsecsElapsed() / 1e6
    ticker.stop()
    runner.hits_found.disconnect(on_hits)
    runner.finished.disconnect()
    return (first[0] if first else float("nan")), total, max(gaps)


def main() -> int:
    """Build the book, run every case ``--runs`` times, print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=float, default=30.0)
    args = parser.parse_args()
    app = QCoreApplication.instance() or QCoreApplication([])
    started = time.perf_counter()
    book = build_book(args.mb)
    print(f"book: {len(book.text) / 1e6:.1f} M characters, built in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    runner = SearchRunner()
    print(f"{'case':32} {'first hits':>11} {'whole':>9} {'max UI gap':>11}")
    for name, opts in CASES:
        results = [run_once(runner, book, opts) for _ in range(args.runs)]
        first = statistics.median(r[0] for r in results)
        total = statistics.median(r[1] for r in results)
        gap = statistics.median(r[2] for r in results)
        print(f"{name:32} {first:9.1f}ms {total:7.1f}ms {gap:9.1f}ms")
    runner.shutdown()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
