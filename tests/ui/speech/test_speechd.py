"""The real ``speechd`` engine: a private speech-dispatcher (espeak-ng, sound to libao's null
driver, so no audio device is needed) speaks a sentence, and then a short book is read aloud
through it. Never skipped on CI: a missing tool fails there (``tests/required.py``)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTextToSpeech import QTextToSpeech
from required import missing, require_tool
from speech_support import make_reader, story

from reader.ui.speech.controller import END_OF_BOOK, STOPPED
from reader.ui.speech.engine import Engine
from reader.ui.speech.ports import EngineChoice

SPEECHD = EngineChoice(name="speechd")
MODULE_DIRS = (
    "/usr/lib/speech-dispatcher-modules",
    "/usr/libexec/speech-dispatcher-modules",
    "/usr/lib/x86_64-linux-gnu/speech-dispatcher-modules",
    "/usr/lib64/speech-dispatcher-modules",
)
ENGINE_WAIT_MS = 120_000
"""Hang guard: speech-dispatcher lists every espeak-ng voice on connecting (seconds)."""

SPEECHD_CONF = """\
LogLevel 3
LogDir "{logs}"
# No sound card here: speech-dispatcher plays through libao, whose driver is "null"
# (~/.libao in this test's home).
AudioOutputMethod "libao"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
DefaultLanguage "en"
"""


@pytest.fixture
def speech_dispatcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private speech-dispatcher for this test (its own config, socket and home)."""
    exe = require_tool("speech-dispatcher")
    require_tool("espeak-ng")
    if not any(Path(d, "sd_espeak-ng").exists() for d in MODULE_DIRS):
        missing("speech-dispatcher's espeak-ng module (speech-dispatcher-espeak-ng)")
    home = Path(os.environ["HOME"])  # the temporary home of the autouse fixture
    (home / ".libao").write_text("default_driver=null\n", encoding="utf-8")
    conf = tmp_path / "speechd"
    (conf / "modules").mkdir(parents=True)
    logs = tmp_path / "logs"
    logs.mkdir()
    (conf / "speechd.conf").write_text(SPEECHD_CONF.format(logs=logs), encoding="utf-8")
    (conf / "modules" / "espeak-ng.conf").write_text("", encoding="utf-8")
    socket = Path(os.environ["XDG_RUNTIME_DIR"]) / "speechd.sock"
    command = [exe, "--run-single", "--config-dir", str(conf), "--communication-method",
               "unix_socket", "--socket-path", str(socket), "--timeout", "120",
               "--log-dir", str(logs)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not socket.exists():
            assert server.poll() is None, f"speech-dispatcher exited ({server.returncode})"
            assert time.monotonic() < deadline, "speech-dispatcher did not open its socket"
            time.sleep(0.05)
        monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket}")
        yield logs
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_speechd_speaks_and_goes_back_to_ready(
    qtbot, tmp_path: Path, speech_dispatcher: Path
) -> None:  # type: ignore[no-untyped-def]
    reader = make_reader(
        qtbot, tmp_path, story([["It was late.", "The fog was thick."]]), engine=SPEECHD
    )
    loaded: list[tuple[Engine | None, str]] = []
    reader.controller.with_engine(lambda e, m: loaded.append((e, m)))
    qtbot.waitUntil(lambda: bool(loaded), timeout=ENGINE_WAIT_MS)  # made on a worker thread
    engine, message = loaded[0]
    assert engine is not None, message
    assert engine.name == "speechd" and not engine.reports_words()
    voice = engine.use_voice("en")
    assert voice is not None and voice.name.startswith("English"), voice
    # Each corpus language has a voice, the main one first (espeak-ng's Mandarin has a
    # locale Qt cannot place, "cmn": it is found by its name, before Cantonese).
    first = {code: engine.voices_for(code)[0] for code in ("en", "fr", "ru", "ja", "zh")}
    assert first["en"].locale == "en_US" and "+" not in first["en"].name
    assert first["fr"].locale == "fr_FR" and first["ru"].locale == "ru_RU"
    assert first["ja"].locale == "ja_JP"
    assert "Mandarin" in first["zh"].name, first["zh"]
    states: list[QTextToSpeech.State] = []
    engine.tts.stateChanged.connect(states.append)
    with qtbot.waitSignal(engine.finished, timeout=ENGINE_WAIT_MS):
        engine.say("Hello from Quire.")
    assert states[0] == QTextToSpeech.State.Speaking
    assert states[-1] == QTextToSpeech.State.Ready
    assert engine.tts.state() == QTextToSpeech.State.Ready

    # The same engine reads a short book aloud, sentence after sentence, to its end.
    reader.controller.play()
    qtbot.waitUntil(lambda: reader.controller.state() == STOPPED, timeout=ENGINE_WAIT_MS)
    assert reader.texts() == ["It was late.", "The fog was thick."]
    assert reader.last_message() == END_OF_BOOK
    assert reader.saved == [reader.spoken[-1].start]
