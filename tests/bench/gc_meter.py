"""Bench helpers: how long the cyclic garbage collector paused, and how long each import
batch took on the UI thread (used by bench_stories.py and bench_library.py)."""

from __future__ import annotations

import gc
import resource
import statistics
import time
from typing import Any


class GcMeter:
    """Records every collection's duration per generation (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._t = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t = time.perf_counter()
        else:
            self.pauses[info["generation"]].append((time.perf_counter() - self._t) * 1000)

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> str:
        """Stop; a one-line summary (count and longest pause per generation)."""
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)
        parts = []
        for gen, times in self.pauses.items():
            worst = max(times, default=0.0)
            parts.append(f"gen{gen} {len(times)}× max {worst:.1f} ms")
        frozen = gc.get_freeze_count()
        return f"GC: {', '.join(parts)}; frozen {frozen:,}, tracked {len(gc.get_objects()):,}"


class BatchMeter:
    """Times each call of ``model.upsert_records`` (one import batch shown on the UI thread)."""

    def __init__(self, model: Any) -> None:
        self.times: list[float] = []
        self._model = model
        original = model.upsert_records

        def timed(records: Any) -> None:
            t = time.perf_counter()
            original(records)
            self.times.append((time.perf_counter() - t) * 1000)

        model.upsert_records = timed

    def summary(self) -> str:
        """Median and worst per batch."""
        if not self.times:
            return "batches: none"
        return (
            f"{len(self.times)} batches on the UI thread: median "
            f"{statistics.median(self.times):.1f} ms, worst {max(self.times):.1f} ms"
        )


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux: ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def audit_summary(wait_s: float = 3.0) -> str:
    """Let the event loop run until the policy's audit after an import has run (if the
    app has that policy); how long its one full collection took."""
    from PySide6.QtWidgets import QApplication

    try:
        from reader.gc_policy import STATE
    except ImportError:  # before the policy existed
        return "no GC policy"
    audits = STATE.audits
    end = time.perf_counter() + wait_s
    while STATE.audits == audits and time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    if STATE.audits == audits:
        return f"no audit after the import (heap grew too little); frozen {gc.get_freeze_count():,}"
    return (
        f"audit after the import (one full collection, UI idle): {STATE.last_audit_ms:.1f} ms; "
        f"settles {STATE.settles}, last {STATE.last_settle_ms:.1f} ms; "
        f"frozen {gc.get_freeze_count():,}"
    )
