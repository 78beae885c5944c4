"""What read aloud needs from the window: :class:`ReadAloudContext` and the page it marks.

The window (the composition root) builds the context from its store, its book
session, its page and its message bar; a test builds one from a bare
:class:`~reader.ui.reading.view.ReadingView`, a store in a temporary folder and
plain objects, and chooses Qt's ``mock`` speech engine, which the window never does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from reader.store.db import Store
    from reader.ui.common.ports import MessageSink
    from reader.ui.session.ports import OpenBook


class SpokenPage(Protocol):
    """The page on screen, as read aloud sees it: where it is, turning it, marking it."""

    @property
    def position_changed(self) -> SignalInstance:
        """Emitted with the new top offset after every turn or jump."""
        ...

    def visible_range(self) -> tuple[int, int]:
        """Source ``[start, end)`` of the text on screen."""
        ...

    def selection(self) -> tuple[int, int] | None:
        """The selection (mouse or keyboard caret) as a source range, if any."""
        ...

    def go_to(self, offset: int) -> None:
        """Show the page containing source ``offset``."""
        ...

    def set_speech_marks(
        self, sentence: tuple[int, int] | None, word: tuple[int, int] | None
    ) -> None:
        """Mark the sentence being spoken and the word being spoken (source ranges)."""
        ...


@dataclass(frozen=True)
class EngineChoice:
    """Which speech engine to use. The window leaves every field at its default: the
    platform's engine (``speechd`` on Linux), never Qt's ``mock`` engine, which tests name."""

    name: str | None = None
    """A QtTextToSpeech engine name; None picks the platform's."""
    in_thread: bool | None = None
    """Create the engine on a worker thread (None: only ``speechd``, whose start-up lists
    every voice of every module and takes seconds; the page stays responsive meanwhile)."""
    available: Callable[[], list[str]] | None = None
    """The installed engines (None: ``QTextToSpeech.availableEngines()``)."""
    parameters: dict[str, object] = field(default_factory=dict)
    """Engine parameters passed to ``QTextToSpeech``."""


@dataclass(frozen=True)
class ReadAloudContext:
    """Everything :class:`~reader.ui.speech.controller.ReadAloud` uses that it does not own."""

    store: Store
    """Where the read-aloud settings (voice per language, rate, pitch, volume, skips) live."""
    open_book: OpenBook
    """The book on screen."""
    page: SpokenPage
    """The page: followed while speaking, marked with the spoken sentence and word."""
    messages: MessageSink
    """Where "no engine", "no voice" and "the engine stopped" go."""
    save_position: Callable[[int], None]
    """Show the page holding a source offset and save that offset as the reading position
    (called once, when reading aloud stops)."""
    command_keys: Callable[[str], str] = lambda _name: ""
    """The keys of a command as the reader sees them, for messages ('' when none)."""
    engine: EngineChoice = field(default_factory=EngineChoice)
    """Which engine to load on first use."""
    clock: Callable[[], float] = time.monotonic
    """Seconds, for the sleep timer (a test passes a fake clock)."""


__all__ = ["EngineChoice", "ReadAloudContext", "SpokenPage"]
