"""A calendar heat map of the last year: one square per day, darker for more reading.

QtCharts has no calendar chart, so this is a small painted widget: weeks in
columns (Monday on top), the months named above, and a "less … more" key. The
shade of a day is its minutes against the year's busiest days (five levels,
by quartiles of the days with reading), so one marathon day does not wash out
the rest. Hovering a day shows its date and minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.ui.stats.colours import ChartColours
from reader.ui.stats.tables import format_minutes

__all__ = ["HeatMap", "heat_levels"]

_LEFT = 30
_TOP = 16
_BOTTOM = 22
_GAP = 2
_CELL = 17
"""The largest square (with its gap), in pixels."""
_DAY_NAMES = {0: "Mon", 2: "Wed", 4: "Fri"}


def heat_levels(minutes: Mapping[date, float]) -> dict[date, int]:
    """Day → level 1–4 (quartiles of the days with reading); days without are absent."""
    values = sorted(m for m in minutes.values() if m > 0)
    if not values:
        return {}
    cuts = [values[min(len(values) - 1, (len(values) * q) // 4)] for q in (1, 2, 3)]
    return {d: 1 + sum(1 for cut in cuts if m > cut) for d, m in minutes.items() if m > 0}


class HeatMap(QWidget):
    """The last year of reading as a calendar of shaded days (see the module docstring)."""

    def __init__(
        self,
        minutes: Mapping[date, float],
        today: date,
        colours: ChartColours,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statsHeatMap")
        self.minutes = dict(minutes)
        self.levels = heat_levels(self.minutes)
        self.today = today
        self.first = today - timedelta(days=364)
        self.start = self.first - timedelta(days=self.first.weekday())  # a Monday
        self.weeks = (today - self.start).days // 7 + 1
        self.colours = colours
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(_TOP + 7 * _CELL + _BOTTOM + 4)
        self.setMinimumWidth(_LEFT + self.weeks * 6 + 8)

    def sizeHint(self) -> QSize:
        """Wide enough for squares of 12 pixels."""
        return QSize(_LEFT + self.weeks * 14 + 8, self.height())

    def _cell(self) -> float:
        width = (self.width() - _LEFT - 8) / max(self.weeks, 1)
        height = (self.height() - _TOP - _BOTTOM) / 7
        return max(4.0, min(width, height, float(_CELL)))

    def _left(self) -> float:
        """Where the first week's column starts (the calendar is centred)."""
        used = _LEFT + self.weeks * self._cell()
        return _LEFT + max(0.0, (self.width() - used) / 2)

    def day_rect(self, day: date) -> QRectF:
        """Where ``day``'s square is painted."""
        cell = self._cell()
        offset = (day - self.start).days
        week, weekday = divmod(offset, 7)
        left = self._left()
        return QRectF(left + week * cell, _TOP + weekday * cell, cell - _GAP, cell - _GAP)

    def day_at(self, point: QPoint) -> date | None:
        """The day whose square is under ``point`` (None between or outside the year)."""
        cell = self._cell()
        week = int((point.x() - self._left()) // cell)
        weekday = int((point.y() - _TOP) // cell)
        if not (0 <= week < self.weeks and 0 <= weekday < 7):
            return None
        day = self.start + timedelta(days=week * 7 + weekday)
        return day if self.first <= day <= self.today else None

    def paintEvent(self, event: QPaintEvent) -> None:
        """Month names, weekday names, one square per day, and the key."""
        c = self.colours
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), c.background)
            font = QFont(self.font())
            font.setPointSizeF(7.5)
            painter.setFont(font)
            cell = self._cell()
            painter.setPen(c.muted)
            for weekday, name in _DAY_NAMES.items():
                painter.drawText(
                    QRectF(self._left() - _LEFT, _TOP + weekday * cell, _LEFT - 4, cell),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                    name,
                )
            left = self._left()
            size = cell - _GAP
            brushes = [c.empty] + [c.heat(level / 4) for level in range(1, 5)]
            by_level: list[list[QRect]] = [[] for _ in brushes]
            painter.setPen(c.muted)
            offset = (self.first - self.start).days
            for i in range((self.today - self.first).days + 1):
                week, weekday = divmod(offset + i, 7)
                x = left + week * cell
                day = self.first + timedelta(days=i)
                if weekday == 0 and day.day <= 7:  # a month's first column is named
                    painter.drawText(
                        QRectF(x, 0, 4 * cell, _TOP - 2),
                        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                        day.strftime("%b"),
                    )
                rect = QRect(round(x), round(_TOP + weekday * cell), round(size), round(size))
                by_level[self.levels.get(day, 0)].append(rect)
            # Plain squares, not antialiased: 365 of them paint in well under a millisecond.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            for brush, rects in zip(brushes, by_level, strict=True):
                for rect in rects:
                    painter.fillRect(rect, brush)
            self._paint_key(painter, cell)
        finally:
            painter.end()

    def _paint_key(self, painter: QPainter, cell: float) -> None:
        c = self.colours
        size = min(cell - _GAP, 11.0)
        y = self.height() - _BOTTOM + 6
        right = self._left() + self.weeks * cell
        x = right - 5 * (size + _GAP) - 34
        painter.setPen(c.muted)
        painter.drawText(
            QRectF(x - 40, y - 2, 36, size + 4),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            "Less",
        )
        for level in range(5):
            square = QRectF(x + level * (size + _GAP), y, size, size).toRect()
            painter.fillRect(square, c.heat(level / 4) if level else c.empty)
        painter.setPen(c.muted)
        painter.drawText(
            QRectF(x + 5 * (size + _GAP) + 4, y - 2, 36, size + 4),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "More",
        )

    def event(self, event: QEvent) -> bool:
        """Tooltips: the date and minutes of the day under the pointer."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                minutes = self.minutes.get(day, 0.0)
                what = format_minutes(minutes * 60) if minutes > 0 else "no reading"
                QToolTip.showText(event.globalPos(), f"{day.strftime('%a %d %b %Y')}: {what}", self)
            return True
        return super().event(event)
