"""Benchmark: peak memory of opening a 50 MB book (issue 9, item 8: at most 4× the file).

Run on demand: ``python3 tests/bench/bench_memory.py [--app] [--root DIR]``.

For a ~50 MB book built from the corpus (``bigbook.py``: Gutenberg bodies, written as
UTF-8; and a mixed one with the Chinese, Japanese and Russian books too) it prints, each
measured in a fresh process:

* the text engine's peak during a cold ``load_book`` (tracemalloc) and the process's
  peak resident size above its start (``ru_maxrss``), as multiples of the file's size;
* the engine's peak stage by stage (reading, decoding, then structure, paragraph mode,
  blocks and metadata on the decoded text) — which step holds the most;
* with ``--app``, the peak resident size (VmHWM) of the real app opening the book
  (``python -m reader`` under the offscreen platform), at its first page and after it
  has settled.

``--root`` measures the engine of another checkout (to compare with an older commit).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigbook  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TARGET = 50 * 1024 * 1024

_PARSE = r"""
import gc, json, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from reader.text.parse import _load_detectors, load_book
_load_detectors()
gc.collect()
if sys.argv[3] == "rss":  # the resident size, without tracemalloc's own cost
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    book = load_book(sys.argv[2])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rss": (rss - base) * 1024, "base": base * 1024}))
else:
    tracemalloc.start()
    book = load_book(sys.argv[2])
    kept, peak = tracemalloc.get_traced_memory()
    print(json.dumps({"peak": peak, "kept": kept}))
"""

_STAGES = r"""
import gc, json, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from reader.text import parse as P
P._load_detectors()
from reader.text.decode import decode
out = {}
tracemalloc.start()
def mark(name):
    cur, peak = tracemalloc.get_traced_memory()
    out[name] = [cur, peak]
    tracemalloc.reset_peak()
data = P.read_file(sys.argv[2]); mark("read")
text, report = decode(data); mark("decode")
del data; gc.collect(); mark("bytes freed")
st = P.detect_structure(text); mark("structure")
info = P.detect_mode(text, cjk=P.is_cjk(text)); mark("paragraph mode")
blocks = P.build_blocks(text, st, info); mark("blocks")
meta = P.guess_metadata(text, "book.txt"); mark("metadata")
print(json.dumps(out))
"""


def _run(code: str, root: Path, book: Path, *extra: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, str(root), str(book), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def _vm_hwm(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return float("nan")


def app_peak(root: Path, book: Path, settle: float) -> tuple[float, float]:
    """VmHWM (bytes) of the app at its first page of ``book``, and after ``settle`` s."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QUIRE_TIMINGS="1")
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as basedir:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader", "--basedir", basedir, "--new-instance", str(book)],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                line = proc.stderr.readline()
                if not line:
                    raise RuntimeError(f"quire exited early (status {proc.wait()})")
                if line.startswith("{") and json.loads(line).get("event") == "first_page_painted":
                    break
            first = _vm_hwm(proc.pid)
            time.sleep(settle)
            settled = _vm_hwm(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return first, settled


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--app", action="store_true", help="also measure the real app")
    ap.add_argument("--settle", type=float, default=20.0, help="seconds the app may settle")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose engine to measure")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    bigbook.TARGET_BYTES = TARGET
    every = sorted(p for p in CORPUS.rglob("*.txt") if "variants" not in p.parts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        books = [
            (
                "50 MB Gutenberg",
                bigbook.build_big_book(
                    folder, sorted((CORPUS / "gutenberg").glob("*.txt")), "g.txt"
                ),
            ),
            ("50 MB mixed", bigbook.build_big_book(folder, every, "m.txt")),
        ]
        print(f"engine: {args.root}")
        print(
            f"{'book':16} {'MB':>6} {'parse peak':>11} {'x file':>7} {'RSS +':>8} {'x file':>7}"
            f" {'kept x':>7}"
        )
        for label, path in books:
            size = path.stat().st_size
            r = _run(_PARSE, args.root, path, "trace") | _run(_PARSE, args.root, path, "rss")
            print(
                f"{label:16} {size / 1e6:6.1f} {r['peak'] / 1e6:9.0f}MB {r['peak'] / size:7.2f}"
                f" {r['rss'] / 1e6:6.0f}MB {r['rss'] / size:7.2f} {r['kept'] / size:7.2f}"
            )
        print("\nengine peak by stage, MB (held after the stage / peak during it):")
        for label, path in books:
            stages = _run(_STAGES, args.root, path)
            row = "  ".join(f"{k} {v[0] / 1e6:.0f}/{v[1] / 1e6:.0f}" for k, v in stages.items())
            print(f"{label:16} {row}")
        if args.app:
            print(
                f"\nthe app (VmHWM; first open, no parse cache; settled after {args.settle:.0f} s):"
            )
            for label, path in books:
                size = path.stat().st_size
                first, settled = app_peak(args.root, path, args.settle)
                print(
                    f"{label:16} first page {first / 1e6:5.0f} MB ({first / size:.1f}x)"
                    f"   settled {settled / 1e6:5.0f} MB ({settled / size:.1f}x)"
                )


if __name__ == "__main__":
    main()
