"""The status line under the page: chapter, time left, goal ring, page x of y, percent.

"Time left" in the chapter (and, in its tooltip, in the book) comes from a
:class:`~reader.ui.reading.ports.TimeLeftSource`: the reading statistics, which
measure the reader's pace from recorded page views (skimmed pages and idle time
left out). It is shown only once that pace is known. The optional daily reading
goal shows as a small ring that fills as today's reading adds up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from reader.ui.common.format import format_percent
from reader.ui.common.plain import plain_tooltip

if TYPE_CHECKING:
    from reader.ui.reading.ports import TimeLeftEstimate, TimeLeftSource


def format_duration(seconds: float) -> str:
    """``"12 min"``, ``"1 h 5 min"``, ``"2 h"``, ``"less than 1 min"``."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return "less than 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins} min" if mins else f"{hours} h"


def format_time_left(seconds: float) -> str:
    """``"12 min left in chapter"``, ``"1 h 5 min left in chapter"``, ``"<1 min …"``."""
    return f"{format_duration(seconds)} left in chapter"


def describe_time_left(estimate: TimeLeftEstimate) -> str:
    """The tooltip: time left in the chapter and the book, and the pace it comes from."""
    what = "characters" if estimate.unit == "chars" else "words"
    return (
        f"{format_duration(estimate.chapter_seconds)} left in this chapter, "
        f"{format_duration(estimate.book_seconds)} left in the book,\n"
        f"at your pace of {estimate.per_minute:.0f} {what} a minute "
        "(from your reading statistics)."
    )


def format_page(page: int, total: int, approximate: bool) -> str:
    """``"page 12 of 340"``, or ``"page 12 of ~340"`` while the count is approximate."""
    if total <= 0:
        return ""
    return f"page {page} of {'~' if approximate else ''}{total}"


def page_text(info: Any) -> str:
    """The page field for a ``PageInfo``: ``"page 12 of 340"`` once the book's page count
    is exact; while it is being counted, ``"page 3 of 17 in chapter"`` when the chapter is
    laid out, else nothing (an estimate of the total would swing as the count runs)."""
    if info.total <= 0:
        return ""
    if not info.approximate:
        return format_page(info.page, info.total, False)
    if info.chapter_pages > 0:
        return f"page {info.chapter_page} of {info.chapter_pages} in chapter"
    return ""


class GoalRing(QWidget):
    """A small ring that fills with today's reading towards the daily goal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusGoalRing")
        self.fraction = 0.0
        self.setFixedSize(QSize(16, 16))
        self.setAccessibleName("Daily reading goal")
        self.hide()

    def set_progress(self, fraction: float | None, text: str = "") -> None:
        """Show ``fraction`` (0–1) of the goal reached; None hides the ring."""
        if fraction is None:
            self.hide()
            return
        self.fraction = min(max(float(fraction), 0.0), 1.0)
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self.show()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A faint full circle, and the reached part drawn over it from twelve o'clock."""
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            rect = QRectF(self.rect()).adjusted(2.5, 2.5, -2.5, -2.5)
            track = QColor(self.palette().windowText().color())
            track.setAlphaF(0.25)
            painter.setPen(QPen(track, 3))
            painter.drawEllipse(rect)
            fill = self.palette().highlight().color()
            pen = QPen(fill, 3)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            if self.fraction >= 1.0:
                painter.drawEllipse(rect)
            elif self.fraction > 0:
                painter.drawArc(rect, 90 * 16, -round(self.fraction * 360 * 16))
        finally:
            painter.end()


class StatusLine(QWidget):
    """Chapter title, time left, goal ring, page x of y and percent, as plain-text labels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time_source: TimeLeftSource | None = None
        """Where time left comes from (None: not shown)."""
        self.chapter = self._label("statusChapter")
        self.time_left = self._label("statusTimeLeft")
        self.goal = GoalRing(self)
        self.page = self._label("statusPage")
        self.percent = self._label("statusPercent")
        self.chapter.setMinimumWidth(40)
        self._chapter_title = ""
        self._info: Any = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.chapter, 1)
        layout.addWidget(self.time_left)
        layout.addSpacing(8)
        layout.addWidget(self.goal)
        layout.addSpacing(8)
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
        self.time_left.setToolTip("")
        self._chapter_title = ""
        self._info = None

    def show_info(self, info: Any) -> None:
        """Show a ``PageInfo`` (page, total, approximate, chapter_title, percent, chars left).

        While the page count runs, the line holds still: on the same page the page
        field keeps what it said (nothing, or the chapter's own pages) until the count
        is complete, when it changes once to the exact total (see :func:`page_text`).
        """
        previous, self._info = self._info, info
        page = page_text(info)
        if (
            info.approximate
            and previous is not None
            and previous.approximate
            and previous.offset == info.offset
            and (not page or not self.page.text())
        ):
            page = self.page.text()  # the same page while counting: it stays as it was
        title = info.chapter_title or ""
        self._chapter_title = title
        metrics = self.chapter.fontMetrics()
        width = max(40, self.chapter.width())
        self.chapter.setText(metrics.elidedText(title, Qt.TextElideMode.ElideRight, width))
        self.chapter.setToolTip(plain_tooltip(title) if title else "")
        self.page.setText(page)
        self.percent.setText(format_percent(info.percent) if info.total > 0 else "")
        self._show_time_left(info)

    def _show_time_left(self, info: Any) -> None:
        source = self.time_source
        estimate = (
            source.estimate(info.chapter_chars_left, info.percent)
            if source is not None and info.total > 0
            else None
        )
        if estimate is None:
            self.time_left.setText("")
            self.time_left.setToolTip("")
            return
        self.time_left.setText(format_time_left(estimate.chapter_seconds))
        self.time_left.setToolTip(describe_time_left(estimate))

    def refresh(self) -> None:
        """Work out the time left again for the page shown (the pace changed)."""
        if self._info is not None:
            self._show_time_left(self._info)

    def texts(self) -> dict[str, str]:
        """The visible texts by field (for tests and the key-help overlay)."""
        return {
            "chapter": self._chapter_title,
            "page": self.page.text(),
            "percent": self.percent.text(),
            "time_left": self.time_left.text(),
        }


__all__ = [
    "GoalRing",
    "StatusLine",
    "describe_time_left",
    "format_duration",
    "format_page",
    "format_percent",
    "format_time_left",
    "page_text",
]
