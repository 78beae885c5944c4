"""The speech engine: Qt's ``QtTextToSpeech`` behind the few calls read aloud makes.

This is the only module that imports ``PySide6.QtTextToSpeech``, and it is imported
on the first use of read aloud, never at start-up. :func:`load_engine` picks the
platform's engine (``speechd`` on Linux — speech-dispatcher with espeak-ng or any
installed voice —, the system voices on Windows and macOS; never Qt's ``mock``
engine unless a test names it) and creates it, on a worker thread for ``speechd``,
whose start-up lists every voice of every output module and can take seconds.

:class:`Engine` turns the engine's state changes into what read aloud needs:
*started* and *finished* for the text it said (a Ready that comes before the engine
started speaking our text — the end of a cancelled one — is not a finish), *word*
for ``sayingWord`` (Qt ≥ 6.6, engines that report words), and *failed* when the
engine goes to its Error state.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QLoggingCategory, QObject, QThread, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

    from reader.ui.speech.ports import EngineChoice

PREFERRED_ENGINES = ("speechd", "flite", "winrt", "sapi", "darwin", "android")
"""Engines in order of preference; Qt's ``mock`` engine is never chosen by itself."""
MOCK_ENGINE = "mock"
START_TIMEOUT_MS = 15_000
"""An engine that has not started speaking a text this long after being asked gave up."""
STOP_TIMEOUT_MS = 1_000
"""How long a new text waits for the engine to confirm it stopped the old one."""

LINUX_INSTALL = (
    "On Debian or Ubuntu: sudo apt install speech-dispatcher espeak-ng. "
    "On Fedora: sudo dnf install speech-dispatcher espeak-ng. Then try again."
)
OTHER_INSTALL = "Quire uses the system's voices: add a voice in the system's speech settings."


def install_hint(platform: str | None = None) -> str:
    """How to get a speech engine or voice on this platform (one or two sentences)."""
    platform = platform or sys.platform
    return LINUX_INSTALL if platform.startswith(("linux", "freebsd")) else OTHER_INSTALL


def no_engine_message(detail: str = "", platform: str | None = None) -> str:
    """The message shown when no speech engine can be used."""
    why = f" ({detail.rstrip('.')})" if detail else ""
    return f"Read aloud needs a speech engine, and none is working{why}. " + install_hint(platform)


def no_voice_message(language: str, platform: str | None = None) -> str:
    """The message shown when the engine has no voice for the book's language."""
    name = language_name(language)
    return f"The speech engine has no voice for {name}. " + install_hint(platform)


def language_name(code: str) -> str:
    """The English name of a language code (``ru`` → ``Russian``); the code if unknown."""
    locale = QLocale(code) if code else QLocale.system()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return code or "this language"
    return QLocale.languageToString(locale.language())


def _quiet_qt_multimedia() -> None:
    # Loading Qt's speech module loads QtMultimedia, which warns when PipeWire's library
    # is missing; speech does not need it (speech-dispatcher plays the sound).
    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.symbolsresolver.info=false"
    )


def available_engines() -> list[str]:
    """The QtTextToSpeech engines installed (imports Qt's speech module)."""
    _quiet_qt_multimedia()
    from PySide6.QtTextToSpeech import QTextToSpeech

    return list(QTextToSpeech.availableEngines())


def pick_engine(available: list[str]) -> str | None:
    """The engine to use among ``available``: the first of :data:`PREFERRED_ENGINES`,
    else any but ``mock``; None when there is none."""
    for name in PREFERRED_ENGINES:
        if name in available:
            return name
    others = [n for n in available if n != MOCK_ENGINE]
    return others[0] if others else None


@dataclass(frozen=True)
class VoiceChoice:
    """A voice offered for a language: its name and its locale's name (``en_US``)."""

    name: str
    locale: str


class Engine(QObject):
    """One QTextToSpeech, saying one text at a time (see the module docstring)."""

    started = Signal()
    """The engine began speaking the text last given to :meth:`say`."""
    finished = Signal()
    """The engine finished speaking that text."""
    word = Signal(int, int)
    """A word of that text is being spoken: UTF-16 ``start`` and ``length`` in the text."""
    failed = Signal(str)
    """The engine went to its Error state (its message, or a general one)."""

    def __init__(self, tts: QTextToSpeech, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._states = QTextToSpeech.State
        self.tts = tts
        tts.setParent(self)
        self._text: str | None = None
        """The text we asked for, while it is not finished."""
        self._queued: str | None = None
        """A text waiting for the engine to confirm that the previous one stopped."""
        self._speaking = False
        """The engine has started speaking :attr:`_text`."""
        self._failed = False
        self._start_watch = QTimer(self)
        self._start_watch.setSingleShot(True)
        self._start_watch.setInterval(START_TIMEOUT_MS)
        self._start_watch.timeout.connect(self._did_not_start)
        self._stop_watch = QTimer(self)
        self._stop_watch.setSingleShot(True)
        self._stop_watch.setInterval(STOP_TIMEOUT_MS)
        self._stop_watch.timeout.connect(self._say_queued)
        tts.stateChanged.connect(self._state_changed)
        tts.sayingWord.connect(self._saying_word)
        tts.errorOccurred.connect(self._error_occurred)

    # --- what it can do ------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The engine's name (``speechd``, ``mock`` …)."""
        return self.tts.engine()

    def reports_words(self) -> bool:
        """True when the engine emits ``sayingWord`` (word-by-word marks)."""
        from PySide6.QtTextToSpeech import QTextToSpeech

        caps = self.tts.engineCapabilities()
        return bool(caps & QTextToSpeech.Capability.WordByWordProgress)

    def can_pause(self) -> bool:
        """True when the engine can pause and resume in the middle of a text."""
        from PySide6.QtTextToSpeech import QTextToSpeech

        caps = self.tts.engineCapabilities()
        return bool(caps & QTextToSpeech.Capability.PauseResume)

    def broken(self) -> str | None:
        """Why the engine cannot speak (its error), or None when it can."""
        if self.tts.state() == self._states.Error:
            return self.tts.errorString() or "the engine reported an error"
        return None

    # --- voices --------------------------------------------------------------------------

    def voices_for(self, language: str) -> list[VoiceChoice]:
        """The voices for ``language`` (an ISO code; '' means the system's language),
        base voices before their variants. Voices whose locale Qt does not know (espeak-ng's
        Mandarin is ``cmn``) are matched by their name (``Chinese (Mandarin…)``)."""
        return [VoiceChoice(v.name(), v.locale().name()) for v in self._voices(language)]

    def _voices(self, language: str) -> list[QVoice]:
        wanted = _language(language)
        everything = self.tts.allVoices(None)  # type: ignore[arg-type]  # stubs lack None
        exact = [v for v in everything if v.locale().language() == wanted]
        named = []
        if not exact:
            prefix = QLocale.languageToString(wanted)
            named = [v for v in everything if v.name().startswith(prefix)]
        main = QLocale(wanted).name()

        def rank(v: QVoice) -> tuple[bool, bool, bool, int]:
            # A voice of another language that Qt knows ("Chinese (Cantonese)" is yue) after
            # one Qt cannot place ("Chinese (Mandarin…)" is cmn); base voices before their
            # variants ("+Klatt"); the language's main country first (en_US, ru_RU); then
            # the plainest name ("English (America)" before "English (Caribbean)").
            other = v.locale().language() not in (wanted, QLocale.Language.C)
            return (other, "+" in v.name(), v.locale().name() != main, len(v.name()))

        return sorted(exact or named, key=rank)

    def use_voice(self, language: str, preferred: str = "") -> VoiceChoice | None:
        """Switch to the ``preferred`` voice for ``language`` (by name), else keep the
        engine's own voice when it speaks that language (the system's choice), else take
        the first of :meth:`voices_for`; None (and no change) when there is none."""
        voices = self._voices(language)
        if not voices:
            return None
        current = self.tts.voice().name()
        chosen = next((v for v in voices if v.name() == preferred), None)
        if chosen is None:
            chosen = next((v for v in voices if v.name() == current), voices[0])
        if current != chosen.name() or self.tts.locale() != chosen.locale():
            self.tts.setVoice(chosen)
        return VoiceChoice(chosen.name(), chosen.locale().name())

    def set_prosody(self, rate: float, pitch: float, volume: float | None) -> None:
        """Rate and pitch (-1 … 1) and volume (0 … 1; None keeps the engine's)."""
        if abs(self.tts.rate() - rate) > 1e-3:
            self.tts.setRate(rate)
        if abs(self.tts.pitch() - pitch) > 1e-3:
            self.tts.setPitch(pitch)
        if volume is not None and abs(self.tts.volume() - volume) > 1e-3:
            self.tts.setVolume(volume)

    def volume(self) -> float:
        """The engine's volume (0 … 1)."""
        return float(self.tts.volume())

    # --- speaking ------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Speak ``text``, stopping what is being spoken first (the engine confirms the
        stop before the new text starts, so its end is never taken for this one's)."""
        state = self.tts.state()
        in_flight = self._text is not None and not self._speaking  # asked, not yet begun
        if in_flight or state in (
            self._states.Speaking,
            self._states.Paused,
            self._states.Synthesizing,
        ):
            self._text = None
            self._queued = text
            self._stop_watch.start()
            self.tts.stop()
            return
        self._say_now(text)

    def _say_now(self, text: str) -> None:
        self._queued = None
        self._stop_watch.stop()
        self._text = text
        self._speaking = False
        self._start_watch.start()
        self.tts.say(text)

    def _say_queued(self) -> None:
        queued = self._queued
        if queued is not None:
            self._say_now(queued)

    def stop(self) -> None:
        """Stop speaking; nothing is reported for the text that was being spoken."""
        self._text = None
        self._queued = None
        self._speaking = False
        self._start_watch.stop()
        self._stop_watch.stop()
        if self.tts.state() in (
            self._states.Speaking,
            self._states.Paused,
            self._states.Synthesizing,
        ):
            self.tts.stop()

    def pause(self) -> None:
        """Pause in the middle of the text (engines that cannot: see :meth:`can_pause`)."""
        self.tts.pause()

    def resume(self) -> None:
        """Go on after :meth:`pause`."""
        self.tts.resume()

    def is_paused(self) -> bool:
        """True while the engine is paused."""
        return self.tts.state() == self._states.Paused

    # --- the engine's signals ------------------------------------------------------------

    def _state_changed(self, state: QTextToSpeech.State) -> None:
        states = self._states
        if state == states.Error:
            self._fail(self.tts.errorString())
        elif state == states.Speaking:
            self._failed = False
            if self._text is not None and not self._speaking:
                self._speaking = True
                self._start_watch.stop()
                self.started.emit()
        elif state == states.Ready:
            if self._queued is not None:
                self._say_queued()
            elif self._text is not None and self._speaking:
                self._text = None
                self._speaking = False
                self.finished.emit()

    def _saying_word(self, _word: str, _id: int, start: int, length: int) -> None:
        if self._text is None:
            return
        if not self._speaking:  # a word before the state change: it has started
            self._speaking = True
            self._start_watch.stop()
            self.started.emit()
        self.word.emit(int(start), int(length))

    def _error_occurred(self, _reason: object, message: str) -> None:
        self._fail(message)

    def _did_not_start(self) -> None:
        if self._text is not None and not self._speaking:
            self._fail("it did not start speaking")

    def _fail(self, message: str) -> None:
        if self._failed:
            return
        self._failed = True
        self._text = None
        self._queued = None
        self._start_watch.stop()
        self._stop_watch.stop()
        self.failed.emit(message or "the engine reported an error")


def _language(code: str) -> QLocale.Language:
    if code:
        language = QLocale(code).language()
        if language not in (QLocale.Language.C, QLocale.Language.AnyLanguage):
            return language
    system = QLocale.system().language()
    if system in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return QLocale.Language.English
    return system


class _Relay(QObject):
    """Hands an engine made on a worker thread over to the main thread."""

    made = Signal(object)


def load_engine(
    choice: EngineChoice,
    done: Callable[[Engine | None, str], None],
    parent: QObject,
) -> None:
    """Create the engine ``choice`` names (or the platform's) and call
    ``done(engine, "")``, or ``done(None, message)`` saying why there is none and how to
    install one. ``done`` may be called before this returns (engines made on this thread)."""
    try:
        installed = choice.available() if choice.available is not None else available_engines()
    except (ImportError, OSError) as err:  # Qt's speech module itself is missing
        done(None, no_engine_message(str(err)))
        return
    name = choice.name or pick_engine(installed)
    if name is None or name not in installed:
        done(None, no_engine_message("no speech engine is installed"))
        return
    in_thread = choice.in_thread if choice.in_thread is not None else name == "speechd"
    parameters = dict(choice.parameters)

    def finish(tts: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if not isinstance(tts, QTextToSpeech):
            done(None, no_engine_message(str(tts)))
            return
        engine = Engine(tts, parent)
        problem = engine.broken()
        if problem is not None:
            engine.deleteLater()
            done(None, no_engine_message(problem))
            return
        done(engine, "")

    if not in_thread:
        from PySide6.QtTextToSpeech import QTextToSpeech

        finish(QTextToSpeech(name, parameters) if parameters else QTextToSpeech(name))
        return

    relay = _Relay(parent)
    main = QThread.currentThread()

    def made(tts: object) -> None:
        relay.deleteLater()
        finish(tts)

    relay.made.connect(made)

    def create() -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        made: object
        try:
            tts = QTextToSpeech(name, parameters) if parameters else QTextToSpeech(name)
            tts.moveToThread(main)
            made = tts
        except RuntimeError as err:
            made = str(err)  # handed over as the reason there is no engine
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody to tell
            relay.made.emit(made)

    # Not a daemon: quitting waits for the engine (a few seconds at most) rather than
    # tearing the interpreter down under a thread inside Qt.
    threading.Thread(target=create, name="quire-speech-engine").start()


__all__ = [
    "MOCK_ENGINE",
    "PREFERRED_ENGINES",
    "Engine",
    "VoiceChoice",
    "available_engines",
    "install_hint",
    "language_name",
    "load_engine",
    "no_engine_message",
    "no_voice_message",
    "pick_engine",
]
