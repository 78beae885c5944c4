"""Settings ▸ Reading: font, size, spacing, margins, justification, theme, two pages.

Every change emits :attr:`ReadingPage.style_changed` with the new
:class:`~reader.layout.style.ReadingStyle` at once; a small live preview page
beside the form shows, in that style, the first paragraphs of the open book's
page (:func:`page_passage`) or, with no book open, a built-in passage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from reader.layout.style import MAX_FONT_SIZE, MIN_FONT_SIZE, ReadingStyle
from reader.text.parse import parse_text
from reader.ui.reading.view import ReadingView

if TYPE_CHECKING:
    from reader.ui.dialogs.ports import ShownPage

SAMPLE_TEXT = """STAVE ONE.

MARLEY'S GHOST.

Marley was dead: to begin with. There is no doubt whatever about that. The register of his \
burial was signed by the clergyman, the clerk, the undertaker, and the chief mourner. Scrooge \
signed it: and Scrooge's name was good upon 'Change, for anything he chose to put his hand to.

Old Marley was as dead as a door-nail.

Mind! I don't mean to say that I know, of my own knowledge, what there is particularly dead \
about a door-nail. I might have been inclined, myself, to regard a coffin-nail as the deadest \
piece of ironmongery in the trade. But the wisdom of our ancestors is in the simile; and my \
unhallowed hands shall not disturb it, or the Country's done for.

Scrooge knew he was dead? Of course he did. How could it be otherwise? Scrooge and he were \
partners for I don't know how many years.
"""
"""The preview passage (Dickens, *A Christmas Carol*, public domain)."""

PREVIEW_PARAGRAPHS = 6
"""At most this many paragraphs of the open book's page are previewed."""
PREVIEW_CHARS = 1500
"""… and at most about this many characters."""


def page_passage(view: ShownPage) -> str:
    """The first paragraphs of the text on ``view``'s page, blank-line separated ('' if none).

    Taken from the shown (display) text, so unwrapped paragraphs stay paragraphs.
    """
    if view.book() is None:
        return ""
    paragraphs: list[str] = []
    size = 0
    for line in view.visible_text().split("\n"):
        line = line.strip()
        if not line:
            continue
        if len(paragraphs) >= PREVIEW_PARAGRAPHS or size >= PREVIEW_CHARS:
            break
        paragraphs.append(line)
        size += len(line)
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


THEME_CHOICES = (
    ("light", "Light"),
    ("sepia", "Sepia"),
    ("dark", "Dark"),
    ("system", "Follow the system"),
)
TWO_PAGE_CHOICES = (
    ("auto", "When the window is wide enough"),
    ("on", "Always"),
    ("off", "Never"),
)
PARAGRAPH_CHOICES = (
    ("indent", "Indent the first line"),
    ("spacing", "Space between paragraphs"),
)


def _combo(parent: QWidget, name: str, choices: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def _spin(
    parent: QWidget, name: str, lo: float, hi: float, step: float, decimals: int, suffix: str
) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(lo, hi)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(False)  # apply on Enter / arrows / focus-out, not per digit
    return spin


class ReadingPage(QWidget):
    """The reading-style form with a live preview page of ``sample`` (or :data:`SAMPLE_TEXT`)."""

    style_changed = Signal(object)
    """The edited :class:`ReadingStyle` (emitted on every change)."""

    def __init__(
        self, style: ReadingStyle, parent: QWidget | None = None, sample: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readingPage")
        self._base = style
        self._loading = True

        self.font_combo = QFontComboBox(self)
        self.font_combo.setObjectName("fontFamily")
        self.font_combo.setFontFilters(QFontComboBox.FontFilter.ScalableFonts)
        self.size_spin = _spin(self, "fontSize", MIN_FONT_SIZE, MAX_FONT_SIZE, 0.5, 1, " pt")
        self.spacing_spin = _spin(self, "lineSpacing", 1.0, 2.0, 0.05, 2, "×")
        self.margin_spin = _spin(self, "margin", 0.0, 12.0, 0.25, 2, " em")
        self.justify_check = QCheckBox("Justify lines (even right edge)", self)
        self.justify_check.setObjectName("justify")
        self.hyphen_check = QCheckBox("Hyphenate long words", self)
        self.hyphen_check.setObjectName("hyphenate")
        self.paragraph_combo = _combo(self, "paragraphStyle", PARAGRAPH_CHOICES)
        self.theme_combo = _combo(self, "theme", THEME_CHOICES)
        self.two_pages_combo = _combo(self, "twoPages", TWO_PAGE_CHOICES)

        form = QFormLayout()
        form.addRow("&Font:", self.font_combo)
        form.addRow("&Size:", self.size_spin)
        form.addRow("&Line spacing:", self.spacing_spin)
        form.addRow("&Margins:", self.margin_spin)
        form.addRow("", self.justify_check)
        form.addRow("", self.hyphen_check)
        form.addRow("&Paragraphs:", self.paragraph_combo)
        form.addRow("&Theme:", self.theme_combo)
        form.addRow("T&wo pages:", self.two_pages_combo)

        self.preview = ReadingView(self)
        self.preview.setObjectName("stylePreview")
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setMinimumSize(260, 300)
        self.preview.set_reading_style(style)
        self.sample = sample if sample.strip() else SAMPLE_TEXT
        self.preview.set_book(parse_text(self.sample, file_name="preview.txt"))
        caption = QLabel("Preview", self)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        side = QVBoxLayout()
        side.addWidget(caption)
        side.addWidget(self.preview, 1)

        layout = QHBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addLayout(side, 1)

        self.set_style(style)
        for signal in (
            self.font_combo.currentFontChanged,
            self.size_spin.valueChanged,
            self.spacing_spin.valueChanged,
            self.margin_spin.valueChanged,
            self.justify_check.toggled,
            self.hyphen_check.toggled,
            self.paragraph_combo.currentIndexChanged,
            self.theme_combo.currentIndexChanged,
            self.two_pages_combo.currentIndexChanged,
        ):
            signal.connect(self._changed)

    def set_style(self, style: ReadingStyle) -> None:
        """Show ``style`` in the form (without emitting :attr:`style_changed`)."""
        self._loading = True
        try:
            self._base = style
            self.font_combo.setCurrentFont(QFont(style.resolved_family()))
            self.size_spin.setValue(style.font_size)
            self.spacing_spin.setValue(style.line_spacing)
            self.margin_spin.setValue(style.margin)
            self.justify_check.setChecked(style.justify)
            self.hyphen_check.setChecked(style.hyphenate)
            for combo, value in (
                (self.paragraph_combo, style.paragraph_style),
                (self.theme_combo, style.theme),
                (self.two_pages_combo, style.two_pages),
            ):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            self.preview.set_reading_style(style)
        finally:
            self._loading = False

    def current_style(self) -> ReadingStyle:
        """The style the form shows now."""
        family = self.font_combo.currentFont().family()
        base = self._base
        keep_default = not base.font_family and family == base.resolved_family()
        return base.with_(
            font_family="" if keep_default else family,
            font_size=self.size_spin.value(),
            line_spacing=self.spacing_spin.value(),
            margin=self.margin_spin.value(),
            justify=self.justify_check.isChecked(),
            hyphenate=self.hyphen_check.isChecked(),
            paragraph_style=str(self.paragraph_combo.currentData()),
            theme=str(self.theme_combo.currentData()),
            two_pages=str(self.two_pages_combo.currentData()),
        )

    def _changed(self, *_args: object) -> None:
        if self._loading:
            return
        style = self.current_style()
        self._base = style
        self.preview.set_reading_style(style)
        self.style_changed.emit(style)
