"""Benchmark: what author's notes and the lost-italics repair cost.

Run on demand: ``python3 tests/bench/bench_fanfic.py [--runs N]``. Prints medians of:

* a whole-book parse (``parse_text``) of each corpus book with the lost-italics scan and
  without it (``reader.text.parse._glued_words`` stubbed out), and the scan alone;
* loading the word list (``wordfreq``) in a fresh process — the one-off cost a book
  with a candidate pays, once per run of Quire;
* rendering a first page (the blocks of its first 3,000 characters, display cache
  cleared) with the repair on and off;
* finding the notes in War and Peace and in a 10 MB file of nothing but notes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.text import parse  # noqa: E402
from reader.text.decode import decode  # noqa: E402
from reader.text.italics import find_glued  # noqa: E402
from reader.text.notes import find_notes  # noqa: E402
from reader.text.render import clear_cache, render_block  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
BOOKS = [
    "fanfic/alaric_leaving.txt",
    "fanfic/desperate_measures.txt",
    "gutenberg/pride_and_prejudice__pg1342.txt",
    "gutenberg/dracula__pg345.txt",
    "gutenberg/war_and_peace__pg2600-0.txt",
    "french_latin1/madame_bovary_fr__pg14155-8.txt",
]


def median(fn: Callable[[], object], runs: int) -> float:
    """Median seconds of ``fn`` over ``runs`` calls."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def first_page(book: parse.Book, on: bool) -> None:
    """Render the blocks of the first 3,000 characters of the reading text afresh."""
    book.repair_italics = on
    clear_cache()
    lo, _hi = book.reading_range()
    i = max(book.blocks.index_at(lo), 0)
    while i < len(book.blocks) and book.blocks.starts()[i] < lo + 3000:
        render_block(book, i)
        i += 1


def main() -> int:
    """Run every measurement and print a table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    runs = ap.parse_args().runs
    real = parse._glued_words
    print(f"{'book':48} {'MB':>5} {'parse':>7} {'no scan':>8} {'scan':>7} {'repairs':>7}")
    for name in BOOKS:
        path = CORPUS / name
        text, _report = decode(path.read_bytes())
        book = parse.parse_text(text, file_name=path.name)  # warm (word list loaded)
        with_scan = median(lambda t=text, n=path.name: parse.parse_text(t, file_name=n), runs)
        parse._glued_words = lambda _b, _n: ()  # type: ignore[assignment]
        try:
            no_scan = median(lambda t=text, n=path.name: parse.parse_text(t, file_name=n), runs)
        finally:
            parse._glued_words = real
        scan = median(lambda b=book: find_glued(b), runs)
        print(
            f"{name:48} {len(text) / 1e6:5.2f} {with_scan:7.3f} {no_scan:8.3f} {scan:7.3f}"
            f" {len(book.glued_words):7d}"
        )
    load = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter(); from wordfreq import zipf_frequency; "
            "zipf_frequency('the', 'en'); print(time.perf_counter() - t)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"word list load (fresh process): {float(load.stdout):.3f} s")
    alaric = parse.load_book(CORPUS / "fanfic/alaric_leaving.txt")
    on = median(lambda: first_page(alaric, True), runs * 4)
    off = median(lambda: first_page(alaric, False), runs * 4)
    print(f"first page of alaric_leaving: repair on {on * 1000:.2f} ms, off {off * 1000:.2f} ms")
    war = parse.load_book(CORPUS / "gutenberg/war_and_peace__pg2600-0.txt")
    lo, hi = war.reading_range()
    notes = median(lambda: find_notes(war.text, lo, hi, [c.offset for c in war.chapters]), runs)
    print(f"notes in War and Peace: {notes:.3f} s")
    flood = "".join(f"A/N: note {i}\n\n> quoted {i}\n\nStory {i}.\n\n" for i in range(250_000))
    many = median(lambda: find_notes(flood, 0, len(flood), []), max(1, runs // 2))
    print(f"notes in {len(flood) / 1e6:.1f} MB of notes: {many:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
