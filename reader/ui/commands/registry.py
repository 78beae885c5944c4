"""The command registry: every user action, its name, help line, keys and menu.

Menus, shortcuts (and later the command palette and the key-help overlay) are
all built from one :class:`CommandRegistry`. A command's *name* is a stable id
(``"page.next"``) used for key overrides; its *title* is the menu text.

Actions are created once per window (:meth:`CommandRegistry.create_actions`),
added to the window itself so their shortcuts work even with the menu bar
hidden, and use ``Qt.WindowShortcut`` context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from reader.ui.commands.keymap import Keymap, display_text, sequences

MENU_ORDER = ("File", "Go", "View", "Help")
"""Menus in menu-bar order; a command with another menu name gets a menu after these."""


@dataclass
class Command:
    """One user action: stable name, menu title, one-line help, default keys, menu, callback."""

    name: str
    """Stable id, e.g. ``"page.next"`` (used for key overrides)."""
    title: str
    """Menu text (may contain ``&`` mnemonics)."""
    help: str
    """One line saying what the command does."""
    default_keys: list[str]
    """Key strings (see :mod:`reader.ui.commands.keymap`)."""
    menu: str
    """Menu it appears in (``"File"``, ``"Go"``, ``"View"``, ``"Help"`` …); "" for none."""
    callback: Callable[[], object]
    """Called with no arguments when the command runs."""
    submenu: str = ""
    """Optional submenu title inside ``menu`` (e.g. ``"Theme"``)."""
    checkable: bool = False
    """True for on/off or one-of-several commands (shown with a check mark)."""
    checked: Callable[[], bool] | None = None
    """For checkable commands: whether it is currently on (queried by :meth:`refresh`)."""
    group: str = ""
    """Commands with the same group are mutually exclusive (radio items)."""
    separator_before: bool = False
    """Draw a menu separator before this command."""
    role: QAction.MenuRole = field(default=QAction.MenuRole.NoRole)

    @property
    def plain_title(self) -> str:
        """The title without ``&`` mnemonics or a trailing ellipsis (for palettes and help)."""
        return self.title.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class CommandRegistry:
    """An ordered set of commands plus the key bindings they use."""

    def __init__(self, keymap: Keymap | None = None) -> None:
        self._commands: dict[str, Command] = {}
        self.keymap = keymap if keymap is not None else Keymap(defaults={})
        self._actions: dict[str, QAction] = {}

    def register(self, command: Command) -> Command:
        """Add ``command`` (its name must be new) and declare its default keys."""
        if command.name in self._commands:
            raise ValueError(f"command {command.name!r} is already registered")
        if not command.help.strip():
            raise ValueError(f"command {command.name!r} has no help line")
        self._commands[command.name] = command
        self.keymap.set_default(command.name, command.default_keys)
        return command

    def get(self, name: str) -> Command:
        """The command called ``name`` (KeyError if unknown)."""
        return self._commands[name]

    def __contains__(self, name: object) -> bool:
        return name in self._commands

    def all(self) -> list[Command]:
        """Every command in registration order."""
        return list(self._commands.values())

    def keys_for(self, name: str) -> list[str]:
        """The effective key strings of ``name``, with the reader's overrides applied."""
        return self.keymap.keys_for(name)

    def key_text(self, name: str) -> str:
        """The keys of ``name`` as the reader sees them (``"Space, Right, PgDown, J"``)."""
        return ", ".join(display_text(k) for k in self.keys_for(name))

    def set_overrides(self, overrides: Mapping[str, Sequence[str]]) -> None:
        """Apply the reader's key changes (unknown command names are ignored)."""
        self.keymap.set_overrides({k: v for k, v in overrides.items() if k in self._commands})
        for name, action in self._actions.items():
            action.setShortcuts(self._sequences(name))

    def run(self, name: str) -> None:
        """Run command ``name`` as if chosen from its menu."""
        action = self._actions.get(name)
        if action is not None and action.isCheckable():
            action.trigger()
        else:
            self._commands[name].callback()

    def _sequences(self, name: str) -> list[QKeySequence]:
        return [s for k in self.keys_for(name) for s in sequences(k)]

    # --- Qt side -------------------------------------------------------------------------

    def create_actions(self, window: QWidget) -> dict[str, QAction]:
        """One QAction per command, added to ``window`` with window-wide shortcuts."""
        from PySide6.QtGui import QActionGroup

        groups: dict[str, QActionGroup] = {}
        for cmd in self._commands.values():
            action = QAction(cmd.title, window)
            action.setObjectName(cmd.name)
            action.setStatusTip(cmd.help)
            action.setToolTip(cmd.help)
            action.setShortcuts(self._sequences(cmd.name))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setMenuRole(cmd.role)
            if cmd.checkable:
                action.setCheckable(True)
                if cmd.group:
                    if cmd.group not in groups:
                        groups[cmd.group] = QActionGroup(window)
                        groups[cmd.group].setExclusive(True)
                    groups[cmd.group].addAction(action)
            action.triggered.connect(_invoker(cmd.callback))
            window.addAction(action)
            self._actions[cmd.name] = action
        self.refresh()
        return dict(self._actions)

    def action(self, name: str) -> QAction:
        """The QAction made for ``name`` by :meth:`create_actions`."""
        return self._actions[name]

    def refresh(self) -> None:
        """Update the check marks of checkable actions from their ``checked`` callables."""
        for name, action in self._actions.items():
            cmd = self._commands[name]
            if cmd.checkable and cmd.checked is not None:
                action.blockSignals(True)
                action.setChecked(bool(cmd.checked()))
                action.blockSignals(False)

    def build_menus(self, menubar: QMenuBar) -> dict[str, QMenu]:
        """Fill ``menubar`` with one menu per menu name (File, Go, View, Help, then others)."""
        names: list[str] = [m for m in MENU_ORDER if any(c.menu == m for c in self.all())]
        names += [c.menu for c in self.all() if c.menu and c.menu not in names]
        names = list(dict.fromkeys(names))
        menus: dict[str, QMenu] = {}
        for name in names:
            menu = menubar.addMenu(f"&{name}")
            menu.setObjectName(f"menu{name}")
            menus[name] = menu
        submenus: dict[tuple[str, str], QMenu] = {}
        for cmd in self.all():
            if not cmd.menu:
                continue
            target = menus[cmd.menu]
            if cmd.separator_before:
                target.addSeparator()
            if cmd.submenu:
                key = (cmd.menu, cmd.submenu)
                if key not in submenus:
                    submenus[key] = target.addMenu(cmd.submenu)
                target = submenus[key]
            target.addAction(self._actions[cmd.name])
        return menus


def _invoker(callback: Callable[[], object]) -> Callable[..., None]:
    """Wrap a no-argument callback for ``QAction.triggered(bool)``."""

    def invoke(*_args: object) -> None:
        callback()

    return invoke
