"""The command palette (Ctrl+K or ``:``): type a few letters of any command and press Enter.

Every command of the window's :class:`~reader.ui.commands.registry.CommandRegistry` is
listed with its keys; the list is fuzzy-filtered (see :mod:`reader.ui.commands.fuzzy`) by
title, name and help line as the reader types. Up/Down (and PgUp/PgDown) move,
Enter runs the selected command, Esc closes, and so does clicking elsewhere (the
palette closes when it loses the focus). Commands whose action is disabled are
shown greyed and cannot be run.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.commands.fuzzy import best_score
from reader.ui.commands.keymap import sequences
from reader.ui.commands.registry import Command, CommandRegistry

TITLE_WEIGHT = 1.0
NAME_WEIGHT = 0.8
HELP_WEIGHT = 0.6
"""How much a match in each field counts (a title match beats a help-line match)."""
RELATIVE_CUTOFF = 0.5
"""Matches scoring under this share of the best one are left out: typing "theme"
lists the four themes, not every command whose help line happens to hold a t,
an h, an e, an m and an e in that order."""

NAME_ROLE = Qt.ItemDataRole.UserRole


_FIRST_SPECIAL_KEY = Qt.Key.Key_Back.value
"""Key codes from here on are multimedia and appliance keys (Open, Find, Exit, Zoom In…)."""


def is_keyboard_key(seq: QKeySequence) -> bool:
    """False for sequences of dedicated hardware keys that standard bindings add.

    ``StandardKey.Open`` is Ctrl+O *and* the "Open" key of some multimedia
    keyboards; listing "Ctrl+O, Open" tells a reader nothing, so help texts
    leave such keys out (they still work).
    """
    # QKeySequence.operator[] exists at run time; PySide6's stubs leave out __getitem__.
    keys = [seq[i].key() for i in range(seq.count())]  # type: ignore[index]
    return all(key.value < _FIRST_SPECIAL_KEY for key in keys)


def key_strings_text(keys: list[str]) -> str:
    """Key strings as the reader sees them, hardware keys left out (``"Ctrl+O"``)."""
    texts: list[str] = []
    for key in keys:
        found = sequences(key)
        shown = [s for s in found if is_keyboard_key(s)] or found
        texts += [s.toString(QKeySequence.SequenceFormat.NativeText) for s in shown]
    return ", ".join(dict.fromkeys(t for t in texts if t))


def shown_keys(registry: CommandRegistry, name: str) -> str:
    """The keys of command ``name`` for palettes and help (no multimedia-key names)."""
    return key_strings_text(registry.keys_for(name))


def palette_title(command: Command) -> str:
    """The text a command is listed under (``"Theme: Dark"`` for submenu items)."""
    title = command.plain_title
    if command.submenu:
        sub = command.submenu.replace("&&", "\0").replace("&", "").replace("\0", "&")
        return f"{sub}: {title}"
    return title


def match_commands(registry: CommandRegistry, query: str) -> list[Command]:
    """Commands matching ``query`` best first (all, in registry order, for an empty query).

    Weak matches far below the best one are dropped (:data:`RELATIVE_CUTOFF`).
    """
    scored: list[tuple[float, int, Command]] = []
    for index, cmd in enumerate(registry.all()):
        fields = (
            (palette_title(cmd), TITLE_WEIGHT),
            (cmd.name, NAME_WEIGHT),
            (cmd.help, HELP_WEIGHT),
        )
        score = best_score(query, fields)
        if score is not None:
            scored.append((score, index, cmd))
    if not scored:
        return []
    top = max(score for score, _i, _c in scored)
    floor = top * RELATIVE_CUTOFF if top > 0 else float("-inf")
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [cmd for score, _i, cmd in scored if score >= floor]


class CommandPalette(QDialog):
    """A frameless box over the window: a query line and the matching commands."""

    def __init__(self, registry: CommandRegistry, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("commandPalette")
        self.setWindowTitle("Command Palette")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.registry = registry
        self.ran: str | None = None
        """The command the palette ran last (None until one ran)."""

        self.input = QLineEdit(self)
        self.input.setObjectName("paletteInput")
        self.input.setPlaceholderText("Type a command (Enter runs it, Esc closes)")
        self.input.setClearButtonEnabled(True)
        self.input.textChanged.connect(self.refilter)
        self.input.installEventFilter(self)

        self.list = QTreeWidget(self)
        self.list.setObjectName("paletteList")
        self.list.setColumnCount(2)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemActivated.connect(lambda _item, _col: self.run_selected())
        self.list.itemClicked.connect(lambda _item, _col: self.run_selected())
        self.list.currentItemChanged.connect(lambda *_: self._show_help())

        self.help = QLabel(self)
        self.help.setObjectName("paletteHelp")
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.help.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.input)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.help)
        self.refilter("")

    # --- contents ------------------------------------------------------------------------

    def refilter(self, text: str) -> None:
        """Show the commands matching ``text``, best first, and select the first runnable one."""
        self.list.clear()
        for cmd in match_commands(self.registry, text):
            item = QTreeWidgetItem([palette_title(cmd), shown_keys(self.registry, cmd.name)])
            item.setData(0, NAME_ROLE, cmd.name)
            item.setToolTip(0, cmd.help)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not self._enabled(cmd.name):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addTopLevelItem(item)
        first = next(self._runnable_rows(), None)
        if first is not None:
            self.list.setCurrentItem(self._item(first))
        self._show_help()

    def names(self) -> list[str]:
        """The command names listed now, in order."""
        count = self.list.topLevelItemCount()
        return [str(self._item(i).data(0, NAME_ROLE)) for i in range(count)]

    def _item(self, row: int) -> QTreeWidgetItem:
        item = self.list.topLevelItem(row)
        assert item is not None
        return item

    def selected_name(self) -> str | None:
        """The command selected now (None when the list is empty)."""
        item = self.list.currentItem()
        return None if item is None else str(item.data(0, NAME_ROLE))

    def _enabled(self, name: str) -> bool:
        try:
            return self.registry.action(name).isEnabled()
        except KeyError:  # a registry without actions (no window): every command runs
            return True

    def _runnable_rows(self) -> Iterator[int]:
        for i in range(self.list.topLevelItemCount()):
            if self._item(i).flags() & Qt.ItemFlag.ItemIsEnabled:
                yield i

    def _show_help(self) -> None:
        name = self.selected_name()
        if name is None:
            self.help.setText("No command matches." if self.input.text().strip() else "")
        else:
            self.help.setText(self.registry.get(name).help)

    # --- keys ----------------------------------------------------------------------------

    def move_selection(self, steps: int) -> None:
        """Move the selection ``steps`` runnable rows down (negative: up), stopping at the ends."""
        rows = list(self._runnable_rows())
        if not rows:
            return
        item = self.list.currentItem()
        current = self.list.indexOfTopLevelItem(item) if item is not None else -1
        pos = rows.index(current) if current in rows else -1
        pos = max(0, min(len(rows) - 1, pos + steps)) if pos >= 0 else 0
        self.list.setCurrentItem(self._item(rows[pos]))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the query line: arrows and page keys move the list, Enter runs."""
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            page = max(1, self.list.viewport().height() // max(1, self._row_height()) - 1)
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: page,
                Qt.Key.Key_PageUp: -page,
            }
            if key in moves:
                self.move_selection(moves[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run_selected()
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        """Esc always closes (no window shortcut may take it); so does losing the focus."""
        kind = event.type()
        if (
            kind == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        if kind == QEvent.Type.WindowDeactivate and self.isVisible():
            self.close()
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes the palette (and deletes it)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _row_height(self) -> int:
        item = self.list.topLevelItem(0)
        return self.list.visualItemRect(item).height() if item is not None else 20

    def run_selected(self) -> bool:
        """Close the palette and run the selected command (False if none or disabled)."""
        name = self.selected_name()
        return name is not None and self.run_command(name)

    def run_command(self, name: str) -> bool:
        """Close the palette and run command ``name`` (False, staying open, if it is disabled)."""
        if not self._enabled(name):
            return False
        self.ran = name
        self.close()
        self.registry.run(name)
        return True

    # --- showing -------------------------------------------------------------------------

    def popup(self) -> None:
        """Show the palette near the top of its window with the query line focused."""
        parent = self.parentWidget()
        if parent is not None:
            width = max(360, min(640, parent.width() * 2 // 3))
            height = max(240, min(460, parent.height() * 2 // 3))
            top_left = parent.mapToGlobal(parent.rect().topLeft())
            self.setGeometry(
                top_left.x() + (parent.width() - width) // 2, top_left.y() + 48, width, height
            )
        self.show()
        self.activateWindow()
        self.input.setFocus()


def open_palette(registry: CommandRegistry, window: QWidget) -> CommandPalette:
    """Open a palette over ``window`` (reusing one that is already open)."""
    existing = window.findChild(CommandPalette)
    if existing is not None and existing.isVisible():
        existing.activateWindow()
        existing.input.setFocus()
        existing.input.selectAll()
        return existing
    palette = CommandPalette(registry, window)
    palette.popup()
    return palette
