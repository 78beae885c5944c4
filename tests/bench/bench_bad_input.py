"""Benchmark: how long the worst of the bad inputs take to parse and to show.

Run on demand: ``python3 tests/bench/bench_bad_input.py [--runs N]``. For each input of
``tests/text/test_bad_input.py`` that is large (5 MB lines, 100,000 blank lines, binary
noise …) it prints the median seconds of a cold parse (``load_book``) and of showing every
block (``display_block``, the first 5,000 blocks at most). Target (issue 2): each well
under the 10 s budget the test used to assert, which made the suite flaky on loaded
machines and under coverage (issue 10); the test keeps only a hang guard.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.text.errors import NotTextError  # noqa: E402
from reader.text.parse import load_book  # noqa: E402
from reader.text.render import clear_cache, display_block  # noqa: E402

BUDGET = 10.0
"""Seconds per input the tests used to allow (parse and show together)."""


def inputs() -> dict[str, bytes]:
    """The large bad inputs, as in ``tests/text/test_bad_input.py``."""
    line = ("All work and no play makes Jack a dull boy. " * 120_000)[:5_000_000]
    out = {
        "5 MB single line": line.encode(),
        "5 MB of spaces, one word": b" " * 5_000_000 + b"word",
        "100,000 blank lines": b"Start.\n" + b"\n" * 100_000 + b"End.\n",
        "blank lines and spaces": b" \n\t\n" * 50_000,
        "binary noise": bytes((i * 131 + 7) % 256 for i in range(200_000)),
        "controls everywhere": (
            "Te\x01xt wi\x02th con\x1btrols\x7f and\x0c form feeds.\n\n" * 200
        ).encode(),
    }
    for ch in (b"*", b"-", b"~", b"#", b"oOo", b"=", b"_"):
        out[f"5 MB line of {ch.decode()}"] = (
            b"Before.\n\n" + ch * (5_000_000 // len(ch)) + b"\n\nAfter.\n"
        )
    return out


def median(fn: Callable[[], object], runs: int) -> float:
    """Median seconds of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"median of {args.runs} runs, seconds; budget {BUDGET:.0f} s per input")
        print(f"{'input':28} {'parse':>7} {'show':>7} {'total':>7}  within budget")
        for label, data in inputs().items():
            path = Path(tmp) / "input.txt"
            path.write_bytes(data)

            def parse(p: Path = path) -> object:
                try:
                    return load_book(p)
                except NotTextError:
                    return None

            book = parse()

            def show(b: object = book) -> None:
                clear_cache()
                for i in range(min(len(b.blocks), 5000)):  # type: ignore[attr-defined]
                    display_block(b, i)  # type: ignore[arg-type]

            t_parse = median(parse, args.runs)
            t_show = median(show, args.runs) if book is not None else 0.0
            total = t_parse + t_show
            ok = "yes" if total < BUDGET else "NO"
            print(f"{label:28} {t_parse:7.3f} {t_show:7.3f} {total:7.3f}  {ok}")


if __name__ == "__main__":
    main()
