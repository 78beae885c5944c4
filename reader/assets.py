"""Where Quire's shipped files are: the icons and the sample book.

They live in the top-level ``resources/`` folder of the source tree, which
installs as the ``reader.resources`` package data (``package-dir`` in
pyproject.toml) and is copied to ``reader/resources`` in the PyInstaller
bundle. :func:`resources_dir` finds it in all three places; every path to a
shipped file goes through it.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding ``icons/`` and ``sample/``: inside the package when installed
    (a wheel or the bundle), else ``resources/`` beside the package (a source checkout)."""
    installed = _PACKAGE / "resources"
    if installed.is_dir():
        return installed.resolve()  # real paths: a file's library entry must match them
    return _PACKAGE.parent / "resources"


def icon_path(name: str = "quire.svg") -> Path:
    """A file of the shipped icon set (the SVG by default)."""
    return resources_dir() / "icons" / name


WINDOW_ICON_SIZES = (16, 24, 32, 48, 64, 128)
"""The pixel sizes of the window's icon (title bars, task switchers)."""


def window_icon_files() -> list[Path]:
    """The PNG files the window icon is made of, smallest first (those that exist).

    PNGs rather than the SVG: Qt draws an SVG icon through its SVG plugin and
    library, some 3 ms and 2 MB on the way to the first page.
    """
    files = [icon_path(f"quire-{size}.png") for size in WINDOW_ICON_SIZES]
    return [f for f in files if f.is_file()]


def sample_book() -> Path:
    """The bundled sample book (A Christmas Carol) a new library starts with."""
    return resources_dir() / "sample" / "a_christmas_carol.txt"


__all__ = ["WINDOW_ICON_SIZES", "icon_path", "resources_dir", "sample_book", "window_icon_files"]
