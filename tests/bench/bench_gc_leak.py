"""Does freezing the library's rows (reader/gc_policy.py) leak? Import, then remove, again
and again, and watch the memory.

Run: ``python3 tests/bench/bench_gc_leak.py [--stories 1000] [--rounds 5]``

Each round adds a folder of ``--stories`` generated stories through the real library
pane (batches frozen as they land, the audit after the import), then removes every
book (the store's ``remove`` and the model's ``remove_id``, as the pane's Remove does).
After each round it prints the resident set size (RSS, now and peak), the objects the
collector still walks, the frozen ones, and how many objects sit in reference cycles
the audit found. With no leak, RSS and the counts level off after the first rounds
instead of growing round after round.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from tests.bench.bench_library import make_window
from tests.bench.bench_stories import generate
from tests.bench.gc_meter import audit_summary, peak_rss_mb


def rss_mb() -> float:
    """The resident set size now, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    """Import and remove ``--rounds`` times; memory after each round."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--kb", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert app is not None
    with tempfile.TemporaryDirectory(prefix="quire-bench-gcleak-") as tmp:
        folder = Path(tmp) / "stories"
        generate(folder, args.stories, args.kb)
        window, pane = make_window(Path(tmp) / "home")
        store = window.store  # type: ignore[attr-defined]
        gc.collect()
        print(f"start: RSS {rss_mb():.0f} MB, walked {len(gc.get_objects()):,}")
        for round_ in range(1, args.rounds + 1):
            loop = QEventLoop()
            pane.import_finished.connect(loop.quit)  # type: ignore[attr-defined]
            t = time.perf_counter()
            pane.add_paths([str(folder)])  # type: ignore[attr-defined]
            loop.exec()
            pane.import_finished.disconnect(loop.quit)  # type: ignore[attr-defined]
            took = time.perf_counter() - t
            audit = audit_summary()
            added = pane.model.total()  # type: ignore[attr-defined]
            rss_full = rss_mb()
            for record in pane.model.records():  # type: ignore[attr-defined]
                store.library.remove(record.id)
                pane.model.remove_id(record.id)  # type: ignore[attr-defined]
            QApplication.processEvents()
            print(
                f"round {round_}: imported {added} in {took:.1f} s (RSS {rss_full:.0f} MB), "
                f"removed all: RSS {rss_mb():.0f} MB, peak {peak_rss_mb():.0f} MB, "
                f"walked {len(gc.get_objects()):,}, frozen {gc.get_freeze_count():,}\n"
                f"  {audit}"
            )
        window.close()  # type: ignore[attr-defined]
        window.shutdown()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
