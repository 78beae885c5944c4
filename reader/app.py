"""Composition root: arguments → single instance → QApplication → store → window.

Start-up is kept short: the Qt-free commands (``info``, ``export-notes``,
``--install-desktop``) never import PySide6; a second launch hands its files to
the running window before any widget or the store is loaded; the window is
shown and then given the book at its saved position (laid out once, at its real
size, before anything is painted), and everything not needed for the first page
is deferred to the event loop.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

from reader import APP_ID, APP_NAME
from reader.cli import Args, parse_args
from reader.paths import Paths, resolve_paths
from reader.timings import mark

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from reader.store.db import Store
    from reader.ui.main_window import MainWindow

EXIT_STORE_ERROR = 3
SINGLE_INSTANCE_SETTING = "single_instance"
"""Behaviour setting (Settings ▸ Behaviour): hand files to a running window (default on)."""
REOPEN_LAST_BOOK_SETTING = "reopen_last_book"
"""Behaviour setting: started without files, open the last book read (default on)."""


def main(argv: list[str] | None = None) -> int:
    """Run Quire with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else list(argv))

    # Qt-free commands first: none of them may import PySide6.
    if args.command == "info":
        from reader.text.info import run_info

        return run_info(args.files[0], args.json)
    if args.command == "export-notes":
        from reader.store.export import run_export_notes

        return run_export_notes(args)
    if args.command == "install-desktop":
        from reader.desktop import install_desktop

        return install_desktop()
    if args.command == "uninstall-desktop":
        from reader.desktop import uninstall_desktop

        return uninstall_desktop()

    paths = resolve_paths(args.basedir)
    files = [os.path.abspath(f) for f in args.files]

    # --- single instance: hand over before any heavy import --------------------------------
    single = not args.new_instance and quick_setting(paths, SINGLE_INSTANCE_SETTING, True)
    if single and _hand_over(paths, files):
        return 0

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
    try:
        conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row is not None else default
    except (sqlite3.Error, TypeError, ValueError):
        return default
    return value if isinstance(value, bool) else default


def _hand_over(paths: Paths, files: list[str]) -> bool:
    """True when a running Quire (same user and basedir) took ``files``."""
    try:
        from reader.ui.ipc import try_hand_over
    except ImportError:  # single instance not available in this build
        return False
    return try_hand_over(paths, files)


def run_gui(args: Args, paths: Paths, files: list[str]) -> int:
    """Start the window, open ``files`` (or the last book read) and run the event loop."""
    app = make_application()
    holder: list[MainWindow] = []
    _install_signal_handlers(app, holder)
    window = create_main_window(args, paths, files)
    if window is None:
        return EXIT_STORE_ERROR
    holder.append(window)
    _forward_file_open_events(app, window)
    # LEAD: single instance — later launches hand their files to this window.
    single = not args.new_instance and quick_setting(paths, SINGLE_INSTANCE_SETTING, True)
    server = _start_instance_server(paths, window, enabled=single)
    code = app.exec()
    if server is not None:
        server.close()
    window.shutdown()
    return int(code)


def make_application() -> QApplication:
    """The QApplication with Quire's names and icon (reuses an existing one, e.g. in tests)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "quire"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setOrganizationDomain("quirereader.github.io")
    app.setDesktopFileName(APP_ID)
    icon = os.path.join(os.path.dirname(__file__), "resources", "icons", "quire.svg")
    if os.path.exists(icon):
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(icon))
    return app


def create_main_window(args: Args, paths: Paths, files: list[str]) -> MainWindow | None:
    """Open the store and the window, open the books, show it. None if the store failed."""
    from reader.store.db import StoreError, open_store

    first_run = not paths.database.exists()
    try:
        paths.ensure()
        store = open_store(paths.database)
    except (StoreError, OSError) as err:
        _store_failed(str(err), paths)
        return None

    from reader.ui.library_import import add_sample_if_new

    sample = add_sample_if_new(store)
    window = build_window(store, paths)
    library = window.library_dock.widget()
    # Shown first so the page is laid out once, at the window's real size; nothing is
    # painted before the event loop runs, so the first frame already has the book.
    window.show()
    mark("window_shown")
    if files:
        window.open_files(files)
    else:
        last = _last_read(store) if _reopen_last_book(store) else None
        if last is None and first_run and sample is not None:
            last = sample.path  # a new reader's first start shows a real page
        if last is not None:
            window.open_path(last, reopening=True)
    if window.session.book is None and hasattr(library, "show_library"):
        library.show_library()
    elif first_run and hasattr(library, "show_library"):
        library.show_library(focus=False)  # a new reader sees where the books are
    window.after_show(notices=list(store.notices))
    return window


def build_window(store: Store, paths: Paths) -> MainWindow:
    """The main window with every pane installed, not yet shown (also for tools and tests)."""
    from reader.ui.library_pane import install_library_pane
    from reader.ui.main_window import MainWindow
    from reader.ui.notes_panel import install_notes_panel

    window = MainWindow(store, paths)
    install_library_pane(window)
    install_notes_panel(window)
    return window


def _reopen_last_book(store: Store) -> bool:
    """The "reopen the last book on start" behaviour setting (default on)."""
    from reader.store.db import StoreError

    try:
        return bool(store.settings.get(REOPEN_LAST_BOOK_SETTING, True))
    except StoreError:
        return True


def _last_read(store: Store) -> str | None:
    """Path of the book read most recently (None if none, or the store cannot say)."""
    from reader.store.db import StoreError

    try:
        record = store.library.last_read_book()
    except StoreError:
        return None
    return record.path if record is not None else None


def _store_failed(message: str, paths: Paths) -> None:
    """Tell the reader the library could not be opened (a dialog; also on stderr)."""
    from PySide6.QtWidgets import QMessageBox

    text = f"Quire could not open its library:\n\n{message}\n\nLibrary file: {paths.database}"
    sys.stderr.write(f"quire: {message}\n")
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text)
    box.setTextFormat(_plain_text())
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        box.exec()


def _plain_text() -> object:
    from PySide6.QtCore import Qt

    return Qt.TextFormat.PlainText


def _start_instance_server(paths: Paths, window: MainWindow, *, enabled: bool) -> object | None:
    """Listen for files from later launches (LEAD: single instance is wired here)."""
    if not enabled:
        return None
    try:
        from reader.ui.ipc import InstanceServer
    except ImportError:
        return None
    server = InstanceServer(paths, window)
    server.files_received.connect(window.open_handed_over)
    if not server.start():
        return None
    return server


def _forward_file_open_events(app: QApplication, window: MainWindow) -> None:
    """macOS sends "open this file" (Finder, Dock) as a ``QFileOpenEvent`` to the app."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    class FileOpenForwarder(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen and watched is app:
                QCoreApplication.sendEvent(window, event)
                return True
            return False

    forwarder = FileOpenForwarder(window)
    app.installEventFilter(forwarder)


def _install_signal_handlers(app: QApplication, holder: list[MainWindow]) -> None:
    """SIGTERM / SIGINT close the window properly (progress is flushed) instead of killing.

    Python handlers only run when the interpreter gets control, so the signal
    wakes the Qt loop through a socket (``signal.set_wakeup_fd``); the handler
    itself only queues the close, which then runs inside the event loop.
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    try:
        rsock, wsock = socket.socketpair()
    except OSError:
        return
    rsock.setblocking(False)
    wsock.setblocking(False)
    try:
        signal.set_wakeup_fd(wsock.fileno())
    except ValueError:  # not the main thread
        rsock.close()
        wsock.close()
        return

    def close_all() -> None:
        for window in holder:
            window.close()
        app.quit()

    def on_signal(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, close_all)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)

    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            rsock.recv(64)

    notifier.activated.connect(drain)
    _KEEP_ALIVE.extend((rsock, wsock, notifier))


_KEEP_ALIVE: list[object] = []
"""Objects that must live as long as the application (signal wake-up sockets)."""
