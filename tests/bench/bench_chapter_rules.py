"""Chapter rules on a 30 MB book: applying a pattern rule, 200 marked lines, and a
catastrophic pattern (stopped by the time limit), each the median of a few runs.

Run: ``python3 tests/bench/bench_chapter_rules.py [--runs 5]``

Also times the dialog's preview work (the same ``apply_rules`` call, run on a thread
there) and a cached reopen of the book with its rules (``load_book(…, rules=…)`` with a
cache folder: the parse cache keys on the rules, so the rules are not run again).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigbook import build_big_book

from reader.text.chapter_rules import ChapterRule, apply_rules, line_key
from reader.text.parse import load_book

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "gutenberg"


def median_ms(call: Callable[[], object], runs: int) -> float:
    """The median wall time of ``call`` over ``runs`` runs, in milliseconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    """Build the big book, then time the rules on it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quire-rules-bench-"))
    path = build_big_book(folder, sorted(CORPUS.glob("*.txt")))
    book = load_book(path)
    print(f"book: {len(book.text) / 1e6:.1f} M characters, {len(book.chapters)} chapters")
    lines = [ln for ln in book.text.split("\n") if 10 < len(ln.strip()) < 80]
    marks = [ChapterRule("mark", line=line_key(ln)) for ln in lines[1000:200_000:1000]][:200]
    cases = {
        "pattern ^CHAPTER [IVXLC]+": [ChapterRule("pattern", r"^CHAPTER [IVXLC]+\.?$")],
        f"{len(marks)} marked lines": marks,
        "catastrophic (a|aa)+$": [ChapterRule("pattern", r"(a|aa)+$")],
        "pattern + marks + unmark": [
            ChapterRule("pattern", r"^CHAPTER [IVXLC]+\.?$"),
            *marks,
            ChapterRule("unmark", line="CHAPTER I"),
        ],
    }
    for name, rules in cases.items():
        outcome = apply_rules(book, rules)
        ms = median_ms(lambda rules=rules: apply_rules(book, rules), args.runs)
        note = f"; {outcome.problems[0][:70]}" if outcome.problems else ""
        print(f"{name}: median {ms:.0f} ms, +{outcome.added} −{outcome.removed} headings{note}")
    rules = cases["pattern + marks + unmark"]
    cache = folder / "cache"
    first = median_ms(lambda: load_book(path, cache_dir=cache, rules=rules), 1)
    again = median_ms(lambda: load_book(path, cache_dir=cache, rules=rules), args.runs)
    plain = median_ms(lambda: load_book(path, cache_dir=cache), args.runs)
    print(
        f"load_book with rules: first {first:.0f} ms, cached median {again:.0f} ms "
        f"(cached without rules {plain:.0f} ms)"
    )


if __name__ == "__main__":
    main()
