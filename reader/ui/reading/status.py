"""The status line under the page: chapter, page x of y, percent, time left in the chapter.

The reader's pace is measured from forward page turns (characters moved per
second); turns less than a second apart (skimming) or more than ten minutes
apart (a break) are ignored. Time left is shown once a few turns have been
measured.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from reader.ui.common.format import format_percent
from reader.ui.common.plain import plain_tooltip

MIN_GAP = 1.0
"""Seconds: faster turns are skimming, not reading."""
MAX_GAP = 600.0
"""Seconds: slower turns mean the reader took a break."""
MIN_SAMPLES = 3
"""Measured turns needed before time left is shown."""


class PaceMeter:
    """Reading pace in characters per second, from the timing of forward page turns."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, window: int = 20) -> None:
        self._clock = clock
        self._samples: deque[tuple[int, float]] = deque(maxlen=window)
        self._last: tuple[int, float] | None = None

    def reset(self, position: int | None = None) -> None:
        """Forget the samples (a new book); optionally start from ``position``."""
        self._samples.clear()
        self._last = None if position is None else (position, self._clock())

    def restart(self, position: int) -> None:
        """A jump (go to, chapter, new book): the next turn starts a fresh interval."""
        self._last = (position, self._clock())

    def turned(self, position: int) -> None:
        """Record that the page now starts at ``position``."""
        now = self._clock()
        if self._last is not None:
            last_pos, last_t = self._last
            gap = now - last_t
            chars = position - last_pos
            if chars > 0 and MIN_GAP <= gap <= MAX_GAP:
                self._samples.append((chars, gap))
        self._last = (position, now)

    @property
    def samples(self) -> int:
        """How many turns have been measured."""
        return len(self._samples)

    def pace(self) -> float | None:
        """Characters per second, or None until :data:`MIN_SAMPLES` turns are measured."""
        if len(self._samples) < MIN_SAMPLES:
            return None
        chars = sum(c for c, _ in self._samples)
        secs = sum(t for _, t in self._samples)
        return chars / secs if secs > 0 else None

    def seconds_for(self, chars: int) -> float | None:
        """Estimated seconds to read ``chars`` characters (None while pace is unknown)."""
        pace = self.pace()
        if pace is None or pace <= 0:
            return None
        return max(0, chars) / pace


def format_time_left(seconds: float) -> str:
    """``"12 min left in chapter"``, ``"1 h 5 min left in chapter"``, ``"<1 min …"``."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "less than 1 min left in chapter"
    if minutes < 60:
        return f"{minutes} min left in chapter"
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins} min left in chapter" if mins else f"{hours} h left in chapter"


def format_page(page: int, total: int, approximate: bool) -> str:
    """``"page 12 of 340"``, or ``"page 12 of ~340"`` while the count is approximate."""
    if total <= 0:
        return ""
    return f"page {page} of {'~' if approximate else ''}{total}"


class StatusLine(QWidget):
    """Chapter title, page x of y, percent and time left, as plain-text labels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pace = PaceMeter()
        self.chapter = self._label("statusChapter")
        self.time_left = self._label("statusTimeLeft")
        self.page = self._label("statusPage")
        self.percent = self._label("statusPercent")
        self.chapter.setMinimumWidth(40)
        self._chapter_title = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.chapter, 1)
        layout.addWidget(self.time_left)
        layout.addSpacing(12)
        layout.addWidget(self.page)
        layout.addSpacing(12)
        layout.addWidget(self.percent)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def clear(self) -> None:
        """Blank every field (no book open)."""
        for label in (self.chapter, self.time_left, self.page, self.percent):
            label.setText("")
        self.chapter.setToolTip("")
        self._chapter_title = ""

    def show_info(self, info: Any) -> None:
        """Show a ``PageInfo`` (page, total, approximate, chapter_title, percent, chars left)."""
        title = info.chapter_title or ""
        self._chapter_title = title
        metrics = self.chapter.fontMetrics()
        width = max(40, self.chapter.width())
        self.chapter.setText(metrics.elidedText(title, Qt.TextElideMode.ElideRight, width))
        self.chapter.setToolTip(plain_tooltip(title) if title else "")
        self.page.setText(format_page(info.page, info.total, info.approximate))
        self.percent.setText(format_percent(info.percent) if info.total > 0 else "")
        seconds = self.pace.seconds_for(info.chapter_chars_left)
        self.time_left.setText("" if seconds is None else format_time_left(seconds))

    def texts(self) -> dict[str, str]:
        """The visible texts by field (for tests and the key-help overlay)."""
        return {
            "chapter": self._chapter_title,
            "page": self.page.text(),
            "percent": self.percent.text(),
            "time_left": self.time_left.text(),
        }


__all__ = [
    "PaceMeter",
    "StatusLine",
    "format_page",
    "format_percent",
    "format_time_left",
]
