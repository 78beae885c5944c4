"""The reading window's commands: every action of issue 3, registered with help and keys.

Later issues (search, bookmarks, palette, key help) register their commands
into the same :class:`~reader.ui.commands.registry.CommandRegistry`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from reader.layout.style import MAX_FONT_SIZE, MIN_FONT_SIZE, ReadingStyle
from reader.ui.commands.keymap import DEFAULT_KEYS
from reader.ui.commands.registry import Command, CommandRegistry
from reader.ui.window.focus import register_keyboard_commands, register_settings_command

if TYPE_CHECKING:
    from reader.ui.library.pane import LibraryPane
    from reader.ui.window.main_window import MainWindow

THEME_TITLES = {"light": "&Light", "sepia": "&Sepia", "dark": "&Dark", "system": "Follow &System"}
TWO_PAGE_TITLES = {"auto": "&Automatic", "on": "&On", "off": "O&ff"}


FONT_SIZES = (6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 26, 28, 32, 36, 40,
              48, 56, 64, 72)  # fmt: skip
"""The ladder Ctrl+= / Ctrl+- climb (points)."""


def font_step(size: float, direction: int) -> float:
    """The next size on :data:`FONT_SIZES` above (``direction`` 1) or below (-1) ``size``."""
    if direction > 0:
        bigger = [s for s in FONT_SIZES if s > size + 0.01]
        return float(bigger[0]) if bigger else float(min(MAX_FONT_SIZE, size))
    smaller = [s for s in FONT_SIZES if s < size - 0.01]
    return float(smaller[-1]) if smaller else float(max(MIN_FONT_SIZE, size))


def register_window_commands(registry: CommandRegistry, window: MainWindow) -> None:
    """Register the File, Go, View and Help commands of ``window``."""
    view = window.view

    def keys(name: str) -> list[str]:
        return list(DEFAULT_KEYS.get(name, []))

    def add(name: str, title: str, help_: str, menu: str, callback: object, **kw: object) -> None:
        registry.register(
            Command(name, title, help_, keys(name), menu, callback, **kw)  # type: ignore[arg-type]
        )

    def font(direction: int) -> None:
        style = window.reading_style()
        size = ReadingStyle().font_size if direction == 0 else font_step(style.font_size, direction)
        if size != style.font_size:
            window.set_reading_style(style.with_(font_size=size))

    def set_style(**changes: object) -> None:
        window.set_reading_style(window.reading_style().with_(**changes))

    # File
    add("file.open", "&Open…", "Open a text file as a book", "File", window.open_dialog)
    register_library_commands(registry, window)
    register_settings_command(registry, window)
    add(
        "app.quit",
        "&Quit",
        "Save the reading position and close Quire",
        "File",
        window.close,
        role=QAction.MenuRole.QuitRole,
    )

    # Go
    add("page.next", "&Next Page", "Turn to the next page", "Go", view.next_page)
    add("page.prev", "&Previous Page", "Turn back to the previous page", "Go", view.prev_page)
    add(
        "page.first",
        "&Beginning of Book",
        "Go to the first page of the book",
        "Go",
        lambda: window.jump(view.first_page),
        separator_before=True,
    )
    add(
        "page.last",
        "&End of Book",
        "Go to the last page of the book",
        "Go",
        lambda: window.jump(view.last_page),
    )
    add(
        "chapter.next",
        "Next &Chapter",
        "Go to the start of the next chapter",
        "Go",
        lambda: window.jump(view.next_chapter),
        separator_before=True,
    )
    add(
        "chapter.prev",
        "Previous C&hapter",
        "Go to the start of this chapter, or the previous one",
        "Go",
        lambda: window.jump(view.prev_chapter),
    )
    add(
        "go.to",
        "&Go To Page or Percent…",
        "Jump to a page number (120) or a percentage of the book (45%)",
        "Go",
        window_go_to(window),
        separator_before=True,
    )
    from reader.ui.notes.commands import register_notes_commands

    register_notes_commands(registry, window)  # b, v, /, Ctrl+F, n, N

    # View
    add("view.font_bigger", "&Bigger Text", "Make the text larger", "View", lambda: font(1))
    add("view.font_smaller", "&Smaller Text", "Make the text smaller", "View", lambda: font(-1))
    add(
        "view.font_reset",
        "&Default Text Size",
        "Return the text to its default size",
        "View",
        lambda: font(0),
    )
    for theme, title in THEME_TITLES.items():
        add(
            f"view.theme.{theme}",
            title,
            f"Use the {theme} colour theme"
            if theme != "system"
            else "Use light or dark colours as the desktop does",
            "View",
            lambda t=theme: set_style(theme=t),
            submenu="&Theme",
            checkable=True,
            checked=lambda t=theme: window.reading_style().theme == t,
            group="theme",
            separator_before=theme == "light",
        )
    for mode, title in TWO_PAGE_TITLES.items():
        helps = {
            "auto": "Show two pages side by side when the window is wide enough",
            "on": "Always show two pages side by side",
            "off": "Always show a single page",
        }
        add(
            f"view.two_pages.{mode}",
            title,
            helps[mode],
            "View",
            lambda m=mode: set_style(two_pages=m),
            submenu="T&wo Pages",
            checkable=True,
            checked=lambda m=mode: window.reading_style().two_pages == m,
            group="two_pages",
        )
    add(
        "view.full_screen",
        "&Full Screen",
        "Show the book on the whole screen (again to leave)",
        "View",
        window.toggle_full_screen,
        checkable=True,
        checked=window.isFullScreen,
        separator_before=True,
    )

    registry.register(
        Command(
            "view.library",
            "&Library",
            "Show or hide the library pane (and move to it)",
            ["F9"],
            "View",
            lambda: toggle_library(window),
            checkable=True,
            checked=lambda: window.library_dock.isVisible(),
        )
    )

    register_keyboard_commands(registry, window)  # F10, distraction-free, F6, palette, ?

    # Help
    add(
        "help.about",
        "&About Quire",
        "Show the version of Quire and what it is",
        "Help",
        lambda: show_about(window),
        role=QAction.MenuRole.AboutRole,
    )


def library_pane(window: MainWindow) -> LibraryPane | None:
    """The window's library pane (installing deferred panes first), or None when none."""
    ensure = getattr(window, "ensure_panes", None)
    if callable(ensure):
        ensure()
    from reader.ui.library.pane import LibraryPane

    widget = window.library_dock.widget()
    return widget if isinstance(widget, LibraryPane) else None


def toggle_library(window: MainWindow) -> None:
    """F9: show the library and move to it; hide it when it already has the focus."""
    dock = window.library_dock
    pane = library_pane(window)
    if dock.isVisible() and (pane is None or pane.isAncestorOf(window.focusWidget())):
        dock.hide()
        window.view.setFocus()
    elif pane is not None:
        pane.show_library()
    else:
        dock.show()


def register_library_commands(registry: CommandRegistry, window: MainWindow) -> None:
    """File ▸ Add Files…, Add Folder… and Book Settings… (the library pane's commands)."""

    def on_pane(action: str) -> None:
        pane = library_pane(window)
        if pane is not None:
            getattr(pane, action)()

    def book_settings() -> None:
        pane = library_pane(window)
        if pane is None:
            return
        session = window.session
        in_pane = pane.isAncestorOf(window.focusWidget())
        record = pane.selected_record() if in_pane else None
        record = record or session.record or pane.selected_record()
        if record is not None:
            pane.edit_settings(record)

    for name, title, help_, keys, callback in (
        (
            "library.add_files",
            "&Add Books to Library…",
            "Add text files to the library without opening them",
            ["Ctrl+Shift+O"],
            lambda: on_pane("add_files_dialog"),
        ),
        (
            "library.add_folder",
            "Add &Folder to Library…",
            "Add every .txt file in a folder and its subfolders to the library",
            [],
            lambda: on_pane("add_folder_dialog"),
        ),
        (
            "book.settings",
            "Book &Settings…",
            "Encoding, paragraph layout, title and author of this book",
            ["Ctrl+I"],
            book_settings,
        ),
    ):
        registry.register(Command(name, title, help_, keys, "File", callback))


def window_go_to(window: MainWindow) -> object:
    """The Ctrl+G callback: ask for a page or percent and go there."""

    def go_to() -> None:
        from reader.ui.dialogs.goto import GoToDialog

        if window.session.book is None:
            return
        info = window.view.page_info()
        dialog = GoToDialog(
            window,
            current_page=info.page,
            page_count=info.total,
            approximate=info.approximate,
        )
        if dialog.exec() and dialog.target() is not None:
            go_to_target(window, dialog.target())

    return go_to


def go_to_target(window: MainWindow, target: object) -> None:
    """Go to a :class:`~reader.ui.dialogs.goto.GoToTarget` (page or percent)."""
    view = window.view
    if target.kind == "percent":  # type: ignore[attr-defined]
        window.jump(lambda: view.go_to_percent(float(target.value)))  # type: ignore[attr-defined]
    else:
        window.jump(lambda: view.go_to_page(int(target.value)))  # type: ignore[attr-defined]


def show_about(window: MainWindow) -> None:
    """Help ▸ About: version and a one-line description."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from reader import __version__

    box = QMessageBox(window)
    box.setWindowTitle("About Quire")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"Quire {__version__}")
    box.setInformativeText(
        "A reader for plain-text fiction: any encoding, real pages, "
        "and it remembers where you were."
    )
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))
    box.exec()
