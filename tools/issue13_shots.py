"""Screenshots of the real window for issue 13 ("From the reader's chair").

Run under a display (``xvfb-run -a python3 tools/issue13_shots.py OUT_DIR``). It uses a
throw-away data folder and the corpus books, and writes:

- ``library-filter.png``: the library after typing "war" into its list;
- ``note-marker.png``: a highlight with a note, its marker in the margin and the note shown;
- ``scrubber.png``: the position scrubber while it is dragged (the preview names the chapter);
- ``two-pages-960.png`` and ``two-pages-1600.png``: "Two pages: On" in windows that wide;
- ``hyphenation.png``: a narrow page of War and Peace (for the before/after pair, run
  the same with ``--only hyphenation`` on an older checkout's copy of this script).

The screen is grabbed (not just the window), so that tooltips show.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
BOOKS = [
    "gutenberg/war_and_peace__pg2600-0.txt",
    "gutenberg/pride_and_prejudice__pg1342.txt",
    "gutenberg/dracula__pg345.txt",
    "gutenberg/alices_adventures_in_wonderland__pg11-0.txt",
    "gutenberg/adventures_of_sherlock_holmes__pg1661-8.txt",
    "french_latin1/madame_bovary_fr__pg14155-8.txt",
    "russian_cp1251/evgeniy_onegin.txt",
    "japanese_sjis/wagahaiwa_nekodearu.txt",
]
WAR_AND_PEACE = CORPUS / BOOKS[0]


def main() -> int:
    """Take the screenshots named on the command line (all by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QPoint, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.app import build_window
    from reader.paths import resolve_paths
    from reader.store.db import open_store

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Quire")
    args.out.mkdir(parents=True, exist_ok=True)

    def wait(ms: int) -> None:
        QTest.qWait(ms)

    def new_window(width: int, height: int = 860):  # type: ignore[no-untyped-def]
        paths = resolve_paths(Path(tempfile.mkdtemp(prefix="quire-shot-")))
        paths.ensure()
        window = build_window(open_store(paths.database), paths)
        window.move(0, 0)
        window.resize(width, height)
        window.show()
        window.activateWindow()
        wait(300)
        return window

    def shoot(window, name: str) -> None:  # type: ignore[no-untyped-def]
        wait(400)
        screen = QGuiApplication.primaryScreen()
        geo = window.frameGeometry()
        shot = screen.grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height())
        shot.save(str(args.out / name))
        print("saved", args.out / name)

    def done(window) -> None:  # type: ignore[no-untyped-def]
        window.close()
        window.shutdown()

    def library_filter() -> None:
        window = new_window(1280)
        for book in reversed(BOOKS):
            window.open_path(str(CORPUS / book))
        pane = window.library_pane()
        assert pane is not None
        pane.show_library()
        wait(600)
        pane.focus_list()
        for char in "war":
            focus = QApplication.focusWidget()
            QTest.keyClick(focus, char)
        shoot(window, "library-filter.png")
        done(window)

    def note_marker() -> None:
        window = new_window(1100)
        window.library_dock.hide()
        window.open_path(str(WAR_AND_PEACE))
        book = window.session.book
        window.go_to_offset(book.chapters[1].offset)
        panel = window.notes_panel()
        text = book.text
        start = text.index("Well, Prince, so Genoa and Lucca")
        panel.session.add_highlight(start, start + 32, "yellow", note="The famous opening line.")
        other = text.index("If you have nothing better to do")
        panel.session.add_highlight(
            other, other + 32, "green", note="Anna Pávlovna's invitation: she has the grippe."
        )
        window.view.setFocus()
        wait(500)
        (rect, _mark), *_rest = window.view.marker_rects()
        centre = rect.center().toPoint()
        QTest.mouseMove(window.view, centre)
        window.view.show_note(_mark)
        shoot(window, "note-marker.png")
        done(window)

    def scrubber() -> None:
        window = new_window(1100)
        window.library_dock.hide()
        window.open_path(str(WAR_AND_PEACE))
        book = window.session.book
        window.go_to_offset(book.chapters[40].offset + 2000)
        wait(1500)
        view = window.view
        view.setFocus()
        QTest.keyClick(view, "g")
        slider = view.scrubber().slider
        handle = QPoint(int(slider.tick_x(slider.value())), slider.height() // 2)
        target = QPoint(int(slider.tick_x(book.chapters[120].offset + 5000)), handle.y())
        QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle)
        QTest.mouseMove(slider, handle + QPoint(20, 0))
        QTest.mouseMove(slider, target)
        shoot(window, "scrubber.png")
        left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        QTest.mouseRelease(slider, left, plain, target)
        done(window)

    def two_pages(width: int) -> Callable[[], None]:
        def take() -> None:
            window = new_window(width)
            window.library_dock.hide()
            window.set_reading_style(window.reading_style().with_(two_pages="on"))
            window.open_path(str(WAR_AND_PEACE))
            book = window.session.book
            window.go_to_offset(book.chapters[3].offset)
            window.view.next_page()
            shoot(window, f"two-pages-{width}.png")
            done(window)

        return take

    def hyphenation() -> None:
        window = new_window(716)
        window.library_dock.hide()
        window.notes_dock.hide()
        window.open_path(str(WAR_AND_PEACE))
        text = window.session.book.text
        window.go_to_offset(text.index("festivities and fireworks are becoming"))
        shoot(window, "hyphenation.png")
        done(window)

    shots: dict[str, Callable[[], None]] = {
        "library-filter": library_filter,
        "note-marker": note_marker,
        "scrubber": scrubber,
        "two-pages-960": two_pages(960),
        "two-pages-1600": two_pages(1600),
        "hyphenation": hyphenation,
    }
    chosen = args.only or list(shots)

    def run() -> None:
        for name in chosen:
            shots[name]()
        app.quit()

    QTimer.singleShot(0, run)
    app.exec()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
