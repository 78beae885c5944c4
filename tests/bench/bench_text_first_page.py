"""The Qt-free text work before a never-opened book's first page (issue 12).

Each run is a fresh ``python`` process (bytecode compiled beforehand, as an install has
it) that times what the start-up does before the first paint, outside Qt:

* **import**: ``reader.text.quick_open`` and the detectors a first parse needs
  (``reader.text.parse._load_detectors``), as ``reader.app._import_before_qt`` does;
* **open**: ``open_quickly(path)`` with no parse cache (a book never opened);
* **peak**: the largest amount of memory traced by ``tracemalloc`` during ``open_quickly``
  (in a separate process, since tracing slows the open), and the process's ru_maxrss.

Books: War and Peace, a ~20 MB CRLF novel (``bench_cold_open.build_crlf_novel``) and a
few other corpus books. Prints medians over ``--runs`` runs (default 7)::

    PYTHONPATH=. python tests/bench/bench_text_first_page.py [--runs 7] [--json out.json]
        [--compare before.json] [--baseline DIR]

``--json`` saves the medians; ``--compare`` prints them beside an earlier saved run.
``--baseline DIR`` (a folder holding another version's ``reader`` package, e.g. made by
``git archive <commit> reader | tar -x -C DIR``) measures that version too, its runs
interleaved with this one's so that both see the same load on a busy machine.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cold_open import CORPUS, WAR_AND_PEACE, build_crlf_novel  # noqa: E402

OTHER_BOOKS = [
    "gutenberg/pride_and_prejudice__pg1342.txt",
    "gutenberg/dracula__pg345.txt",
    "fanfic/desperate_measures.txt",
    "chinese_gbk/sanguo_yanyi.txt",
    "russian_cp1251/evgeniy_onegin.txt",
]

_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import reader.text.quick_open as quick_open
from reader.text.parse import _load_detectors
_load_detectors()
t1 = time.perf_counter()
path, trace = sys.argv[1], sys.argv[2] == "1"
if trace:
    import tracemalloc
    tracemalloc.start()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t2 = time.perf_counter()
result = quick_open.open_quickly(path)
t3 = time.perf_counter()
peak = tracemalloc.get_traced_memory()[1] if trace else 0
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "import": (t1 - t0) * 1000, "open": (t3 - t2) * 1000, "peak": peak / 2**20,
    "rss": rss1 / 1024, "rss_before": rss0 / 1024,
    "provisional": result.provisional, "blocks": len(result.book.blocks),
}))
"""


def run_child(path: Path, *, trace: bool, root: Path = ROOT) -> dict[str, float]:
    """One fresh process's figures for ``path``, importing ``reader`` from ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), "1" if trace else "0"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=root,  # python -c puts the working folder first on the path
    ).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def measure(path: Path, runs: int, baseline: Path | None) -> list[dict[str, float]]:
    """Medians of ``runs`` fresh processes (and the traced peak of one more), for this
    version and, when given, the ``baseline`` one (runs interleaved)."""
    roots = [ROOT] if baseline is None else [ROOT, baseline]
    samples: list[list[dict[str, float]]] = [[] for _ in roots]
    for _ in range(runs):
        for i, root in enumerate(roots):
            samples[i].append(run_child(path, trace=False, root=root))
    return [
        _medians(got, run_child(path, trace=True, root=root))
        for got, root in zip(samples, roots, strict=True)
    ]


def _medians(samples: list[dict[str, float]], traced: dict[str, float]) -> dict[str, float]:
    return {
        "import": statistics.median(s["import"] for s in samples),
        "open": statistics.median(s["open"] for s in samples),
        "total": statistics.median(s["import"] + s["open"] for s in samples),
        "rss": statistics.median(s["rss"] for s in samples),
        "peak": traced["peak"],
        "provisional": float(traced["provisional"]),
    }


def main() -> None:
    """Measure every book and print the table (beside ``--compare``'s when given)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="save the medians here")
    parser.add_argument("--compare", type=Path, help="medians saved by an earlier run")
    parser.add_argument("--only", help="measure only books whose name contains this")
    parser.add_argument("--baseline", type=Path, help="a folder with another version's reader")
    args = parser.parse_args()
    for root in (ROOT, args.baseline) if args.baseline else (ROOT,):
        compileall.compile_dir(str(root / "reader"), quiet=1)
    before = json.loads(args.compare.read_text()) if args.compare else {}
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        books = {"war_and_peace": WAR_AND_PEACE, "novel_20mb_crlf": build_crlf_novel(Path(tmp))}
        books.update({Path(name).stem: CORPUS / name for name in OTHER_BOOKS})
        if args.only:
            books = {k: v for k, v in books.items() if args.only in k}
        header = f"{'book':28} {'import':>7} {'open':>7} {'total':>7} {'peak MB':>8} {'RSS MB':>7}"
        print(
            header + ("   (before: import open total peak RSS)" if before or args.baseline else "")
        )
        for label, path in books.items():
            got = measure(path, args.runs, args.baseline)
            m = results[label] = got[0]
            if len(got) > 1:
                before[label] = got[1]
            line = (
                f"{label[:28]:28} {m['import']:7.1f} {m['open']:7.1f} {m['total']:7.1f}"
                f" {m['peak']:8.1f} {m['rss']:7.1f}"
            )
            if label in before:
                b = before[label]
                line += (
                    f"   ({b['import']:.1f} {b['open']:.1f} {b['total']:.1f}"
                    f" {b['peak']:.1f} {b['rss']:.1f})"
                )
            print(line + ("" if m["provisional"] else "  [whole]"), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
