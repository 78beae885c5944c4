"""Read aloud: the commands' controller, from the first key press to the saved position.

:class:`ReadAloud` starts at the reading position (the selection or caret if there
is one, else the first sentence that starts on the page), speaks the book sentence
by sentence through the :class:`~reader.ui.speech.engine.Engine` (loaded on first
use), marks the spoken sentence and word on the page, and keeps the voice on screen
(:class:`~reader.ui.speech.follow.PageFollower`). While it speaks the reader's saved
position is left alone (:attr:`ReadAloud.listening_changed` tells the window, and the
statistics, that pages now turn by listening); when it stops, the start of the last
sentence spoken becomes the reading position.

It also runs the step commands, the rate, and the sleep timer, and says plainly when
there is no engine or no voice for the book's language, or when the engine dies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reader.store.db import StoreError
from reader.ui.speech.follow import PageFollower
from reader.ui.speech.loader import EngineSlot
from reader.ui.speech.script import Script, Sentence
from reader.ui.speech.settings import RATE_STEP, SETTINGS_KEY, ReadAloudSettings, format_rate
from reader.ui.speech.sleep import SLEEP_CHOICES, SLEEP_TITLES, SleepTimer

if TYPE_CHECKING:
    from reader.text.book import Book
    from reader.ui.speech.engine import Engine
    from reader.ui.speech.ports import ReadAloudContext

STOPPED = "stopped"
STARTING = "starting"
SPEAKING = "speaking"
PAUSED = "paused"
TICK_MS = 1000

NO_BOOK = "Open a book to read it aloud."
NOTHING_LEFT = "There is nothing to read aloud from here to the end of the book."
END_OF_BOOK = "Read aloud reached the end of the book."
SLEEP_DONE = "The sleep timer stopped read aloud."
NOT_READING = "Read aloud is not on: press {keys} to start."
ENGINE_DIED = (
    "The speech engine stopped working ({detail}). Read aloud stopped; your place is "
    "kept at the last sentence spoken."
)


class ReadAloud(QObject):
    """Reads the open book aloud (see the module docstring)."""

    listening_changed = Signal(bool)
    """True when speech starts (pages now turn by listening), False when it stops; pausing
    keeps it True."""
    changed = Signal()
    """The state, sentence, rate or sleep timer changed (the bar and menus refresh)."""
    sentence_started = Signal(object)
    """A :class:`~reader.ui.speech.script.Sentence` was handed to the engine."""

    def __init__(self, context: ReadAloudContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.engines = EngineSlot(context.engine, self)
        self.engines.loaded.connect(self._adopt)
        self._state = STOPPED
        self._listening = False
        self._script: Script | None = None
        self._script_for: tuple[int, str, object] | None = None
        self._current: Sentence | None = None
        self._word: tuple[int, int] | None = None
        self._resume_by_saying = False
        self._spoken = 0
        self._sleep = SleepTimer()
        self._settings = self._load_settings()
        self.follower = PageFollower(context.page, self._voice_at, self)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)

    # --- state ----------------------------------------------------------------------------

    @property
    def engine(self) -> Engine | None:
        """The speech engine once loaded (None before, and after it failed)."""
        return self.engines.engine

    def state(self) -> str:
        """``stopped``, ``starting`` (the engine is loading), ``speaking`` or ``paused``."""
        return self._state

    def is_listening(self) -> bool:
        """True while speaking or paused in the middle of reading aloud."""
        return self._listening

    def current(self) -> Sentence | None:
        """The sentence being spoken (or paused at, or about to be spoken)."""
        return self._current

    def word(self) -> tuple[int, int] | None:
        """The source range of the word being spoken (engines that report words)."""
        return self._word

    def settings(self) -> ReadAloudSettings:
        """The reader's read-aloud settings."""
        return self._settings

    def sleep_choice(self) -> str:
        """The sleep timer setting (one of :data:`~reader.ui.speech.sleep.SLEEP_CHOICES`)."""
        return self._sleep.choice

    def sleep_remaining(self) -> float | None:
        """Seconds left on a minutes sleep timer (None when off or set to the chapter end)."""
        return self._sleep.remaining(self.ctx.clock())

    def sleep_status(self) -> str:
        """The sleep timer as the bar shows it (``sleep in 14:32`` …; '' when off)."""
        return self._sleep.status(self.ctx.clock())

    def loading(self) -> bool:
        """True while the speech engine is being loaded."""
        return self.engines.loading()

    def sentences_spoken(self) -> int:
        """How many sentences were handed to the engine since reading aloud started."""
        return self._spoken

    def _voice_at(self) -> int | None:
        if self._state == STOPPED or self._current is None:
            return None
        return self._word[0] if self._word is not None else self._current.start

    # --- commands -------------------------------------------------------------------------

    def play_pause(self) -> None:
        """Start reading aloud at the reading position, or pause, or go on after a pause."""
        if self._state == STOPPED:
            self.play()
        elif self._state == SPEAKING:
            self.pause()
        elif self._state == PAUSED:
            self.resume()
        else:  # starting: a second press cancels
            self.stop()

    def play(self) -> None:
        """Start reading aloud at the selection or caret, else at the page's first sentence."""
        if self._state != STOPPED:
            return
        book = self.ctx.open_book.book
        if book is None or not book.text.strip():
            self.ctx.messages.show_message(NO_BOOK, error=False)
            return
        script = self._script_of(book)
        page = self.ctx.page
        selection = page.selection()
        if selection is not None:
            first = script.start_at(selection[0])
        else:
            first = script.start_for_page(*page.visible_range())
        if first is None:
            self.ctx.messages.show_message(NOTHING_LEFT, error=False)
            return
        self._current = first
        self._word = None
        self._spoken = 0
        self.follower.following = True
        self._set_state(STARTING)
        self._show_marks()
        self.follower.follow(first.start)
        self.engines.get(self._engine_ready)
        if self._state == STARTING:  # the engine is loading (seconds, with speechd)
            self.changed.emit()

    def pause(self) -> None:
        """Pause (the sentence stays marked; play goes on from there)."""
        if self._state != SPEAKING or self.engine is None:
            return
        self._set_state(PAUSED)
        self.follower.cancel()
        if self.engine.can_pause():
            self._resume_by_saying = False
            self.engine.pause()
        else:
            self._resume_by_saying = True
            self.engine.stop()

    def resume(self) -> None:
        """Go on after a pause."""
        if self._state != PAUSED or self.engine is None or self._current is None:
            return
        self._set_state(SPEAKING)
        if self._resume_by_saying or not self.engine.is_paused():
            self._speak(self._current, count=False)
        else:
            self.engine.resume()

    def stop(self, message: str = "", *, error: bool = False) -> None:
        """Stop reading aloud; the start of the last sentence spoken becomes the reading
        position (and its page is shown). ``message`` is shown to the reader."""
        if self._state == STOPPED:
            if message:
                self.ctx.messages.show_message(message, error=error)
            return
        spoken = self._listening
        last = self._current
        if self.engine is not None:
            self.engine.stop()
        self._set_state(STOPPED)
        self._current = None
        self._word = None
        self._tick.stop()
        self.follower.cancel()
        self._sleep.set("off")
        self.ctx.page.set_speech_marks(None, None)
        if spoken:
            self._listening = False
            self.listening_changed.emit(False)
            if last is not None:
                self.ctx.save_position(last.start)
        self.changed.emit()
        if message:
            self.ctx.messages.show_message(message, error=error)

    def next_sentence(self) -> None:
        """Go on to the next sentence."""
        self._step(lambda script, s: script.next(s))

    def previous_sentence(self) -> None:
        """Go back to the previous sentence."""
        self._step(lambda script, s: script.previous(s))

    def next_paragraph(self) -> None:
        """Go on to the start of the next paragraph."""
        self._step(lambda script, s: script.next_paragraph(s))

    def previous_paragraph(self) -> None:
        """Go back to the start of this paragraph, or of the previous one when at its start."""
        self._step(lambda script, s: script.previous_paragraph(s))

    def faster(self) -> None:
        """Speak faster (one step up the engine's rate scale)."""
        self._change_rate(RATE_STEP)

    def slower(self) -> None:
        """Speak slower (one step down)."""
        self._change_rate(-RATE_STEP)

    def set_sleep_timer(self, choice: str) -> None:
        """Stop reading aloud after 15, 30 or 60 minutes, or at the end of the chapter
        (``off`` cancels). Set before play, it counts from the start of reading."""
        self._sleep.set(choice)
        if self._state != STOPPED:
            self._sleep.arm(self.ctx.clock(), self._end_of_chapter)
        self.changed.emit()

    def cycle_sleep_timer(self) -> None:
        """The next sleep timer setting: off → 15 → 30 → 60 min → end of chapter → off."""
        self.set_sleep_timer(self._sleep.next_choice())
        choice = self._sleep.choice
        text = "Sleep timer off." if choice == "off" else f"Sleep timer: {SLEEP_TITLES[choice]}."
        self.ctx.messages.show_message(text, error=False)

    def check_sleep_timer(self) -> None:
        """Note an expired minutes timer: reading stops at the end of the sentence (at once
        when paused). Runs every second while reading; a test calls it with a fake clock."""
        if self._state == STOPPED or not self._sleep.expired(self.ctx.clock()):
            return
        if self._state == PAUSED:
            self.stop(SLEEP_DONE)

    # --- settings -------------------------------------------------------------------------

    def _load_settings(self) -> ReadAloudSettings:
        try:
            return ReadAloudSettings.from_dict(self.ctx.store.settings.get(SETTINGS_KEY, None))
        except StoreError:  # unreadable: the defaults; saving will report the problem
            return ReadAloudSettings()

    def apply_settings(self, settings: ReadAloudSettings) -> None:
        """Use and store ``settings`` (voice, prosody and skips take effect at the next
        sentence)."""
        old = self._settings
        self._settings = settings
        try:
            self.ctx.store.settings.set(SETTINGS_KEY, settings.to_dict())
        except StoreError as err:
            self.ctx.messages.show_message(str(err))
        if settings.rate != old.rate:
            self.follower.reset_pace()
        if self.engine is not None:
            self.engine.set_prosody(settings.rate, settings.pitch, settings.volume)
            book = self.ctx.open_book.book
            if book is not None and self._state != STOPPED:
                self._choose_voice(book)
        self.changed.emit()

    def book_language(self) -> str:
        """The open book's language code ('' when unknown or no book)."""
        book = self.ctx.open_book.book
        return book.metadata.language if book is not None else ""

    def sample_text(self) -> str:
        """The first sentence of the page (to try a voice with), '' without a book."""
        book = self.ctx.open_book.book
        if book is None or not book.text.strip():
            return ""
        first = self._script_of(book).start_for_page(*self.ctx.page.visible_range())
        return first.text if first is not None else ""

    def with_engine(self, use: Callable[[Engine | None, str], None]) -> None:
        """Call ``use(engine, "")`` once the engine is loaded (loading it if needed), or
        ``use(None, message)`` when there is none (the settings page lists voices so)."""
        self.engines.get(use)

    # --- engine ---------------------------------------------------------------------------

    def _adopt(self, engine: Engine) -> None:
        """A new engine: listen to it and give it the reader's rate, pitch and volume."""
        engine.started.connect(self._on_started)
        engine.finished.connect(self._on_finished)
        engine.word.connect(self._on_word)
        engine.failed.connect(self._on_failed)
        s = self._settings
        engine.set_prosody(s.rate, s.pitch, s.volume)

    def _engine_ready(self, engine: Engine | None, message: str) -> None:
        """The engine is loaded (or there is none): pick the voice and speak, if still
        starting."""
        book = self.ctx.open_book.book
        current = self._current
        if self._state != STARTING:
            self.changed.emit()
            return
        if engine is None:
            self.stop(message, error=True)
            return
        if book is None or current is None or not self._choose_voice(book):
            return
        self._sleep.arm(self.ctx.clock(), self._end_of_chapter)
        self._speak(current)

    def _choose_voice(self, book: Book) -> bool:
        """Switch to the reader's voice for the book's language; False (stopped, with a
        message) when the engine has none."""
        from reader.ui.speech.engine import no_voice_message

        assert self.engine is not None
        language = book.metadata.language
        chosen = self.engine.use_voice(language, self._settings.voices.get(language, ""))
        if chosen is None:
            self.stop(no_voice_message(language), error=True)
            return False
        s = self._settings
        self.engine.set_prosody(s.rate, s.pitch, s.volume)
        return True

    def _speak(self, sentence: Sentence, *, count: bool = True) -> None:
        """Hand ``sentence`` to the engine, mark it and bring its page into view."""
        assert self.engine is not None
        self._current = sentence
        self._word = None
        self._resume_by_saying = False
        if count:
            self._spoken += 1
        if self._state == STARTING:
            self._set_state(SPEAKING)
        if not self._listening:
            self._listening = True
            self.listening_changed.emit(True)
            self._tick.start()
        self._show_marks()
        self.follower.cancel()
        self.follower.follow(sentence.start)
        self.engine.say(sentence.text)
        self.sentence_started.emit(sentence)
        self.changed.emit()
        script = self._script
        if script is not None:
            QTimer.singleShot(0, lambda: script.prefetch(sentence))

    def _on_started(self) -> None:
        current = self._current
        if current is not None and self.engine is not None and self._state == SPEAKING:
            words = self.engine.reports_words()
            self.follower.sentence_started(current, self._settings.rate, words=words)
        self.changed.emit()

    def _on_finished(self) -> None:
        current = self._current
        script = self._script
        if current is None or script is None or self._state not in (SPEAKING, PAUSED):
            return
        self.follower.sentence_finished(current)
        nxt = script.next(current)
        if self._state == PAUSED:  # the engine finished the sentence before pausing
            if nxt is not None:
                self._move_to(nxt)
            self._resume_by_saying = True
            return
        if nxt is None:
            self.stop(END_OF_BOOK)
            return
        self._sleep.expired(self.ctx.clock())
        if self._sleep.stops_before(nxt.start):
            self.stop(SLEEP_DONE)
            return
        self._speak(nxt)

    def _on_word(self, start: int, length: int) -> None:
        current = self._current
        if current is None or self._state == STOPPED:
            return
        self._word = current.source_range(start, length)
        self._show_marks()
        self.follower.follow(self._word[0])

    def _on_failed(self, detail: str) -> None:
        self.engines.drop()
        if self._state != STOPPED:
            self.stop(ENGINE_DIED.format(detail=detail.rstrip(".")), error=True)

    # --- moving ---------------------------------------------------------------------------

    def _step(self, move: Callable[[Script, Sentence], Sentence | None]) -> None:
        current = self._current
        book = self.ctx.open_book.book
        if self._state == STOPPED or current is None or book is None:
            keys = self.ctx.command_keys("speech.play_pause") or "Play"
            self.ctx.messages.show_message(NOT_READING.format(keys=keys), error=False)
            return
        target = move(self._script_of(book), current)
        if target is None:
            return
        self.follower.following = True  # a step shows where the voice is
        if self._state == SPEAKING:
            self._speak(target)
        else:
            self._move_to(target)
            if self._state == PAUSED:
                self._resume_by_saying = True
                if self.engine is not None:
                    self.engine.stop()

    def _move_to(self, sentence: Sentence) -> None:
        """Make ``sentence`` the current one without speaking it (paused or starting)."""
        self._current = sentence
        self._word = None
        self._show_marks()
        self.follower.follow(sentence.start)
        self.changed.emit()

    def _change_rate(self, step: float) -> None:
        s = self._settings
        rate = round(min(1.0, max(-1.0, s.rate + step)), 2)
        if rate != s.rate:
            self.apply_settings(s.with_(rate=rate))
        if self._state == STOPPED:
            self.ctx.messages.show_message(f"Read aloud: {format_rate(rate)}.", error=False)

    def _script_of(self, book: Book) -> Script:
        key = (id(book), book.metadata.language, self._settings.skip_rules())
        if self._script is None or self._script_for != key:
            self._script = Script(book, book.metadata.language, self._settings.skip_rules())
            self._script_for = key
        return self._script

    def _show_marks(self) -> None:
        current = self._current
        sentence = (current.start, current.end) if current is not None else None
        self.ctx.page.set_speech_marks(sentence, self._word)

    def _end_of_chapter(self) -> int | None:
        book = self.ctx.open_book.book
        current = self._current
        if book is None or current is None:
            return None
        ci = book.chapter_index_at(current.start)
        later = [c.offset for c in book.chapters[ci + 1 :] if c.offset > current.start]
        return later[0] if later else len(book.text)

    def _on_tick(self) -> None:
        self.check_sleep_timer()
        if self.sleep_remaining() is not None:
            self.changed.emit()

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.changed.emit()

    def shutdown(self) -> None:
        """Stop (saving the position) before the window closes."""
        self.stop()
        self._tick.stop()


__all__ = [
    "PAUSED",
    "SLEEP_CHOICES",
    "SPEAKING",
    "STARTING",
    "STOPPED",
    "ReadAloud",
]
