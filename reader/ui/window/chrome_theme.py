"""The window's chrome (docks, lists, menus, status bar) follows a dark reading theme.

Choosing the dark reading theme (or "system" on a dark desktop) would otherwise
darken only the page and leave the rest of the window in the light desktop
palette. :func:`apply_chrome_theme` sets a matching dark ``QPalette`` on the
application and puts the desktop's own palette back for the light and sepia
themes (and on :func:`restore_chrome_palette`, when the window shuts down).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_saved: QPalette | None = None
"""The application's palette from before the dark one was applied (None: not applied)."""

_DARK_ROLES: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#dfdcd6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.ToolTipBase: "#2b2d30",
    QPalette.ColorRole.ToolTipText: "#dfdcd6",
    QPalette.ColorRole.PlaceholderText: "#8d8a84",
    QPalette.ColorRole.Text: "#dfdcd6",
    QPalette.ColorRole.Button: "#34363a",
    QPalette.ColorRole.ButtonText: "#dfdcd6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Light: "#45474c",
    QPalette.ColorRole.Midlight: "#3a3c40",
    QPalette.ColorRole.Mid: "#2f3134",
    QPalette.ColorRole.Dark: "#17181a",
    QPalette.ColorRole.Shadow: "#0d0d0e",
    QPalette.ColorRole.Highlight: "#2f6fc0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6aa8ff",
    QPalette.ColorRole.LinkVisited: "#b48cff",
}
_DARK_DISABLED: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.WindowText: "#77746f",
    QPalette.ColorRole.Text: "#77746f",
    QPalette.ColorRole.ButtonText: "#77746f",
    QPalette.ColorRole.Highlight: "#3a3c40",
    QPalette.ColorRole.HighlightedText: "#a09d97",
}


def dark_palette() -> QPalette:
    """The dark application palette that matches the dark reading theme."""
    palette = QPalette()
    for role, colour in _DARK_ROLES.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def desktop_prefers_dark() -> bool:
    """True when the desktop (not Quire's own palette) asks for a dark colour scheme."""
    if QGuiApplication.instance() is None:
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    palette = _saved if _saved is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def chrome_is_dark(theme: str) -> bool:
    """True when the reading theme ``theme`` wants dark window chrome."""
    return theme == "dark" or (theme == "system" and desktop_prefers_dark())


def is_dark_applied() -> bool:
    """True while Quire's dark palette is set on the application."""
    return _saved is not None


def apply_chrome_theme(theme: str) -> bool:
    """Give the application the palette matching reading theme ``theme``; True when dark.

    Light and sepia (and "system" on a light desktop) restore the palette the
    application had before; nothing happens without a ``QApplication``.
    """
    global _saved
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    if not chrome_is_dark(theme):
        restore_chrome_palette()
        return False
    if _saved is None:
        _saved = QPalette(app.palette())
        QApplication.setPalette(dark_palette())
    return True


def restore_chrome_palette() -> None:
    """Put back the application palette from before the dark one (no-op when not dark)."""
    global _saved
    if _saved is None:
        return
    saved, _saved = _saved, None
    if QApplication.instance() is not None:
        QApplication.setPalette(saved)
