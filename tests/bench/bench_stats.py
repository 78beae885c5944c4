"""Benchmark reading statistics: opening the Statistics view over 5 years of history.

Run: ``python3 tests/bench/bench_stats.py``. It generates 5 years of reading
(500,000 page views over 2,000 books, some CJK, some listening) into a temporary
store, then prints medians of several runs for:

- everything the Statistics view needs on open: ``dashboard()`` (30-day series,
  52-week series, heat map, books finished per month, streaks, weekday/hour,
  goal, paces) plus one book's figures, time per chapter and pace over time —
  target ≤ 300 ms in all, ≤ 150 ms for the queries;
- the per-page-turn recorder call (must be microseconds);
- a flush of a typical batch (one view, and 30 s of fast turns).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.store.db import Store, open_store
from reader.store.stats import PageViewRecorder
from reader.store.stats_models import CHARS, WORDS, Kind, PageView

VIEWS = 500_000
BOOKS = 2_000
YEARS = 5
RUNS = 7
ZONE = ZoneInfo("Europe/Berlin")
NOW = 1_750_000_000  # 2025-06-15


def _median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def generate(store: Store) -> tuple[int, float]:
    """Fill ``store`` with the history; return the id of the book read last and seconds taken."""
    rng = random.Random(16)
    store.library.add_many(
        [
            {
                "book_key": f"{i:032x}-{300_000 + i}",
                "path": f"/library/{i}.txt",
                "title": f"Book {i}",
                "author": f"Author {i % 97}",
                "length": 90_000 if i % 10 else 300_000,
                "length_unit": WORDS if i % 10 else CHARS,
            }
            for i in range(BOOKS)
        ]
    )
    ids = [b.id for b in store.library.all_books()]
    days = YEARS * 365
    per_book = VIEWS // BOOKS
    start = NOW - days * 86400
    t0 = time.perf_counter()
    batch: list[PageView] = []
    finished: dict[int, int] = {}
    book_i, in_book, offset = 0, 0, 0
    t = start
    produced = 0
    per_day = VIEWS / days
    for day in range(days):
        t = max(t, start + day * 86400 + rng.randrange(6 * 3600, 20 * 3600))
        quota = int(per_day * (day + 1)) - produced
        while quota > 0:
            session = min(quota, rng.randrange(20, 120))
            for _ in range(session):
                book = ids[book_i]
                unit = CHARS if book_i % 10 == 0 else WORDS
                duration = rng.randrange(15, 110)
                kind = Kind.LISTENING if rng.random() < 0.05 else Kind.READING
                batch.append(
                    PageView(book, offset, offset + 1800, t, duration, kind,
                             600 if unit == CHARS else 280, unit)
                )  # fmt: skip
                t += duration + rng.randrange(0, 4)
                offset += 1800
                in_book += 1
                produced += 1
                if in_book == per_book:
                    finished[book] = t
                    book_i, in_book, offset = (book_i + 1) % BOOKS, 0, 0
            quota -= session
            t += rng.randrange(1800, 4 * 3600)
        if len(batch) >= 50_000:
            store.stats.add_views(batch)
            batch = []
    store.stats.add_views(batch, finished=finished)
    return ids[book_i - 1], time.perf_counter() - t0  # the last book read to the end


def main() -> None:
    """Generate the history once, then print the medians."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "library.db"
        with open_store(db) as store:
            book_id, gen = generate(store)
            store.stats.set_goal_minutes(30)
            n = store.stats.count()
            hours = store.conn.execute("SELECT count(*) FROM stat_hours").fetchone()[0]
            quarters = store.conn.execute("SELECT count(*) FROM stat_quarters").fetchone()[0]
        print(f"generated {n:,} page views, {BOOKS:,} books in {gen:.1f} s "
              f"({hours:,} hour sums, {quarters:,} quarter-hour sums)")  # fmt: skip

        store = open_store(db)  # a fresh connection, as when Quire starts
        stats = store.stats
        chapters = list(range(0, 250 * 1800, 5 * 1800))  # 50 chapters
        parts: dict[str, Callable[[], object]] = {
            "dashboard (all series, streaks, clock, finished, goal, paces)": lambda: (
                stats.dashboard(zone=ZONE, now=NOW)
            ),
            "book figures": lambda: stats.book_stats(book_id, zone=ZONE, now=NOW),
            "book time per chapter": lambda: stats.chapter_times(book_id, chapters),
            "book pace per session": lambda: stats.book_pace(book_id, zone=ZONE),
        }
        first_open = time.perf_counter()
        for fn in parts.values():
            fn()
        first_open = (time.perf_counter() - first_open) * 1000
        total = 0.0
        for name, fn in parts.items():
            ms = _median_ms(fn)
            total += ms
            print(f"  {name:<62} {ms:7.1f} ms")
        print(f"Statistics view on open: {total:.1f} ms (first call {first_open:.1f} ms); "
              "target ≤ 150 ms for the queries, ≤ 300 ms with the ui")  # fmt: skip
        for name, fn in {
            "daily(30)": lambda: stats.daily(zone=ZONE, now=NOW),
            "weekly(52)": lambda: stats.weekly(zone=ZONE, now=NOW),
            "heat_map(365)": lambda: stats.heat_map(zone=ZONE, now=NOW),
            "streaks (all history)": lambda: stats.streaks(zone=ZONE, now=NOW),
            "clock (all history)": lambda: stats.clock(zone=ZONE, now=NOW),
            "finished_per_month(12)": lambda: stats.finished_per_month(zone=ZONE, now=NOW),
            "pace(words) for time left": lambda: stats.pace(WORDS, now=NOW),
        }.items():
            print(f"    alone: {name:<30} {_median_ms(fn):7.1f} ms")

        # The per-turn recorder call: memory only (the batch goes to a sink that drops it).
        clock = [0.0]

        class Drop:
            def add_views(self, views: object, **kw: object) -> int:
                return 0

        rec = PageViewRecorder(Drop(), clock=lambda: clock[0], wall_clock=lambda: NOW + clock[0])
        turns = 100_000
        per_turn = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            for i in range(turns):
                clock[0] += 30.0
                rec.page_shown(book_id, i * 1800, i * 1800 + 1800, 280)
            per_turn.append((time.perf_counter() - t0) / turns)
            rec.flush()
        print(f"recorder.page_shown per turn: {statistics.median(per_turn) * 1e6:.2f} µs")

        # Flushing a batch into the store: what the ui's timer does.
        rec = PageViewRecorder(stats, clock=lambda: clock[0], wall_clock=lambda: NOW + clock[0])
        clock[0] = 10**7  # past the generated history
        flush_ms: dict[int, list[float]] = {1: [], 10: []}
        for _ in range(21):
            for size, times in flush_ms.items():
                for i in range(size):
                    rec.page_shown(book_id, i * 1800, i * 1800 + 1800, 280)
                    clock[0] += 3.0 if size > 1 else 40.0
                rec.book_closed()
                t0 = time.perf_counter()
                assert rec.flush() == size
                times.append(time.perf_counter() - t0)
        print(
            f"flush of 1 view: {statistics.median(flush_ms[1]) * 1000:.2f} ms; "
            f"of 10 views (30 s of fast turns): {statistics.median(flush_ms[10]) * 1000:.2f} ms"
        )

        t0 = time.perf_counter()
        deleted = stats.clear()
        print(f"clear all ({deleted:,} page views): {time.perf_counter() - t0:.2f} s")
        store.close()


if __name__ == "__main__":
    main()
