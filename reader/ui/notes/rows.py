"""Rows of the Bookmarks and Highlights lists: a few plain-text lines per item, painted.

A ``QTreeWidget`` column of several cut-off columns (or one word-wrapped
cell whose height Qt guesses wrong) reads badly in a narrow dock. Each item
instead carries its lines in :data:`LINES_ROLE` — ``(kind, text)`` pairs —
and :class:`NoteRowDelegate` paints them: a bold title with an aside (the
date) on its right, a quote wrapped on up to two lines, a note in italics, a
small muted meta line, and a colour stripe on the left for highlights. Every
string is drawn with ``QPainter.drawText`` on plain text, so book text is
never taken for markup. Items without lines (group headers) are painted the
usual way.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from reader.ui.common.placeholder import paint_placeholder

LINES_ROLE = Qt.ItemDataRole.UserRole + 10
"""``list[tuple[str, str]]``: ``(kind, text)`` with kind title, quote, note or meta."""
ASIDE_ROLE = Qt.ItemDataRole.UserRole + 11
"""Short text drawn right-aligned on the first line (the date)."""
SWATCH_ROLE = Qt.ItemDataRole.UserRole + 12
"""A ``QColor`` drawn as a stripe on the row's left edge (the highlight colour)."""

PAD = 6
STRIPE = 4
MAX_LINES = {"title": 2, "quote": 2, "note": 2, "meta": 1}

_Index = QModelIndex | QPersistentModelIndex


def wrap_text(fm: QFontMetrics, text: str, width: int, max_lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``max_lines`` lines of ``width`` pixels.

    The last line is elided with "…" when the text does not fit; text without
    spaces (Chinese, Japanese) is broken between any two characters.
    """
    text = " ".join(text.split())
    if not text or width <= 0:
        return []
    if fm.horizontalAdvance(text) <= width:
        return [text]
    spaced = " " in text
    tokens = text.split(" ") if spaced else list(text)
    joiner = " " if spaced else ""
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(tokens) and len(lines) < max_lines - 1:
        candidate = tokens[i] if not current else current + joiner + tokens[i]
        if fm.horizontalAdvance(candidate) <= width:
            current = candidate
            i += 1
        elif current:
            lines.append(current)
            current = ""
        else:  # one word wider than the line: it goes, elided, on the last line
            break
    rest = joiner.join(([current] if current else []) + tokens[i:])
    if rest:
        lines.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return lines


class NoteRowDelegate(QStyledItemDelegate):
    """Paints items that carry :data:`LINES_ROLE`; see the module docstring."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view
        view.setItemDelegate(self)
        view.setUniformRowHeights(False)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Rows re-wrap when the list gets narrower or wider: the stretched column follows the
        # viewport, so its resize is the cue (a signal, so nothing runs during tear-down).
        view.header().sectionResized.connect(self._column_resized)

    # --- fonts and geometry ----------------------------------------------------------------

    @staticmethod
    def _font(base: QFont, kind: str) -> QFont:
        font = QFont(base)
        if kind == "title":
            font.setBold(True)
        elif kind == "note":
            font.setItalic(True)
        elif kind == "meta" and font.pointSizeF() > 0:
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
        return font

    def _text_width(self, option: QStyleOptionViewItem, index: _Index) -> int:
        """Room for text in the row: the viewport less indentation, padding and stripe."""
        width = option.rect.width()
        if width <= 0:
            depth = 0
            parent = index.parent()
            while parent.isValid():
                depth += 1
                parent = parent.parent()
            indent = self.view.indentation() * (depth + int(self.view.rootIsDecorated()))
            width = self.view.viewport().width() - indent
        return max(40, width - 2 * PAD - STRIPE - 2)

    def _layout(
        self, option: QStyleOptionViewItem, index: _Index
    ) -> list[tuple[str, QFont, list[str]]]:
        """Each line group as ``(kind, font, wrapped lines)`` for the row's width."""
        width = self._text_width(option, index)
        aside = str(index.data(ASIDE_ROLE) or "")
        out: list[tuple[str, QFont, list[str]]] = []
        for n, (kind, text) in enumerate(index.data(LINES_ROLE) or []):
            font = self._font(option.font, kind)
            fm = QFontMetrics(font)
            room = width
            if n == 0 and aside:
                room -= QFontMetrics(self._font(option.font, "meta")).horizontalAdvance(aside)
                room -= PAD * 2
            lines = wrap_text(fm, str(text), room, MAX_LINES.get(kind, 1))
            if lines:
                out.append((kind, font, lines))
        return out

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """The height of the row's wrapped lines plus padding."""
        if index.data(LINES_ROLE) is None:
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        height = 2 * PAD
        for _kind, font, lines in self._layout(opt, index):
            height += QFontMetrics(font).height() * len(lines) + 1
        return QSize(100, max(height, QFontMetrics(option.font).height() + 2 * PAD))

    # --- painting --------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Selection background, colour stripe, then the lines in their fonts."""
        if index.data(LINES_ROLE) is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()  # the colour is the stripe
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = palette.color(group, role)
        muted = QColor(text_colour)
        muted.setAlphaF(0.7 if selected else 0.6)

        painter.save()
        rect = option.rect
        swatch = index.data(SWATCH_ROLE)
        if isinstance(swatch, QColor) and swatch.isValid():
            painter.fillRect(
                QRect(rect.left() + 1, rect.top() + 3, STRIPE, rect.height() - 6), swatch
            )
        left = rect.left() + PAD + STRIPE
        right = rect.right() - PAD
        y = rect.top() + PAD
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        aside = str(index.data(ASIDE_ROLE) or "")
        for n, (kind, font, lines) in enumerate(self._layout(opt, index)):
            fm = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(muted if kind == "meta" else text_colour)
            for line in lines:
                painter.drawText(QRect(left, y, right - left, fm.height()), flags, line)
                if n == 0 and aside and line is lines[0]:
                    small = self._font(option.font, "meta")
                    painter.setFont(small)
                    painter.setPen(muted)
                    painter.drawText(
                        QRect(left, y, right - left, fm.height()),
                        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                        aside,
                    )
                    painter.setFont(font)
                    painter.setPen(muted if kind == "meta" else text_colour)
                y += fm.height()
            y += 1
        painter.restore()

    # --- editing (bookmark names) ----------------------------------------------------------

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> None:
        """An in-place editor covers the first line only (the name), not the whole row."""
        if index.data(LINES_ROLE) is None:
            super().updateEditorGeometry(editor, option, index)
            return
        height = max(editor.sizeHint().height(), QFontMetrics(option.font).height() + 6)
        rect = option.rect
        editor.setGeometry(
            QRect(rect.left() + STRIPE + 2, rect.top() + 2, rect.width() - STRIPE - 4, height)
        )

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 0:
            self.view.doItemsLayout()


ID_ROLE = Qt.ItemDataRole.UserRole
"""Item data role holding a row's bookmark or annotation id (None on group rows)."""


def tree_rows(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """Every row with an id in a two-level tree (top rows, then their children), in order."""
    out: list[QTreeWidgetItem] = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top is None:
            continue
        if top.data(0, ID_ROLE) is not None:
            out.append(top)
        out += [c for c in (top.child(j) for j in range(top.childCount())) if c is not None]
    return out


def current_row_id(tree: QTreeWidget) -> int | None:
    """The id of the tree's current row (None: no row, or a group row)."""
    item = tree.currentItem()
    value = item.data(0, ID_ROLE) if item is not None else None
    return int(value) if value is not None else None


class PlaceholderTree(QTreeWidget):
    """A tree widget that says something (:attr:`placeholder`) while it is empty."""

    placeholder = ""

    def set_placeholder(self, text: str) -> None:
        """The plain text shown while the tree has no rows."""
        if text != self.placeholder:
            self.placeholder = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The rows, or the placeholder."""
        super().paintEvent(event)
        paint_placeholder(self, self.placeholder)


class PlaceholderList(QListView):
    """A list view that says something (:attr:`placeholder`) while it is empty."""

    placeholder = ""

    def set_placeholder(self, text: str) -> None:
        """The plain text shown while the list has no rows."""
        if text != self.placeholder:
            self.placeholder = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The rows, or the placeholder."""
        super().paintEvent(event)
        paint_placeholder(self, self.placeholder)
