"""Benchmark: the encoding conformance matrix, Quire against chardet and charset-normalizer.

Run on demand: ``python3 tests/bench/bench_encodings.py [--whole-cap KB] [--runs N]``.

Prints three accuracy tables on the same bytes — Quire (``reader.text.decode``),
chardet alone (``chardet.detect(data)``, its default settings, decoded with the
codec it names) and charset-normalizer alone (``from_bytes(data).best()``) —
with one row per encoding and one column per length (2 KB, 20 KB, whole file).
A cell is the share of its (text, line ending, start) variants whose decoded
text equals the original after the reader's normalisation (BOM dropped,
CRLF/CR → LF); names are not compared, so ISO-8859-15 read as ISO-8859-1 is
right when it decodes to the same text (see ``tests/text/encoding_matrix.py``).

Then: how many cases each detector confused UTF-16/32 with anything else (either
way), the right answers whose name differs from the row, and the median time
to detect and to decode a 50 MB legacy file (cp1251 and Shift_JIS, built by
repeating corpus books: cp1251, Shift_JIS and ISO-8859-1).

Targets (issue 11): 100 % on whole files and 20 KB excerpts, at least 97 % on
2 KB excerpts, zero UTF-16/32 confusions, Quire at least as good as either
detector on every row; a 50 MB legacy file detected in under 1 s.
"""

from __future__ import annotations

import argparse
import codecs
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.text.decode import decode, detect  # noqa: E402
from tests.text.encoding_matrix import (  # noqa: E402
    CORPUS,
    LENGTHS,
    ROWS,
    cases,
    corpus_available,
    is_wide,
    reader_normalise,
    same_text,
)

Detector = Callable[[bytes], tuple[str | None, str | None]]
"""bytes → (decoded and normalised text or None, the codec name it chose)."""


def _decode_as(data: bytes, name: str | None) -> str | None:
    if not name:
        return None
    try:
        return reader_normalise(data.decode(name, "replace"))
    except (LookupError, ValueError):
        return None


def quire(data: bytes) -> tuple[str | None, str | None]:
    """Quire's own decoding."""
    text, report = decode(data)
    return text, report.name


def chardet_alone(data: bytes) -> tuple[str | None, str | None]:
    """What a developer gets from ``chardet.detect`` with its defaults."""
    import chardet

    name = chardet.detect(data).get("encoding")
    return _decode_as(data, name), name


def charset_normalizer_alone(data: bytes) -> tuple[str | None, str | None]:
    """What a developer gets from ``charset_normalizer.from_bytes(...).best()``."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    name = best.encoding if best is not None else None
    return _decode_as(data, name), name


def _canonical(name: str | None) -> str:
    try:
        return codecs.lookup(name or "").name
    except LookupError:
        return str(name)


def run_matrix(whole_cap: int | None) -> None:
    """Print the three accuracy tables and the confusion counts."""
    detectors: dict[str, Detector] = {"Quire": quire}
    try:
        import chardet  # noqa: F401

        detectors["chardet alone"] = chardet_alone
    except ImportError:
        print("chardet is not installed: its table is left out")
    try:
        import charset_normalizer  # noqa: F401

        detectors["charset-normalizer alone"] = charset_normalizer_alone
    except ImportError:
        print("charset-normalizer is not installed: its table is left out")

    right: dict[str, Counter[tuple[str, str]]] = {d: Counter() for d in detectors}
    total: Counter[tuple[str, str]] = Counter()
    confused: Counter[str] = Counter()
    renamed: dict[str, Counter[str]] = {d: Counter() for d in detectors}
    seconds: dict[str, float] = dict.fromkeys(detectors, 0.0)
    quire_wrong: list[str] = []
    for case in cases(whole_cap=whole_cap):
        built = case.build()
        if built is None:
            continue
        data, expected = built
        cell = (case.label, case.length)
        total[cell] += 1
        for name, detector in detectors.items():
            start = time.perf_counter()
            try:
                text, codec = detector(data)
            except Exception as err:  # a detector's crash counts as a wrong answer
                text, codec = None, f"raised {type(err).__name__}"
            seconds[name] += time.perf_counter() - start
            ok = text is not None and same_text(text, expected)
            right[name][cell] += ok
            if not ok and name == "Quire":
                quire_wrong.append(f"{case.name} read as {codec}")
            if is_wide(codec) != case.row.wide:
                confused[name] += 1
            if ok and _canonical(codec) != _canonical(case.row.codec):
                renamed[name][f"{case.label} as {_canonical(codec)}"] += 1

    cap = "whole files" if whole_cap is None else f"whole = first {whole_cap // 1024} KB"
    for name in detectors:
        print(f"\n{name}: % of variants decoded right ({cap}; n = cases per cell)")
        print(f"{'encoding':14}" + "".join(f"{length:>8}" for length in LENGTHS) + "   n")
        worst: list[str] = []
        for row in ROWS:
            cells = []
            counts = []
            for length in LENGTHS:
                n = total[(row.label, length)]
                counts.append(str(n))
                share = 100.0 * right[name][(row.label, length)] / n if n else float("nan")
                cells.append(f"{share:8.1f}")
            print(f"{row.label:14}" + "".join(cells) + "   " + "/".join(counts))
            if name != "Quire":
                for length in LENGTHS:
                    cell = (row.label, length)
                    if right[name][cell] > right["Quire"][cell]:
                        worst.append(f"{row.label} {length}")
        all_right = sum(right[name].values())
        cases_run = sum(total.values())
        print(f"all: {all_right}/{cases_run} right; {seconds[name]:.1f} s in the detector")
        if name != "Quire":
            print(f"cells where {name} beats Quire: {worst or 'none'}")
    print(f"\nQuire's wrong answers: {len(quire_wrong)}")
    for line in quire_wrong[:40]:
        print(f"  {line}")
    print("\nUTF-16/32 confused with other encodings (either way):")
    for name in detectors:
        print(f"  {name}: {confused[name]}")
    print("\nQuire's right answers under another name (same decoded text):")
    for what, n in sorted(renamed["Quire"].items()):
        print(f"  {what}: {n}")


def run_speed(runs: int, size_mb: int) -> None:
    """Median time to detect, and to decode, a large legacy file."""
    if not corpus_available():
        print("\nthe corpus is absent: no large-file timing")
        return
    print(f"\n{size_mb} MB legacy files, median of {runs} runs:")
    for rel, label in (
        ("russian_cp1251/evgeniy_onegin.txt", "cp1251 (Onegin repeated)"),
        ("japanese_sjis/wagahaiwa_nekodearu.txt", "Shift_JIS (Wagahai repeated)"),
        ("french_latin1/madame_bovary_fr__pg14155-8.txt", "ISO-8859-1 (Bovary repeated)"),
    ):
        book = (CORPUS / rel).read_bytes()
        size = size_mb * 1024 * 1024
        data = (book * (size // len(book) + 1))[:size]
        data = data[: data.rfind(b"\n") + 1]
        detect_times: list[float] = []
        decode_times: list[float] = []
        name = ""
        for _ in range(runs):
            start = time.perf_counter()
            name = detect(data).name
            detect_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            decode(data)
            decode_times.append(time.perf_counter() - start)
        print(
            f"  {label:30} detected as {name:8} detect {statistics.median(detect_times):.3f} s"
            f"   detect+decode {statistics.median(decode_times):.3f} s"
        )


def main() -> None:
    """Parse arguments, run the matrix and the timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--whole-cap",
        type=int,
        default=1024,
        help="KB of each text that count as the whole file (0: no cap; default 1024)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timing runs (default 5)")
    parser.add_argument("--size-mb", type=int, default=50, help="large-file size (default 50)")
    parser.add_argument("--skip-matrix", action="store_true", help="only time the large files")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # chardet warns about its own fallbacks
    if not corpus_available():
        print(f"note: {CORPUS} is absent; only the texts of tests/text/encoding_texts.py run")
    if not args.skip_matrix:
        run_matrix(args.whole_cap * 1024 if args.whole_cap else None)
    run_speed(args.runs, args.size_mb)


if __name__ == "__main__":
    main()
