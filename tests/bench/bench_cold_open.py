"""Cold and warm open of a book as the reader sees it, beside FBReader (issue 12).

Runs through the shared harness ``../shared/bench/measure_peer.py``, which starts each
app under Xvfb, watches the screen and reads the peak memory (VmHWM) of its process tree:

* Quire **cold**: a brand-new ``$HOME`` (and XDG folders) per run, the book never opened;
* Quire **warm**: a reopen — each run's ``$HOME`` is a copy of one in which Quire opened
  the book once (database, parse cache and saved position made);
* FBReader, cold, when ``fbreader`` is installed.

Books: War and Peace (3.4 MB, UTF-8 with BOM, CRLF) and a 20 MB CRLF novel made
deterministically in a temporary folder by concatenating the bodies of corpus books
(UTF-8, every line ending CRLF).

Prints one table of medians (first frame showing text, first stable frame — the page and
the status line unchanged for 1 s —, peak RSS of the largest process) with the ratios
Quire ÷ FBReader. Quire's bytecode is compiled first (as an install has it). The
harness needs Pillow and tesseract (``apt-get install python3-pil tesseract-ocr``); it
is run with the system ``python3``.

``--floor`` adds the toolkit's floor: a bare PySide6 window showing the book's first 3,000
characters in a label, started with the same interpreter (about the least any PySide6 app
does to show a page of text).

    .venv/bin/python tests/bench/bench_cold_open.py [--runs 3] [--only wp|20mb]
        [--no-fbreader] [--floor]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigbook import body  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
HARNESS = ROOT.parent / "shared" / "bench" / "measure_peer.py"
HARNESS_PYTHON = os.environ.get("MEASURE_PYTHON", "/usr/bin/python3")
WAR_AND_PEACE = CORPUS / "gutenberg" / "war_and_peace__pg2600-0.txt"
SOURCES_20MB = [
    "gutenberg/war_and_peace__pg2600-0.txt",
    "gutenberg/pride_and_prejudice__pg1342.txt",
    "gutenberg/dracula__pg345.txt",
    "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt",
    "gutenberg/alices_adventures_in_wonderland__pg11-0.txt",
]
TARGET_20MB = 20 * 1024 * 1024


def build_crlf_novel(folder: Path) -> Path:
    """A deterministic ~20 MB UTF-8 novel with CRLF line ends from the corpus bodies."""
    texts = []
    for name in SOURCES_20MB:
        raw = (CORPUS / name).read_bytes()
        text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("latin-1")
        texts.append(body(text).replace("\r\n", "\n").replace("\r", "\n"))
    out = folder / "novel_20mb_crlf.txt"
    size = 0
    with out.open("w", encoding="utf-8", newline="\r\n") as fh:
        while size < TARGET_20MB:
            for text in texts:
                chunk = text + "\n\n\n"
                fh.write(chunk)
                size += len(chunk.encode("utf-8")) + chunk.count("\n")
                if size >= TARGET_20MB:
                    break
    return out


def compile_like_an_install(root: Path) -> None:
    """Compile the checkout at ``root`` as an install has it: its bytecode (pip does it; a
    checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile ~150 modules on
    every start) and what install.py compiles ahead after installing (its ``AHEAD``; a
    builder an older checkout does not have is left out)."""
    spec = importlib.util.spec_from_file_location("quire_install", ROOT / "install.py")
    assert spec is not None and spec.loader is not None
    install = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(install)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "reader")], check=True)
    env = {**os.environ, "PYTHONPATH": str(root)}
    for module, _what in install.AHEAD:
        if (root / (module.replace(".", "/") + ".py")).is_file():
            subprocess.run([sys.executable, "-m", module], check=True, cwd=root, env=env)


FLOOR = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
with open(sys.argv[1], encoding="utf-8-sig", errors="replace") as fh:
    label = QLabel(fh.read(3000))
label.setWordWrap(True)
window.setCentralWidget(label)
window.resize(1000, 800)
window.show()
app.exec()
"""
"""The toolkit's floor: the least a PySide6 app can do to show a book's first page (a
window with a label of its first 3,000 characters), for ``--floor``."""


def quire_cmd() -> list[str]:
    """How a file manager would start Quire (no ``--new-instance``)."""
    return [sys.executable, "-m", "reader"]


def quire_env() -> list[str]:
    """``--env`` options for the harness: this checkout first on the path."""
    return ["--env", f"PYTHONPATH={ROOT}", "--env", "QUIRE_HOME="]


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QUIRE_HOME"}
    env.pop("QT_QPA_PLATFORM", None)
    return env


def make_warm_home(folder: Path, book: Path, display: str) -> Path:
    """A ``$HOME`` in which Quire has opened ``book`` once and closed it cleanly."""
    home = folder / f"home_{book.stem}"
    home.mkdir()
    env = _clean_env()
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=f"{home}/.config",
        XDG_CACHE_HOME=f"{home}/.cache",
        XDG_DATA_HOME=f"{home}/.local/share",
        XDG_STATE_HOME=f"{home}/.local/state",
        PYTHONPATH=str(ROOT),
        QUIRE_TIMINGS="1",
        DISPLAY=display,
    )
    proc = subprocess.Popen(
        [*quire_cmd(), str(book)], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line or '"first_page_painted"' in line:
            break
    time.sleep(6)  # the background page count, the parse cache and the library settle
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return home


def measure(
    label: str, cmd: list[str], book: Path, out: Path, args: argparse.Namespace, extra: list[str]
) -> dict[str, object]:
    """Run the harness for one app and one book; its summary plus per-run results."""
    run_out = out / label.replace(" ", "_")
    harness = [
        HARNESS_PYTHON,
        str(HARNESS),
        "--display",
        args.display,
        "--runs",
        str(args.runs),
        "--expect-file",
        str(book),
        "--out",
        str(run_out),
        "--label",
        label,
        "--timeout",
        "60",
        *extra,
        "--",
        *cmd,
        str(book),
    ]
    result = subprocess.run(harness, capture_output=True, text=True, env=_clean_env())
    summary: dict[str, object] = {}
    for line in result.stdout.splitlines():
        if line.startswith("SUMMARY "):
            summary = json.loads(line[len("SUMMARY ") :])
        elif line.startswith("{"):
            print(f"  {label}: {line}", flush=True)
    if not summary:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
    return summary


def _median(summary: dict[str, object], key: str) -> float | None:
    value = summary.get(key)
    if isinstance(value, dict):
        return float(value["median"])
    return float(value) if isinstance(value, (int, float)) else None


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} s" if unit == "s" else f"{value:.0f} MB"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "—"


def print_table(rows: list[tuple[str, str, dict[str, object], dict[str, object] | None]]) -> None:
    """One markdown table of medians with ratios to FBReader's cold open of the same book."""
    print()
    print(
        "| book | run | first text | stable frame | peak RSS | ok | "
        "÷FBR first text | ÷FBR stable | ÷FBR memory |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for book, label, summary, fbr in rows:
        text = _median(summary, "t_first_text")
        stable = _median(summary, "t_stable")
        mem = _median(summary, "max_hwm_mb_median")
        ok = f"{summary.get('ok_runs', 0)}/{summary.get('runs', 0)}"
        cells = ["—", "—", "—"]
        if fbr is not None and label != "FBReader":
            cells = [
                _ratio(text, _median(fbr, "t_first_text")),
                _ratio(stable, _median(fbr, "t_stable")),
                _ratio(mem, _median(fbr, "max_hwm_mb_median")),
            ]
        print(
            f"| {book} | {label} | {_fmt(text, 's')} | {_fmt(stable, 's')} | "
            f"{_fmt(mem, 'MB')} | {ok} | {' | '.join(cells)} |"
        )


def main() -> int:
    """Measure, then print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=["wp", "20mb"])
    ap.add_argument("--no-fbreader", action="store_true")
    ap.add_argument("--no-warm", action="store_true")
    ap.add_argument("--display", default=":77")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument(
        "--floor",
        action="store_true",
        help="also time a bare PySide6 window showing the book's first page as a label",
    )
    args = ap.parse_args()
    if not HARNESS.is_file():
        print(f"no harness at {HARNESS}", file=sys.stderr)
        return 2
    compile_like_an_install(ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="quire_cold_"))
    xvfb = subprocess.Popen(
        ["Xvfb", args.display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(1.0)
    try:
        books: list[tuple[str, Path]] = []
        if args.only in (None, "wp"):
            books.append(("War and Peace", WAR_AND_PEACE))
        if args.only in (None, "20mb"):
            books.append(("20 MB CRLF", build_crlf_novel(tmp)))
        fbreader = shutil.which("fbreader") if not args.no_fbreader else None
        rows: list[tuple[str, str, dict[str, object], dict[str, object] | None]] = []
        for name, book in books:
            print(f"{name}: {book} ({book.stat().st_size / 1e6:.1f} MB)", flush=True)
            fbr = None
            if fbreader:
                fbr = measure(
                    f"FBReader {book.stem}", [fbreader], book, tmp, args, ["--fresh-home"]
                )
            cold = measure(
                f"Quire cold {book.stem}",
                quire_cmd(),
                book,
                tmp,
                args,
                ["--fresh-home", *quire_env()],
            )
            rows.append((name, "Quire cold", cold, fbr))
            if not args.no_warm:
                home = make_warm_home(tmp, book, args.display)
                warm = measure(
                    f"Quire warm {book.stem}",
                    quire_cmd(),
                    book,
                    tmp,
                    args,
                    [
                        "--fresh-home",
                        "--home-template",
                        str(home),
                        *quire_env(),
                    ],
                )
                rows.append((name, "Quire warm", warm, fbr))
            if args.floor:
                floor = measure(
                    f"PySide6 floor {book.stem}",
                    [sys.executable, "-c", FLOOR],
                    book,
                    tmp,
                    args,
                    ["--fresh-home"],
                )
                rows.append((name, "PySide6 floor", floor, fbr))
            if fbr is not None:
                rows.append((name, "FBReader", fbr, fbr))
        print_table(rows)
        print(f"\n(medians of {args.runs} runs; peak RSS = VmHWM of the largest process)")
    finally:
        xvfb.terminate()
        try:
            xvfb.wait(5)
        except subprocess.TimeoutExpired:
            xvfb.kill()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
