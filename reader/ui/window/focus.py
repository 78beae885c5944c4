"""Moving around the window by keyboard: pane focus, dock toggles, distraction-free mode.

Also registers the window's keyboard commands (palette, key help, settings,
focus cycling, F9/F10 docks, distraction-free) into its command registry, so
:mod:`reader.ui.window.commands` only needs one call per place in the menus.

F6 / Shift+F6 cycle library pane → page → notes panel (hidden panes skipped).
Esc first gives the focused widget its own Esc (a filter box clears itself),
then returns the focus to the page; on the page it leaves distraction-free
mode or full screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit, QToolBar, QWidget

from reader.store.db import StoreError
from reader.ui.commands.registry import Command, CommandRegistry

if TYPE_CHECKING:
    from reader.ui.window.main_window import MainWindow

SHOW_TIME_LEFT_SETTING = "show_time_left"
"""Behaviour setting: show "12 min left in chapter" in the status line (default on)."""


class FocusController(QObject):
    """Pane focus cycling, Esc-to-page and distraction-free mode for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("focusController")
        self.window = window
        self._saved: dict[str, object] | None = None
        window.installEventFilter(self)

    # --- focus ring ----------------------------------------------------------------------

    def ring(self) -> list[QWidget]:
        """The focus stops in order: library pane, page, notes panel (visible ones only)."""
        window = self.window
        stops: list[QWidget] = []
        if _shown(window.library_dock):
            stops.append(window.library_dock)
        stops.append(window.view)
        if _shown(window.notes_dock):
            stops.append(window.notes_dock)
        return stops

    def current_stop(self) -> QWidget | None:
        """The focus stop holding the keyboard focus now (None: somewhere else)."""
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        for stop in self.ring():
            if stop is focus or stop.isAncestorOf(focus):
                return stop
        return None

    def cycle(self, step: int) -> QWidget:
        """F6 (step 1) / Shift+F6 (step -1): focus the next / previous visible stop."""
        stops = self.ring()
        current = self.current_stop()
        if current is None:  # focus somewhere else (message bar, nowhere): start at the page
            target: QWidget = self.window.view
        else:
            target = stops[(stops.index(current) + step) % len(stops)]
        self.focus_stop(target)
        return target

    def focus_stop(self, stop: QWidget) -> None:
        """Put the keyboard focus into ``stop`` (the page, or a dock's pane)."""
        if isinstance(stop, QDockWidget):
            stop.show()
            stop.raise_()
            focus_into(stop.widget())
        else:
            stop.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def escape(self) -> None:
        """Esc: let the focused widget use it first, else go to the page, else leave modes."""
        view = self.window.view
        focus = QApplication.focusWidget()
        if focus is not None and focus is not view and self.window.isAncestorOf(focus):
            if self._forward_escape(focus):
                return
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if focus is not view:
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if view.selection() is not None:
            view.clear_selection()
        elif self.distraction_free():
            self.set_distraction_free(False)
        elif self.window.isFullScreen():
            self.window.toggle_full_screen()

    def _forward_escape(self, focus: QWidget) -> bool:
        """Give ``focus`` a real Esc key press; True when it (or a parent pane) used it.

        Qt matches shortcuts again for synthetic key presses, so the Esc command
        is disabled meanwhile (else it would fire again, endlessly).
        """
        try:
            action = self.window.registry.action("focus.page")
        except KeyError:
            action = None
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
        if action is not None:
            action.setEnabled(False)
        try:
            QApplication.sendEvent(focus, event)
        finally:
            if action is not None:
                action.setEnabled(True)
        return event.isAccepted()

    def focus_library_filter(self) -> QLineEdit | None:
        """Ctrl+L: show the library pane and put the cursor in its filter box."""
        dock = self.window.library_dock
        dock.show()
        dock.raise_()
        pane = dock.widget()
        if pane is None:
            return None
        focus_filter = getattr(pane, "focus_filter", None)
        if callable(focus_filter):
            focus_filter()
            found = QApplication.focusWidget()
            return found if isinstance(found, QLineEdit) else None
        edit = getattr(pane, "filter_edit", None)
        if not isinstance(edit, QLineEdit):
            edit = pane.findChild(QLineEdit)
        if edit is not None:
            edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            edit.selectAll()
        return edit

    def toggle_dock(self, dock: QDockWidget) -> None:
        """F10 (notes): show the pane and move to it; hide it when it already has the focus."""
        focus = QApplication.focusWidget()
        if dock.isVisible() and focus is not None and dock.isAncestorOf(focus):
            dock.hide()
            self.window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.focus_stop(dock)

    # --- distraction-free ----------------------------------------------------------------

    def distraction_free(self) -> bool:
        """True while everything but the page is hidden."""
        return self._saved is not None

    def set_distraction_free(self, on: bool) -> None:
        """Hide the menu bar, status bar, docks and toolbars (on), or bring back what was shown."""
        window = self.window
        if on and self._saved is None:
            docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
            bars = [t for t in window.findChildren(QToolBar) if t.isVisible()]
            self._saved = {
                "menu": window.menuBar().isVisible(),
                "status": window.statusBar().isVisible(),
                "docks": docks,
                "toolbars": bars,
            }
            for widget in [*docks, *bars]:
                widget.hide()
            window.menuBar().hide()
            window.statusBar().hide()
            window.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif not on and self._saved is not None:
            saved, self._saved = self._saved, None
            window.menuBar().setVisible(bool(saved["menu"]))
            window.statusBar().setVisible(bool(saved["status"]))
            for widget in [*saved["docks"], *saved["toolbars"]]:  # type: ignore[misc]
                widget.show()
        window.registry.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Bring the panes back before the window saves its layout on close."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.set_distraction_free(False)
        return False


def _shown(dock: QDockWidget) -> bool:
    return dock.isVisible() and dock.widget() is not None


def focus_into(widget: QWidget | None) -> None:
    """Focus a pane: its ``focus_panel``/``focus_list`` method, else its first focusable child."""
    if widget is None:
        return
    for name in ("focus_panel", "focus_list"):
        method = getattr(widget, name, None)
        if callable(method):
            method()
            return
    for child in widget.findChildren(QWidget):
        if (
            child.focusPolicy() & Qt.FocusPolicy.TabFocus
            and child.isVisibleTo(widget)
            and child.isEnabled()
        ):
            child.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)


def focus_controller(window: MainWindow) -> FocusController:
    """The window's controller (made on first use)."""
    found = window.findChild(FocusController)
    return found if found is not None else FocusController(window)


def apply_behaviour(window: MainWindow) -> None:
    """Apply the behaviour settings that live in the window (the time-left display)."""
    try:
        show = window.store.settings.get(SHOW_TIME_LEFT_SETTING, True)
    except StoreError:
        show = True
    window.status_line.time_left.setVisible(bool(show))


def register_settings_command(registry: CommandRegistry, window: MainWindow) -> None:
    """File ▸ Settings… (Ctrl+,): reading style, behaviour and keys."""

    def open_settings() -> None:
        from reader.ui.dialogs.settings_dialog import open_settings_dialog

        open_settings_dialog(window)

    registry.register(
        Command(
            "app.settings",
            "S&ettings…",
            "Reading style, behaviour and keys, applied as you change them",
            ["StandardKey.Preferences"],
            "File",
            open_settings,
            separator_before=True,
            role=QAction.MenuRole.PreferencesRole,
        )
    )


def register_keyboard_commands(registry: CommandRegistry, window: MainWindow) -> None:
    """The palette, key help, focus, notes-pane and distraction-free commands."""
    controller = focus_controller(window)
    apply_behaviour(window)

    def palette() -> None:
        from reader.ui.commands.palette import open_palette

        open_palette(registry, window)

    def key_help() -> None:
        from reader.ui.commands.key_help import show_key_help

        show_key_help(registry, window)

    def add(name: str, title: str, help_: str, keys: list[str], menu: str, callback: object,
            **kw: object) -> None:  # fmt: skip
        registry.register(Command(name, title, help_, keys, menu, callback, **kw))  # type: ignore[arg-type]

    add(
        "view.notes",
        "&Notes",
        "Show or hide the notes panel (and move to it)",
        ["F10"],
        "View",
        lambda: controller.toggle_dock(window.notes_dock),
        checkable=True,
        checked=lambda: window.notes_dock.isVisible(),
    )

    def notes_visibility(_visible: bool) -> None:
        # The dock hides while the window is torn down: its check mark no longer matters.
        if shiboken6.isValid(window):
            registry.refresh()

    window.notes_dock.visibilityChanged.connect(notes_visibility)
    add(
        "view.distraction_free",
        "D&istraction-Free",
        "Hide menus, status line and panes, leaving only the page (Esc or again to leave)",
        ["F12"],
        "View",
        lambda: controller.set_distraction_free(not controller.distraction_free()),
        checkable=True,
        checked=controller.distraction_free,
    )
    focus_menu = "Move &Focus"
    add(
        "focus.next",
        "&Next Pane",
        "Move the focus to the next pane: library, page, notes",
        ["F6"],
        "View",
        lambda: controller.cycle(1),
        submenu=focus_menu,
        separator_before=True,
    )
    add(
        "focus.previous",
        "&Previous Pane",
        "Move the focus to the previous pane: notes, page, library",
        ["Shift+F6"],
        "View",
        lambda: controller.cycle(-1),
        submenu=focus_menu,
    )
    add(
        "focus.page",
        "Back to the &Page",
        "Return the focus to the page; on the page, leave distraction-free or full screen",
        ["Esc"],
        "View",
        controller.escape,
        submenu=focus_menu,
    )
    add(
        "library.filter",
        "&Filter the Library",
        "Show the library and type to filter it by title, author or file name",
        ["Ctrl+L"],
        "View",
        controller.focus_library_filter,
        submenu=focus_menu,
    )
    add(
        "app.palette",
        "Command &Palette…",
        "Find any command by typing part of its name, and run it",
        ["Ctrl+K", ":"],
        "Help",
        palette,
    )
    add(
        "help.keys",
        "&Keyboard Shortcuts",
        "Show every command with its keys (? or Esc closes)",
        ["?"],
        "Help",
        key_help,
    )
