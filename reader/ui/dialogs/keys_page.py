"""Settings ▸ Keys: every command with its keys; record, remove and reset bindings.

A recorded key already used by another command is not taken silently: the
page names the other command and asks to replace it or cancel. Every change
goes at once to the live actions (``registry.set_overrides``) and to the store,
which keeps only the differences from the defaults.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.store.db import Store
from reader.ui.commands.key_capture import KeyCapture
from reader.ui.commands.keymap import display_text, normalize
from reader.ui.commands.palette import key_strings_text, palette_title, shown_keys
from reader.ui.commands.registry import CommandRegistry
from reader.ui.common.writes import Writes

NAME_ROLE = Qt.ItemDataRole.UserRole


def owners_of(registry: CommandRegistry, key: str, *, skip: str = "") -> list[str]:
    """Names of the commands (other than ``skip``) whose keys include ``key``."""
    wanted = set(normalize(key))
    return [
        cmd.name
        for cmd in registry.all()
        if cmd.name != skip
        and wanted & {t for k in registry.keys_for(cmd.name) for t in normalize(k)}
    ]


class KeysPage(QWidget):
    """The Keys page: a filterable command table and an editor for the selected command."""

    keys_changed = Signal()
    """Some binding changed (already applied and stored)."""

    def __init__(
        self,
        registry: CommandRegistry,
        writes: Writes,
        parent: QWidget | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keysPage")
        self.registry = registry
        self.writes = writes
        """Where the changed bindings are stored (in the background)."""
        self._on_error = on_error
        self._pending: tuple[str, str, list[str]] | None = None

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("keysFilter")
        self.filter_edit.setPlaceholderText("Filter commands by name, key or description")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)

        self.table = QTreeWidget(self)
        self.table.setObjectName("keysTable")
        self.table.setColumnCount(3)
        self.table.setHeaderLabels(["Command", "Keys", "What it does"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.currentItemChanged.connect(lambda *_: self._show_selected())

        self.selected_label = QLabel(self)
        self.selected_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_list = QListWidget(self)
        self.key_list.setObjectName("commandKeys")
        self.key_list.setMaximumHeight(90)
        self.recorder = KeyCapture(self)
        self.recorder.captured.connect(self.propose)
        self.remove_button = self._button("Remove Key", "removeKey", self.remove_selected_key)
        self.reset_button = self._button("Reset to Default", "resetKey", self.reset_selected)
        self.reset_all_button = self._button("Reset All Keys", "resetAllKeys", self.reset_all)

        self.conflict = QFrame(self)
        self.conflict.setObjectName("keyConflictBox")
        self.conflict.setFrameShape(QFrame.Shape.StyledPanel)
        self.conflict_label = QLabel(self.conflict)
        self.conflict_label.setObjectName("keyConflict")
        self.conflict_label.setTextFormat(Qt.TextFormat.PlainText)
        self.conflict_label.setWordWrap(True)
        self.replace_button = self._button("Replace", "replaceKey", self.accept_conflict)
        self.cancel_button = self._button("Cancel", "cancelKey", self.cancel_conflict)
        row = QHBoxLayout(self.conflict)
        row.addWidget(self.conflict_label, 1)
        row.addWidget(self.replace_button)
        row.addWidget(self.cancel_button)
        self.conflict.hide()

        self.message = QLabel(self)
        self.message.setObjectName("keysMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        record_row = QHBoxLayout()
        record_row.addWidget(QLabel("New key:", self))
        record_row.addWidget(self.recorder, 1)
        record_row.addWidget(self.remove_button)
        record_row.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.selected_label)
        layout.addWidget(self.key_list)
        layout.addLayout(record_row)
        layout.addWidget(self.conflict)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.reset_all_button)
        layout.addLayout(bottom)

        self._fill()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: slot())
        return button

    # --- table ---------------------------------------------------------------------------

    def _fill(self) -> None:
        for cmd in self.registry.all():
            item = QTreeWidgetItem([palette_title(cmd), "", cmd.help])
            item.setData(0, NAME_ROLE, cmd.name)
            item.setToolTip(2, cmd.help)
            self.table.addTopLevelItem(item)
        self._refresh_keys()
        rows = self._rows()
        if rows:
            self.table.setCurrentItem(rows[0])

    def _rows(self) -> list[QTreeWidgetItem]:
        count = self.table.topLevelItemCount()
        return [item for i in range(count) if (item := self.table.topLevelItem(i)) is not None]

    def _refresh_keys(self) -> None:
        for item in self._rows():
            name = str(item.data(0, NAME_ROLE))
            item.setText(1, shown_keys(self.registry, name))
            font = item.font(1)
            font.setBold(name in self.registry.keymap.overrides())
            item.setFont(1, font)
        self._show_selected()

    def apply_filter(self, text: str) -> None:
        """Show only the commands whose title, name, keys or help contain every typed word."""
        words = text.casefold().split()
        for item in self._rows():
            hay = " ".join(
                [item.text(0), str(item.data(0, NAME_ROLE)), item.text(1), item.text(2)]
            ).casefold()
            item.setHidden(not all(w in hay for w in words))

    def visible_names(self) -> list[str]:
        """The command names the table shows now (after filtering)."""
        return [str(item.data(0, NAME_ROLE)) for item in self._rows() if not item.isHidden()]

    def select(self, name: str) -> None:
        """Select command ``name`` in the table."""
        for item in self._rows():
            if item.data(0, NAME_ROLE) == name:
                self.table.setCurrentItem(item)
                return
        raise KeyError(name)

    def selected_name(self) -> str | None:
        """The command being edited (None when nothing is selected)."""
        item = self.table.currentItem()
        return None if item is None else str(item.data(0, NAME_ROLE))

    def _show_selected(self) -> None:
        name = self.selected_name()
        self.key_list.clear()
        self.cancel_conflict()
        if name is None:
            self.selected_label.setText("")
            return
        cmd = self.registry.get(name)
        self.selected_label.setText(f"Keys for “{palette_title(cmd)}”:")
        for key in self.registry.keys_for(name):
            entry = QListWidgetItem(key_strings_text([key]) or display_text(key))
            entry.setData(NAME_ROLE, key)
            self.key_list.addItem(entry)
        if self.key_list.count():
            self.key_list.setCurrentRow(0)

    # --- editing -------------------------------------------------------------------------

    def propose(self, key: str) -> bool:
        """Bind recorded ``key`` to the selected command; on a conflict, ask first.

        Returns True when the key was bound at once, False when nothing changed
        yet (a conflict now waits for Replace or Cancel, or the key was already there).
        """
        self.recorder.clear()
        name = self.selected_name()
        if name is None or not normalize(key):
            return False
        title = palette_title(self.registry.get(name))
        mine = {t for k in self.registry.keys_for(name) for t in normalize(k)}
        if set(normalize(key)) <= mine:
            self.message.setText(f"{display_text(key)} already runs “{title}”.")
            return False
        owners = owners_of(self.registry, key, skip=name)
        if owners:
            used = ", ".join(f"“{palette_title(self.registry.get(o))}”" for o in owners)
            self._pending = (name, key, owners)
            self.conflict_label.setText(
                f"{display_text(key)} is already used by {used}. "
                f"Replace it there and use it for “{title}”, or cancel?"
            )
            self.conflict.show()
            self.replace_button.setFocus()
            return False
        self._bind(name, key)
        return True

    def pending_conflict(self) -> tuple[str, str, list[str]] | None:
        """``(command, key, other commands using it)`` while a conflict waits for an answer."""
        return self._pending

    def accept_conflict(self) -> None:
        """Replace: take the key away from the other commands and bind it here."""
        if self._pending is None:
            return
        name, key, owners = self._pending
        self._pending = None
        self.conflict.hide()
        wanted = set(normalize(key))
        for owner in owners:
            kept = [k for k in self.registry.keys_for(owner) if not set(normalize(k)) & wanted]
            self.registry.keymap.set_keys(owner, kept)
        self._bind(name, key, also=owners)

    def cancel_conflict(self) -> None:
        """Cancel: forget the recorded key; nothing changes."""
        self._pending = None
        self.conflict.hide()

    def _bind(self, name: str, key: str, also: list[str] | None = None) -> None:
        self.registry.keymap.set_keys(name, [*self.registry.keys_for(name), key])
        self._commit([name, *(also or [])])
        self.message.setText(
            f"{display_text(key)} now runs “{palette_title(self.registry.get(name))}”."
        )

    def remove_selected_key(self) -> None:
        """Unbind the key selected in the command's key list."""
        name, entry = self.selected_name(), self.key_list.currentItem()
        if name is None or entry is None:
            return
        key = str(entry.data(NAME_ROLE))
        self.registry.keymap.set_keys(name, [k for k in self.registry.keys_for(name) if k != key])
        self._commit([name])
        self.message.setText(f"Removed {display_text(key)}.")

    def reset_selected(self) -> None:
        """Give the selected command its default keys again."""
        name = self.selected_name()
        if name is None:
            return
        self.registry.keymap.reset(name)
        self._commit([name])
        self.message.setText("Back to the default keys.")

    def reset_all(self) -> None:
        """Every command back to its default keys (all stored changes dropped)."""
        self.registry.keymap.reset()
        self.registry.set_overrides({})
        self.writes.now_or_later(lambda s: s.settings.reset_all_keys(), failed=self._failed)
        self.cancel_conflict()
        self._refresh_keys()
        self.message.setText("All keys are back to their defaults.")
        self.keys_changed.emit()

    def _commit(self, names: list[str]) -> None:
        """Push the key map to the live actions and store the changed commands' overrides."""
        overrides = self.registry.keymap.overrides()
        self.registry.set_overrides(overrides)
        changed = {name: overrides.get(name) for name in dict.fromkeys(names)}

        def store(s: Store) -> None:
            for name, keys in changed.items():
                s.settings.set_key_override(name, keys)

        self.writes.now_or_later(store, failed=self._failed)
        keep = self.selected_name()
        self._refresh_keys()
        if keep is not None:
            self.select(keep)
        self.keys_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._error(str(error))

    def _error(self, text: str) -> None:
        self.message.setText(text)
        if self._on_error is not None:
            self._on_error(text)
