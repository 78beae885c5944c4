"""Screenshots of the real Statistics view after a week of reading and a KOReader import.

Usage (under a display, e.g. ``xvfb-run -a -s "-screen 0 1400x1800x24" python3
tools/stats_screenshot.py docs/stats-light.png --theme light``)::

    python3 tools/stats_screenshot.py OUT.png [--theme light|sepia|dark] [--size 1240x1560]

In a throw-away data folder it opens five books of the corpus, records a week of
generated reading in Quire (a chapter or two of *Dracula* a day, some of it
listened to, *Alice* read to the end), builds a KOReader ``statistics.sqlite3``
in KOReader's own schema with eleven months of history (two books that match the
library, by document key and by title, and one that does not), imports it through
the ui, opens the Statistics view on *Dracula* and saves it as a PNG.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "gutenberg"
DAY = 86400


def _koreader_schema() -> str:
    """KOReader's schema, as the store's import tests build it."""
    spec = importlib.util.spec_from_file_location(
        "koreader_schema", ROOT / "tests" / "store" / "test_koreader.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.KOREADER_SCHEMA)


def make_koreader_history(path: Path, now: float, rng: random.Random) -> Path:
    """A KOReader statistics.sqlite3 with eleven months of reading of three books."""
    from reader.text.identity import partial_md5_of_file

    pride = CORPUS / "pride_and_prejudice__pg1342.txt"
    books = [
        ("Pride and Prejudice", "Jane Austen", partial_md5_of_file(pride), 620),
        ("The Adventures of Sherlock Holmes", "Arthur Conan Doyle", "0" * 32, 540),
        ("The Count of Monte Cristo", "Alexandre Dumas", "f" * 32, 1400),
    ]
    rows = []
    start = now - 330 * DAY
    for book_id, (_title, _author, _md5, pages) in enumerate(books, start=1):
        t = start + (book_id - 1) * 100 * DAY
        page = 1
        while page <= pages and t < now - 10 * DAY:
            for _ in range(rng.randrange(10, 35)):  # one evening's session
                if page > pages:
                    break
                duration = rng.randrange(25, 80)
                rows.append((book_id, page, int(t), duration, pages))
                t += duration + rng.randrange(0, 5)
                page += 1
            t += rng.choice((1, 1, 1, 2, 3)) * DAY - rng.randrange(0, 3 * 3600)
    conn = sqlite3.connect(path)
    try:
        conn.executescript(_koreader_schema())
        conn.executemany(
            "INSERT INTO book(title, authors, md5, pages) VALUES (?, ?, ?, ?)",
            [(t, a, m, p) for t, a, m, p in books],
        )
        conn.executemany(
            "INSERT INTO page_stat_data(id_book, page, start_time, duration, total_pages) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        conn.commit()
    finally:
        conn.close()
    return path


def record_week(window: object, now: float, rng: random.Random) -> None:
    """A week of reading in Quire: Dracula daily (some of it listened to), Alice finished."""
    from reader.store.stats_models import Kind, PageView
    from reader.ui.stats.units import page_count

    store = window.store  # type: ignore[attr-defined]
    session = window.session  # type: ignore[attr-defined]
    books = {}
    for name in ("alices_adventures_in_wonderland__pg11-0.txt", "dracula__pg345.txt"):
        assert window.open_path(str(CORPUS / name))  # type: ignore[attr-defined]
        books[name] = (session.book, session.record)
    views: list[PageView] = []
    finished: dict[int, int] = {}
    lengths: dict[int, int] = {}
    for name, days, per_day in (
        ("alices_adventures_in_wonderland__pg11-0.txt", range(6, 3, -1), (25, 40)),
        ("dracula__pg345.txt", range(6, -1, -1), (20, 55)),
    ):
        book, record = books[name]
        lengths[record.id] = len(book.text)
        lo, hi = book.reading_range()
        offset = lo + (0 if name.startswith("alice") else (hi - lo) // 5)
        for back in days:
            t = now - back * DAY - rng.randrange(1, 4) * 3600 - (2 * 3600 if name[0] == "a" else 0)
            for i in range(rng.randrange(*per_day)):
                end = min(hi, offset + rng.randrange(1500, 2100))
                count = page_count(book, offset, end)
                duration = max(8, round(count.units / rng.uniform(3.2, 4.6)))
                kind = (
                    Kind.LISTENING if name[0] == "d" and back % 3 == 0 and i < 12 else Kind.READING
                )
                views.append(
                    PageView(
                        record.id, offset, end, int(t), duration, kind, count.units, count.unit
                    )
                )
                t += duration + rng.randrange(1, 6)
                offset = end
                if offset >= hi:
                    finished[record.id] = int(t)
                    break
    store.stats.add_views(views, finished=finished, text_lengths=lengths)
    window.go_to_offset(offset)  # type: ignore[attr-defined]  # where the week's reading ended


def main() -> int:
    """Build the history, import the KOReader file, open the view and save a PNG."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--theme", default="light", choices=("light", "sepia", "dark"))
    p.add_argument("--size", default="1240x1560")
    args = p.parse_args()
    if str(ROOT) not in sys.path:  # this checkout's reader, not an installed one
        sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from reader.app import build_window
    from reader.paths import resolve_paths
    from reader.store.db import open_store
    from reader.ui.stats.manage import import_koreader_file, running_jobs

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Quire")
    base = Path(tempfile.mkdtemp(prefix="quire-stats-shot-"))
    paths = resolve_paths(base)
    paths.ensure()
    store = open_store(paths.database)
    window = build_window(store, paths)
    window.resize(1100, 800)
    window.set_reading_style(window.reading_style().with_(theme=args.theme))
    window.show()
    now = time.time()
    rng = random.Random(16)
    for name in ("pride_and_prejudice__pg1342.txt", "adventures_of_sherlock_holmes__pg1661-8.txt",
                 "war_and_peace__pg2600-0.txt"):  # fmt: skip
        window.open_path(str(CORPUS / name))
    record_week(window, now, rng)
    store.stats.set_goal_minutes(30)
    window.apply_behaviour()
    koreader = make_koreader_history(base / "statistics.sqlite3", now, rng)
    import_koreader_file(window.stats_ui.context(), str(koreader), window.stats_ui.data_changed)
    deadline = time.monotonic() + 60
    while running_jobs() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    for dialog in window.findChildren(QDialog):
        if dialog.objectName() == "statsImportReport":
            print("\n".join(dialog.report.lines()))  # type: ignore[attr-defined]
            dialog.close()
    view = window.stats_ui.show_view()
    w, h = (int(x) for x in args.size.split("x"))
    view.resize(w, h)

    def shoot() -> None:
        view.grab().save(args.out)
        print("saved", args.out)
        app.quit()

    QTimer.singleShot(800, shoot)
    app.exec()
    window.close()
    window.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
