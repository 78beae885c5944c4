"""Benchmark: search in a ~30 MB book (issue 5: first hits ≤ 100 ms, whole search ≤ 1 s).

Builds the book by concatenating the corpus texts (English, French, Russian),
decoded here, then runs common and rare, plain and regex searches through
:func:`reader.text.search.search_book` the way the notes panel's worker does,
and prints the median over several runs of the time to the first batch with
hits and the time to the end. Also times re-anchoring 200 annotations in War
and Peace after an edit near its start.

Run: ``python3 tests/bench/bench_search.py [--runs N] [--mb SIZE]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.text.anchor import make_anchor, reanchor  # noqa: E402
from reader.text.book import (  # noqa: E402
    Blocks,
    Book,
    Chapter,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.text.search import SearchOptions, search_book  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = [
    ("gutenberg/war_and_peace__pg2600-0.txt", "utf-8-sig"),
    ("gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt", "latin-1"),
    ("gutenberg/pride_and_prejudice__pg1342.txt", "ascii"),
    ("gutenberg/dracula__pg345.txt", "ascii"),
    ("french_latin1/madame_bovary_fr__pg14155-8.txt", "latin-1"),
    ("russian_cp1251/evgeniy_onegin.txt", "cp1251"),
    ("gutenberg/alices_adventures_in_wonderland__pg11-0.txt", "utf-8-sig"),
]

CASES: list[tuple[str, SearchOptions]] = [
    ("common word 'the'", SearchOptions("the")),
    ("common, case+accent exact", SearchOptions("the", case_sensitive=True, accent_sensitive=True)),
    ("accented name 'natasha'", SearchOptions("natasha")),
    ("'natasha' whole word", SearchOptions("natasha", whole_word=True)),
    ("rare word 'xylophone'", SearchOptions("xylophone")),
    ("phrase over line breaks", SearchOptions("said the count")),
    ("French 'eleve'", SearchOptions("eleve")),
    ("Cyrillic 'татьяна'", SearchOptions("татьяна")),
    ("regex r'\\bN\\w+sha\\b'", SearchOptions(r"\bN\w+sha\b", regex=True)),
    ("regex r'\\d{4}'", SearchOptions(r"\d{4}", regex=True)),
    ("regex rare 'xyl(o|a)phone'", SearchOptions("xyl(o|a)phone", regex=True)),
]


def build_book(megabytes: float) -> Book:
    """A Book of about ``megabytes`` million characters with a chapter every 100 000."""
    parts = [(CORPUS / rel).read_bytes().decode(enc).replace("\r\n", "\n") for rel, enc in SOURCES]
    one = "\n\n".join(parts)
    size = int(megabytes * 1_000_000)
    text = ("\n\n".join([one] * (size // len(one) + 1)))[:size]
    chapters = [
        Chapter(f"Chapter {i + 1}", 1, off) for i, off in enumerate(range(0, size, 100_000))
    ]
    return Book(
        text=text,
        blocks=Blocks(),
        chapters=chapters,
        encoding=EncodingReport("utf-8", 1.0, "utf-8"),
        metadata=Metadata(title="Bench"),
        paragraph_mode=ParagraphMode.WRAPPED,
        paragraph_reason="bench",
    )


def time_search(book: Book, opts: SearchOptions) -> tuple[float | None, float, int]:
    """(seconds to the first batch with hits or None, seconds to the end, number of hits)."""
    t0 = time.perf_counter()
    first = None
    count = 0
    for batch in search_book(book, opts):
        if batch and first is None:
            first = time.perf_counter() - t0
        count += len(batch)
    return first, time.perf_counter() - t0, count


def bench_search(book: Book, runs: int) -> None:
    print(f"book: {len(book.text) / 1e6:.1f} M characters; medians of {runs} runs")
    print(f"{'search':34} {'hits':>8} {'first (ms)':>11} {'total (ms)':>11}")
    for name, opts in CASES:
        firsts, totals, count = [], [], 0
        for _ in range(runs):
            first, total, count = time_search(book, opts)
            if first is not None:
                firsts.append(first)
            totals.append(total)
        first_ms = f"{statistics.median(firsts) * 1000:.1f}" if firsts else "—"
        print(f"{name:34} {count:>8} {first_ms:>11} {statistics.median(totals) * 1000:>11.0f}")


def bench_anchor(runs: int) -> None:
    raw = (CORPUS / SOURCES[0][0]).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    rng = random.Random(5)
    anns = []
    for _ in range(200):
        start = rng.randrange(1000, len(raw) - 1000)
        anns.append((*make_anchor(raw, start, start + rng.randrange(5, 300)), start))
    new = raw[:500] + "An inserted paragraph.\n\n" + raw[500:]
    fuzzy = 0
    for i in range(0, 200, 20):  # every 20th quote also gets a changed word
        quote = anns[i][0]
        if len(quote) > 80:
            mid = len(quote) // 2
            new = new.replace(quote, quote[: mid - 3] + "XYZ" + quote[mid:], 1)
            fuzzy += 1
    times = []
    lost = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        results = [reanchor(new, q, p, s, hint) for q, p, s, hint in anns]
        times.append(time.perf_counter() - t0)
        lost = sum(r is None for r in results)
    print(
        f"\nre-anchor 200 annotations ({fuzzy} changed) in {len(raw) / 1e6:.1f} M chars "
        f"after an edit: median {statistics.median(times) * 1000:.0f} ms, {lost} not found"
    )


def main() -> int:
    """Run the benchmarks and print the medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mb", type=float, default=30.0, help="book size in million characters")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    bench_search(build_book(args.mb), args.runs)
    bench_anchor(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
