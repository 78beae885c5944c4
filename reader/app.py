"""Composition root: arguments → single instance → QApplication → store → window.

Start-up is kept short: the Qt-free commands (``info``, ``export-notes``,
``--install-desktop``) never import PySide6; a second launch hands its files to
the running window before any widget or the store is loaded; the window is
shown and then given the book at its saved position (laid out once, at its real
size, before anything is painted), and everything not needed for the first page
is deferred to the event loop — the library pane, the notes panel and the
single-instance server are set up right after the first frame (see
:class:`reader.ui.window.deferred.DeferredInstall`). The cyclic garbage collector is
paused until then (start-up objects all live on; collecting them is wasted).

Before Qt: uncaught exceptions go to the log file (:mod:`reader.logs`); a
missing system library for Qt's xcb plugin is named, with the command that
installs it, instead of Qt's abort (:mod:`reader.qt_platform`); a database
that is a FIFO, device or folder is refused instead of hanging the start. A
book that was being opened when Quire last crashed is not reopened
automatically (:mod:`reader.recovery`).
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

from reader import APP_ID, APP_NAME, method_code, pattern_code
from reader.cli import Args, parse_args
from reader.paths import Paths, move_aside_special, resolve_paths
from reader.timings import mark

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QWidget

    from reader.recovery import OpeningGuard
    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.ui.window.main_window import MainWindow

EXIT_STORE_ERROR = 3
EXIT_NO_DISPLAY = 1
"""Qt's platform plugin cannot load (missing system libraries): named on stderr."""
EXIT_HAND_OVER_REFUSED = 1
"""The running Quire refused the files handed to it (the reason is on stderr)."""
SINGLE_INSTANCE_SETTING = "single_instance"
"""Behaviour setting (Settings ▸ Behaviour): hand files to a running window (default on)."""
REOPEN_LAST_BOOK_SETTING = "reopen_last_book"
"""Behaviour setting: started without files, open the last book read (default on)."""


def main(argv: list[str] | None = None) -> int:
    """Run Quire with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    method_code.install()  # before the dataclasses of the modules imported below
    pattern_code.install()  # before PySide6 and the modules that compile patterns
    try:
        return _run(sys.argv[1:] if argv is None else list(argv))
    finally:  # (a window gives them back sooner: see create_main_window)
        method_code.release()
        pattern_code.release()


def _run(argv: list[str]) -> int:
    """:func:`main`, once the tables compiled ahead are installed."""
    args = parse_args(argv)

    # Qt-free commands first: none of them may import PySide6.
    if args.command == "info":
        from reader.text.info import run_info

        return run_info(args.files[0], args.json)
    if args.command == "export-notes":
        from reader.store.export import run_export_notes

        return run_export_notes(args)
    if args.command == "stats":
        from reader.store.stats_export import main_stats

        return main_stats(args.rest)
    if args.command == "install-desktop":
        from reader.desktop.install import install_desktop

        return install_desktop()
    if args.command == "uninstall-desktop":
        from reader.desktop.install import uninstall_desktop

        return uninstall_desktop()

    paths = resolve_paths(args.basedir)
    if args.command == "log":
        print(paths.log_file)
        return 0
    files = [os.path.abspath(f) for f in args.files]

    # --- single instance: hand over before any heavy import --------------------------------
    single = not args.new_instance and quick_setting(paths, SINGLE_INSTANCE_SETTING, True)
    if single:
        handed = _hand_over(paths, files)
        if handed is not None:
            return handed

    return run_gui(args, paths, files)


def quick_setting(paths: Paths, key: str, default: bool) -> bool:
    """A boolean setting read straight from the database, before Qt and the store (~3 ms).

    Read-only and never creating anything; any problem (no database yet, locked,
    damaged, not a boolean) gives ``default``.
    """
    import json
    import sqlite3

    db = paths.database
    if not db.exists():
        return default
    from reader.store.base import check_database_files

    if check_database_files(db) is not None:
        return default  # a FIFO or device would block sqlite's open; the start-up says why
    try:
        conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row is not None else default
    except (sqlite3.Error, TypeError, ValueError):  # see the docstring: any problem, the default
        return default
    return value if isinstance(value, bool) else default


def _hand_over(paths: Paths, files: list[str]) -> int | None:
    """The exit status when a running Quire (same user and basedir) answered, else None.

    0 when it took ``files``; :data:`EXIT_HAND_OVER_REFUSED` (its reason on
    stderr) when it refused them, e.g. too many files at once.
    """
    from reader.desktop.ipc_client import hand_over

    reply = hand_over(paths, files)
    if reply is None:
        return None
    if reply.ok:
        return 0
    sys.stderr.write(f"quire: the running Quire refused the files: {reply.error}\n")
    return EXIT_HAND_OVER_REFUSED


def run_gui(args: Args, paths: Paths, files: list[str]) -> int:
    """Start the window, open ``files`` (or the last book read) and run the event loop."""
    from reader import recovery
    from reader.logs import install_excepthooks, setup_logging
    from reader.qt_platform import xcb_problem
    from reader.stop_signals import install_signal_handlers

    setup_logging(paths.log_file)
    install_excepthooks()
    problem = xcb_problem()
    if problem is not None:
        sys.stderr.write(problem + "\n")
        return EXIT_NO_DISPLAY
    _pause_gc()
    _import_before_qt(files, first_run=not paths.database.exists())
    app = make_application()
    holder: list[QWidget] = []
    install_signal_handlers(app, holder)
    guard = recovery.install(paths.base)
    window = create_main_window(args, paths, files, defer_panes=True, guard=guard)
    if window is None:
        _resume_gc()
        return EXIT_STORE_ERROR
    holder.append(window)
    _forward_file_open_events(app, window)
    # LEAD: single instance — later launches hand their files to this window.
    single = not args.new_instance and quick_setting(paths, SINGLE_INSTANCE_SETTING, True)
    servers: list[object] = []
    if single:
        from reader.ui.window.deferred import DeferredInstall

        def listen() -> None:
            server = _start_instance_server(paths, window, enabled=True)
            if server is not None:
                servers.append(server)

        # Listening (~4 ms, a socket and its notifiers): after the first page, like the panes.
        DeferredInstall(window, listen, window.view.first_painted, watch=window.view)
    code = app.exec()
    for server in servers:
        server.close()  # type: ignore[attr-defined]
    window.shutdown()
    guard.close()  # a normal end: nothing was left half-open
    return int(code)


def _import_before_qt(files: list[str], *, first_run: bool) -> None:
    """Import the Qt-free modules the first page needs, before PySide6.

    The store and the book's loading come first; on a first run, with a book to
    open, so do the detectors its parse needs (a later start usually finds the book
    in the parse cache). PySide6 would otherwise read each of their sources as they
    are imported: :func:`make_application` stops that for the modules after it
    (:mod:`reader.ui.common.feature_scan`).
    """
    import reader.store.db
    import reader.text.quick_open  # noqa: F401  # with reader.text.parse and the cache

    if files and first_run:
        from reader.text.parse import _load_detectors

        _load_detectors()


def _forget_sources() -> None:
    """Drop the module sources PySide6 read at start-up (see :func:`_import_before_qt`)."""
    import linecache

    linecache.clearcache()


def make_application() -> QApplication:
    """The QApplication with Quire's names and icon (reuses an existing one, e.g. in tests)."""
    from PySide6.QtWidgets import QApplication

    from reader.ui.common.feature_scan import skip_source_scans

    skip_source_scans()  # before the window's modules are imported
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "quire"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain("quirereader.github.io")
    app.setDesktopFileName(APP_ID)
    from reader.assets import window_icon_files

    files = window_icon_files()
    if files:
        from PySide6.QtGui import QIcon

        icon = QIcon()
        for file in files:
            icon.addFile(str(file))
        app.setWindowIcon(icon)
    return app


def create_main_window(
    args: Args,
    paths: Paths,
    files: list[str],
    *,
    defer_panes: bool = False,
    guard: OpeningGuard | None = None,
) -> MainWindow | None:
    """Open the store and the window, open the books, show it. None if the store failed.

    ``defer_panes`` (the real start-up) builds the library pane and notes panel
    after the first page is painted when a book was opened; otherwise (and for
    tests and tools) they are there when this returns.

    A book that was being opened when Quire last ended abnormally is not
    reopened automatically: the window starts in the library and says which
    book failed and how to report it. ``guard`` (the real start-up) marks the
    book opened now until its first page is painted.
    """
    from reader.recovery import (
        blocked_books,
        crash_for_test_if_asked,
        crash_message,
        crashed_on,
        take_failed_openings,
    )
    from reader.store.db import StoreError, open_store

    first_run = not paths.database.exists()
    try:
        paths.ensure()
        store = open_store(paths.database)
    except (StoreError, OSError) as err:
        _store_failed(str(err), paths)
        return None
    failed = take_failed_openings(paths.base)  # new crashes: said below
    blocked = blocked_books(paths.base)  # these and earlier ones: not reopened on their own
    notices = list(store.notices)
    moved = move_aside_special(paths.qsettings_file)
    if moved:
        notices.append(moved)

    # A new reader who opened a file sees that book first: the sample (a parse of its own)
    # waits until after its first page, like the panes.
    sample_now = first_run and not files
    sample = _add_sample(store) if sample_now else None
    window = build_window(store, paths, defer_panes=defer_panes)
    # Shown first so the page is laid out once, at the window's real size; nothing is
    # painted before the event loop runs, so the first frame already has the book.
    window.show()
    mark("window_shown")
    _freeze_long_lived()
    # The real start-up shows a long book's first page from its opening, then the whole.
    window.quick_open = defer_panes
    if files:
        if guard is not None:
            guard.begin(files[0])
        window.open_files(files)
    else:
        record = _last_read(store) if _reopen_last_book(store) else None
        if record is not None and crashed_on(record.path, record.book_key, blocked):
            record = None  # it crashed Quire last time: the reader chooses
        last = record.path if record is not None else None
        if last is None and first_run and sample is not None:
            last = sample.path  # a new reader's first start shows a real page
        if last is not None:
            if guard is not None:
                guard.begin(last, record.book_key if record is not None else None)
            window.open_path(last, reopening=True)
    window.quick_open = False  # only the start-up's own book
    if guard is not None:
        _watch_first_page(window, guard)
        crash_for_test_if_asked()
    if window.session.book is None or (first_run and not files):
        window.ensure_panes()  # the library is shown at once: nothing to wait for
    library = window.library_dock.widget()
    if window.session.book is None and hasattr(library, "show_library"):
        library.show_library()
    elif first_run and not files and hasattr(library, "show_library"):
        library.show_library(focus=False)  # a new reader sees where the books are
    if first_run and files:
        _after_first_page(window, lambda: _first_run_library(window, store))
    window.after_show(notices=notices)
    _after_first_page(window, _complete_hyphenation)
    if failed:
        message = crash_message(failed[0], paths.log_file, skipped=not files)
        sys.stderr.write(f"quire: {message}\n")
        window.show_message(message)
    # The classes the first page needs are made and its modules imported: the tables of
    # their methods (~1 MB) and patterns go before the first page is laid out and a long
    # book parsed whole.
    method_code.release()
    pattern_code.release()
    mark("window_ready")
    return window


def _add_sample(store: Store) -> BookRecord | None:
    """The shipped sample book, added to a new reader's library (None: not added now)."""
    from reader.ui.library.importer import add_sample_if_new

    return add_sample_if_new(store)


def _after_first_page(window: MainWindow, work: Callable[[], None]) -> None:
    """Run ``work`` once the window's first page is on screen (after the deferred panes)."""
    from reader.ui.window.deferred import DeferredInstall

    DeferredInstall(window, work, window.view.first_painted, watch=window.view)


def _complete_hyphenation() -> None:
    """Finish the hyphenation tables a first start read in part (prefixes, disk cache)."""
    from reader.layout.hyphenate import complete_tables

    complete_tables()
    mark("hyphenation_completed")


def _first_run_library(window: MainWindow, store: Store) -> None:
    """A new reader's first start with a book: the sample joins the library.

    The library stays closed: the reader asked for this book, and opening the pane
    beside it would narrow the page and lay it out again just after it was shown.
    The pane is not built for it either: it reads the library when it is first shown.
    """
    if _add_sample(store) is not None:
        window.library_changed.emit(-1)


def _watch_first_page(window: MainWindow, guard: OpeningGuard) -> None:
    """Keep the opening marker until the book's first page is painted (or nothing opened).

    Covers the books opened at start-up. Books opened later are guarded by the
    window itself (``recovery.current()``: ``begin`` before loading, ``end``
    after the first paint).
    """
    if window.session.book is None:
        guard.end()  # nothing opened (a clean failure, with its message)
        return
    record = window.session.record
    if record is not None:
        guard.begin(record.path, record.book_key)  # the book actually shown, with its key
    window.view.first_painted.connect(guard.end)


def build_window(store: Store, paths: Paths, *, defer_panes: bool = False) -> MainWindow:
    """The main window, not yet shown, with every pane installed (also for tools and tests).

    With ``defer_panes`` the notes panel is installed once the window has painted
    its first frame (or on the first input, or when :meth:`MainWindow.ensure_panes`
    is called), keeping its imports and construction off the path to the first
    page; the library pane is built only when it is first shown or needed.
    """
    from reader.ui.window.main_window import MainWindow

    window = MainWindow(store, paths)
    if defer_panes:
        window.defer_panes(lambda: install_notes(window), lambda: install_library(window))
    else:
        install_panes(window)
    return window


def install_panes(window: MainWindow) -> None:
    """Put the library pane and the notes panel into the window's docks."""
    install_notes(window)
    install_library(window)


def install_notes(window: MainWindow) -> None:
    """Put the notes panel into the right dock; start-up is over then (the C heap gives
    back what it freed)."""
    from reader.heap import release_free_memory
    from reader.ui.window.panes import install_notes_panel

    try:
        install_notes_panel(window)  # it puts the bookmarks and highlights on the page
    finally:
        _resume_gc()  # start-up is over
        _forget_sources()
        release_free_memory()  # what opening the book freed (~2 MB)
    mark("panes_installed")


def install_library(window: MainWindow) -> None:
    """Put the library pane into the left dock (its books are read on the next turn)."""
    from reader.ui.window.panes import install_library_pane

    install_library_pane(window)
    mark("library_installed")


_GC_PAUSED: list[bool] = []


def _pause_gc() -> None:
    """Switch the cyclic garbage collector off for start-up.

    Start-up creates some 40,000 objects that all live on (modules, classes,
    Qt wrappers); the collections they trigger only walk them again (~25 ms).
    """
    if gc.isenabled():
        gc.disable()
        _GC_PAUSED.append(True)


def _freeze_long_lived() -> None:
    """While start-up has the collector paused: exempt what exists now from collections.

    Called once the window is built and before any book is opened: modules,
    classes and the window live as long as the application, so later full
    collections need not walk them again (``gc.freeze``), which keeps those
    pauses short while the reader turns pages. Book, layout and pane objects
    come later and stay collectable.
    """
    if _GC_PAUSED:
        from reader.gc_policy import settle  # the collector is off: this only freezes

        settle()


def _resume_gc() -> None:
    """Switch the collector back on once start-up is over (no-op unless paused)."""
    if _GC_PAUSED:
        _GC_PAUSED.clear()
        gc.enable()


def _reopen_last_book(store: Store) -> bool:
    """The "reopen the last book on start" behaviour setting (default on)."""
    from reader.store.db import StoreError

    try:
        return bool(store.settings.get(REOPEN_LAST_BOOK_SETTING, True))
    except StoreError:  # unreadable: the default (reopen); the store's notices say why
        return True


def _last_read(store: Store) -> BookRecord | None:
    """The book read most recently (None if none, or the store cannot say)."""
    from reader.store.db import StoreError

    try:
        return store.library.last_read_book()
    except StoreError:  # unreadable: start without a book; the store's notices say why
        return None


def _store_failed(message: str, paths: Paths) -> None:
    """Tell the reader the library could not be opened (a dialog; also on stderr)."""
    from PySide6.QtWidgets import QMessageBox

    text = f"Quire could not open its library:\n\n{message}\n\nLibrary file: {paths.database}"
    sys.stderr.write(f"quire: {message}\n")
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setTextFormat(_plain_text())
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        box.exec()


def _plain_text() -> Qt.TextFormat:
    from PySide6.QtCore import Qt

    return Qt.TextFormat.PlainText


def _start_instance_server(paths: Paths, window: MainWindow, *, enabled: bool) -> object | None:
    """Listen for files from later launches (LEAD: single instance is wired here)."""
    if not enabled:
        return None
    from reader.desktop.ipc_server import InstanceServer

    server = InstanceServer(paths, window)
    server.files_received.connect(window.open_handed_over)
    server.handover_finished.connect(window.handover_finished)
    if not server.start():
        return None
    return server


def _forward_file_open_events(app: QApplication, window: MainWindow) -> None:
    """macOS sends "open this file" (Finder, Dock) as a ``QFileOpenEvent`` to the app.

    Only there: an application-wide Python event filter is called for every
    event, and the first event for one of Qt's private objects makes PySide
    load every Qt class (~30 ms).
    """
    if sys.platform != "darwin":
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    class FileOpenForwarder(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen and watched is app:
                QCoreApplication.sendEvent(window, event)
                return True
            return False

    forwarder = FileOpenForwarder(window)
    app.installEventFilter(forwarder)
