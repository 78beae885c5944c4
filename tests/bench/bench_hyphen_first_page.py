"""First-page cost of hyphenation (issue 12): ``hyphenator("en")`` and the breaks of
the words of War and Peace's first three pages of text, each run in a fresh process.

* **cold**: an empty cache folder (a reader's first start);
* **warm**: the cache folder as the cold run left it (every later start);
* **book**: as cold, then the words of the whole book (every paragraph, as a full
  typeset hyphenates them; the time is the whole, first page included).

Each child times the import of :mod:`reader.layout.hyphenate` (pyphen with it, until it
no longer needs it), ``hyphenator("en")`` and :func:`insert_soft_hyphens` over the
paragraphs of the first ~6,000 characters of the story (about three pages), then, apart,
whatever the reader does once the first page is shown (:func:`complete_tables` when it
exists). Prints medians in milliseconds.

    python tests/bench/bench_hyphen_first_page.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT.parent / "shared/corpus/gutenberg/war_and_peace__pg2600-0.txt"
PAGES_CHARS = 6_000

CHILD = r"""
import json, sys, time
from pathlib import Path
import reader.text.cache  # imported long before the first page in the reader anyway
text = Path(sys.argv[1]).read_text("utf-8-sig").replace("\r\n", "\n")
start = text.index("\u201cWell, Prince, so Genoa")
end = len(text) if sys.argv[3] == "book" else start + int(sys.argv[3])
paragraphs = [p.replace("\n", " ") for p in text[start:end].split("\n\n")]
t0 = time.perf_counter()
from reader.layout import hyphenate
t1 = time.perf_counter()
hyphenate.set_cache_dir(Path(sys.argv[2]))
hyph = hyphenate.hyphenator("en")
t2 = time.perf_counter()
shy = 0
for p in paragraphs:
    shy += len(hyphenate.insert_soft_hyphens(p, hyph)[1])
t3 = time.perf_counter()
later = getattr(hyphenate, "complete_tables", None)
if later is not None:
    later()
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "hyphenator": t2 - t1, "words": t3 - t2,
                  "first_page": t3 - t0, "later": t4 - t3, "shy": shy,
                  "pyphen": "pyphen" in sys.modules}))
"""


def run(cache: Path, extent: str = str(PAGES_CHARS)) -> dict[str, float]:
    """One fresh process: its timings (seconds) and the soft hyphens it placed."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(BOOK), str(cache), extent],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def main() -> None:
    """Run the cold, warm and whole-book measurements and print their medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--book-runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {"cold": [], "warm": [], "book": []}
    for _ in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="hyph-bench-"))
        try:
            results["cold"].append(run(folder))
            results["warm"].append(run(folder))
        finally:
            shutil.rmtree(folder)
    for _ in range(args.book_runs):
        folder = Path(tempfile.mkdtemp(prefix="hyph-bench-"))
        try:
            results["book"].append(run(folder, "book"))
        finally:
            shutil.rmtree(folder)
    for kind, rows in results.items():
        shy = {row["shy"] for row in rows}
        pyphen = {row["pyphen"] for row in rows}
        cols = ["import", "hyphenator", "words", "first_page", "later"]
        figures = "  ".join(f"{c} {statistics.median(r[c] for r in rows) * 1e3:6.2f}" for c in cols)
        print(
            f"{kind:5} (ms, median of {len(rows)}): {figures}  soft hyphens {shy} pyphen {pyphen}"
        )


if __name__ == "__main__":
    main()
