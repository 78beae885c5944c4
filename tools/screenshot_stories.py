"""Screenshot of the library's field filter over generated fan-fiction stories.

Usage (under a display, e.g. ``xvfb-run -a python3 tools/screenshot_stories.py OUT.png``)::

    python3 tools/screenshot_stories.py OUT.png [--stories 60] [--filter TEXT]
        [--typed TEXT] [--group fandom|series] [--open BOOK]

Writes ``--stories`` FanFicFare/AO3-style stories (tests/text/fanfic_gen.py) to a
throw-away folder, adds them to a throw-away library, types ``--filter`` into the filter
box and then ``--typed`` key by key (so the completion list shows), and saves the window.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path


def main() -> int:
    """Build the library, type the filter, save a PNG."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--stories", type=int, default=60)
    p.add_argument("--filter", default="rating:T complete ")
    p.add_argument("--typed", default="fandom:Va")
    p.add_argument("--group", default="fandom")
    p.add_argument("--open", default=None, help="a book to open on the page")
    p.add_argument("--size", default="1300x820")
    args = p.parse_args()
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.paths import resolve_paths
    from reader.store.db import open_store
    from tests.text.fanfic_gen import ao3_text, fanficfare_text, random_spec

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Quire")
    base = Path(tempfile.mkdtemp(prefix="quire-shot-"))
    folder = base / "stories"
    folder.mkdir()
    for i in range(args.stories):
        spec = random_spec(random.Random(i), i)
        text = (fanficfare_text if i % 2 else ao3_text)(spec)
        (folder / f"story{i:03}.txt").write_text(text, encoding="utf-8")
    paths = resolve_paths(base / "home")
    paths.ensure()
    store = open_store(paths.database)
    window = build_window(store, paths)
    w, h = (int(x) for x in args.size.split("x"))
    window.resize(w, h)
    window.show()
    window.library_dock.setVisible(True)
    if args.open:
        window.open_path(str(Path(args.open).resolve()))
    pane = window.library_pane()
    assert pane is not None
    loop = QEventLoop()
    pane.import_finished.connect(lambda _r: loop.quit())
    pane.add_paths([str(folder)])
    loop.exec()
    pane.group_combo.setCurrentIndex(pane.group_combo.findData(args.group))
    window.library_dock.resize(560, h)
    window.resizeDocks([window.library_dock], [560], Qt.Orientation.Horizontal)

    def type_filter() -> None:
        edit = pane.filter_edit
        edit.setFocus()
        edit.setText(args.filter)
        QTest.keyClicks(edit, args.typed)
        QTimer.singleShot(600, shoot)

    def shoot() -> None:
        image = window.grab()
        popup = pane.completer.completer.popup()
        if popup is not None and popup.isVisible():  # a popup is its own window
            from PySide6.QtGui import QPainter

            painter = QPainter(image)
            at = window.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft()))
            painter.drawPixmap(at, popup.grab())
            painter.end()
        image.save(args.out)
        print("saved", args.out)
        window.close()
        app.quit()

    QTimer.singleShot(700, type_filter)
    app.exec()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
