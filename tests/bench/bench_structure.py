"""Benchmark: chapter precision and recall on messy real-world text, per kind of mess.

Run on demand: ``python3 tests/bench/bench_structure.py [--size small|large] [-v]``.
Every variant of ``tests/text/messy.py`` (corpus books laid out again with page numbers,
footnotes, PDF line breaks, letter-spacing, banners, odd printed contents, credits, and
the failure classes of issue 11) is parsed, and the result compared with the truth the
generator kept: which headings are chapters (precision and recall), which lines must
not be shown, which footnotes must be set apart, which sentence breaks must be joined,
which printed contents must be one block, the title and author, and where a new book
opens. Targets (issue 11): ≥ 98 % recall and ≥ 99 % precision over the generated set.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.text.parse import parse_bytes  # noqa: E402
from tests.text.messy import LARGE, SMALL, Score, score, variants  # noqa: E402
from tests.text.messy_sources import available  # noqa: E402


def _ratio(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "–"


def _row(label: str, n: int, sc: Score) -> str:
    return (
        f"{label:16} {n:4d} {sc.tp + sc.fn:6d} {sc.precision:7.1%} {sc.recall:7.1%}"
        f" {_ratio(sc.hidden):>11} {_ratio(sc.footnotes):>9} {_ratio(sc.joins):>13}"
        f" {_ratio(sc.contents):>7} {_ratio(sc.title):>7} {_ratio(sc.opening):>7}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=("small", "large"), default="large")
    ap.add_argument("-v", "--verbose", action="store_true", help="print what went wrong")
    args = ap.parse_args()
    if not available():
        sys.exit("the corpus (../shared/corpus) is not present")
    size = LARGE if args.size == "large" else SMALL
    t0 = time.perf_counter()
    made = variants(size=size)
    by_kind: dict[str, tuple[int, Score]] = {}
    total = Score()
    parse_time = 0.0
    for v in made:
        t = time.perf_counter()
        book = parse_bytes(v.data, file_name=v.file_name)
        parse_time += time.perf_counter() - t
        sc = score(v, book)
        n, kind_score = by_kind.get(v.kind, (0, Score()))
        kind_score.add(sc)
        by_kind[v.kind] = (n + 1, kind_score)
        total.add(sc)
        if args.verbose and sc.misses:
            print(f"== {v.name}")
            for miss in sc.misses[:10]:
                print(f"   {miss}")
    print(
        f"{len(made)} generated variants ({args.size}), {sum(len(v.text) for v in made):,}"
        f" characters; parsed in {parse_time:.1f} s (all in {time.perf_counter() - t0:.1f} s)"
    )
    print(
        f"{'kind':16} {'files':>4} {'chaps':>6} {'prec.':>7} {'recall':>7}"
        f" {'hidden':>11} {'footnotes':>9} {'joined':>13} {'toc':>7} {'title':>7} {'opens':>7}"
    )
    for kind, (n, sc) in by_kind.items():
        print(_row(kind, n, sc))
    print(_row("all", len(made), total))
    print(
        "chaps: chapter and part headings in the truth; hidden: page furniture, banners and"
        " credits not shown; joined: sentences broken across lines or pages read as one;"
        " toc: printed contents as one block; opens: a new book's first page."
    )


if __name__ == "__main__":
    main()
