"""The position scrubber: a slider over the whole book, with a tick at every chapter.

It appears over the bottom of the page on demand (``G``, or when the mouse rests at
the bottom edge). While the reader drags it (or moves it with the keys) it shows
which chapter and page that is; letting go of the mouse, or Enter, goes there
(:attr:`Scrubber.committed`); Esc puts it back and closes it. Keys: ←/→ move a
page, PgUp/PgDown a chapter, Home/End to the ends.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

HEIGHT = 64
"""Height of the scrubber's band at the bottom of the page."""


class ChapterSlider(QSlider):
    """A horizontal slider over source offsets that draws a tick at each chapter start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("scrubberSlider")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Position in the book")
        self.ticks: list[int] = []
        """Chapter starts (source offsets), each drawn as a tick."""
        self.major: frozenset[int] = frozenset()
        """The ticks drawn taller: the parts of a book that has parts and chapters."""

    def tick_x(self, value: int) -> float:
        """The x of ``value`` along the groove (widget coordinates)."""
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self
        )
        span = max(groove.width() - handle.width(), 1)
        pos = QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, span)
        return groove.left() + handle.width() / 2 + pos

    def paintEvent(self, event: QPaintEvent) -> None:
        """The slider, then a short tick under the groove at each chapter."""
        super().paintEvent(event)
        if not self.ticks:
            return
        painter = QPainter(self)
        colour = self.palette().placeholderText().color()
        strong = self.palette().text().color()
        bottom = self.height() - 1
        for value in self.ticks:
            x = self.tick_x(value)
            if value in self.major:
                painter.fillRect(QRectF(x - 0.75, bottom - 8, 1.5, 8), strong)
            else:
                painter.fillRect(QRectF(x - 0.5, bottom - 4, 1.0, 4), colour)
        painter.end()


class Scrubber(QFrame):
    """The scrubber over the page (see the module docstring)."""

    committed = Signal(int)
    """The reader chose a place: its source offset (a jump)."""
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("scrubber")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.preview = QLabel(self)
        self.preview.setObjectName("scrubberPreview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slider = ChapterSlider(self)
        self.slider.installEventFilter(self)
        self.slider.valueChanged.connect(self._previewed)
        self.slider.sliderReleased.connect(self.commit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 6)
        layout.setSpacing(2)
        layout.addWidget(self.preview)
        layout.addWidget(self.slider)
        self._chapters: list[int] = []
        self._describe: Callable[[int], str] = str
        self._origin = 0
        self._by_mouse = False
        self.hide()

    # --- opening ------------------------------------------------------------------------

    def open(
        self,
        lo: int,
        hi: int,
        position: int,
        chapters: list[int],
        page_chars: int,
        describe: Callable[[int], str],
        *,
        focus: bool = True,
        parts: frozenset[int] = frozenset(),
    ) -> None:
        """Show the scrubber over ``[lo, hi)`` at ``position``; chapter starts get ticks
        (``parts`` taller ones) and PgUp/PgDown stops; ←/→ move ``page_chars``;
        ``describe(offset)`` is the preview."""
        self._chapters = sorted(c for c in chapters if lo <= c < hi)
        self._describe = describe
        self._origin = min(max(position, lo), max(hi - 1, lo))
        slider = self.slider
        slider.blockSignals(True)
        slider.setRange(lo, max(hi - 1, lo))
        slider.setSingleStep(max(page_chars, 1))
        slider.setPageStep(max(page_chars * 10, 1))
        slider.setValue(self._origin)
        slider.blockSignals(False)
        slider.ticks = self._chapters
        slider.major = parts
        self._by_mouse = not focus
        self.place()
        self._previewed(self._origin)
        self.show()
        self.raise_()
        if focus:
            slider.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def place(self) -> None:
        """Lie across the bottom of the page."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(0, max(parent.height() - HEIGHT, 0), parent.width(), HEIGHT)

    def value(self) -> int:
        """The offset the slider points at."""
        return self.slider.value()

    def _previewed(self, value: int) -> None:
        self.preview.setText(self._describe(value))

    # --- closing ------------------------------------------------------------------------

    def commit(self) -> None:
        """Go to the offset chosen (if it moved) and close."""
        if not self.isVisible():
            return
        value = self.slider.value()
        self.close_scrubber()
        if value != self._origin:
            self.committed.emit(value)

    def cancel(self) -> None:
        """Put the slider back and close without going anywhere."""
        self.slider.blockSignals(True)
        self.slider.setValue(self._origin)
        self.slider.blockSignals(False)
        self.close_scrubber()

    def close_scrubber(self) -> None:
        """Hide, giving the keyboard back to the page."""
        if not self.isVisible():
            return
        had_focus = self.slider.hasFocus()
        self.hide()
        parent = self.parentWidget()
        if had_focus and parent is not None:
            parent.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    # --- keys and mouse -----------------------------------------------------------------

    def _chapter_step(self, direction: int) -> int:
        value, starts = self.slider.value(), self._chapters
        if direction > 0:
            i = bisect.bisect_right(starts, value)
            return starts[i] if i < len(starts) else self.slider.maximum()
        i = bisect.bisect_left(starts, value) - 1
        return starts[i] if i >= 0 else self.slider.minimum()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The slider's keys (Enter, Esc, chapter steps; its own ←/→, Home/End) and its mouse
        release (a click on the groove commits as a drag does)."""
        if watched is not self.slider:
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            event.accept()  # every key is the scrubber's while it has the keyboard
            return True
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commit()
                return True
            if key == Qt.Key.Key_Escape:
                self.cancel()
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.slider.setValue(self._chapter_step(1 if key == Qt.Key.Key_PageDown else -1))
                return True
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if not self.slider.isSliderDown():
                self.slider.mouseReleaseEvent(event)
                self.commit()
                return True
        elif (
            kind == QEvent.Type.FocusOut
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self.cancel()
        return False

    def leaveEvent(self, event: QEvent) -> None:
        """Shown by the mouse, it goes away when the mouse leaves it (not while dragging)."""
        super().leaveEvent(event)
        if self._by_mouse and not self.slider.isSliderDown() and not self.slider.hasFocus():
            self.cancel()


__all__ = ["HEIGHT", "ChapterSlider", "Scrubber"]
