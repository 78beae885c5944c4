"""Shared set-up for the read-aloud tests: a real page, a store in a temporary folder, and
Qt's ``mock`` speech engine (which speaks nothing: it reports each word on a timer, 50 ms
a word at the fastest rate).

Imported by the tests under ``tests/ui/speech`` (pytest puts this folder on ``sys.path``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fakes import Messages

from reader.store.db import Store, open_store
from reader.store.models import BookRecord
from reader.text.book import Book
from reader.text.parse import load_book, parse_text
from reader.ui.reading.view import ReadingView
from reader.ui.speech.controller import ReadAloud
from reader.ui.speech.ports import EngineChoice, ReadAloudContext
from reader.ui.speech.script import Sentence

MOCK = EngineChoice(name="mock")
WAIT_MS = 30_000
"""Hang guard for waits on the mock engine's timers (never a speed assertion)."""


@dataclass
class OpenBook:
    """The open book and its library record."""

    book: Book | None = None
    record: BookRecord | None = None


@dataclass
class Clock:
    """A clock the test moves by hand (seconds)."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Reader:
    """A page with a book, read aloud over the mock engine, and what happened."""

    view: ReadingView
    controller: ReadAloud
    store: Store
    book: Book
    messages: Messages
    clock: Clock
    saved: list[int] = field(default_factory=list)
    spoken: list[Sentence] = field(default_factory=list)
    listening: list[bool] = field(default_factory=list)
    words: list[tuple[int, int]] = field(default_factory=list)

    def texts(self) -> list[str]:
        """The texts handed to the engine, in order."""
        return [s.text for s in self.spoken]

    def last_message(self) -> str:
        """The last message shown ('' when none)."""
        return self.messages.shown[-1][0] if self.messages.shown else ""


def make_reader(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    book: str | Path | Book,
    *,
    position: int = 0,
    size: tuple[int, int] = (620, 520),
    engine: EngineChoice = MOCK,
    rate: float = 1.0,
    save: Callable[[int], None] | None = None,
) -> Reader:
    """Show ``book`` (text, path or Book) at ``position`` and build read aloud for it."""
    if isinstance(book, Book):
        parsed = book
    elif isinstance(book, Path):
        parsed = load_book(book)
    else:
        parsed = parse_text(book)
    store = open_store(tmp_path / "library.db")
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    view.set_book(parsed, position)
    messages = Messages()
    clock = Clock()
    saved: list[int] = []

    def save_position(offset: int) -> None:
        saved.append(offset)
        view.go_to(offset)
        if save is not None:
            save(offset)

    context = ReadAloudContext(
        store=store,
        open_book=OpenBook(parsed),
        page=view,
        messages=messages,
        save_position=save_position,
        command_keys=lambda name: "R" if name == "speech.play_pause" else "",
        engine=engine,
        clock=clock,
    )
    controller = ReadAloud(context)
    controller.apply_settings(controller.settings().with_(rate=rate))
    reader = Reader(view, controller, store, parsed, messages, clock, saved)
    controller.sentence_started.connect(reader.spoken.append)
    controller.listening_changed.connect(reader.listening.append)
    return reader


def connect_words(reader: Reader) -> None:
    """Record every word the engine reports (after the controller has loaded it)."""
    assert reader.controller.engine is not None
    reader.controller.engine.word.connect(lambda a, b: reader.words.append((a, b)))


def story(paragraphs: list[list[str]], title: str = "") -> str:
    """A book text: paragraphs of sentences (blank lines between paragraphs)."""
    body = "\n\n".join(" ".join(p) for p in paragraphs)
    return f"{title}\n\n{body}\n" if title else body + "\n"
