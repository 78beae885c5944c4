"""How one book looks in the library list: title, author, length, last read, progress bar.

Everything is drawn with ``QPainter.drawText`` on plain strings, so a title
like ``<b>Bold</b> &amp; Co`` shows literally (no rich-text detection). Every
row has the same height, so the view can use uniform item sizes and scroll
10,000 books smoothly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.store.models import BookRecord
from reader.text.story import rating_code
from reader.ui.common.format import format_percent
from reader.ui.library.model import Role
from reader.ui.library.query import chapters_text
from reader.ui.library.record_text import (
    format_length,
    new_chapters_text,
    relative_day,
    shown_title,
)

PAD = 6
BAR_HEIGHT = 5
MISSING_TEXT = "missing"
LABEL_ROOM = "yesterday · 100%"


class BookDelegate(QStyledItemDelegate):
    """Paints a library row in three lines; all rows are the same height."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._now = datetime.now(UTC)
        self._fonts: dict[str, tuple[QFont, QFont, QFontMetrics, QFontMetrics]] = {}

    def refresh_clock(self) -> None:
        """Take "now" afresh for the relative dates (called when the list is reloaded)."""
        self._now = datetime.now(UTC)

    def _fonts_for(self, font: QFont) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
        """Bold title font and smaller detail font (cached per base font)."""
        key = font.key()
        found = self._fonts.get(key)
        if found is None:
            title_font = QFont(font)
            title_font.setBold(True)
            small = QFont(font)
            if small.pointSizeF() > 0:
                small.setPointSizeF(max(6.0, small.pointSizeF() * 0.9))
            found = (title_font, small, QFontMetrics(title_font), QFontMetrics(small))
            self._fonts[key] = found
        return found

    def row_height(self, font: QFont) -> int:
        """The height of every row for the view's ``font``: three lines and padding."""
        _t, _s, tfm, sfm = self._fonts_for(font)
        return tfm.height() + 2 * sfm.height() + 2 * PAD + 4

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """Three text lines and padding, whatever the book (uniform rows)."""
        return QSize(200, self.row_height(option.font))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Draw background/selection, then title, author, length, last read, progress."""
        record = index.data(Role.RECORD)
        if record is None:
            heading = index.data(Role.GROUP)
            if isinstance(heading, str):
                self._paint_heading(painter, option, heading)
            return
        widget = option.widget
        style = widget.style() if widget is not None else None
        painter.save()
        try:
            if style is not None:
                style.drawPrimitive(
                    QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget
                )
            self._paint_text(painter, option, record)
        finally:
            painter.restore()

    def _paint_heading(self, painter: QPainter, opt: QStyleOptionViewItem, heading: str) -> None:
        """A group's heading row: its name and count, bold, over a rule."""
        title_font, _small, tfm, _sfm = self._fonts_for(opt.font)
        colour = opt.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        painter.save()
        painter.setFont(title_font)
        painter.setPen(colour)
        rect = opt.rect.adjusted(PAD + 2, PAD, -PAD - 2, -PAD)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        painter.drawText(
            rect, flags, tfm.elidedText(heading, Qt.TextElideMode.ElideRight, rect.width())
        )
        rule = QColor(colour)
        rule.setAlphaF(0.3)
        painter.setPen(rule)
        painter.drawLine(rect.left(), opt.rect.bottom() - 1, rect.right(), opt.rect.bottom() - 1)
        painter.restore()

    def _paint_text(self, painter: QPainter, opt: QStyleOptionViewItem, record: BookRecord) -> None:
        state = opt.state
        palette = opt.palette
        selected = bool(state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = palette.color(group, role)
        dim = QColor(text_colour)
        dim.setAlphaF(0.65)
        missing = record.missing
        title_font, small, tfm, sfm = self._fonts_for(opt.font)
        rect = opt.rect.adjusted(PAD + 2, PAD, -PAD - 2, -PAD)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

        # line 1: the title, the whole width (the most important thing in the row)
        line1 = QRect(rect.left(), rect.top(), rect.width(), tfm.height())
        painter.setFont(title_font)
        painter.setPen(dim if missing else text_colour)
        painter.drawText(
            line1,
            flags,
            tfm.elidedText(shown_title(record), Qt.TextElideMode.ElideRight, line1.width()),
        )

        # line 2: author (· fandom) ........ length (a story: rating · status · chapters · words)
        line2 = QRect(rect.left(), line1.bottom() + 1, rect.width(), sfm.height())
        painter.setFont(small)
        author = " · ".join(a for a in (record.display_author, record.fandom) if a)
        room = line2.width() - (sfm.horizontalAdvance("Mmmmmmmm…") if author else 0)
        parts = story_fact_parts(record)
        length = fitted_facts(parts, room - PAD, sfm.horizontalAdvance) if parts else ""
        if not parts:
            length = format_length(record.length, record.length_unit)
            if sfm.horizontalAdvance(length) + PAD > room:
                length = ""  # a very narrow pane: the author wins
        length_w = sfm.horizontalAdvance(length) + PAD if length else 0
        if length:
            painter.setPen(dim)
            painter.drawText(line2, right, length)
        painter.setPen(text_colour)
        painter.drawText(
            line2,
            flags,
            sfm.elidedText(author, Qt.TextElideMode.ElideRight, line2.width() - length_w),
        )

        # line 3: progress bar ........ "today · 45%" ("not opened", or the missing mark)
        line3 = QRect(rect.left(), line2.bottom() + 1, rect.width(), sfm.height())
        percent = float(record.percent or 0.0)
        if missing:
            label = MISSING_TEXT
            painter.setPen(QColor("#c0392b") if not selected else text_colour)
        elif news := new_chapters_text(record):
            label = news  # an update of the story brought chapters the reader has not seen
            accent = palette.color(group, QPalette.ColorRole.Highlight)
            painter.setPen(accent if not selected else text_colour)
        else:
            when = relative_day(record.last_read, self._now)
            label = f"{when} · {format_percent(percent)}" if record.last_read else when
            painter.setPen(dim)
        label = sfm.elidedText(label, Qt.TextElideMode.ElideRight, line3.width() * 2 // 3)
        painter.drawText(line3, right, label)
        # The same bar length in (nearly) every row: room for the usual label, more if needed.
        label_w = max(sfm.horizontalAdvance(label), sfm.horizontalAdvance(LABEL_ROOM)) + PAD
        bar = QRectF(
            line3.left(),
            line3.center().y() - BAR_HEIGHT / 2,
            max(0, line3.width() - label_w),
            BAR_HEIGHT,
        )
        track = QColor(text_colour)
        track.setAlphaF(0.15)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 2, 2)
        if percent > 0 and not missing:
            fill = QRectF(bar)
            fill.setWidth(max(2.0, bar.width() * min(100.0, percent) / 100.0))
            colour = (
                palette.color(group, QPalette.ColorRole.Highlight) if not selected else text_colour
            )
            painter.setBrush(colour)
            painter.drawRoundedRect(fill, 2, 2)


def story_fact_parts(record: BookRecord) -> list[tuple[str, str]]:
    """A story's facts for its row as ``(kind, text)``: ``rating``, ``status``,
    ``chapters`` and ``words``, in that order (empty for a book that is no story)."""
    if not record.story:
        return []
    parts: list[tuple[str, str]] = []
    if record.rating:
        parts.append(("rating", rating_code(record.rating)))
    if record.story_status:
        parts.append(("status", "Complete" if record.story_status == "complete" else "WIP"))
    chapters = chapters_text(record)
    if chapters:
        parts.append(("chapters", f"{chapters} ch"))
    if record.story_words:
        parts.append(("words", format_length(record.story_words, "words")))
    return parts


def story_facts(record: BookRecord) -> str:
    """A story's facts as one line ("T · WIP · 3/? ch · 12k words"); '' for a book that is
    no story."""
    return " · ".join(text for _kind, text in story_fact_parts(record))


_DROP_ORDER = ("chapters", "rating", "status")
"""Which facts give way first when a row is narrow; the words stay longest."""


def fitted_facts(parts: list[tuple[str, str]], room: float, width: Callable[[str], float]) -> str:
    """The facts joined with " · ", leaving out the least needed ones (:data:`_DROP_ORDER`)
    until the line is at most ``room`` wide; '' when not even the last one fits."""
    kept = list(parts)
    for kind in ("", *_DROP_ORDER):
        kept = [p for p in kept if p[0] != kind]
        line = " · ".join(text for _kind, text in kept)
        if width(line) <= room:
            return line
    return ""
