"""Selecting text with the keyboard alone: a caret that extends a selection from an anchor.

``v`` starts the mode at the top of the page (or on the mouse selection). The
selection runs from the anchor to the caret, both included. ``w``/``e``/``b``
move to the next word start, the word end, the previous word start; ``)``
and ``}`` to the end of the sentence / paragraph (the next one when already
there), ``(`` and ``{`` to the start of it (the previous one when already
there); ←/→ by character (also ``h``/``l``), ↑/↓ by display line (also
``k``/``j``). Enter highlights in the default colour, ``1``–``5`` in a
chosen colour, ``n`` highlights and opens a note, ``y`` copies, Esc or ``v``
leaves. The page turns to keep the caret visible.

While the mode is active its keys win over the window's shortcuts: the
filter on the view accepts ``ShortcutOverride`` for exactly those keys, so
Qt delivers them to the view as key presses instead of firing ``b`` (bookmark),
``n`` (next hit) or the arrows (page turns).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLabel

from reader.ui.common.marks import COLORS

if TYPE_CHECKING:
    from reader.layout.typeset import Typesetter
    from reader.text.book import Book
    from reader.ui.reading.view import ReadingView

HINT = (
    "Selecting: w/b/e words, ( ) sentences, { } paragraphs, arrows; "
    "Enter highlight, 1–5 colour, n note, y copy, Esc leave"
)

_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’»)\]」』]*(?=\s|$)")
_SENTENCE_GAP = re.compile(r"[.!?…。！？]+[\"'”’»)\]」』]*\s+")
_LOOK = 20_000  # characters scanned back for a sentence start


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class Motions:
    """Caret motions over a book's source text, kept inside its reading range and blocks."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.text = book.text
        self.lo, self.hi = book.reading_range()

    def clamp(self, pos: int) -> int:
        """``pos`` moved onto a character of the reading range (never past the last)."""
        return max(self.lo, min(pos, max(self.lo, self.hi - 1)))

    def block_span(self, pos: int) -> tuple[int, int]:
        """``[start, end)`` of the block holding ``pos`` (or the next block)."""
        blocks = self.book.blocks
        i = blocks.index_at(pos)
        if i < 0:
            return self.lo, self.hi
        return blocks.starts()[i], blocks.ends()[i]

    def _block(self, i: int) -> tuple[int, int]:
        return self.book.blocks.starts()[i], self.book.blocks.ends()[i]

    def first_visible(self, start: int, end: int) -> int:
        """The first non-blank character in ``[start, end)`` (``start`` if all blank)."""
        text, p = self.text, max(start, self.lo)
        while p < min(end, self.hi) and text[p].isspace():
            p += 1
        return self.clamp(p if p < end else start)

    # --- characters ---------------------------------------------------------------------

    def char_next(self, pos: int) -> int:
        """One character on (to the next block's start at a block end)."""
        _s, e = self.block_span(pos)
        if pos + 1 < e:
            return self.clamp(pos + 1)
        i = self.book.blocks.index_at(pos) + 1
        if i < len(self.book.blocks):
            return self.clamp(self._block(i)[0])
        return pos

    def char_prev(self, pos: int) -> int:
        """One character back (to the previous block's last character at a block start)."""
        s, _e = self.block_span(pos)
        if pos - 1 >= s:
            return self.clamp(pos - 1)
        i = self.book.blocks.index_at(pos) - 1
        if i >= 0:
            return self.clamp(self._block(i)[1] - 1)
        return pos

    # --- words --------------------------------------------------------------------------

    def word_next(self, pos: int) -> int:
        """The start of the next word."""
        text, hi, p = self.text, self.hi, pos
        while p < hi and _is_word(text[p]):
            p += 1
        while p < hi and not _is_word(text[p]):
            p += 1
        return self.clamp(p) if p < hi else pos

    def word_end(self, pos: int) -> int:
        """The last character of this word, or of the next one when already at an end."""
        text, hi, p = self.text, self.hi, pos + 1
        while p < hi and not _is_word(text[p]):
            p += 1
        if p >= hi:
            return pos
        while p + 1 < hi and _is_word(text[p + 1]):
            p += 1
        return self.clamp(p)

    def word_prev(self, pos: int) -> int:
        """The start of this word, or of the previous one when already at a start."""
        text, lo, p = self.text, self.lo, pos - 1
        while p > lo and not _is_word(text[p]):
            p -= 1
        while p > lo and _is_word(text[p - 1]):
            p -= 1
        return self.clamp(p) if p >= lo else pos

    # --- sentences ----------------------------------------------------------------------

    def _last_char(self, start: int, end: int) -> int:
        p = end - 1
        while p > start and self.text[p].isspace():
            p -= 1
        return p

    def sentence_end(self, pos: int) -> int:
        """The end of this sentence (its closing punctuation), or of the next one."""
        for _ in range(2):
            s, e = self.block_span(pos)
            m = _SENTENCE_END.search(self.text, pos + 1, e)
            target = m.end() - 1 if m else self._last_char(s, e)
            if target > pos:
                return self.clamp(target)
            i = self.book.blocks.index_at(pos) + 1
            if i >= len(self.book.blocks):
                return pos
            pos = self.first_visible(*self._block(i)) - 1
        return pos

    def _sentence_starts(self, start: int, end: int) -> list[int]:
        starts = [self.first_visible(start, end)]
        look = max(start, end - _LOOK)
        starts += [m.end() for m in _SENTENCE_GAP.finditer(self.text, look, end)]
        return starts

    def sentence_start(self, pos: int) -> int:
        """The start of this sentence, or of the previous one when already at a start."""
        s, e = self.block_span(pos)
        before = [p for p in self._sentence_starts(s, min(e, pos + 1)) if p < pos]
        if before:
            return self.clamp(max(before))
        i = self.book.blocks.index_at(pos) - 1
        if i < 0:
            return pos
        ps, pe = self._block(i)
        return self.clamp(max(self._sentence_starts(ps, pe)))

    # --- paragraphs ---------------------------------------------------------------------

    def paragraph_end(self, pos: int) -> int:
        """The last character of this paragraph, or of the next one when already there."""
        s, e = self.block_span(pos)
        last = self._last_char(s, e)
        if last > pos:
            return self.clamp(last)
        i = self.book.blocks.index_at(pos) + 1
        if i >= len(self.book.blocks):
            return pos
        return self.clamp(self._last_char(*self._block(i)))

    def paragraph_start(self, pos: int) -> int:
        """The first character of this paragraph, or of the previous one when already there."""
        s, e = self.block_span(pos)
        first = self.first_visible(s, e)
        if first < pos:
            return first
        i = self.book.blocks.index_at(pos) - 1
        return self.first_visible(*self._block(i)) if i >= 0 else pos


def line_move(book: Book, ts: Typesetter, pos: int, direction: int) -> int:
    """The offset one display line up (``direction`` -1) or down (1) from ``pos``, same x."""
    blocks = book.blocks
    b = blocks.index_at(pos)
    blk = ts.block(b) if b >= 0 else None
    if blk is None or not blk.line_starts:
        return pos
    i = max(0, bisect.bisect_right(blk.line_starts, pos) - 1)
    rects = blk.range_rects(pos, pos + 1, i, i)
    x = rects[0].center().x() if rects else 0.0
    j = i + direction
    if 0 <= j < blk.line_count():
        return blk.hit_test(x, blk.line_tops[j] + 0.5, j, j)
    nb = b + direction
    lo, hi = book.reading_range()
    while 0 <= nb < len(blocks):
        other = ts.block(nb)
        start = blocks.starts()[nb]
        if start >= hi or blocks.ends()[nb] <= lo:
            return pos
        if other is not None and other.line_starts:
            j = 0 if direction > 0 else other.line_count() - 1
            return other.hit_test(x, other.line_tops[j] + 0.5, j, j)
        nb += direction
    return pos


_COMMAND_MODS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_SPECIAL = {
    Qt.Key.Key_Left.value: "left",
    Qt.Key.Key_Right.value: "right",
    Qt.Key.Key_Up.value: "up",
    Qt.Key.Key_Down.value: "down",
    Qt.Key.Key_Return.value: "enter",
    Qt.Key.Key_Enter.value: "enter",
    Qt.Key.Key_Escape.value: "esc",
}
_CHARS = {
    "w": "word_next", "e": "word_end", "b": "word_prev",
    "(": "sentence_start", ")": "sentence_end",
    "{": "paragraph_start", "}": "paragraph_end",
    "h": "left", "l": "right", "k": "up", "j": "down",
    "n": "note", "y": "copy", "v": "esc",
    **{str(i + 1): f"color:{c}" for i, c in enumerate(COLORS)},
}  # fmt: skip


def key_command(event: QKeyEvent) -> str | None:
    """The selection-mode command a key press stands for, or None for keys the mode ignores."""
    if event.modifiers() & _COMMAND_MODS:
        return None
    key = event.key()
    if key in _SPECIAL:
        return _SPECIAL[key]
    ch = event.text()
    if not ch and 0x20 < key < 0x7F:
        ch = chr(key)
        if ch.isalpha() and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            ch = ch.lower()
    return _CHARS.get(ch)


class SelectionMode(QObject):
    """The keyboard selection mode on a :class:`ReadingView`; see the module docstring."""

    active_changed = Signal(bool)

    def __init__(
        self,
        view: ReadingView,
        on_highlight: Callable[[int, int, str], object],
        on_note: Callable[[int, int], object],
    ) -> None:
        super().__init__(view)
        self.view = view
        self._on_highlight = on_highlight
        self._on_note = on_note
        self._active = False
        self._anchor = 0
        self._caret = 0
        self._setting = False
        # A floating label, not a layout change: showing it must not reflow the page.
        self.hint = QLabel(HINT, view)
        self.hint.setObjectName("selectionHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet(
            "#selectionHint { background: rgba(40, 40, 40, 210); color: white;"
            " padding: 3px 8px; border-radius: 4px; }"
        )
        self.hint.hide()
        self.active_changed.connect(self._show_hint)
        view.installEventFilter(self)
        view.selection_changed.connect(self._on_view_selection)

    # --- state --------------------------------------------------------------------------

    def is_active(self) -> bool:
        """True while the mode is on."""
        return self._active

    def caret(self) -> int:
        """The caret's source offset."""
        return self._caret

    def anchor(self) -> int:
        """Where the selection started."""
        return self._anchor

    def selected_range(self) -> tuple[int, int]:
        """Source ``[start, end)`` from the anchor to the caret, both included."""
        return min(self._anchor, self._caret), max(self._anchor, self._caret) + 1

    def _motions(self) -> Motions | None:
        book = self.view.book()
        return Motions(book) if book is not None and book.text else None

    def start(self, rng: tuple[int, int] | None = None) -> bool:
        """Turn the mode on at the top of the page (or over ``rng``); False without a book."""
        motions = self._motions()
        if motions is None:
            return False
        if rng is None:
            rng = self.view.selection()
        if rng is not None and rng[1] > rng[0]:
            self._anchor, self._caret = motions.clamp(rng[0]), motions.clamp(rng[1] - 1)
        else:
            self._anchor = self._caret = motions.first_visible(*self.view.visible_range())
        was = self._active
        self._active = True
        self._show()
        if not was:
            self.active_changed.emit(True)
        return True

    def stop(self) -> None:
        """Leave the mode and clear the selection."""
        if not self._active:
            return
        self._active = False
        self._setting = True
        try:
            self.view.clear_selection()
        finally:
            self._setting = False
        self.active_changed.emit(False)

    def _show(self) -> None:
        self._setting = True
        try:
            self.view.set_selection(self.selected_range())
        finally:
            self._setting = False
        lo, hi = self.view.visible_range()
        if not lo <= self._caret < hi:
            self.view.go_to(self._caret)

    def _on_view_selection(self, rng: tuple[int, int] | None) -> None:
        if self._setting:
            return
        if rng is None:
            if self._active:
                self._active = False
                self.active_changed.emit(False)
        else:
            self.start(rng)  # a mouse selection: refine it or highlight it with the keys

    def _show_hint(self, active: bool) -> None:
        if active:
            self.hint.adjustSize()
            width = min(self.hint.sizeHint().width(), max(self.view.width() - 16, 40))
            self.hint.resize(width, self.hint.sizeHint().height())
            self.hint.move(8, max(self.view.height() - self.hint.height() - 8, 0))
            self.hint.show()
            self.hint.raise_()
        else:
            self.hint.hide()

    # --- commands -----------------------------------------------------------------------

    def run(self, command: str) -> None:
        """Perform a mode command (a motion name, ``enter``, ``note``, ``color:NAME`` …)."""
        motions = self._motions()
        if motions is None:
            self.stop()
            return
        if command == "esc":
            self.stop()
        elif command == "enter" or command.startswith("color:"):
            colour = command.split(":", 1)[1] if ":" in command else COLORS[0]
            start, end = self.selected_range()
            self.stop()
            self._on_highlight(start, end, colour)
        elif command == "note":
            start, end = self.selected_range()
            self.stop()
            self._on_note(start, end)
        elif command == "copy":
            start, end = self.selected_range()
            QGuiApplication.clipboard().setText(motions.text[start:end])
        else:
            self._caret = self._moved(motions, command)
            self._show()

    def _moved(self, motions: Motions, command: str) -> int:
        pos = self._caret
        if command in ("up", "down"):
            ts = self.view.typesetter()
            if ts is None:
                return pos
            return motions.clamp(line_move(motions.book, ts, pos, -1 if command == "up" else 1))
        method = {"left": "char_prev", "right": "char_next"}.get(command, command)
        return getattr(motions, method)(pos)

    # --- keys ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While active, claim the mode's keys before the window's shortcuts see them."""
        if not self._active or watched is not self.view:
            return False
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self._show_hint(True)
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if key_command(event) is not None:
                event.accept()
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            command = key_command(event)
            if command is not None:
                self.run(command)
                return True
        return False


__all__ = ["HINT", "Motions", "SelectionMode", "key_command", "line_move"]
