"""Benchmark read aloud on War and Peace, our side (``python3 tests/bench/bench_speech.py``).

Qt's ``mock`` engine stands in for a voice: it speaks nothing, reports a word every
50 ms at the fastest rate, and costs next to nothing, so the figures are Quire's own
work. Measured, as medians over several runs at different places in the middle of the
book:

- play → the engine's ``say()`` call, the engine's state change to Speaking, and the
  first ``sayingWord`` (which includes the mock's own 50 ms word timer), with the
  engine loaded; and once per run the first play of all, which loads Qt's speech module
  and makes the engine;
- page turns made by read aloud while it speaks (the step commands run the voice across
  ~40 pages): the turn (``go_to``) plus a synchronous repaint, p50 and p99;
- how many blocks were split to speak those pages (no pass over the whole book).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from reader.layout.style import ReadingStyle
from reader.store.db import Store, open_store
from reader.text.book import Book
from reader.text.parse import load_book
from reader.ui.reading.view import ReadingView
from reader.ui.speech.controller import ReadAloud
from reader.ui.speech.ports import EngineChoice, ReadAloudContext

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
WAR_AND_PEACE = CORPUS / "gutenberg" / "war_and_peace__pg2600-0.txt"
RUNS = 5
PLAYS = 10
STEPS = 600


class Quiet:
    def show_message(self, text: str, error: bool = True) -> None:
        if error:
            print("message:", text)


class Open:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.record = None


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


Add = Callable[[str, float], None]


def spin(app: QApplication, until: Callable[[], bool], limit: float = 10.0) -> None:
    """Run the event loop until ``until()`` (or ``limit`` seconds)."""
    t0 = time.perf_counter()
    while not until() and time.perf_counter() - t0 < limit:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def one_run(app: QApplication, book: Book, store: Store, start: int, add: Add) -> None:
    """Read aloud from ``start``: time the plays, then the page turns of 600 steps."""
    view = ReadingView()
    view.set_reading_style(ReadingStyle(two_pages="off"))
    view.resize(900, 1000)
    view.show()
    view.set_book(book, start)
    view.repaint()
    spin(app, lambda: not view.page_info().approximate, 60.0)  # as a reader mid-book
    context = ReadAloudContext(
        store=store,
        open_book=Open(book),
        page=view,
        messages=Quiet(),
        save_position=view.go_to,
        engine=EngineChoice(name="mock"),
    )
    controller = ReadAloud(context)
    controller.apply_settings(controller.settings().with_(rate=1.0))

    marks: dict[str, float] = {}
    t = time.perf_counter()
    controller.play_pause()  # the first play of all: loads Qt's speech module
    add("first play → say(), engine made (ms)", ms(time.perf_counter() - t))
    engine = controller.engine
    assert engine is not None
    tts = engine.tts
    original_say = tts.say

    def timed_say(text: str) -> None:
        marks.setdefault("say", time.perf_counter())
        original_say(text)

    tts.say = timed_say  # type: ignore[method-assign]
    tts.stateChanged.connect(lambda _s: marks.setdefault("state", time.perf_counter()))
    tts.sayingWord.connect(lambda *_a: marks.setdefault("word", time.perf_counter()))
    controller.stop()

    says, states, words = [], [], []
    for i in range(PLAYS):
        view.go_to(start + (i + 1) * 20_000)  # a page not spoken yet
        view.repaint()
        app.processEvents()
        marks.clear()
        t = time.perf_counter()
        controller.play_pause()
        spin(app, lambda: "word" in marks)
        says.append(ms(marks["say"] - t))
        states.append(ms(marks["state"] - t))
        words.append(ms(marks["word"] - t))
        controller.stop()
    add("play → say() (ms)", statistics.median(says))
    add("play → Speaking (ms)", statistics.median(states))
    add("play → first sayingWord (ms, mock waits 50)", statistics.median(words))

    view.go_to(start)
    controller.play_pause()
    turns: list[float] = []
    original_go_to = view.go_to

    def timed_go_to(offset: int) -> None:
        t0 = time.perf_counter()
        original_go_to(offset)
        view.repaint()
        turns.append(ms(time.perf_counter() - t0))

    view.go_to = timed_go_to  # type: ignore[method-assign]
    script = controller._script
    split_before = script.blocks_split if script is not None else 0
    for _ in range(STEPS):
        controller.next_sentence()
        app.processEvents()  # the idle prefetch, as between sentences
    script = controller._script
    split = (script.blocks_split if script is not None else 0) - split_before
    controller.stop()
    add("page turns while speaking", len(turns))
    add("turn while speaking p50 (ms)", statistics.median(turns))
    add("turn while speaking p99 (ms)", p99(turns))
    add(f"blocks split for {STEPS} sentences", split)
    view.close()
    view.deleteLater()
    app.processEvents()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    book = load_book(WAR_AND_PEACE)
    lo, hi = book.reading_range()
    print(f"War and Peace: {len(book.text):,} chars, {len(book.blocks):,} blocks")
    results: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        results.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "library.db")
        for run in range(RUNS):
            one_run(app, book, store, lo + (hi - lo) * (40 + run * 3) // 100, add)
        store.close()

    print(f"median of {RUNS} runs:")
    for name, values in results.items():
        print(f"  {name:46s} {round(statistics.median(values), 2):>9}   runs: {values}")


if __name__ == "__main__":
    main()
