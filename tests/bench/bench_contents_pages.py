"""Benchmark: how many pages a book's printed contents takes on screen.

Run on demand: ``QT_QPA_PLATFORM=offscreen python3 tests/bench/bench_contents_pages.py
[BOOK …] [--size 960x800]``. It builds the real window at its default size (960×800, what a
first start gets) with a throw-away data folder, opens each book (War and Peace by default)
and prints, for every printed contents block, its entries and the pages it spans, with
how long typesetting the block took (median of 5). Target (issue 11): War and Peace's 365
entries take a few pages, not 14.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
WAR_AND_PEACE = CORPUS / "gutenberg" / "war_and_peace__pg2600-0.txt"


def main() -> int:
    """Open each book in a default-sized window and print its contents' page counts."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("books", nargs="*", default=[str(WAR_AND_PEACE)])
    p.add_argument("--size", default="960x800")
    args = p.parse_args()

    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.layout.typeset import Typesetter
    from reader.paths import resolve_paths
    from reader.store.db import open_store
    from reader.text.book import BlockKind

    app = QApplication(sys.argv[:1])
    paths = resolve_paths(Path(tempfile.mkdtemp(prefix="quire-bench-")))
    paths.ensure()
    window = build_window(open_store(paths.database), paths)
    w, h = (int(x) for x in args.size.split("x"))
    window.resize(w, h)
    window.show()
    for path in args.books:
        if not window.open_path(str(Path(path).resolve())):
            print("could not open", path)
            continue
        app.processEvents()
        view = window.view
        book = view.book()
        pag = view._ensure_layout()
        ts = view.typesetter()
        assert book is not None and pag is not None and ts is not None
        print(f"{Path(path).name}: page area {view.width()}×{view.height()}")
        kinds = book.blocks.kinds()
        for i, kind in enumerate(kinds):
            if kind != BlockKind.CONTENTS:
                continue
            blk = book.blocks[i]
            entries = sum(1 for c in book.contents_links if blk.start <= c.start < blk.end)
            first, last = pag.ref_at(blk.start), pag.ref_at(blk.end - 1)
            assert first is not None and last is not None
            pages = pag.number(last) - pag.number(first) + 1
            times = []
            for _ in range(5):
                fresh = Typesetter(book, ts.style, ts.width)
                t0 = time.perf_counter()
                fresh.block(i)
                times.append(time.perf_counter() - t0)
            print(
                f"  block {i}: {entries} entries, {pages} pages "
                f"(typeset in {statistics.median(times) * 1000:.1f} ms)"
            )
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
