"""Start-up benchmark: process start → first page painted, reopening at a saved position.

Runs ``python -m reader --basedir TMP --new-instance FILE`` with
``QUIRE_TIMINGS=1`` and ``QT_QPA_PLATFORM=offscreen`` and reads the
``first_page_painted`` time from stderr. Before timing, one run opens the book
(which warms the parse cache, as any earlier reading session would) and the
saved position is then set to the middle of the book through the store.
Peak memory is the process's VmHWM, read from /proc after it has settled.

Books: War and Peace (3.4 MB) and a ~30 MB book made by concatenating the
corpus's English and French books (decoded, written as UTF-8).

    python3 tests/bench/bench_startup.py [--runs 5] [--settle 2.0]
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigbook import build_big_book  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path(os.environ.get("QUIRE_CORPUS", "/nonexistent-corpus"))

WAR_AND_PEACE = CORPUS / "gutenberg" / "war_and_peace__pg2600-0.txt"
BIG_SOURCES = [
    "gutenberg/war_and_peace__pg2600-0.txt",
    "gutenberg/pride_and_prejudice__pg1342.txt",
    "gutenberg/dracula__pg345.txt",
    "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt",
    "french_latin1/madame_bovary_fr__pg14155-8.txt",
    "gutenberg/alices_adventures_in_wonderland__pg11-0.txt",
]


def build_big(folder: Path) -> Path:
    """The shared ~30 MB book (corpus bodies without Gutenberg licence text)."""
    return build_big_book(folder, [CORPUS / name for name in BIG_SOURCES], "big_novel_30mb.txt")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", QUIRE_TIMINGS="1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _vm_hwm_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of ``pid`` in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_once(basedir: Path, book: Path, settle: float) -> tuple[dict[str, float], float]:
    """One start-up: the timing events up to the first page, and peak memory in MB."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "--basedir", str(basedir), "--new-instance", str(book)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    events: dict[str, float] = {}
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                raise RuntimeError(f"quire exited early (status {proc.wait()})")
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            events.setdefault(record["event"], record["t"])
            if record["event"] == "book_loaded":
                events["book_loaded_ms"] = record.get("ms", float("nan"))
            if record["event"] == "first_page_painted":
                break
        else:
            raise RuntimeError("no first_page_painted within 60 s")
        events["rss_at_first_page_mb"] = _vm_hwm_mb(proc.pid)
        time.sleep(settle)  # background pagination finishes; memory peaks
        peak = _vm_hwm_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return events, peak


def save_middle_position(basedir: Path, book: Path) -> int:
    """Set the saved position of ``book`` to the middle of its text; returns the offset."""
    from reader.paths import Paths
    from reader.store.db import open_store
    from reader.text.parse import load_book

    paths = Paths(basedir)
    text_len = len(load_book(str(book), cache_dir=paths.cache_dir).text)
    with open_store(paths.database) as store:
        record = store.library.find_by_path(str(book))
        if record is None:
            raise RuntimeError(f"{book} is not in the library after the first run")
        middle = text_len // 2
        store.annotations.save_progress(record.id, middle, 50.0)
    return middle


def bench(book: Path, runs: int, settle: float) -> None:
    """Print median start-up figures for ``book``."""
    with tempfile.TemporaryDirectory(prefix="quire-bench-") as tmp:
        basedir = Path(tmp) / "data"
        run_once(basedir, book, 0.5)  # first open: library entry + parse cache
        middle = save_middle_position(basedir, book)
        times, loads, shown, peaks, rss_first = [], [], [], [], []
        for _ in range(runs):
            events, peak = run_once(basedir, book, settle)
            times.append(events["first_page_painted"])
            loads.append(events.get("book_loaded_ms", float("nan")))
            shown.append(events.get("window_shown", float("nan")))
            rss_first.append(events["rss_at_first_page_mb"])
            peaks.append(peak)
    size = book.stat().st_size / 1e6
    print(f"{book.name} ({size:.1f} MB), reopening at offset {middle:,}, {runs} runs:")
    print(f"  first page painted  median {statistics.median(times):.3f} s  "
          f"(min {min(times):.3f}, max {max(times):.3f})")  # fmt: skip
    print(f"  window shown        median {statistics.median(shown):.3f} s")
    print(f"  book loaded         median {statistics.median(loads):.1f} ms (parse/cache + store)")
    print(f"  peak RSS            at first page {statistics.median(rss_first):.0f} MB, "
          f"after {settle:.1f} s {statistics.median(peaks):.0f} MB")  # fmt: skip


def main() -> int:
    """Benchmark War and Peace and a ~30 MB book."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle", type=float, default=2.0, help="seconds before reading peak RSS")
    ns = parser.parse_args()
    if not WAR_AND_PEACE.is_file():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    bench(WAR_AND_PEACE, ns.runs, ns.settle)
    with tempfile.TemporaryDirectory(prefix="quire-bigbook-") as tmp:
        big = build_big(Path(tmp))
        bench(big, ns.runs, ns.settle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
