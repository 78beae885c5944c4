"""Benchmark the store: batch import, listing, progress saves, opening (medians of 5 runs).

Run: ``python3 tests/bench/bench_store.py``. Targets: 10,000 books upserted in one
batch < 2 s; all_books() for 10,000 books < 100 ms; save_progress < 5 ms. (These
were once asserted in tests/store; tests assert no wall-clock limits.)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.store.db import open_store

RUNS = 5
N = 10_000


def _items(tag: str) -> list[dict[str, object]]:
    return [
        {
            "book_key": f"{tag}-{i:08d}",
            "path": f"/library/author {i % 97}/book {i}.txt",
            "title": f"Book {i}",
            "author": f"Author {i % 97}",
            "size": 300_000 + i,
            "length": 50_000 + i,
        }
        for i in range(N)
    ]


def main() -> None:
    """Print the median of each measurement."""
    upsert, listing, progress, opening, reupsert = [], [], [], [], []
    for run in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "library.db"
            store = open_store(db)
            items = _items(f"r{run}")
            t0 = time.perf_counter()
            store.library.add_many(items)
            upsert.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            store.library.add_many(items)  # all "known" now
            reupsert.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            books = store.library.all_books()
            listing.append(time.perf_counter() - t0)
            assert len(books) == N
            for i in range(200):
                t0 = time.perf_counter()
                store.annotations.save_progress(books[i].id, i * 1000, i / 2)
                progress.append(time.perf_counter() - t0)
            store.close()
            t0 = time.perf_counter()
            open_store(db).close()
            opening.append(time.perf_counter() - t0)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:8.2f} ms"

    print(f"add_many {N} new books      {ms(upsert)}   (target < 2000 ms)")
    print(f"add_many {N} known books    {ms(reupsert)}")
    print(f"all_books() of {N}          {ms(listing)}   (target < 100 ms)")
    progress.sort()
    p99 = progress[int(len(progress) * 0.99)] * 1000
    print(f"save_progress               {ms(progress)}   p99 {p99:.2f} ms (target < 5 ms)")
    print(f"open_store ({N} books)      {ms(opening)}   (incl. quick_check)")


if __name__ == "__main__":
    main()
