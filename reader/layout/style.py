"""Reading style: the user's typographic choices and the theme colours they imply.

A :class:`ReadingStyle` is a frozen value; changing a setting makes a new one
(:meth:`ReadingStyle.with_`). It round-trips through plain dicts for the
settings store, ignoring unknown keys and filling missing or bad ones with
defaults, so an old or hand-edited settings row never breaks the reader.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

SERIF_PREFERENCES: tuple[str, ...] = (
    "Literata",
    "Noto Serif",
    "Source Serif 4",
    "Source Serif Pro",
    "Source Serif",
    "Georgia",
    "DejaVu Serif",
    "Nimbus Roman",
    "Liberation Serif",
    "Times New Roman",
)
"""Serif families tried in order when the style names none (or one that is not installed)."""

PARAGRAPH_STYLES = ("indent", "spacing")
THEMES = ("light", "sepia", "dark", "system")
TWO_PAGES = ("auto", "on", "off")

MIN_FONT_SIZE = 6.0
MAX_FONT_SIZE = 72.0


@dataclass(frozen=True)
class ReadingStyle:
    """How pages look: font, spacing, margins, justification, theme, spreads.

    ``font_family`` empty means "the best serif installed" (resolved by
    :meth:`resolved_family` when a font is needed, never at import time).
    ``font_size`` is in points; ``line_spacing`` a multiple of the font's line
    height (1.0–2.0); ``margin`` the page margin in ems of the body font.
    """

    font_family: str = ""
    font_size: float = 13.0
    line_spacing: float = 1.35
    margin: float = 2.5
    justify: bool = True
    hyphenate: bool = True
    paragraph_style: str = "indent"
    theme: str = "light"
    two_pages: str = "auto"
    show_matter: bool = False

    def __post_init__(self) -> None:
        # Clamp instead of raising: styles come from settings files and spin boxes.
        set_ = object.__setattr__
        set_(self, "font_size", _clamp(self.font_size, MIN_FONT_SIZE, MAX_FONT_SIZE, 13.0))
        set_(self, "line_spacing", _clamp(self.line_spacing, 1.0, 2.0, 1.35))
        set_(self, "margin", _clamp(self.margin, 0.0, 12.0, 2.5))
        if self.paragraph_style not in PARAGRAPH_STYLES:
            set_(self, "paragraph_style", "indent")
        if self.theme not in THEMES:
            set_(self, "theme", "light")
        if self.two_pages not in TWO_PAGES:
            set_(self, "two_pages", "auto")
        set_(self, "font_family", str(self.font_family or ""))

    def with_(self, **changes: Any) -> ReadingStyle:
        """A copy with some fields changed (unknown names raise ``TypeError``)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict of every field, for the settings store."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ReadingStyle:
        """Build from a stored dict: unknown keys are ignored, missing or bad ones defaulted."""
        if not isinstance(data, dict):
            return cls()
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            default = f.default
            if isinstance(default, bool):
                if isinstance(value, bool):
                    kwargs[f.name] = value
            elif isinstance(default, float):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    kwargs[f.name] = float(value)
            elif isinstance(default, str) and isinstance(value, str):
                kwargs[f.name] = value
        return cls(**kwargs)

    def resolved_family(self) -> str:
        """The font family actually used: the chosen one if installed, else the best serif."""
        return _resolve_family(self.font_family)

    def body_font(self) -> QFont:
        """The body text font for this style."""
        font = QFont(self.resolved_family())
        font.setPointSizeF(self.font_size)
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setHintingPreference(QFont.HintingPreference.PreferVerticalHinting)
        return font

    def colours(self) -> Theme:
        """The theme colours for this style (``system`` follows the application palette)."""
        return Theme.named(self.theme)


@functools.lru_cache(maxsize=32)
def _resolve_family(family: str) -> str:
    """``family`` if installed, else the first installed of :data:`SERIF_PREFERENCES`."""
    families = set(QFontDatabase.families())
    if family and family in families:
        return family
    for name in SERIF_PREFERENCES:
        if name in families:
            return name
    return QFont().defaultFamily() or "Serif"


def _clamp(value: object, lo: float, hi: float, default: float) -> float:
    """``value`` as a float within ``[lo, hi]``, or ``default`` when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return default
    return float(min(hi, max(lo, value)))


@dataclass(frozen=True)
class Theme:
    """Colours of a reading theme (all ``#rrggbb`` strings; :meth:`color` gives QColor)."""

    name: str
    background: str
    desk: str
    """Around and between pages (a shade of the background)."""
    edge: str
    """The thin page edge line."""
    text: str
    muted: str
    heading: str
    highlights: tuple[tuple[str, str], ...]
    """Highlight colour names → translucent fills, drawn under the text."""
    search: str

    @staticmethod
    def named(name: str) -> Theme:
        """The theme called ``name`` ("light", "sepia", "dark" or "system")."""
        if name == "system":
            name = "dark" if system_prefers_dark() else "light"
        return _THEMES.get(name, _THEMES["light"])

    def color(self, role: str) -> QColor:
        """A colour by role name ("background", "text", "muted", "heading", "edge", "desk")."""
        return QColor(getattr(self, role))

    def highlight(self, name: str) -> QColor:
        """Fill colour for a highlight named ``name`` (or ``"search"``); unknown → yellow."""
        if name == "search":
            return QColor(self.search)
        table = dict(self.highlights)
        value = table.get(name)
        if value is None:
            colour = QColor(name)
            if colour.isValid():
                colour.setAlpha(110)
                return colour
            value = table["yellow"]
        return QColor(value)


def system_prefers_dark() -> bool:
    """True when the desktop asks for a dark colour scheme (or the palette is dark)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    try:
        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Dark:
            return True
        if scheme == Qt.ColorScheme.Light:
            return False
    except AttributeError:  # Qt < 6.5
        pass
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


_LIGHT_MARKS = (
    ("yellow", "#80ffd84d"),
    ("green", "#7090e090"),
    ("blue", "#6080b8ff"),
    ("pink", "#70ff99c2"),
    ("purple", "#60c0a0ff"),
    ("orange", "#70ffb060"),
)
_DARK_MARKS = (
    ("yellow", "#70b89a20"),
    ("green", "#70409a50"),
    ("blue", "#704070c0"),
    ("pink", "#70a04070"),
    ("purple", "#706850b0"),
    ("orange", "#70b06a20"),
)

_THEMES: dict[str, Theme] = {
    "light": Theme(
        "light", "#fdfcf8", "#e6e4de", "#cfccc4", "#1d1d1b", "#6b6b66", "#111111",
        _LIGHT_MARKS, "#9058b4ff",
    ),
    "sepia": Theme(
        "sepia", "#f4ecd8", "#ddd2b8", "#c8b996", "#433422", "#7d6a52", "#3a2a18",
        _LIGHT_MARKS, "#9058b4ff",
    ),
    "dark": Theme(
        "dark", "#1e1f22", "#141517", "#34363a", "#d6d3cc", "#8d8a84", "#eeebe4",
        _DARK_MARKS, "#902f6fc0",
    ),
}  # fmt: skip
