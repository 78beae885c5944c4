"""Benchmark the page widget on War and Peace (run: ``python3 tests/bench/bench_pages.py``).

Measures, as medians over several runs:
- showing a page in the middle of the book from a cold start of layout;
- 500 page turns, call → end of paint (``repaint()`` paints synchronously),
  both while the background page count is still running and after it is done;
- a font-size change → new page painted;
- the background completion of the page count.

With ``--record`` the reading statistics record every page as in the window (a
:class:`~reader.ui.stats.recording.RecordingController` on the view, a store in a
temporary folder, a clock that lets 30 s pass per turn so every page is a view;
the views are written between turns, as in the window): the turn figures with and
without it show what recording adds to a page turn.

With ``--library N`` a library model of N stories (rows and story keys, as the
library pane holds them) lives beside the page during the runs: with a large library
the collector's full collections have more to walk (unless reader/gc_policy.py froze
the rows), which shows in the turn p99.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication

from reader.layout.style import ReadingStyle
from reader.text.book import (
    Block,
    BlockKind,
    Blocks,
    Book,
    Chapter,
    EncodingReport,
    Metadata,
    ParagraphMode,
)
from reader.ui.reading.view import ReadingView

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
WAR_AND_PEACE = CORPUS / "gutenberg" / "war_and_peace__pg2600-0.txt"
RUNS = 3
TURNS = 500


def load(path: Path) -> tuple[Book, str]:
    """The book via the real parser if present, else a simple blank-line split."""
    try:
        from reader.text.parse import load_book
    except ImportError:
        load_book = None
    if load_book is not None:
        return load_book(path), "reader.text.parse"
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    blocks, chapters = [], []
    for m in re.finditer(r"[^\n](?:.|\n(?!\n))*", text):
        body = m.group()
        if re.fullmatch(r"CHAPTER [IVXLC]+|BOOK [A-Z]+: .*|(FIRST|SECOND) EPILOGUE.*", body):
            blocks.append(Block(BlockKind.HEADING, m.start(), m.end()))
            if m.start() > 5000:
                chapters.append(Chapter(body, 2 if body.startswith("CH") else 1, m.start()))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, m.start(), m.end()))
    book = Book(
        text=text,
        blocks=Blocks.from_blocks(blocks),
        chapters=chapters,
        encoding=EncodingReport("utf-8", 1.0, "bom"),
        metadata=Metadata(title="War and Peace", language="en"),
        paragraph_mode=ParagraphMode.WRAPPED,
        paragraph_reason="bench",
        front_matter=[(0, text.index("CHAPTER I"))],
        back_matter=[(text.index("*** END"), len(text))],
    )
    return book, "blank-line fallback (reader.text.parse missing)"


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def wait_background(app: QApplication, view: ReadingView, limit: float = 60.0) -> float:
    t0 = time.perf_counter()
    while view.page_info().approximate and time.perf_counter() - t0 < limit:
        app.processEvents()
        time.sleep(0.005)
    return time.perf_counter() - t0


class _Recording:
    """The reading statistics recording the view's pages (``--record``)."""

    def __init__(self, view: ReadingView, book: Book, folder: str) -> None:
        from types import SimpleNamespace

        from reader.store.db import open_store
        from reader.ui.stats.recording import RecordingController

        self.store = open_store(Path(folder) / "library.db")
        record, _ = self.store.library.upsert_book(
            book_key=book.book_key or "bench", path=str(WAR_AND_PEACE), title="War and Peace"
        )
        self.now = 1000.0
        self.wall = time.time() - 86400
        self.controller = RecordingController(
            self.store, view, SimpleNamespace(book=book, record=record),
            SimpleNamespace(show_message=print), clock=lambda: self.now,
            wall_clock=lambda: self.wall,
        )  # fmt: skip
        view.page_changed.connect(self.controller.page_shown)
        self.controller.page_shown()

    def tick(self) -> None:
        """Let 30 s pass: the page on screen was read."""
        self.now += 30
        self.wall += 30

    def close(self) -> int:
        """Write the rest; return how many views were recorded."""
        self.controller.close_view()
        count = self.store.stats.count()
        self.store.close()
        return count


def big_library(count: int) -> object:
    """A library model holding ``count`` stories, their story keys worked out."""
    from reader.store.models import BookRecord
    from reader.text.story import StoryInfo
    from reader.text.story_data import story_to_json
    from reader.ui.library.model import LibraryModel

    records = []
    for i in range(count):
        story = StoryInfo(
            title=f"Story {i}",
            author=f"Author {i % 300}",
            fandoms=(f"Fandom {i % 40}",),
            relationships=(f"A{i % 17}/B{i % 13}",),
            characters=(f"A{i % 17}", f"B{i % 13}"),
            tags=tuple(f"tag{(i * k) % 90}" for k in range(1, 6)),
            rating="Teen And Up Audiences",
            status="complete" if i % 3 else "wip",
            words=1000 + i,
        )
        records.append(
            BookRecord(i + 1, f"k{i}", f"/stories/s{i:05}.txt", f"Story {i}",
                       story=story_to_json(story), fandom=f"Fandom {i % 40}")
        )  # fmt: skip
    model = LibraryModel()
    model.set_records(records)
    model.suggestions()  # works out every row's story keys, as the warm-up does
    return model


def main() -> None:
    record = "--record" in sys.argv[1:]
    app = QApplication.instance() or QApplication([])
    library = None
    if "--library" in sys.argv[1:]:
        count = int(sys.argv[sys.argv.index("--library") + 1])
        library = big_library(count)
        print(f"a library of {count:,} stories beside the page")
    book, how = load(WAR_AND_PEACE)
    lo, hi = book.reading_range()
    middle = (lo + hi) // 2
    print(f"War and Peace: {len(book.text):,} chars, {len(book.blocks):,} blocks ({how})"
          + (", recording statistics" if record else ""))  # fmt: skip
    import tempfile

    folder = tempfile.mkdtemp(prefix="quire-bench-pages-")
    style = ReadingStyle(two_pages="off")
    results: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    for _run in range(RUNS):
        view = ReadingView()
        view.set_reading_style(style)
        view.resize(900, 1000)
        view.show()
        app.processEvents()
        t0 = time.perf_counter()
        view.set_book(book, middle)
        view.repaint()
        recording = _Recording(view, book, tempfile.mkdtemp(dir=folder)) if record else None
        add("cold middle page (ms)", ms(time.perf_counter() - t0))
        wait_background(app, view)
        add("background completion (s)", round(time.perf_counter() - t0, 3))

        turns = []
        for i in range(TURNS):
            if recording is not None:
                recording.tick()
            t = time.perf_counter()
            if (i // 50) % 2 == 0:
                view.next_page()
            else:
                view.prev_page()
            view.repaint()
            turns.append(ms(time.perf_counter() - t))
            app.processEvents()  # lets the idle prefetch run, as between key presses
        add("turn median (ms)", statistics.median(turns))
        add("turn p99 (ms)", p99(turns))

        sizes = []
        for size in (14, 15, 13, 16, 13):
            t = time.perf_counter()
            view.set_reading_style(style.with_(font_size=size))
            view.repaint()
            sizes.append(ms(time.perf_counter() - t))
            app.processEvents()
        add("font-size change (ms)", statistics.median(sizes))

        turns = []  # the last font change restarted the background count
        for _ in range(25):
            if recording is not None:
                recording.tick()
            t = time.perf_counter()
            view.next_page()
            view.repaint()
            turns.append(ms(time.perf_counter() - t))
            time.sleep(0.2)  # a brisk reading pace: the worker runs between turns
            app.processEvents()
        add("turn median, background running (ms)", statistics.median(turns))
        add("turn p99, background running (ms)", p99(turns))
        if recording is not None:
            add("page views recorded", recording.close())
        view.close()
        view.deleteLater()
        app.processEvents()

    del library
    print(f"median of {RUNS} runs:")
    for name, values in results.items():
        print(f"  {name:40s} {statistics.median(values):>9}   runs: {values}")


if __name__ == "__main__":
    main()
