"""Selecting text with the keyboard alone: a caret the reader places, then a selection.

``v`` starts the mode with a caret on the first line of the page (or, when a
search hit is current on the page, with that hit selected; or on the mouse
selection). Before anchoring, the caret moves anywhere: ``w``/``e``/``b`` to the
next word start, the word end, the previous word start; ``)`` and ``}`` to the
end of the sentence / paragraph (the next one when already there), ``(`` and
``{`` to the start of it (the previous one when already there); ←/→ by
character (also ``h``/``l``; in a right-to-left paragraph they follow the
reader's eye), ↑/↓ by display line (also ``k``/``j``), PgDown/PgUp to the first
line of the next / previous page. A second ``v``, or Space, anchors the
selection there; from then on the same keys move its end, across pages too.
Before anchoring, Enter on an entry of a printed contents goes to its chapter (Back
returns). Enter highlights in the default colour, ``1``–``5`` in a chosen colour, ``n``
highlights and opens a note, ``y`` copies, Esc (or ``v`` once anchored) leaves.
The page turns to keep the caret visible. A character is always a whole one: an
emoji with its modifiers, a flag, a letter with its combining marks.

While the mode is active its keys win over the window's shortcuts: the
filter on the view accepts ``ShortcutOverride`` for exactly those keys, so
Qt delivers them to the view as key presses instead of firing ``b`` (bookmark),
``n`` (next hit) or the arrows (page turns).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLabel

from reader.ui.common.marks import COLORS
from reader.ui.reading.motions import Motions, line_move

if TYPE_CHECKING:
    from reader.ui.reading.view import ReadingView

HINT = (
    "Selecting: w/b/e words, ( ) sentences, { } paragraphs, arrows, PgUp/PgDn pages; "
    "Enter highlight, 1–5 colour, n note, y copy, Esc leave"
)
CARET_HINT = (
    "Selecting — place the caret: w/b/e words, ( ) sentences, { } paragraphs, arrows, "
    "PgUp/PgDn pages; v or Space starts the selection here, Enter follows a contents "
    "entry, Esc leaves"
)

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
    Qt.Key.Key_PageDown.value: "page_next",
    Qt.Key.Key_PageUp.value: "page_prev",
    Qt.Key.Key_Space.value: "anchor",
    Qt.Key.Key_Return.value: "enter",
    Qt.Key.Key_Enter.value: "enter",
    Qt.Key.Key_Escape.value: "esc",
}
_CHARS = {
    "w": "word_next", "e": "word_end", "b": "word_prev",
    "(": "sentence_start", ")": "sentence_end",
    "{": "paragraph_start", "}": "paragraph_end",
    "h": "left", "l": "right", "k": "up", "j": "down",
    "n": "note", "y": "copy", "v": "v",
    **{str(i + 1): f"color:{c}" for i, c in enumerate(COLORS)},
}  # fmt: skip
_ACTIONS = frozenset({"enter", "note", "copy"})


def key_command(event: QKeyEvent) -> str | None:
    """The selection-mode command a key press stands for, or None for keys the mode ignores."""
    if event.modifiers() & _COMMAND_MODS:
        return None
    key = event.key()
    if key in _SPECIAL:
        if key == Qt.Key.Key_Space.value and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            return None
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
        self._anchored = False
        self._anchor = 0
        self._caret = 0
        self._setting = False
        # A floating label, not a layout change: showing it must not reflow the page.
        self.hint = QLabel(HINT, view)
        self.hint.setObjectName("selectionHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
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

    def is_anchored(self) -> bool:
        """True once the selection's start is fixed (before that, only the caret moves)."""
        return self._active and self._anchored

    def caret(self) -> int:
        """The caret's source offset."""
        return self._caret

    def anchor(self) -> int:
        """Where the selection started (the caret, before anchoring)."""
        return self._anchor if self._anchored else self._caret

    def selected_range(self) -> tuple[int, int]:
        """Source ``[start, end)`` from the anchor to the caret, both characters included
        whole (before anchoring: the character at the caret)."""
        a, c = self.anchor(), self._caret
        motions = self._motions()
        end = max(a, c)
        last = motions.char_end(end) if motions is not None else end + 1
        return min(a, c), max(last, end + 1)

    def _motions(self) -> Motions | None:
        view = self.view
        book = view.book()
        if book is None or not book.text:
            return None
        return Motions(book, view.typesetter())

    def start(self, rng: tuple[int, int] | None = None) -> bool:
        """Turn the mode on: over ``rng`` (or the mouse selection), anchored; else with a
        caret on the first line of the page. False without a book."""
        motions = self._motions()
        if motions is None:
            return False
        if rng is None:
            rng = self.view.selection()
        if rng is not None and rng[1] > rng[0]:
            self._anchor = motions.clamp(rng[0])
            self._caret = motions.char_start(rng[1] - 1)
            self._anchored = True
        else:
            self._anchor = self._caret = motions.first_visible(*self.view.visible_range())
            self._anchored = False
        was = self._active
        self._active = True
        self._show()
        if not was:
            self.active_changed.emit(True)
        else:
            self._show_hint(True)
        return True

    def anchor_here(self) -> None:
        """Fix the selection's start at the caret (a second ``v``, or Space)."""
        if self._active and not self._anchored:
            self._anchored = True
            self._anchor = self._caret
            self._show()
            self._show_hint(True)

    def stop(self) -> None:
        """Leave the mode and clear the selection."""
        if not self._active:
            return
        self._active = False
        self._anchored = False
        self._setting = True
        try:
            self.view.set_caret(None)
            self.view.clear_selection()
        finally:
            self._setting = False
        self.active_changed.emit(False)

    def _show(self) -> None:
        self._setting = True
        try:
            if self._anchored:
                self.view.set_selection(self.selected_range())
            else:
                self.view.clear_selection()
            self.view.set_caret(self._caret)
        finally:
            self._setting = False
        lo, hi = self.view.visible_range()
        if not lo <= self._caret < hi:
            self.view.go_to(self._caret, record=False)

    def _on_view_selection(self, rng: tuple[int, int] | None) -> None:
        if self._setting:
            return
        if rng is None:
            if self._active:
                self._active = self._anchored = False
                self.view.set_caret(None)
                self.active_changed.emit(False)
        else:
            self.start(rng)  # a mouse selection: refine it or highlight it with the keys

    def _show_hint(self, active: bool) -> None:
        if active:
            self.hint.setText(HINT if self._anchored else CARET_HINT)
            width = min(max(self.view.width() - 16, 40), 720)
            self.hint.setFixedWidth(width)
            self.hint.adjustSize()
            self.hint.move(8, max(self.view.height() - self.hint.height() - 8, 0))
            self.hint.show()
            self.hint.raise_()
        else:
            self.hint.hide()

    # --- commands -----------------------------------------------------------------------

    def run(self, command: str) -> None:
        """Perform a mode command (a motion name, ``anchor``, ``enter``, ``note``,
        ``color:NAME`` …)."""
        motions = self._motions()
        if motions is None:
            self.stop()
            return
        if command == "esc" or (command == "v" and self._anchored):
            self.stop()
        elif command in ("v", "anchor"):
            self.anchor_here()
        elif command == "enter" and not self._anchored:
            link = self.view.link_at_offset(self._caret)
            if link is not None:  # the caret on a contents entry: go to its chapter
                self.stop()
                self.view.follow_link(link)
        elif command in _ACTIONS or command.startswith("color:"):
            if self._anchored:
                self._act(command, motions)
        elif command in ("page_next", "page_prev"):
            turned = self.view.next_page() if command == "page_next" else self.view.prev_page()
            if turned:
                self._caret = motions.first_visible(*self.view.visible_range())
            self._show()
        else:
            self._caret = self._moved(motions, command)
            self._show()

    def _act(self, command: str, motions: Motions) -> None:
        start, end = self.selected_range()
        if command == "copy":
            QGuiApplication.clipboard().setText(motions.text[start:end])
            return
        self.stop()
        if command == "note":
            self._on_note(start, end)
        else:
            colour = command.split(":", 1)[1] if ":" in command else COLORS[0]
            self._on_highlight(start, end, colour)

    def _moved(self, motions: Motions, command: str) -> int:
        pos = self._caret
        if command in ("up", "down"):
            ts = motions.typesetter
            if ts is None:
                return pos
            moved = line_move(motions.book, ts, pos, -1 if command == "up" else 1)
            return motions.char_start(moved)
        method = {"left": "char_left", "right": "char_right"}.get(command, command)
        return int(getattr(motions, method)(pos))

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


__all__ = ["CARET_HINT", "HINT", "Motions", "SelectionMode", "key_command", "line_move"]
