"""What the window's commands do: one method per command handler, one per check mark.

:class:`WindowActions` is what the command table
(:mod:`reader.ui.window.command_table`) refers to: each row names a method of
this class as its handler (and, for checkable commands, another as its
predicate). The methods reach the window's parts (page, docks, panes) and
install deferred panes first where a command needs one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt

from reader.layout.style import MAX_FONT_SIZE, MIN_FONT_SIZE, ReadingStyle
from reader.ui.window.command_host import CommandHost

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from reader.ui.dialogs.goto import GoToTarget
    from reader.ui.library.pane import LibraryPane
    from reader.ui.notes.panel import NotesPanel

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


class WindowActions:
    """The handlers of the window's commands (see the module docstring)."""

    def __init__(self, host: CommandHost) -> None:
        self.window = host
        # The page's own ways to Back/Forward and to a place: the mouse's back and forward
        # buttons, and the scrubber (both jumps, like the commands).
        host.view.history_requested.connect(self._history_button)
        host.view.scrub_requested.connect(self._scrubbed)

    # --- File ----------------------------------------------------------------------------

    def open_file(self) -> None:
        """Ctrl+O: choose books and open them."""
        self.window.open_dialog()

    def add_files(self) -> None:
        """Add book files to the library (file dialog)."""
        pane = self.window.library_pane()
        if pane is not None:
            pane.add_files_dialog()

    def add_folder(self) -> None:
        """Add a folder of books to the library (folder dialog)."""
        pane = self.window.library_pane()
        if pane is not None:
            pane.add_folder_dialog()

    def book_settings(self) -> None:
        """Ctrl+I: the settings of the book selected in the library (when it has the focus),
        else of the open book, else of the selected one."""
        window = self.window
        pane = window.library_pane()
        if pane is None:
            return
        in_pane = pane.isAncestorOf(window.as_widget().focusWidget())
        record = pane.selected_record() if in_pane else None
        record = record or window.session.record or pane.selected_record()
        if record is not None:
            pane.edit_settings(record)

    def chapter_rules(self) -> None:
        """The open book's chapter rules, with a preview of the contents they give."""
        from reader.ui.dialogs.chapter_rules import edit_chapter_rules

        window = self.window
        edit_chapter_rules(window.chapter_rules_host(), window.as_widget(), window.paths.cache_dir)

    def mark_chapter_line(self) -> None:
        """Make the line at the caret (or the top of the page) a chapter."""
        self._mark_line(True)

    def unmark_chapter_line(self) -> None:
        """Make the heading at the caret (or the top of the page) no chapter."""
        self._mark_line(False)

    def _mark_line(self, chapter: bool) -> None:
        from reader.ui.dialogs.chapter_rules import mark_line

        window = self.window
        mark_line(window.chapter_rules_host(), window.view.line_target(), chapter)

    def story_info(self) -> None:
        """Story Info: what the open story's header says (fandom, tags, summary …)."""
        panel = self._notes()
        if panel is None:
            self.window.view.show_notice("Open a story first: Story Info shows its header.")
            return
        panel.show_story_info()

    def settings(self) -> None:
        """Ctrl+,: the Settings dialog."""
        self.window.open_settings()

    def quit(self) -> None:
        """Ctrl+Q: close the window (the position is saved)."""
        self.window.as_widget().close()

    # --- Go ------------------------------------------------------------------------------

    def next_page(self) -> None:
        """Turn to the next page."""
        self.window.view.next_page()

    def prev_page(self) -> None:
        """Turn back a page."""
        self.window.view.prev_page()

    def first_page(self) -> None:
        """Go to the first page (a jump)."""
        self.window.jump(self.window.view.first_page)

    def last_page(self) -> None:
        """Go to the last page (a jump)."""
        self.window.jump(self.window.view.last_page)

    def next_chapter(self) -> None:
        """Go to the next chapter (a jump)."""
        self.window.jump(self.window.view.next_chapter)

    def prev_chapter(self) -> None:
        """Go to this chapter's start, or the previous chapter's (a jump)."""
        self.window.jump(self.window.view.prev_chapter)

    def go_to(self) -> None:
        """Ctrl+G: ask for a page or percent and go there."""
        from reader.ui.dialogs.goto import GoToDialog

        window = self.window
        if window.session.book is None:
            return
        info = window.view.page_info()
        dialog = GoToDialog(
            window.as_widget(),
            current_page=info.page,
            page_count=info.total,
            approximate=info.approximate,
        )
        target = dialog.target() if dialog.exec() else None
        if target is not None:
            go_to_target(window, target)

    def new_chapters(self) -> None:
        """Go to the first chapter an update of this story added."""
        self.window.go_to_new_chapters()

    def toggle_bookmark(self) -> None:
        """``b``: bookmark the page or remove its bookmark (needs the notes panel)."""
        panel = self._notes()
        if panel is not None:
            panel.toggle_bookmark()

    def start_selection(self) -> None:
        """``v``: select text with the keyboard."""
        panel = self._notes()
        if panel is not None:
            panel.start_selection()

    def find(self) -> None:
        """``/``: the Search tab with the cursor in its field."""
        panel = self._notes()
        if panel is not None:
            panel.open_search()

    def find_next(self) -> None:
        """``n``: the next search hit."""
        panel = self._notes()
        if panel is not None:
            panel.step_search(1)

    def find_previous(self) -> None:
        """``N``: the previous search hit."""
        panel = self._notes()
        if panel is not None:
            panel.step_search(-1)

    def go_back(self) -> None:
        """Alt+Left: back to where the reader was before the last jump."""
        self.window.jump(self.window.view.back)

    def go_forward(self) -> None:
        """Alt+Right: forward again to where Back came from."""
        self.window.jump(self.window.view.forward)

    def _history_button(self, step: int) -> None:
        if step < 0:
            self.go_back()
        else:
            self.go_forward()

    def scrubber(self) -> None:
        """``g``: the position scrubber, for the keys."""
        self.window.view.show_scrubber()

    def _scrubbed(self, offset: int) -> None:
        view = self.window.view
        self.window.jump(lambda: view.go_to(offset))

    def show_note_here(self) -> None:
        """``m``: show the note of a highlight on this page."""
        panel = self._notes()
        if panel is not None:
            panel.show_note_here()

    def _notes(self) -> NotesPanel | None:
        """The notes panel when a book is open (installing deferred panes first), else None."""
        if self.window.session.book is None:
            return None
        return self.window.notes_panel()

    # --- View ----------------------------------------------------------------------------

    def font_bigger(self) -> None:
        """Ctrl+=: one step up the size ladder."""
        self._font(1)

    def font_smaller(self) -> None:
        """Ctrl+-: one step down the size ladder."""
        self._font(-1)

    def font_reset(self) -> None:
        """Ctrl+0: the default size."""
        self._font(0)

    def _font(self, direction: int) -> None:
        window = self.window
        style = window.reading_style()
        size = ReadingStyle().font_size if direction == 0 else font_step(style.font_size, direction)
        if size != style.font_size:
            window.set_reading_style(style.with_(font_size=size))

    def set_theme(self, theme: str) -> None:
        """One of the colour themes (light, sepia, dark, system)."""
        window = self.window
        window.set_reading_style(window.reading_style().with_(theme=theme))

    def theme_is(self, theme: str) -> bool:
        """True when ``theme`` is the one in use (its check mark)."""
        return self.window.reading_style().theme == theme

    def set_two_pages(self, mode: str) -> None:
        """Two pages side by side: auto, on or off (on says so when they do not fit)."""
        window = self.window
        window.set_reading_style(window.reading_style().with_(two_pages=mode))
        view = window.view
        if mode == "on" and view.spread_refused():
            view.show_notice(view.spread_refused_tip or "Two pages do not fit: one page shown.")

    def two_pages_is(self, mode: str) -> bool:
        """True when ``mode`` is the two-page mode in use."""
        return self.window.reading_style().two_pages == mode

    def full_screen(self) -> None:
        """F11: full screen on/off."""
        self.window.toggle_full_screen()

    def is_full_screen(self) -> bool:
        """True in full screen."""
        return self.window.as_widget().isFullScreen()

    def toggle_library(self) -> None:
        """F9: show the library and move to it; hide it when it already has the focus."""
        window = self.window
        dock = window.library_dock
        pane = window.library_pane()
        focus = window.as_widget().focusWidget()
        if dock.isVisible() and (pane is None or pane.isAncestorOf(focus)):
            dock.hide()
            window.view.setFocus()
        elif pane is not None:
            pane.show_library()
        else:
            dock.show()

    def library_shown(self) -> bool:
        """True while the library dock is visible."""
        return self.window.library_dock.isVisible()

    def toggle_notes(self) -> None:
        """F10: show the notes panel and move to it; hide it when it has the focus."""
        self.window.focus_controller.toggle_dock(self.window.notes_dock)

    def notes_shown(self) -> bool:
        """True while the notes dock is visible."""
        return self.window.notes_dock.isVisible()

    def distraction_free(self) -> None:
        """F12: everything but the page hidden, or back."""
        focus = self.window.focus_controller
        focus.set_distraction_free(not focus.distraction_free())

    def is_distraction_free(self) -> bool:
        """True while distraction-free."""
        return self.window.focus_controller.distraction_free()

    def open_author_note(self) -> None:
        """O: open the first folded author's note on the page."""
        view = self.window.view
        if view.book() is not None and not view.open_folded_note():
            self.window.show_message("No folded author's note on this page.", error=False)

    def toggle_author_notes(self) -> None:
        """Fold the open book's author's notes to one line each, or show them again."""
        if self.window.view.book() is not None:
            self.window.set_author_notes_hidden(not self.author_notes_hidden())

    def author_notes_hidden(self) -> bool:
        """True while the open book's author's notes are folded."""
        return self.window.view.note_folds().hidden

    def focus_next(self) -> None:
        """F6: the next pane."""
        self.window.focus_controller.cycle(1)

    def focus_previous(self) -> None:
        """Shift+F6: the previous pane."""
        self.window.focus_controller.cycle(-1)

    def focus_page(self) -> None:
        """Esc: back to the page, or out of distraction-free / full screen."""
        self.window.focus_controller.escape()

    def group_library(self, key: str) -> None:
        """Group the library's list by fandom or series ('' for no groups)."""
        pane = self.window.library_pane()
        if pane is not None:
            pane.set_group(key)

    def library_group_is(self, key: str) -> bool:
        """True when the library is grouped by ``key`` ('' for not grouped). Asked when
        menus are shown, so it never installs the deferred panes (False until then)."""
        widget = self.window.library_dock.widget()
        if widget is None or widget.objectName() != "libraryPane":
            return False
        return cast("LibraryPane", widget).model.group() == key

    def filter_library(self) -> None:
        """Ctrl+L: the library's filter box."""
        self.window.focus_controller.focus_library_filter()

    # --- Read Aloud ----------------------------------------------------------------------

    def speech(self, action: str) -> None:
        """A read-aloud command: ``action`` names the controller's method (``play_pause``,
        ``stop``, ``next_sentence`` …)."""
        getattr(self.window.read_aloud(), action)()

    def sleep_timer(self, choice: str) -> None:
        """Set the read-aloud sleep timer (``off``, ``15``, ``30``, ``60``, ``chapter``)."""
        self.window.read_aloud().set_sleep_timer(choice)

    def sleep_timer_is(self, choice: str) -> bool:
        """True when ``choice`` is the sleep timer set (``off`` before read aloud is used)."""
        controller = self.window.read_aloud_if_loaded()
        return (controller.sleep_choice() if controller is not None else "off") == choice

    def read_aloud_settings(self) -> None:
        """Settings ▸ Read Aloud."""
        self.window.open_settings("read_aloud")

    # --- Statistics ----------------------------------------------------------------------

    def statistics(self) -> None:
        """``S``: the Statistics view (charts of time, pace, streaks and finished books)."""
        self.window.stats_ui.show_view()

    def stats_import(self) -> None:
        """Import KOReader's statistics.sqlite3 (file dialog, then a report)."""
        self.window.stats_ui.import_koreader()

    def stats_export(self) -> None:
        """Export the statistics as CSV or JSON (file dialog)."""
        self.window.stats_ui.export()

    def stats_clear(self) -> None:
        """Clear this book's statistics or all of them (asks first)."""
        self.window.stats_ui.clear()

    # --- Help ----------------------------------------------------------------------------

    def palette(self) -> None:
        """Ctrl+K: the command palette."""
        from reader.ui.commands.palette import open_palette

        open_palette(self.window.registry, self.window.as_widget())

    def key_help(self) -> None:
        """``?``: the key-help overlay (again to close)."""
        from reader.ui.commands.key_help import show_key_help

        show_key_help(self.window.registry, self.window.as_widget())

    def about(self) -> None:
        """Help ▸ About: version, a one-line description and where errors are logged."""
        self.about_box().exec()

    def about_box(self) -> QMessageBox:
        """The About box (plain, selectable text), not yet shown."""
        from PySide6.QtWidgets import QMessageBox

        from reader import __version__

        window = self.window.as_widget()
        box = QMessageBox(window)
        box.setWindowTitle("About Quire")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Quire {__version__}")
        box.setInformativeText(
            "A reader for plain-text fiction: any encoding, real pages, "
            "and it remembers where you were.\n\n"
            f"Unexpected errors are logged to {self.window.paths.log_file}"
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setIconPixmap(window.windowIcon().pixmap(64, 64))
        return box


def go_to_target(window: CommandHost, target: GoToTarget) -> None:
    """Go to a :class:`~reader.ui.dialogs.goto.GoToTarget` (page or percent), as a jump."""
    view = window.view
    if target.kind == "percent":
        window.jump(lambda: view.go_to_percent(float(target.value)))
    else:
        window.jump(lambda: view.go_to_page(int(target.value)))


__all__ = ["FONT_SIZES", "CommandHost", "WindowActions", "font_step", "go_to_target"]
