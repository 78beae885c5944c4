"""How a block is set: the font of each role, and the setting a typesetter hands its
line setter (alignment, indents, spacing, a contents grid, a note's label).

Split from :mod:`reader.layout.typeset`, which decides a block's role and setting and
sets its lines; this module only says what those words mean in fonts and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from reader.layout.contents_grid import Grid
from reader.layout.lines import LABEL_FONT, NOTE_FONT
from reader.text.book import BlockKind

__all__ = ["BOOK_TITLE_SCALE", "SMALL_SCALE", "Setting", "role_font"]

BOOK_TITLE_SCALE = 1.6
"""The book's title (its first title-page block) is set this many times the body size."""
SMALL_SCALE = 0.85
"""Front and back matter, a printed contents and footnotes are set this much smaller."""


def role_font(body: QFont, size: float, role: str) -> QFont:
    """The font of text in ``role`` (``body``, ``heading1``, ``note``, ``contents`` …) for a
    body font ``body`` of ``size`` points."""
    font = QFont(body)
    if role == "heading1":
        font.setPointSizeF(size * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
    elif role == "heading2":
        font.setPointSizeF(size * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
    elif role == "booktitle":
        font.setPointSizeF(size * BOOK_TITLE_SCALE)
    elif role == "title":
        font.setPointSizeF(size * 1.2)
    elif role == "note":
        font.setPointSizeF(size * NOTE_FONT)
    elif role == "notelabel":  # a note's own label line ("Chapter Notes"), as a label
        font.setPointSizeF(max(size * LABEL_FONT, 5.0))
        font.setWeight(QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112.0)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
    elif role in ("matter", "contents", "footnote"):
        font.setPointSizeF(size * SMALL_SCALE)
    elif role == "contents_part":
        font.setPointSizeF(size * SMALL_SCALE)
        font.setWeight(QFont.Weight.DemiBold)
    elif role == "ruby":
        font.setPointSizeF(max(size * 0.5, 5.0))
    return font


@dataclass(frozen=True, slots=True)
class Setting:
    """How a block's lines are set: everything the typesetter's line setter needs besides
    the block's text."""

    kind: BlockKind
    role: str
    align: Qt.AlignmentFlag
    rtl: bool
    bidi: bool
    font: QFont
    left: float
    indent: float
    hanging: float
    spacing: float
    base: float
    ruby_h: float
    grid: Grid | None = None
    """A printed contents' columns."""
    label_chars: int = 0
    """Layout characters of a note's label or fold line at the start (0: none)."""
    fold: bool = False
    """The block is a folded note's one line ("Author's note — show")."""
    caps: bool = False
    """The label is the note's own label line from the text, shown in capitals."""
