"""The main window: the reading view in the centre, docks, menus, status line, opening books.

The window is the composition root of the ui: it owns the page, the book
session, the docks and the command registry, and builds the library pane and
notes panel from contexts (:mod:`reader.ui.window.panes`). Every user action is
a command in :attr:`MainWindow.registry`, registered from the table in
:mod:`reader.ui.window.command_table`; menus and shortcuts are built from it.
Window geometry and dock state live in ``QSettings`` (INI at
``paths.qsettings_file``); everything else (progress, reading style, last
folder) lives in the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFileOpenEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from reader import APP_NAME, recovery
from reader.heap import release_free_memory
from reader.layout.hyphenate import set_cache_dir as set_hyphenation_cache
from reader.layout.note_folds import NoteFolds
from reader.layout.style import ReadingStyle
from reader.store.db import StoreError
from reader.store.writer import StoreWriter
from reader.text.errors import BookError
from reader.ui.commands.keymap import Keymap, install_text_input_guard
from reader.ui.commands.registry import CommandRegistry
from reader.ui.common.behaviour import (
    SHOW_TIME_LEFT_SETTING,
)
from reader.ui.common.file_drop import FileDropTarget
from reader.ui.common.writes import BackgroundWrites
from reader.ui.reading.page_info import PageInfo
from reader.ui.reading.status import StatusLine
from reader.ui.reading.view import ReadingView
from reader.ui.session.book_session import BookSession, Opened
from reader.ui.window.actions import WindowActions
from reader.ui.window.chrome_theme import apply_chrome_theme, restore_chrome_palette
from reader.ui.window.command_table import register_commands
from reader.ui.window.deferred import DeferredInstall
from reader.ui.window.docks import PaneDock
from reader.ui.window.focus import FocusController
from reader.ui.window.listening import ReadAloudHost
from reader.ui.window.message_bar import MessageBar
from reader.ui.window.open_paths import WindowOpening
from reader.ui.window.opening import OpenQueue, file_problem
from reader.ui.window.recent_menu import RecentMenu
from reader.ui.window.stats_wiring import WindowStats
from reader.ui.window.story_options import StoryOptions
from reader.ui.window.write_status import WriteStatus

if TYPE_CHECKING:
    from reader.paths import Paths
    from reader.store.db import Store
    from reader.ui.dialogs.ports import ChapterRulesHost
    from reader.ui.library.pane import LibraryPane
    from reader.ui.notes.panel import NotesPanel

STYLE_KEY = "reading_style"
LAST_DIR_KEY = "last_open_dir"
EMPTY_BOOK_MESSAGE = "This book is empty: the file has no text."


class MainWindow(ReadAloudHost, WindowOpening, StoryOptions, FileDropTarget, QMainWindow):
    """Quire's window: a paginated book in the centre, library and notes docks at the sides."""

    library_changed = Signal(int)
    """A book was opened or added to the library (its id; -1: reload everything)."""
    book_opened = Signal(object)
    """A book was (re)loaded into the view (an ``Opened``: book, record, library status)."""
    listening_changed = Signal(bool)
    """Read aloud started (True: page turns are now listening, not reading — statistics
    connect here) or stopped (False)."""

    def __init__(
        self,
        store: Store,
        paths: Paths,
        parent: QWidget | None = None,
        *,
        writer: StoreWriter | None = None,
    ) -> None:
        """``writer``: the library's background writer (one is made when not given)."""
        super().__init__(parent)
        self.store = store
        self.paths = paths
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._settings = QSettings(str(paths.qsettings_file), QSettings.Format.IniFormat)
        self._shut_down = False
        self._pending_files: list[str] = []
        self._view_message: str | None = None
        self._view_hint = False
        self._open_errors: list[str] | None = None
        self._deferred_panes: DeferredInstall | None = None
        self._install_library: Callable[[], None] | None = None
        self.last_opened: Opened | None = None
        """The book shown now as it was loaded (panes installed later catch up from it)."""
        set_hyphenation_cache(paths.cache_dir / "hyphenation")

        self.writes = BackgroundWrites(store, writer or StoreWriter(store.path), self, self)
        """Every change to the library goes through here (never waiting on the GUI thread)."""
        self.session = BookSession(store, paths.cache_dir, self, writes=self.writes)
        self.session.error.connect(self._session_error)
        self.session.record_saved.connect(self._record_saved)
        self.session.book_completed.connect(self._book_completed)
        self.quick_open = False
        """Open the next book from its opening first (the start-up's book: see
        :meth:`BookSession.load`); reset by each open."""
        self.session.progress_saved.connect(self.library_changed.emit)
        self.opening = OpenQueue(self, self)

        self.view = ReadingView(self)
        self.view.setObjectName("readingView")
        self.view.hold_measure()  # the panes beside the page narrow before its measure does
        style = self._load_style()
        apply_chrome_theme(style.theme)
        self.view.set_reading_style(style)
        self.message_bar = MessageBar(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.view, 1)
        self._central_layout = layout
        self.setCentralWidget(central)

        self.library_dock = PaneDock("Library", "libraryDock", self)
        self.notes_dock = PaneDock("Notes", "notesDock", self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_dock)

        self.status_line = StatusLine(self)
        self.statusBar().addPermanentWidget(self.status_line, 1)
        self.write_status = WriteStatus(self.writes, self)
        self.statusBar().addPermanentWidget(self.write_status)
        self.statusBar().setSizeGripEnabled(False)

        self.registry = CommandRegistry(Keymap(defaults={}))
        self.focus_controller = FocusController(
            self, self.view, self.library_dock, self.notes_dock, self.registry
        )
        self.stats_ui = WindowStats(self)
        """Reading statistics: recording, time left, the Statistics view and its commands."""
        self._handlers = WindowActions(self)
        register_commands(self.registry, self._handlers)
        self.apply_behaviour()
        for dock in (self.library_dock, self.notes_dock):
            dock.visibilityChanged.connect(self._dock_visibility)
        self.actions_by_name: dict[str, QAction] = self.registry.create_actions(self)
        self.menus = self.registry.build_menus(self.menuBar())
        help_menu = self.menus.get("Help")
        if help_menu is not None:  # menus after Help (Read Aloud) go before it
            self.menuBar().removeAction(help_menu.menuAction())
            self.menuBar().addAction(help_menu.menuAction())
        self.recent_menu = self._make_recent_menu()
        try:
            self.registry.set_overrides(store.settings.key_overrides())
        except StoreError as err:
            self.show_message(str(err))
        self._guard = install_text_input_guard(self, self.view)  # reading keys: on the page

        self.view.position_changed.connect(self._on_position_changed)
        self.view.page_changed.connect(self._update_status)
        self.view.book_shown.connect(self._book_shown)
        self.view.setFocus()
        self._restore_geometry()

    # --- docks ---------------------------------------------------------------------------

    def _dock_visibility(self, _visible: bool) -> None:
        # A dock also hides while the window is torn down: its check mark no longer matters.
        if shiboken6.isValid(self):
            self.registry.refresh()

    def set_library_widget(self, widget: QWidget) -> None:
        """Put the library pane into the left dock (replacing the placeholder)."""
        self.library_dock.setWidget(widget)

    def set_notes_widget(self, widget: QWidget) -> None:
        """Put the notes panel into the right dock (replacing the placeholder)."""
        self.notes_dock.setWidget(widget)

    def defer_panes(
        self, install_notes: Callable[[], None], install_library: Callable[[], None]
    ) -> None:
        """Build the panes when they are needed, not on the way to the first page.

        The notes panel (which also gives the page its bookmarks, highlights and menu)
        is installed once the first frame is painted (see
        :class:`~reader.ui.window.deferred.DeferredInstall`). The library pane is
        built when its dock is first shown or something asks for it
        (:meth:`library_pane`): a reader who only reads never pays for it. A library
        dock restored open waits for the first frame too. :meth:`ensure_panes`
        installs both at once.
        """
        self.library_dock.expect_pane()
        self.notes_dock.expect_pane()
        self._install_library = install_library

        def after_first_frame() -> None:
            install_notes()
            if self.library_dock.isVisible():
                self.ensure_library()

        self._deferred_panes = DeferredInstall(
            self, after_first_frame, self.view.first_painted, watch=self.view
        )
        self.library_dock.when_shown(self._library_dock_shown)

    def _library_dock_shown(self) -> None:
        deferred = self._deferred_panes
        if deferred is None or not deferred.pending():  # start-up is over: build it now
            self.ensure_library()

    def ensure_panes(self) -> None:
        """Install deferred panes now (no-op when installed, never deferred, or shut down)."""
        self._run_deferred_panes()
        self.ensure_library()

    def _run_deferred_panes(self) -> None:
        """The first-frame work now: the notes panel (and a library dock already open)."""
        deferred, self._deferred_panes = self._deferred_panes, None
        if deferred is not None:
            if self._shut_down:
                deferred.cancel()
            else:
                deferred.run()

    def ensure_library(self) -> None:
        """Build a deferred library pane now (no-op when built, never deferred, or shut down)."""
        install, self._install_library = self._install_library, None
        if install is not None and not self._shut_down:
            install()

    def library_pane(self) -> LibraryPane | None:
        """The library pane (building a deferred one first), or None when there is none."""
        from reader.ui.library.pane import LibraryPane

        self.ensure_library()
        return self.library_dock.pane(LibraryPane)

    def notes_panel(self) -> NotesPanel | None:
        """The notes panel (installing a deferred one first), or None when there is none."""
        from reader.ui.notes.panel import NotesPanel

        self._run_deferred_panes()
        return self.notes_dock.pane(NotesPanel)

    # --- start-up ------------------------------------------------------------------------

    def after_show(self, notices: Sequence[str] = ()) -> None:
        """Work that can wait until the first page is on screen (store notices, queued files,
        saving the drafts a busy or broken library left behind)."""
        for notice in notices:
            self.show_message(notice, error=False)
        if self._pending_files:
            QTimer.singleShot(0, self._import_pending)
        from reader.ui.window.drafts_replay import replay_drafts

        replay_drafts(self)

    # --- opening books -------------------------------------------------------------------

    def open_path(self, path: str, *, reopening: bool = False) -> bool:
        """Open ``path`` in the window at its saved position; False (and a message) on failure.

        ``reopening`` is the automatic reopen of the last book at start-up: a
        file that has gone away then gets a gentler message.
        """
        error = self._open(path)
        if error is None:
            return True
        if reopening:
            error = f"Could not reopen the last book you read. {error}"
        self._show_open_failure(error)
        return False

    def _open(self, path: str) -> str | None:
        """Load and show ``path``; the reader's message on failure, None on success.

        While it opens, a marker says which book it is (:mod:`reader.recovery`), so a
        crash is not repeated at the next start; it goes once the first page is shown.
        """
        guard = recovery.current() if file_problem(path) is None else None
        if guard is not None:
            guard.begin(path)
        self._open_errors = []  # the library's errors while loading: shown once it opened
        quick, self.quick_open = self.quick_open, False
        try:
            opened = self.session.load(path, quick=quick)
        except BookError as err:
            return self._open_failed(guard, str(err))
        except (OSError, ValueError, UnicodeError, MemoryError) as err:
            return self._open_failed(guard, f"Could not open {os.path.basename(path)}: {err}")
        finally:
            errors, self._open_errors = self._open_errors, None
        if guard is not None:
            guard.set_key(opened.book.book_key)
        self.stop_read_aloud()  # its position belongs to the book it was reading
        self.session.activate(opened)
        self.last_opened = opened
        self.library_changed.emit(opened.record.id if opened.record is not None else -1)
        self.message_bar.clear()  # a book opened: earlier failures are over
        for error in errors[:1]:  # the first says why (read-only, disk full …)
            self.show_message(error)
        self.status_line.clear()  # what it held belongs to the book before
        if not errors:
            self._offer_new_chapters()
        provisional = opened.finish is not None
        folds = NoteFolds(hidden=opened.fold_notes)
        self.view.set_book(opened.book, opened.position, folds, count_pages=not provisional)
        if provisional:
            # The whole book takes the opening's place once its first page is on screen
            # (or at the first key or click, which then sees the whole book).
            DeferredInstall(self, self.session.complete_book, self.view.first_painted, self.view)
        self.book_opened.emit(opened)
        empty = not opened.book.text or opened.book.text.isspace()
        self._set_view_message(EMPTY_BOOK_MESSAGE if empty else None)
        self._update_title()
        self._update_status()
        return None

    def _show_open_failure(self, message: str) -> None:
        """No book open: the message takes the page's place. Otherwise: above the page."""
        if self.session.book is None:
            self.view.set_book(None)
            self._set_view_message(message)  # the message bar keeps what it said (a crash notice)
            self._update_title()
            self.status_line.clear()
        else:
            self.show_message(message)

    def _set_view_message(self, text: str | None, *, hint: bool = False) -> None:
        self._view_message = text
        self._view_hint = hint
        self.view.set_message(text)

    def chapter_rules_host(self) -> ChapterRulesHost:
        """The window as the chapter rules see it (library, writes, open book, messages)."""
        return self

    def show_page_hint(self, text: str) -> None:
        """Without a book, what to do next on the page, unless it says why a book failed."""
        if self.session.book is None and (not self._view_message or self._view_hint):
            self._set_view_message(text, hint=True)

    def choose_files(self) -> list[str]:
        """Ask for books with a file dialog that starts in the last folder used."""
        from PySide6.QtWidgets import QFileDialog

        start = str(self._setting(LAST_DIR_KEY, "") or os.path.expanduser("~"))
        files, _filter = QFileDialog.getOpenFileNames(
            self, "Open Book", start, "Text files (*.txt *.text *.TXT);;All files (*)"
        )
        return files

    def open_dialog(self) -> None:
        """Ctrl+O: choose one or more books and open them."""
        files = self.choose_files()
        if not files:
            return
        self._set_setting(LAST_DIR_KEY, os.path.dirname(os.path.abspath(files[0])))
        self.open_files(files)

    def open_settings(self, page: str = "reading") -> None:
        """Ctrl+,: the Settings dialog (reading style, behaviour, keys) over the window."""
        from reader.ui.dialogs.settings_dialog import open_settings_dialog

        open_settings_dialog(self, page)

    def as_widget(self) -> QMainWindow:
        """The window itself, for what its commands open over it."""
        return self

    def _make_recent_menu(self) -> RecentMenu:
        menu = RecentMenu(self.store, self, self.open_files, self)
        file_menu = self.menus["File"]
        quit_action = self.actions_by_name["app.quit"]
        file_menu.insertMenu(quit_action, menu)
        file_menu.insertSeparator(quit_action)
        return menu

    def populate_recent_menu(self) -> None:
        """Fill File ▸ Open Recent from the library (it is also filled as it opens)."""
        self.recent_menu.populate()

    # --- drag and drop -------------------------------------------------------------------

    def paths_dropped(self, paths: list[str]) -> None:
        """Open the files dropped on the window (folders give a message)."""
        self.open_files(paths)

    # --- messages, title, status ---------------------------------------------------------

    def show_message(self, text: str, error: bool = True) -> None:
        """Show a one-line message above the page (plain text)."""
        self.message_bar.show_message(text, error=error)

    def current_message(self) -> str:
        """The message the reader sees now (message bar, else the one on the page), or ''."""
        return self.message_bar.text() or self._view_message or ""

    def _book_completed(self, opened: Opened) -> None:
        """The whole of the open book replaced its opening: the same page, now of all of it.

        A book never opened before goes to where the whole book says the story starts,
        unless the reader has moved on (it is the same place but for the rarest books).
        """
        before = opened.position
        position = self.view.position()
        if not opened.has_progress and self.view.visible_range()[0] <= before:
            position = opened.book.opening_offset
        self.view.set_book(opened.book, position, self.view.note_folds())
        self.book_opened.emit(opened)
        self._update_title()
        release_free_memory()  # what the whole book's parse freed (megabytes of a long one)

    def _update_title(self) -> None:
        book, record = self.session.book, self.session.record
        if book is None:
            self.setWindowTitle(APP_NAME)
            return
        title = (record.display_title if record else "") or book.metadata.title
        author = (record.display_author if record else "") or book.metadata.author
        parts = [p for p in (title, author) if p] + [APP_NAME]
        self.setWindowTitle(" — ".join(parts))

    def _on_position_changed(self, offset: int) -> None:
        if self.session.book is None:
            return
        if self._listening:  # read aloud turns the page: not reading, nothing saved
            self._update_status()
            return
        info = self._update_status()
        percent = float(info.percent) if info is not None else 0.0
        self.session.position_changed(offset, percent)

    def _update_status(self) -> PageInfo | None:
        if self.session.book is None or not self.session.book.text:
            self.status_line.clear()
            return None
        info = self.view.page_info()
        self.status_line.show_info(info)
        return info

    def jump(self, action: Callable[[], object]) -> None:
        """Run a view navigation that is a jump (go to, chapter, start or end of the book).
        Statistics need no telling: a page left within a glance is not recorded."""
        action()

    def go_to_offset(self, offset: int) -> None:
        """Show the page holding source ``offset`` (a jump)."""
        self.jump(lambda: self.view.go_to(offset))

    def shown_keys(self, name: str) -> str:
        """The keys of command ``name`` as help texts show them (no multimedia-key names)."""
        from reader.ui.commands.palette import shown_keys

        return shown_keys(self.registry, name)

    def apply_behaviour(self) -> None:
        """Apply the behaviour settings that show in the window (the time left in the chapter)
        and the reading statistics settings."""
        try:
            show = self.store.settings.get(SHOW_TIME_LEFT_SETTING, True)
        except StoreError:  # unreadable: the default (on); not worth a message
            show = True
        self.status_line.time_left.setVisible(bool(show))
        self.stats_ui.apply_settings()
        self._apply_book_options()

    # --- reading style -------------------------------------------------------------------

    def _load_style(self) -> ReadingStyle:
        data = self._setting(STYLE_KEY, None)
        return ReadingStyle.from_dict(data if isinstance(data, dict) else None)

    def set_reading_style(self, style: ReadingStyle) -> None:
        """Apply ``style`` to the page (keeping the position) and the window chrome's
        palette (dark with a dark theme), and remember it."""
        apply_chrome_theme(style.theme)
        self.jump(lambda: self.view.set_reading_style(style))
        self._set_setting(STYLE_KEY, style.to_dict())
        self.registry.refresh()
        self._update_status()

    def reading_style(self) -> ReadingStyle:
        """The style the page uses now."""
        return self.view.reading_style()

    # --- store settings helpers ----------------------------------------------------------

    def _setting(self, key: str, default: object) -> object:
        try:
            return self.store.settings.get(key, default)
        except StoreError as err:
            self.show_message(str(err))
            return default

    def _set_setting(self, key: str, value: object) -> None:
        self.writes.now_or_later(lambda s: s.settings.set(key, value))

    # --- geometry, full screen, closing --------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(960, 800)
        state = self._settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def save_window_state(self) -> None:
        """Write geometry and dock state to QSettings."""
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.sync()

    def toggle_full_screen(self) -> None:
        """F11: full screen on/off."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def changeEvent(self, event: QEvent) -> None:
        """Keep the Full Screen check mark in step with the window state."""
        if event.type() == QEvent.Type.WindowStateChange:
            self.registry.refresh()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        """Open files the desktop sends (macOS ``QFileOpenEvent``, delivered via the app)."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            if event.file():
                self.open_files([event.file()])
                self.bring_to_front()
            return True
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the reading position and the window layout before closing."""
        self.stop_read_aloud()
        self.session.flush()
        self.save_window_state()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Flush everything and close the store (the application is quitting)."""
        if self._shut_down:
            return
        self._shut_down = True
        restore_chrome_palette()
        if self._deferred_panes is not None:
            self._deferred_panes.cancel()
        for dock in (self.library_dock, self.notes_dock):
            pane = dock.widget()
            stop = getattr(pane, "shutdown", None)
            if callable(stop):
                stop()  # stop imports and the search thread before the store closes
        self.shutdown_read_aloud()
        self.stats_ui.shutdown()
        self.session.flush()
        # Stops the background pagination thread: a thread still inside Qt's text
        # layout when the interpreter exits aborts the process.
        self.view.set_book(None)
        self.writes.close(timeout=2.0)  # the queued writes land (a lock elsewhere: 2 s more)
        self.store.close()
