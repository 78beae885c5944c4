"""Render Quire's PNG icons from resources/icons/quire.svg.

Run after editing the SVG: ``QT_QPA_PLATFORM=offscreen python3 packaging/make_icons.py``.
Writes ``quire-<N>.png`` for every size in :data:`reader.desktop.install.ICON_SIZES`.
Below 32 px the ``<g id="detail">`` group (lines of text) is left out: at
that size it would only blur the page.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.desktop.install import ICON_SIZES, icon_file  # noqa: E402

SMALL = 32
_DETAIL = re.compile(rb'<g id="detail".*?</g>', re.S)


def svg_for_size(svg: bytes, size: int) -> bytes:
    """The SVG to draw at ``size`` px: without the fine detail when small."""
    return _DETAIL.sub(b"", svg) if size < SMALL else svg


def render(svg: bytes, size: int, target: Path) -> None:
    """Render ``svg`` into a ``size`` x ``size`` transparent PNG at ``target``."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_for_size(svg, size)))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {icon_file()}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"could not write {target}")


def main() -> int:
    """Render every size next to the SVG and print what was written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    svg = icon_file().read_bytes()
    for size in ICON_SIZES:
        target = icon_file(size)
        render(svg, size, target)
        print(f"{target.relative_to(ROOT)}  {size}x{size}  {target.stat().st_size} bytes")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
