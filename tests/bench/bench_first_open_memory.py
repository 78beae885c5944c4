"""Benchmark: peak memory of a first open on a fresh profile (issue 12).

    python3 tests/bench/bench_first_open_memory.py [--runs 3] [--only wp|20mb]
        [--turns 500] [--root DIR ...] [--display :78]

For War and Peace (3.4 MB) and the 20 MB CRLF novel of ``bench_cold_open.py``
(``build_crlf_novel``), each run starts the real app (``python -m reader BOOK`` through
``first_open_driver.py``) with a brand-new ``$HOME`` and XDG folders, so there is no
library, no parse cache and no settings, on a real X display (``--display``, default
``$DISPLAY`` or ``:78``; ``--offscreen`` for Qt's offscreen platform). It prints the
median over ``--runs`` runs of the peak resident size (``VmHWM``) one second after the
first page was painted and after ``--turns`` page turns, with the resident size then,
and the time of the first paint. Goals: War and Peace ≤ 100 MB, 20 MB ≤ 130 MB.

Each ``--root`` (default: this checkout) is measured the same way, so an older commit
checked out elsewhere (``git worktree add /tmp/before <commit>``) gives the figures
before a change. Bytecode is compiled first (as an install has it). The runs alternate
between roots so a busy machine weighs on each alike.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cold_open import WAR_AND_PEACE, build_crlf_novel, compile_like_an_install  # noqa: E402

DRIVER = Path(__file__).resolve().parent / "first_open_driver.py"
GOALS_MB = {"wp": 100, "20mb": 130}


def fresh_env(home: Path, root: Path, display: str | None) -> dict[str, str]:
    """The environment of a reader who never ran Quire: ``$HOME`` and XDG folders new."""
    env = {k: v for k, v in os.environ.items() if k not in ("QUIRE_HOME", "QT_QPA_PLATFORM")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        QUIRE_TIMINGS="1",
        PYTHONPATH=str(root),
    )
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["DISPLAY"] = display
    return env


def run_once(root: Path, book: Path, turns: int, display: str | None) -> dict[str, float]:
    """One fresh-profile run: VmHWM/VmRSS (MB) at first page + 1 s and after the turns."""
    home = Path(tempfile.mkdtemp(prefix="quire-home-"))
    try:
        out = subprocess.run(
            [sys.executable, str(DRIVER), "--turns", str(turns), str(book)],
            cwd=root,
            env=fresh_env(home, root, display),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"run failed ({out.returncode}): {out.stderr[-2000:]}")
    result = json.loads(lines[-1])
    first, pages = result["first"], result["pages"]
    if pages["turned"] != turns:
        raise RuntimeError(f"only {pages['turned']} of {turns} pages turned")
    return {
        "first_hwm": first["VmHWM"] / 1024,
        "first_rss": first["VmRSS"] / 1024,
        "pages_hwm": pages["VmHWM"] / 1024,
        "pages_rss": pages["VmRSS"] / 1024,
        "painted_s": result["events"]["first_page_painted"]["t"],
    }


def main() -> None:
    """Measure every root on every book and print the medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--turns", type=int, default=500)
    ap.add_argument("--only", choices=("wp", "20mb"))
    ap.add_argument("--root", type=Path, action="append", help="checkout(s) to measure")
    ap.add_argument("--display", default=os.environ.get("DISPLAY") or ":78")
    ap.add_argument("--offscreen", action="store_true", help="Qt's offscreen platform")
    args = ap.parse_args()
    roots = [r.resolve() for r in (args.root or [ROOT])]
    display = None if args.offscreen else args.display
    for root in roots:
        compile_like_an_install(root)
    with tempfile.TemporaryDirectory() as tmp:
        books = {"wp": WAR_AND_PEACE, "20mb": build_crlf_novel(Path(tmp))}
        names = [args.only] if args.only else list(books)
        print(f"VmHWM/VmRSS in MB, medians of {args.runs} fresh-profile runs, {args.turns} turns")
        print(
            f"{'book':6} {'root':28} {'first+1s HWM':>13} {'RSS':>6} {'pages HWM':>10} {'RSS':>6}"
            f" {'painted':>8} {'goal':>5}"
        )
        for name in names:
            runs: dict[Path, list[dict[str, float]]] = {root: [] for root in roots}
            for _ in range(args.runs):
                for root in roots:
                    runs[root].append(run_once(root, books[name], args.turns, display))
            for root in roots:
                med = {k: statistics.median(r[k] for r in runs[root]) for k in runs[root][0]}
                label = str(root)[-28:]
                print(
                    f"{name:6} {label:28} {med['first_hwm']:13.1f} {med['first_rss']:6.1f}"
                    f" {med['pages_hwm']:10.1f} {med['pages_rss']:6.1f}"
                    f" {med['painted_s']:7.2f}s {GOALS_MB[name]:5d}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
