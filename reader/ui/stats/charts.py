"""The Statistics view's charts, built with QtCharts (PySide6-Addons) in the theme's colours.

This module imports ``PySide6.QtCharts``; only the Statistics view imports it, and
the window imports the view on first use, so start-up never loads QtCharts.
Strings from a book never go into a chart (QtCharts reads titles as rich text):
charts carry numbers, dates and our own labels; book titles appear only in the
plain-text tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCharts import (
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from reader.ui.stats.colours import ChartColours

__all__ = [
    "BarData",
    "bar_chart",
    "chart_view",
    "every_nth",
    "line_chart",
    "nice_ceiling",
    "unique_labels",
]

_ZWSP = "\u200b"


@dataclass(frozen=True)
class BarData:
    """One set of bars: its legend name, a value per category, and which colour."""

    name: str
    values: Sequence[float]
    role: str = "reading"
    """``reading`` or ``listening`` (a :class:`ChartColours` field)."""


def unique_labels(labels: Sequence[str]) -> list[str]:
    """``labels`` with repeats made distinct by invisible zero-width spaces (a category
    axis ignores a label it already has)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label + _ZWSP * n)
    return out


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5, 5 or 10 times a power of 10)."""
    if value <= 0:
        return 10.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _small_font(size: float = 8.0) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    return font


def _style_axis(axis: QValueAxis | QDateTimeAxis, c: ChartColours) -> None:
    axis.setLabelsBrush(QBrush(c.text))
    axis.setLabelsFont(_small_font())
    axis.setLinePen(QPen(c.muted, 1))
    axis.setGridLinePen(QPen(c.grid, 1))
    axis.setTitleBrush(QBrush(c.muted))
    axis.setTitleFont(_small_font())


def _new_chart(c: ChartColours, legend: bool) -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundBrush(QBrush(c.background))
    chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
    chart.setBackgroundRoundness(0)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setVisible(legend)
    if legend:
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setLabelColor(c.text)
        chart.legend().setFont(_small_font())
    return chart


def _value_axis(top: float, title: str, c: ChartColours) -> QValueAxis:
    axis = QValueAxis()
    ceiling = nice_ceiling(top)
    if ceiling <= 5:  # small counts (books): a tick per whole number
        ceiling = float(max(1, math.ceil(top)))
        axis.setTickCount(int(ceiling) + 1)
    else:
        axis.setTickCount(6)
    axis.setRange(0.0, ceiling)
    axis.setLabelFormat("%.0f")
    axis.setTitleText(title)
    _style_axis(axis, c)
    return axis


def bar_chart(
    count: int,
    ticks: Sequence[tuple[int, str]],
    sets: Sequence[BarData],
    c: ChartColours,
    *,
    y_title: str = "Minutes",
    goal: float | None = None,
) -> QChart:
    """``count`` bars (the sets stacked) over an axis labelled only at ``ticks`` (bar index,
    label), a value axis from 0, and an optional goal line."""
    shown = [s for s in sets if any(v > 0 for v in s.values)] or list(sets[:1])
    legend = len(shown) > 1 or goal is not None
    chart = _new_chart(c, legend)
    series = QStackedBarSeries()
    series.setBarWidth(0.8)
    for data in shown:
        bars = QBarSet(data.name)
        bars.append([float(v) for v in data.values])
        colour = getattr(c, data.role)
        bars.setColor(colour)
        bars.setBorderColor(colour)
        series.append(bars)
    chart.addSeries(series)
    x_axis = QCategoryAxis()
    x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    for (index, _), label in zip(ticks, unique_labels([t[1] for t in ticks]), strict=True):
        x_axis.append(label, float(index))
    x_axis.setRange(-0.5, max(count, 1) - 0.5)
    _style_axis(x_axis, c)
    x_axis.setGridLineVisible(False)
    top = max((sum(vals) for vals in zip(*(s.values for s in shown), strict=True)), default=0)
    y_axis = _value_axis(max(float(top), goal or 0.0), y_title, c)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    if goal is not None:
        line = QLineSeries()
        line.setName(f"Goal ({goal:.0f} min)")
        line.append(-0.5, float(goal))
        line.append(max(count, 1) - 0.5, float(goal))
        line.setPen(QPen(c.goal, 2, Qt.PenStyle.DashLine))
        chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
    return chart


def every_nth(labels: Sequence[str], most: int) -> list[tuple[int, str]]:
    """Ticks for ``labels`` keeping at most about ``most`` of them, evenly spaced."""
    step = max(1, -(-len(labels) // max(most, 1)))
    return [(i, label) for i, label in enumerate(labels) if i % step == 0]


def line_chart(
    points: Sequence[tuple[datetime, float]],
    c: ChartColours,
    *,
    y_title: str,
) -> QChart:
    """A line with dots through ``points`` over a date axis, a value axis from 0."""
    chart = _new_chart(c, False)
    line = QLineSeries()
    dots = QScatterSeries()
    for when, value in points:
        ms = when.timestamp() * 1000
        line.append(ms, float(value))
        dots.append(ms, float(value))
    line.setPen(QPen(c.reading, 2))
    dots.setColor(c.reading)
    dots.setBorderColor(c.reading)
    dots.setMarkerSize(7.0)
    chart.addSeries(line)
    chart.addSeries(dots)
    x_axis = QDateTimeAxis()
    if points:
        first = QDateTime.fromMSecsSinceEpoch(round(points[0][0].timestamp() * 1000))
        last = QDateTime.fromMSecsSinceEpoch(round(points[-1][0].timestamp() * 1000))
        if first == last:
            first, last = first.addDays(-1), last.addDays(1)
        span = first.daysTo(last)
        pad = max(1, span // 20)
        x_axis.setRange(first.addDays(-pad), last.addDays(pad))
        x_axis.setFormat("d MMM yyyy" if span > 60 else "d MMM")
    x_axis.setTickCount(5)
    _style_axis(x_axis, c)
    x_axis.setGridLineVisible(False)
    top = max((v for _, v in points), default=0.0)
    y_axis = _value_axis(top * 1.1, y_title, c)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for series in (line, dots):
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
    return chart


def chart_view(
    chart: QChart, parent: QWidget | None = None, height: int = 220, *, smooth: bool = False
) -> QChartView:
    """A view of ``chart`` (fixed height, taking the card's width); ``smooth`` antialiases
    it (lines and dots need it; bars are sharp and quicker without)."""
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
    view.setMinimumSize(160, height)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    view.setFixedHeight(height)
    view.setBackgroundBrush(QBrush(QColor(chart.backgroundBrush().color())))
    view.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view
