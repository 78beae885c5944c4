"""Take a screenshot of the real Quire window on a book (for the README and for looking).

Usage (under a display, e.g. ``xvfb-run -a python3 tools/screenshot.py ...``)::

    python3 tools/screenshot.py BOOK OUT.png [--chapter N] [--percent P] [--size 1400x900]
        [--notes] [--no-library] [--theme light|sepia|dark] [--add FILE ...]

It uses a throw-away data folder, so the real library is never touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def main() -> int:
    """Open BOOK in a fresh window, move to the requested place and save a PNG."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("book")
    p.add_argument("out")
    p.add_argument("--chapter", type=int, default=None, help="open at this contents entry")
    p.add_argument("--percent", type=float, default=None)
    p.add_argument("--pages", type=int, default=0, help="turn this many pages after moving")
    p.add_argument("--size", default="1400x900")
    p.add_argument("--notes", action="store_true", help="show the notes panel")
    p.add_argument("--no-library", action="store_true", help="hide the library pane")
    p.add_argument("--theme", default=None)
    p.add_argument("--two-pages", default=None, choices=("auto", "on", "off"))
    p.add_argument("--add", nargs="*", default=[], help="add these books to the library first")
    args = p.parse_args()

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:  # this checkout's reader, not an installed one
        sys.path.insert(0, root)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.paths import resolve_paths
    from reader.store.db import open_store

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Quire")
    base = Path(tempfile.mkdtemp(prefix="quire-shot-"))
    paths = resolve_paths(base)
    paths.ensure()
    store = open_store(paths.database)
    window = build_window(store, paths)
    w, h = (int(x) for x in args.size.split("x"))
    window.resize(w, h)
    style = window.reading_style()
    if args.theme:
        style = style.with_(theme=args.theme)
    if args.two_pages:
        style = style.with_(two_pages=args.two_pages)
    window.set_reading_style(style)
    window.show()
    window.library_dock.setVisible(not args.no_library)
    window.notes_dock.setVisible(args.notes)
    if args.add:
        window.ensure_panes()
        pane = window.library_pane()
        if pane is not None:
            waiting = QEventLoop()
            pane.import_finished.connect(waiting.quit)
            pane.add_paths([str(Path(f).resolve()) for f in args.add])
            QTimer.singleShot(60_000, waiting.quit)
            waiting.exec()
    if not window.open_path(str(Path(args.book).resolve())):
        print("could not open", args.book, file=sys.stderr)
    view = window.view

    def place() -> None:
        book = view.book()
        if book is not None and args.chapter is not None:
            view.go_to(book.chapters[args.chapter].offset)
        elif args.percent is not None:
            view.go_to_percent(args.percent)
        for _ in range(args.pages):
            view.next_page()
        QTimer.singleShot(2000, shoot)  # after the position is saved (the library shows it)

    def shoot() -> None:
        window.grab().save(args.out)
        print("saved", args.out)
        window.close()
        app.quit()

    QTimer.singleShot(500, place)
    app.exec()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
