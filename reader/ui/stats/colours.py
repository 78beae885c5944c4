"""The Statistics view's colours, taken from the reading theme (light, sepia, dark).

The page's own colours give the background, text, muted text and grid lines;
the series take the theme's highlight colours at full strength (blue for reading,
green for listening, orange for the goal), so a dark theme gets dark charts.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from reader.layout.style import Theme

__all__ = ["ChartColours", "chart_colours", "view_palette"]


def _solid(colour: QColor) -> QColor:
    out = QColor(colour)
    out.setAlpha(255)
    return out


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` (0–1) of the way towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


@dataclass(frozen=True)
class ChartColours:
    """Every colour a chart or the heat map uses."""

    name: str
    """The theme's name."""
    background: QColor
    """Behind each chart (the page colour)."""
    desk: QColor
    """Behind the cards (the desk around the page)."""
    text: QColor
    muted: QColor
    grid: QColor
    reading: QColor
    listening: QColor
    goal: QColor
    empty: QColor
    """A heat-map day without reading."""

    def heat(self, level: float) -> QColor:
        """The heat-map colour for ``level`` 0 (little) … 1 (the most)."""
        level = min(max(level, 0.0), 1.0)
        return _mix(self.empty, self.reading, 0.25 + 0.75 * level)

    @property
    def dark(self) -> bool:
        """True for a dark theme (light text on a dark page)."""
        return self.background.lightness() < 128


def chart_colours(theme: Theme) -> ChartColours:
    """The chart colours of a reading theme."""
    background = theme.color("background")
    text = theme.color("text")
    dark = background.lightness() < 128
    reading = _solid(theme.highlight("blue"))
    listening = _solid(theme.highlight("green"))
    goal = _solid(theme.highlight("orange"))
    if not dark:  # the light highlight fills are pale: darken them to read as lines and bars
        reading = reading.darker(150)
        listening = listening.darker(160)
        goal = goal.darker(140)
    else:
        reading = reading.lighter(140)
        listening = listening.lighter(130)
        goal = goal.lighter(150)
    return ChartColours(
        name=theme.name,
        background=background,
        desk=theme.color("desk"),
        text=text,
        muted=theme.color("muted"),
        grid=_mix(background, text, 0.12),
        reading=reading,
        listening=listening,
        goal=goal,
        empty=_mix(background, text, 0.07),
    )


def view_palette(base: QPalette, colours: ChartColours) -> QPalette:
    """``base`` with the window, text and button colours of the theme (for the whole view)."""
    palette = QPalette(base)
    roles = {
        QPalette.ColorRole.Window: colours.desk,
        QPalette.ColorRole.WindowText: colours.text,
        QPalette.ColorRole.Base: colours.background,
        QPalette.ColorRole.AlternateBase: _mix(colours.background, colours.desk, 0.5),
        QPalette.ColorRole.Text: colours.text,
        QPalette.ColorRole.Button: _mix(colours.background, colours.desk, 0.5),
        QPalette.ColorRole.ButtonText: colours.text,
        QPalette.ColorRole.PlaceholderText: colours.muted,
        QPalette.ColorRole.ToolTipBase: colours.background,
        QPalette.ColorRole.ToolTipText: colours.text,
    }
    for role, colour in roles.items():
        palette.setColor(QPalette.ColorGroup.Active, role, colour)
        palette.setColor(QPalette.ColorGroup.Inactive, role, colour)
    highlight = QColor(colours.reading)
    palette.setColor(QPalette.ColorRole.Highlight, highlight)
    palette.setColor(
        QPalette.ColorRole.HighlightedText,
        QColor("#ffffff") if highlight.lightness() < 150 else QColor("#000000"),
    )
    return palette
