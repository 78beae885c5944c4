"""Settings ▸ Read Aloud: the voice for the book's language, rate, pitch, volume, skips.

Every change is stored at once and used from the next sentence. The voice list is
filled when the page is first shown (loading the speech engine if it is not loaded
yet, which can take a few seconds with speech-dispatcher); without an engine, or
without a voice for the book's language, the page says so and how to install one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from reader.ui.speech.controller import STOPPED
from reader.ui.speech.engine import language_name, no_voice_message

if TYPE_CHECKING:
    from reader.ui.speech.controller import ReadAloud
    from reader.ui.speech.engine import Engine
    from reader.ui.speech.settings import ReadAloudSettings

SKIPS = (
    ("skip_matter", "skipMatter", "Skip front and back matter (Gutenberg and Aozora notices)"),
    ("skip_contents", "skipContents", "Skip tables of contents printed in the book"),
    ("skip_scene_breaks", "skipSceneBreaks", "Skip scene-break ornaments"),
    ("skip_author_notes", "skipAuthorNotes", "Skip author's notes (A/N)"),
)
"""``(setting, object name, label)`` of the skip check boxes."""
AUTOMATIC = "Automatic (the engine's first voice for the language)"
SAMPLE = "This is how the book will sound when it is read aloud."


class ReadAloudPage(QWidget):
    """The Read Aloud page of the Settings dialog (see the module docstring)."""

    def __init__(self, controller: ReadAloud, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readAloudPage")
        self.controller = controller
        self.language = controller.book_language()
        self._asked = False
        settings = controller.settings()

        voice_box = QGroupBox("Voice", self)
        self.voice = QComboBox(voice_box)
        self.voice.setObjectName("speechVoice")
        self.voice.setAccessibleName("Voice")
        self.voice.addItem(AUTOMATIC, "")
        self.voice.setEnabled(False)
        self.voice_note = QLabel("", voice_box)
        self.voice_note.setObjectName("speechVoiceNote")
        self.voice_note.setTextFormat(Qt.TextFormat.PlainText)
        self.voice_note.setWordWrap(True)
        self.test_button = QPushButton("&Listen", voice_box)
        self.test_button.setObjectName("speechTest")
        self.test_button.setToolTip("Say a sentence with this voice")
        self.test_button.setEnabled(False)
        self.test_button.clicked.connect(self._listen)
        row = QHBoxLayout()
        row.addWidget(self.voice, 1)
        row.addWidget(self.test_button)
        form = QFormLayout(voice_box)
        form.addRow(f"Voice for {language_name(self.language)}:", row)
        form.addRow(self.voice_note)
        self.rate = self._slider("speechRate", -100, 100, settings.rate)
        self.pitch = self._slider("speechPitch", -100, 100, settings.pitch)
        self.volume = self._slider(
            "speechVolume", 0, 100, settings.volume if settings.volume is not None else 1.0
        )
        form.addRow("&Speed:", self.rate)
        form.addRow("&Pitch:", self.pitch)
        form.addRow("Vo&lume:", self.volume)
        self.voice.currentIndexChanged.connect(self._voice_chosen)
        for slider in (self.rate, self.pitch, self.volume):
            slider.valueChanged.connect(self._prosody_changed)

        skip_box = QGroupBox("Leave out", self)
        skip_layout = QVBoxLayout(skip_box)
        self.skips: dict[str, QCheckBox] = {}
        for key, name, label in SKIPS:
            check = QCheckBox(label, skip_box)
            check.setObjectName(name)
            check.setChecked(bool(getattr(settings, key)))
            check.toggled.connect(self._skips_changed)
            skip_layout.addWidget(check)
            self.skips[key] = check

        layout = QVBoxLayout(self)
        layout.addWidget(voice_box)
        layout.addWidget(skip_box)
        layout.addStretch(1)

    def _slider(self, name: str, lo: int, hi: int, value: float) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setObjectName(name)
        slider.setRange(lo, hi)
        slider.setSingleStep(5)
        slider.setPageStep(10)
        slider.setValue(round(value * 100))
        return slider

    # --- voices -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Ask for the voices the first time the page is shown."""
        super().showEvent(event)
        self.load_voices()

    def load_voices(self) -> None:
        """Fill the voice list (loading the engine if needed; once)."""
        if self._asked:
            return
        self._asked = True
        self.voice_note.setText("Looking for voices…")
        self.controller.with_engine(self._voices_ready)

    def _voices_ready(self, engine: Engine | None, message: str) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog closed while the engine loaded

        if engine is None:
            self.voice_note.setText(message)
            return
        voices = engine.voices_for(self.language)
        if not voices:
            self.voice_note.setText(no_voice_message(self.language))
            return
        chosen = self.controller.settings().voices.get(self.language, "")
        self.voice.blockSignals(True)
        for v in voices:
            self.voice.addItem(f"{v.name} ({v.locale})", v.name)
        index = self.voice.findData(chosen) if chosen else 0
        self.voice.setCurrentIndex(max(index, 0))
        self.voice.blockSignals(False)
        self.voice.setEnabled(True)
        self.test_button.setEnabled(True)
        self.voice_note.setText(f"{len(voices)} voices for this language.")
        if self.controller.settings().volume is None:
            self.volume.blockSignals(True)
            self.volume.setValue(round(engine.volume() * 100))
            self.volume.blockSignals(False)

    def _listen(self) -> None:
        engine = self.controller.engine
        if engine is None or self.controller.state() != STOPPED:
            return
        engine.use_voice(self.language, str(self.voice.currentData() or ""))
        s = self.controller.settings()
        engine.set_prosody(s.rate, s.pitch, s.volume)
        engine.say(self.controller.sample_text() or SAMPLE)

    # --- changes ------------------------------------------------------------------------

    def _apply(self, settings: ReadAloudSettings) -> None:
        self.controller.apply_settings(settings)

    def _voice_chosen(self, _index: int) -> None:
        voice = str(self.voice.currentData() or "")
        self._apply(self.controller.settings().with_voice(self.language, voice))

    def _prosody_changed(self, _value: int) -> None:
        self._apply(
            self.controller.settings().with_(
                rate=self.rate.value() / 100,
                pitch=self.pitch.value() / 100,
                volume=self.volume.value() / 100,
            )
        )

    def _skips_changed(self, _on: bool) -> None:
        changes = {key: check.isChecked() for key, check in self.skips.items()}
        self._apply(self.controller.settings().with_(**changes))


__all__ = ["SAMPLE", "SKIPS", "ReadAloudPage"]
