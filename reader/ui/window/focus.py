"""Moving around the window by keyboard: pane focus, dock toggles, distraction-free mode.

F6 / Shift+F6 cycle library pane → page → notes panel (hidden panes skipped).
Esc first gives the focused widget its own Esc (a filter box clears itself),
then returns the focus to the page; on the page it leaves distraction-free
mode or full screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QToolBar,
    QWidget,
)

if TYPE_CHECKING:
    from reader.ui.commands.registry import CommandRegistry
    from reader.ui.reading.view import ReadingView


@dataclass
class _Shown:
    """What distraction-free mode hid: menu bar, status bar, docks and toolbars shown before."""

    menu: bool
    status: bool
    widgets: list[QWidget]


class FocusController(QObject):
    """Pane focus cycling, Esc-to-page and distraction-free mode for one main window.

    Built from the window, its page, its two docks and its command registry
    (for the Esc command and the check marks).
    """

    def __init__(
        self,
        window: QMainWindow,
        page: ReadingView,
        library_dock: QDockWidget,
        notes_dock: QDockWidget,
        registry: CommandRegistry,
    ) -> None:
        super().__init__(window)
        self.setObjectName("focusController")
        self.window = window
        self.page = page
        self.library_dock = library_dock
        self.notes_dock = notes_dock
        self.registry = registry
        self._saved: _Shown | None = None
        window.installEventFilter(self)

    # --- focus ring ----------------------------------------------------------------------

    def ring(self) -> list[QWidget]:
        """The focus stops in order: library pane, page, notes panel (visible ones only)."""
        stops: list[QWidget] = []
        if _shown(self.library_dock):
            stops.append(self.library_dock)
        stops.append(self.page)
        if _shown(self.notes_dock):
            stops.append(self.notes_dock)
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
            target: QWidget = self.page
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
        view = self.page
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
            self.window.showNormal()

    def _forward_escape(self, focus: QWidget) -> bool:
        """Give ``focus`` a real Esc key press; True when it (or a parent pane) used it.

        Qt matches shortcuts again for synthetic key presses, so the Esc command
        is disabled meanwhile (else it would fire again, endlessly).
        """
        try:
            action = self.registry.action("focus.page")
        except KeyError:  # a window without the Esc command: nothing to hold back
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
        dock = self.library_dock
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
            self.page.setFocus(Qt.FocusReason.ShortcutFocusReason)
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
            self._saved = _Shown(
                window.menuBar().isVisible(), window.statusBar().isVisible(), [*docks, *bars]
            )
            for widget in self._saved.widgets:
                widget.hide()
            window.menuBar().hide()
            window.statusBar().hide()
            self.page.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif not on and self._saved is not None:
            saved, self._saved = self._saved, None
            window.menuBar().setVisible(saved.menu)
            window.statusBar().setVisible(saved.status)
            for widget in saved.widgets:
                widget.show()
        self.registry.refresh()

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


__all__ = ["FocusController", "focus_into"]
