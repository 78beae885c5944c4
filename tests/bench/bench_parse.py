"""Benchmark: parsing War and Peace and a ~30 MB book, cold and from the parse cache.

Run on demand: ``python3 tests/bench/bench_parse.py [--runs N]``. Prints, for
each book, the median wall time of N runs of a cold parse (``load_book``
without a cache), of the parse stages, and of a cached re-open, plus the
peak memory of a parse and the memory the Book keeps (tracemalloc), as a
multiple of the file's size. Targets (issue 2): 30 MB parsed in < 1 s; the
Book < 3x the file size.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.text import render  # noqa: E402
from reader.text.aozora import is_aozora  # noqa: E402
from reader.text.decode import decode  # noqa: E402
from reader.text.identity import book_key_of_bytes  # noqa: E402
from reader.text.paragraphs import detect_mode  # noqa: E402
from reader.text.parse import build_blocks, is_cjk, load_book, read_file  # noqa: E402
from reader.text.render import display_block  # noqa: E402
from reader.text.structure import detect_structure  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bigbook import build_big_book  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
WAR_AND_PEACE = CORPUS / "gutenberg" / "war_and_peace__pg2600-0.txt"


def median_time(
    fn: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Median duration of ``runs`` calls of ``fn`` (wall clock unless ``clock`` is given)."""
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def stages(path: Path, runs: int) -> dict[str, float]:
    """Median seconds of each parse stage."""
    data = read_file(path)
    text, _ = decode(data)
    aoz = is_aozora(text)
    cjk = is_cjk(text)
    st = detect_structure(text, aozora=aoz)
    info = detect_mode(text, cjk=cjk)
    return {
        "read": median_time(lambda: read_file(path), runs),
        "decode": median_time(lambda: decode(data), runs),
        "book key": median_time(lambda: book_key_of_bytes(data), runs),
        "aozora+cjk": median_time(lambda: (is_aozora(text), is_cjk(text)), runs),
        "structure": median_time(lambda: detect_structure(text, aozora=aoz), runs),
        "mode": median_time(lambda: detect_mode(text, cjk=cjk), runs),
        "blocks": median_time(lambda: build_blocks(text, st, info, aozora=aoz), runs),
    }


def memory(path: Path) -> tuple[float, float]:
    """(peak, retained) bytes of one cold parse, measured with tracemalloc."""
    gc.collect()
    tracemalloc.start()
    book = load_book(path)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del book
    return peak, retained


def display_time(path: Path, runs: int) -> float:
    """Median seconds to render 20 consecutive blocks from the middle (one page)."""
    book = load_book(path)
    mid = len(book.blocks) // 2

    def page() -> None:
        render.clear_cache()
        for i in range(mid, min(mid + 20, len(book.blocks))):
            display_block(book, i)

    return median_time(page, runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not WAR_AND_PEACE.is_file():
        sys.exit(f"corpus not found at {CORPUS}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        every = sorted(p for p in CORPUS.rglob("*.txt") if "variants" not in p.parts)
        wrapped = sorted((CORPUS / "gutenberg").glob("*.txt"))
        books = [
            ("War and Peace", WAR_AND_PEACE),
            ("30 MB Gutenberg", build_big_book(folder, wrapped, "gutenberg.txt")),
            ("30 MB mixed", build_big_book(folder, every, "mixed.txt")),
        ]
        rows = []
        for label, path in books:
            size = path.stat().st_size
            cache_dir = folder / f"cache-{len(rows)}"
            cold = median_time(lambda p=path: load_book(p), args.runs)
            cpu = median_time(lambda p=path: load_book(p), args.runs, time.process_time)
            load_book(path, cache_dir=cache_dir)  # fill the cache
            warm = median_time(lambda p=path, c=cache_dir: load_book(p, cache_dir=c), args.runs)
            peak, retained = memory(path)
            book = load_book(path)
            rows.append(
                (
                    label,
                    size,
                    len(book.blocks),
                    book.paragraph_mode.value,
                    cold,
                    cpu,
                    warm,
                    peak / size,
                    retained / size,
                    display_time(path, args.runs),
                    stages(path, args.runs),
                )
            )
            del book
        print(
            f"median of {args.runs} runs (cpu s: process time of the cold parse, which"
            " other load on the machine does not inflate); memory as a multiple of the file size"
        )
        print(
            f"{'book':16} {'MB':>6} {'blocks':>8} {'mode':>8} {'cold s':>7} {'cpu s':>6}"
            f" {'cached s':>8}"
            f" {'peak x':>7} {'kept x':>7} {'page ms':>8}"
        )
        for label, size, nblocks, mode, cold, cpu, warm, peak, kept, page, _st in rows:
            print(
                f"{label:16} {size / 1e6:6.1f} {nblocks:8d} {mode:>8} {cold:7.3f} {cpu:6.3f}"
                f" {warm:8.3f}"
                f" {peak:7.2f} {kept:7.2f} {page * 1000:8.2f}"
            )
        print("\nstages (median seconds):")
        names = list(rows[0][-1])
        print(f"{'book':16} " + " ".join(f"{n:>10}" for n in names))
        for row in rows:
            print(f"{row[0]:16} " + " ".join(f"{row[-1][n]:10.3f}" for n in names))


if __name__ == "__main__":
    main()
