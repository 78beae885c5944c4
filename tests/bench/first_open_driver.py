"""Runs the real app on one book and measures its own memory (for bench_first_open_memory.py).

    PYTHONPATH=CHECKOUT python tests/bench/first_open_driver.py [--turns 500]
        [--dump DIR [--trace]] BOOK

Starts Quire exactly as ``python -m reader BOOK`` does (the caller gives it a fresh
``$HOME``), and once the first page is painted: waits 1 s, reads ``VmHWM``/``VmRSS``
from ``/proc/self/status``, then turns ``--turns`` pages with the window's own
``page.next`` action (what Space, Right or PgDown run), one turn per event-loop pass
with the page painted in between, reads them again and quits. Prints one JSON line
on stdout: ``{"first": {...}, "pages": {...}, "events": {...}}`` (kB, and the
``QUIRE_TIMINGS`` events with the VmRSS/VmHWM at each).

``--dump DIR`` writes ``/proc/self/smaps`` and the imported modules at each milestone
(first page, panes installed, whole book, first page + 1 s, after the turns); ``--trace``
also starts ``tracemalloc`` before anything is imported and adds a snapshot at each (and
the traced peak since the milestone before); ``--peaks`` adds one near each transient peak
between milestones (``peak_<milestone>.snap``: the snapshots themselves then raise the
traced peaks). With ``--trace`` the figures include tracemalloc's own cost.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any


def _status() -> dict[str, int]:
    """VmHWM, VmRSS (kB) and the thread count of this process."""
    out: dict[str, int] = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "Threads"):
                out[key] = int(value.split()[0])
    return out


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _malloc() -> dict[str, int]:
    """glibc's own count (kB): ``arena`` (main heap and thread arenas), ``hblkhd``
    (chunks mmapped on their own), ``uordblks`` (in use), ``fordblks`` (free, kept)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return {}
    return {k: getattr(info, k) // 1024 for k in ("arena", "hblkhd", "uordblks", "fordblks")}


def main() -> int:
    """Parse the arguments, run the app with the hooks, print the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=500)
    ap.add_argument("--settle", type=float, default=1.0, help="seconds after the first page")
    ap.add_argument("--dump", type=Path, default=None, help="folder for smaps and module lists")
    ap.add_argument("--trace", action="store_true", help="also tracemalloc snapshots (in --dump)")
    ap.add_argument("--peaks", action="store_true", help="with --trace: snapshots near peaks")
    ap.add_argument("book")
    args = ap.parse_args()
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
    if args.trace:
        import tracemalloc

        tracemalloc.start(1)

    started = time.monotonic()
    result: dict[str, Any] = {"events": {}}

    def snapshot(name: str) -> None:
        if args.dump is None:
            return
        (args.dump / f"{name}.smaps").write_text(Path("/proc/self/smaps").read_text())
        (args.dump / f"{name}.modules").write_text("\n".join(sorted(sys.modules)))
        if not args.trace:
            return
        import tracemalloc

        # Read before the dump: pickling the snapshot allocates traced memory.
        result.setdefault("traced", {})[name] = tracemalloc.get_traced_memory()
        tracemalloc.take_snapshot().dump(str(args.dump / f"{name}.snap"))
        tracemalloc.reset_peak()  # the next figure's peak is the one since this milestone

    if args.trace and args.peaks and args.dump is not None:
        _watch_peaks(args.dump, result)

    import reader.timings as timings

    original_mark = timings.mark

    def mark(event: str, **fields: object) -> None:
        original_mark(event, **fields)
        result["events"][event] = {
            "t": round(time.monotonic() - started, 3),
            **_status(),
            **_malloc(),
        }
        if event in ("first_page_painted", "panes_installed", "book_completed"):
            snapshot(event)

    timings.mark = mark  # before reader.app imports it by name

    import reader.app as app_module

    create = app_module.create_main_window

    def create_and_drive(*a: Any, **kw: Any) -> Any:
        window = create(*a, **kw)
        if window is not None:
            _drive(window, args, result, snapshot)
        return window

    app_module.create_main_window = create_and_drive
    sys.argv = ["quire", args.book]
    code = app_module.main([args.book])
    print(json.dumps(result), flush=True)
    return code


def _watch_peaks(folder: Path, result: dict[str, Any]) -> None:
    """Every 20 ms: when the traced memory is the highest since the last milestone by
    more than 1 MB, snapshot it as ``peak_<milestone>.snap`` (what a transient holds)."""
    import threading
    import tracemalloc

    def watch() -> None:
        best: dict[str, int] = {}
        while True:
            time.sleep(0.02)
            since = next(reversed(result["events"]), "start") if result["events"] else "start"
            now = tracemalloc.get_traced_memory()[0]
            if now > best.get(since, 0) + 1_000_000:
                best[since] = now
                tracemalloc.take_snapshot().dump(str(folder / f"peak_{since}.snap"))
                result.setdefault("peaks", {})[since] = now

    threading.Thread(target=watch, daemon=True).start()


def _drive(window: Any, args: argparse.Namespace, result: dict[str, Any], snapshot: Any) -> None:
    """After the first paint: measure, turn the pages, measure, quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    view = window.view
    turned = [0]
    before = [0.0]

    def turn() -> None:
        if turned[0] >= args.turns:
            finish()
            return
        window.actions_by_name["page.next"].trigger()
        view.repaint()
        turned[0] += 1
        QTimer.singleShot(0, turn)

    def finish() -> None:
        result["pages"] = {**_status(), **_malloc(), "turned": turned[0], "offset": view.position()}
        result["pages"]["seconds"] = round(time.monotonic() - before[0], 2)
        snapshot("pages")
        gc.collect()
        QApplication.quit()

    def measure_first() -> None:
        result["first"] = {**_status(), **_malloc(), "offset": view.position()}
        snapshot("first_plus")
        before[0] = time.monotonic()
        QTimer.singleShot(0, turn)

    def painted() -> None:
        QTimer.singleShot(int(args.settle * 1000), measure_first)

    view.first_painted.connect(painted)


if __name__ == "__main__":
    sys.exit(main())  # the checkout measured is the one on PYTHONPATH
