"""A one-key recorder for the Keys page: press a key combination, get its portable text.

Built on ``QKeySequenceEdit`` limited to one combination. Shift is dropped
from symbols that need Shift to be typed at all (``Shift+?`` is ``?``), so a
recorded key matches the way the defaults are written.
"""

from __future__ import annotations

from PySide6.QtCore import QKeyCombination, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QKeySequenceEdit, QWidget

_SHIFT = Qt.KeyboardModifier.ShiftModifier


def clean_combination(combo: QKeyCombination) -> QKeyCombination:
    """``combo`` without a Shift that only served to type a symbol (``?``, ``:``, ``{``)."""
    key = combo.key()
    mods = combo.keyboardModifiers()
    code = int(key.value)
    is_symbol = 0x21 <= code <= 0x7E and not chr(code).isalnum()
    if mods & _SHIFT and is_symbol:
        return QKeyCombination(mods & ~_SHIFT, key)
    return combo


def key_text(sequence: QKeySequence) -> str:
    """The portable text of the first combination of ``sequence`` ("" when empty)."""
    if sequence.isEmpty():
        return ""
    combo = clean_combination(sequence[0])  # type: ignore[index]  # QKeySequence.operator[]
    if combo.key() in (Qt.Key.Key_unknown, Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                       Qt.Key.Key_Meta):  # fmt: skip
        return ""
    return QKeySequence(combo).toString(QKeySequence.SequenceFormat.PortableText)


class KeyCapture(QKeySequenceEdit):
    """Records one key combination; emits :attr:`captured` with its portable text."""

    captured = Signal(str)
    """The key just recorded (``"Ctrl+F"``, ``"?"``, ``"F5"``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyRecorder")
        self.setMaximumSequenceLength(1)
        self.setClearButtonEnabled(True)
        self.setToolTip("Press the new key combination")
        self.editingFinished.connect(self._finish)

    def _finish(self) -> None:
        text = key_text(self.keySequence())
        if text:
            self.captured.emit(text)
