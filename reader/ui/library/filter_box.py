"""Completion for the library filter: the known fandoms, tags, ships … as you type.

:class:`FieldCompleter` watches the filter box. For the term under the cursor it offers
``field:value`` suggestions — ``fandom:Va`` → ``fandom:"Vampire Diaries"``, ``sl`` →
``tag:slowburn`` or the field name ``ship:`` — and replaces just that term when one is
chosen, so the rest of the filter stays as typed. Suggestions are plain strings in a
``QStringListModel`` (never rich text), filtered here rather than by ``QCompleter``, so
a quoted value completes from its unquoted start.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from reader.ui.library.query import COMPLETED_FIELDS, GROUP_TITLES, GROUPS, fold

__all__ = [
    "FILTER_HINT",
    "FILTER_TIP",
    "MAX_SUGGESTIONS",
    "FieldCompleter",
    "current_term",
    "group_combo",
    "suggest",
]

MAX_SUGGESTIONS = 40
FILTER_HINT = 'Filter: title, author, or fields — fandom:"…" rating:T tag:… ship:… complete'
"""The filter box's placeholder."""
FILTER_TIP = (
    "Words match title, author and file name (and a story's fandom and tags).\n"
    'Fields: fandom:"Vampire Diaries" rating:T tag:slowburn ship:Damon/Alaric\n'
    "character:… series:… status:complete|wip words:>50000 chapters:<10\n"
    "A - before a term leaves out what it matches (-tag:angst)."
)
"""The filter box's tooltip (plain text)."""
_FIELD_NAMES = tuple(f"{f}:" for f in (*COMPLETED_FIELDS, "character", "author", "words"))


def current_term(text: str, cursor: int) -> tuple[int, int]:
    """``[start, end)`` of the term the cursor is in or just after (quotes respected)."""
    start = 0
    quoted = False
    for i, ch in enumerate(text[:cursor]):
        if ch == '"':
            quoted = not quoted
        elif ch.isspace() and not quoted:
            start = i + 1
    end = cursor
    while end < len(text) and not (text[end].isspace() and text.count('"', start, end) % 2 == 0):
        end += 1
    return start, end


def _bare(text: str) -> str:
    return fold(text.replace('"', "")).lstrip("-")


def suggest(term: str, known: list[str], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Suggestions for the filter term ``term`` from ``known`` (``field:value`` strings,
    most used first): values of the named field starting with what follows the colon
    (then containing it); for a term without a field, field names and any value that
    starts with it. Nothing for an empty term."""
    t = _bare(term)
    if not t:
        return []
    if ":" in t:
        field, _, part = t.partition(":")
        head = f"{field}:"
        mine = [k for k in known if fold(k).startswith(head)]
        starts = [k for k in mine if _bare(k)[len(head) :].startswith(part)]
        inside = [k for k in mine if part and part in _bare(k)[len(head) :] and k not in starts]
        return (starts + inside)[:limit]
    if len(t) < 2:
        return []
    names = [n for n in _FIELD_NAMES if n.startswith(t)]
    values = [k for k in known if _bare(k).partition(":")[2].startswith(t)]
    return (names + values)[:limit]


class FieldCompleter(QObject):
    """Completes the term under the cursor of ``edit`` from ``known()``'s suggestions."""

    def __init__(self, edit: QLineEdit, known: Callable[[], list[str]]) -> None:
        super().__init__(edit)
        self.edit = edit
        self._known = known
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(edit)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.completer.activated.connect(self._chosen)
        edit.textEdited.connect(self._on_edited)

    def _on_edited(self, text: str) -> None:
        start, end = current_term(text, self.edit.cursorPosition())
        items = suggest(text[start:end], self._known())
        popup = self.completer.popup()
        if popup is None:
            return
        if not items or items == [text[start:end]]:
            popup.hide()
            return
        self.model.setStringList(items)
        self.completer.complete()
        popup.setCurrentIndex(QModelIndex())  # nothing chosen until the reader moves

    def _chosen(self, value: object) -> None:
        """A suggestion was chosen (Qt passes its text, or its index)."""
        if isinstance(value, QModelIndex):
            value = value.data()
        if isinstance(value, str) and value:
            self.insert(value)

    def insert(self, chosen: str) -> None:
        """Replace the term under the cursor with ``chosen`` (a field name stays open for
        its value; a value is followed by a space for the next term)."""
        text = self.edit.text()
        start, end = current_term(text, self.edit.cursorPosition())
        neg = "-" if text[start:end].startswith("-") else ""
        tail = "" if chosen.endswith(":") else " "
        rest = text[end:].lstrip(" ")
        new = text[:start] + neg + chosen + tail
        self.edit.setText(new + rest)
        self.edit.setCursorPosition(len(new))
        # setText does not emit textEdited: the filter follows textChanged, which it does.


def group_combo(parent: QWidget) -> QComboBox:
    """The library's "group by" choice (no groups, by fandom, by series)."""
    combo = QComboBox(parent)
    combo.setObjectName("libraryGroup")
    combo.setToolTip("Group the library by fandom or series")
    for key in GROUPS:
        combo.addItem(GROUP_TITLES[key], key)
    return combo
